package dev.driftline.job.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConfigLoaderTest {
    @Test
    void defaultsWithoutAFile() throws Exception {
        DriftlineConfig c = ConfigLoader.load(null, List.of());
        assertThat(c.windows.basePeriod).isEqualTo(Duration.ofMinutes(10));
        assertThat(c.enabledApplications()).containsExactly("histogram-data-drift");
        assertThat(c.applications.get("histogram-data-drift").binning).isEqualTo("default");
        assertThat(c.sinks.recordsLayout()).isEqualTo(dev.driftline.sinks.parquet.RecordsLayout.HOUR);
    }

    @Test
    void theRecordsLayoutIsOneOfTwo() throws Exception {
        assertThat(ConfigLoader.load(null, List.of("sinks.records-layout=endpoint-hour")).sinks.recordsLayout())
                .isEqualTo(dev.driftline.sinks.parquet.RecordsLayout.ENDPOINT_HOUR);
        assertThatThrownBy(() -> ConfigLoader.load(null, List.of("sinks.records-layout=endpoint")))
                .hasMessageContaining("sinks.records-layout: records layout must be one of [hour, endpoint-hour], "
                        + "not 'endpoint'");
    }

    @Test
    void theRecordsRowGroupSizeIsInMibWithinBounds() throws Exception {
        assertThat(ConfigLoader.load(null, List.of()).sinks.recordsRowGroupBytes()).isEqualTo(32L << 20);
        assertThat(ConfigLoader.load(null, List.of("sinks.records-row-group-mib=128")).sinks.recordsRowGroupBytes())
                .isEqualTo(128L << 20);
        assertThatThrownBy(() -> ConfigLoader.load(null, List.of("sinks.records-row-group-mib=0")))
                .hasMessageContaining("sinks.records-row-group-mib must be within 1..1024, not 0");
        assertThatThrownBy(() -> ConfigLoader.load(null, List.of("sinks.records-row-group-mib=1025")))
                .hasMessageContaining("sinks.records-row-group-mib must be within 1..1024, not 1025");
    }

    @Test
    void theShippedExampleLoadsAndOverridesWin() throws Exception {
        Path example = Path.of(System.getProperty("user.dir")).resolve("../flink-conf/driftline.yaml").normalize();
        DriftlineConfig c = ConfigLoader.load(example, List.of(
                "windows.base-period=30s",
                "kafka.bootstrap-servers=broker:9093",
                "kafka.properties.security.protocol=SASL_SSL",
                "applications.histogram-data-drift.binning=mlrun-compatible",
                "parallelism=4"));
        assertThat(c.windows.basePeriod).isEqualTo(Duration.ofSeconds(30));
        assertThat(c.windows.outOfOrderness).isEqualTo(Duration.ofSeconds(30));
        assertThat(c.kafka.bootstrapServers).isEqualTo("broker:9093");
        assertThat(c.kafka.properties).containsEntry("security.protocol", "SASL_SSL");
        assertThat(c.applications.get("histogram-data-drift").binning).isEqualTo("mlrun-compatible");
        assertThat(c.parallelism).isEqualTo(4);
    }

    /**
     * The number of key groups is Flink's unless set: Flink keeps a savepoint's on restore only when the job does not
     * set one, so the default sets none; a value that is set reaches the environment and bounds the parallelism.
     */
    @Test
    void maxParallelismIsFlinksUnlessSetAndThenBoundsTheParallelism() throws Exception {
        DriftlineConfig defaults = ConfigLoader.load(null, List.of("parallelism=100"));
        assertThat(defaults.maxParallelism).isZero();
        org.apache.flink.streaming.api.environment.StreamExecutionEnvironment env =
                org.apache.flink.streaming.api.environment.StreamExecutionEnvironment.getExecutionEnvironment();
        dev.driftline.job.topology.DriftlineJob.configure(env, defaults);
        assertThat(env.getMaxParallelism()).isEqualTo(-1); // not set: Flink derives it, or takes the savepoint's
        assertThat(env.getParallelism()).isEqualTo(100);

        DriftlineConfig set = ConfigLoader.load(null, List.of("max-parallelism=512", "parallelism=4"));
        org.apache.flink.streaming.api.environment.StreamExecutionEnvironment env2 =
                org.apache.flink.streaming.api.environment.StreamExecutionEnvironment.getExecutionEnvironment();
        dev.driftline.job.topology.DriftlineJob.configure(env2, set);
        assertThat(env2.getMaxParallelism()).isEqualTo(512);

        assertThatThrownBy(() -> ConfigLoader.load(null, List.of("max-parallelism=128", "parallelism=200")))
                .hasMessageContaining("parallelism (200) must not exceed max-parallelism (128)");
        assertThatThrownBy(() -> ConfigLoader.load(null, List.of("max-parallelism=40000")))
                .hasMessageContaining("max-parallelism must be 0 (Flink's default) or 1 to 32768, not 40000");
        assertThatThrownBy(() -> ConfigLoader.load(null, List.of("max-parallelism=-1")))
                .hasMessageContaining("max-parallelism must be 0");
    }

    @Test
    void applicationsCanBeDisabled(@TempDir Path dir) throws Exception {
        Path f = dir.resolve("c.yaml");
        Files.writeString(f, "applications:\n  histogram-data-drift:\n    enabled: false\n");
        assertThat(ConfigLoader.load(f, List.of()).enabledApplications()).isEmpty();
    }

    @Test
    void durations() {
        assertThat(ConfigLoader.parseDuration("500ms")).isEqualTo(Duration.ofMillis(500));
        assertThat(ConfigLoader.parseDuration("10m")).isEqualTo(Duration.ofMinutes(10));
        assertThat(ConfigLoader.parseDuration("1h")).isEqualTo(Duration.ofHours(1));
        assertThat(ConfigLoader.parseDuration("PT2M")).isEqualTo(Duration.ofMinutes(2));
        assertThatThrownBy(() -> ConfigLoader.parseDuration("soon")).hasMessageContaining("not a duration");
    }

    @Test
    void unknownKeysAreRejectedWithTheirName(@TempDir Path dir) throws Exception {
        Path f = dir.resolve("c.yaml");
        Files.writeString(f, "windows:\n  base-periode: 5m\n");
        assertThatThrownBy(() -> ConfigLoader.load(f, List.of())).hasMessageContaining("base-periode");
    }

    @Test
    void storesAreReadWithTheirSecretsAsReferences(@TempDir Path dir) throws Exception {
        Path f = dir.resolve("c.yaml");
        Files.writeString(f, """
                stores:
                  tsdb:
                    type: tdengine
                    url: jdbc:TAOS-WS://tsdb:6041/
                    user: root
                    password: file:/var/run/secrets/tsdb/password
                    batch-size: 1000
                    batch-interval: 2s
                  endpoint-store:
                    type: mysql
                    url: jdbc:mariadb://db:3306/monitoring
                    password: env:DB_PASSWORD
                    properties:
                      sslMode: verify-full
                  activity-interval: 5m
                """);
        DriftlineConfig c = ConfigLoader.load(f, List.of("stores.tsdb.max-outage=5m"));
        assertThat(c.stores.tsdb.kind()).isEqualTo("tdengine");
        assertThat(c.stores.tsdb.batchSize).isEqualTo(1000);
        assertThat(c.stores.tsdb.batchInterval).isEqualTo(Duration.ofSeconds(2));
        assertThat(c.stores.tsdb.maxOutage).isEqualTo(Duration.ofMinutes(5));
        assertThat(c.stores.endpointStore.properties).containsEntry("sslMode", "verify-full");
        assertThat(c.stores.activityInterval).isEqualTo(Duration.ofMinutes(5));
        assertThat(c.stores.endpointStore.toString()).doesNotContain("DB_PASSWORD").doesNotContain("verify-full");
    }

    @Test
    void aPlainPasswordOrAnUnknownStoreIsRefusedWithoutShowingIt(@TempDir Path dir) throws Exception {
        Path f = dir.resolve("c.yaml");
        Files.writeString(f, """
                stores:
                  tsdb: {type: influx, url: "jdbc:x://h"}
                  endpoint-store: {type: postgresql, url: "jdbc:postgresql://db/m", password: "s3cret-Value"}
                  activity-interval: 30s
                """);
        assertThatThrownBy(() -> ConfigLoader.load(f, List.of()))
                .hasMessageContaining("stores.tsdb.type must be one of")
                .hasMessageContaining("stores.endpoint-store.password must be a reference")
                .hasMessageContaining("stores.activity-interval must be a positive whole number of minutes")
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain("s3cret-Value"));
    }

    @Test
    void kafkaPropertiesMayReferToSecrets(@TempDir Path dir) throws Exception {
        Path secret = dir.resolve("jaas");
        Files.writeString(secret, "org.apache.kafka.common.security.plain.PlainLoginModule required username=\"u\" password=\"p\";\n");
        DriftlineConfig c = new DriftlineConfig();
        c.kafka.bootstrapServers = "broker:9093";
        c.kafka.properties.put("security.protocol", "SASL_SSL");
        c.kafka.properties.put("sasl.mechanism", "PLAIN");
        c.kafka.properties.put("sasl.jaas.config", "file:" + secret);
        c.kafka.properties.put("ssl.truststore.password", "env:PATH"); // a variable every environment has
        var kafka = dev.driftline.job.topology.JobSettings.kafka(c);

        // the settings the job graph carries hold references, not what they name
        byte[] shipped = org.apache.flink.util.InstantiationUtil.serializeObject(kafka);
        assertThat(new String(shipped, java.nio.charset.StandardCharsets.ISO_8859_1))
                .doesNotContain("password=\"p\"").doesNotContain(System.getenv("PATH"));
        assertThat(kafka.properties())
                .containsEntry("security.protocol", "SASL_SSL")
                .containsEntry("sasl.jaas.config", "${driftline:" + secret + ":file}")
                .containsEntry("ssl.truststore.password", "${driftline:env:PATH}");

        // a Kafka client resolves them where it runs, as Driftline resolves references (trailing newline trimmed)
        java.util.Properties client = kafka.properties();
        client.put("bootstrap.servers", kafka.bootstrapServers());
        client.put("key.deserializer", org.apache.kafka.common.serialization.ByteArrayDeserializer.class.getName());
        client.put("value.deserializer", org.apache.kafka.common.serialization.ByteArrayDeserializer.class.getName());
        var resolved = new org.apache.kafka.clients.consumer.ConsumerConfig(client);
        assertThat(resolved.getPassword("sasl.jaas.config").value())
                .isEqualTo("org.apache.kafka.common.security.plain.PlainLoginModule required username=\"u\" password=\"p\";");
        assertThat(resolved.getPassword("ssl.truststore.password").value()).isEqualTo(System.getenv("PATH"));

        // a reference that cannot be resolved fails the client, naming the file
        Files.delete(secret);
        assertThatThrownBy(() -> new org.apache.kafka.clients.consumer.ConsumerConfig(client))
                .hasMessageContaining("secret file " + secret + " does not exist");
    }

    @Test
    void checkpointsThatMayFailInARowMustNotOutlastTheKafkaTransactions(@TempDir Path dir) throws Exception {
        DriftlineConfig defaults = ConfigLoader.load(null, List.of());
        assertThat(defaults.checkpoints.timeout).isEqualTo(Duration.ofSeconds(90));
        assertThat(defaults.problems()).isEmpty(); // 4 × (30 s + 90 s) = 8 min under 15

        assertThatThrownBy(() -> ConfigLoader.load(null, List.of("checkpoints.tolerable-failures=7")))
                .hasMessageContaining("checkpoints: (tolerable-failures + 1) × (interval + timeout) = 960000 ms must "
                        + "stay under the Kafka transaction timeout (900000 ms)");
        assertThatThrownBy(() -> ConfigLoader.load(null, List.of("checkpoints.timeout=0s")))
                .hasMessageContaining("checkpoints.timeout must be positive");

        // A shorter transaction timeout (a broker with a lower maximum) leaves room for fewer failures.
        Path f = dir.resolve("c.yaml");
        Files.writeString(f, """
                kafka:
                  properties:
                    transaction.timeout.ms: "600000"
                checkpoints:
                  tolerable-failures: 3
                """);
        assertThat(ConfigLoader.load(f, List.of()).checkpoints.tolerableFailures).isEqualTo(3);
        assertThatThrownBy(() -> ConfigLoader.load(f, List.of("checkpoints.tolerable-failures=4")))
                .hasMessageContaining("= 600000 ms must stay under the Kafka transaction timeout (600000 ms)");
        Files.writeString(f, """
                kafka:
                  properties:
                    transaction.timeout.ms: "ten minutes"
                """);
        assertThatThrownBy(() -> ConfigLoader.load(f, List.of()))
                .hasMessageContaining("kafka.properties.transaction.timeout.ms must be a number of milliseconds");
    }

    @Test
    void aFailingNotificationReceiverIsPausedAfterAsManyFailuresAsOneDeliveryHasAttempts() throws Exception {
        DriftlineConfig defaults = ConfigLoader.load(null, List.of("alerts.delivery-attempts=5"));
        assertThat(defaults.alerts.effectiveReceiverFailureLimit()).isEqualTo(5);
        assertThat(defaults.alerts.receiverPause).isEqualTo(Duration.ofMinutes(1));

        DriftlineConfig set = ConfigLoader.load(null, List.of("alerts.receiver-failure-limit=20", "alerts.receiver-pause=0s"));
        assertThat(set.alerts.effectiveReceiverFailureLimit()).isEqualTo(20);
        assertThat(set.alerts.receiverPause).isZero();
        assertThatThrownBy(() -> ConfigLoader.load(null, List.of("alerts.receiver-failure-limit=0")))
                .hasMessageContaining("alerts.receiver-failure-limit must be at least 1, not 0");
        assertThatThrownBy(() -> ConfigLoader.load(null, List.of("alerts.receiver-pause=PT-1S")))
                .hasMessageContaining("alerts.receiver-pause must not be negative");
    }

    @Test
    void endpointsAreForgottenAfterAWeekWithoutTrafficUnlessConfiguredOtherwise() throws Exception {
        assertThat(ConfigLoader.load(null, List.of()).stores.activityExpiry).isEqualTo(Duration.ofDays(7));
        assertThat(ConfigLoader.load(null, List.of("stores.activity-expiry=0s")).stores.activityExpiry).isZero();
        assertThatThrownBy(() -> ConfigLoader.load(null, List.of("stores.activity-expiry=30m")))
                .hasMessageContaining("stores.activity-expiry must be 0 (never) or a whole number of minutes of at least 1h");
    }

    @Test
    void windowDurationsThatWouldMisjudgeLatenessOrNeverCloseAWindowAreRefused() {
        assertThatThrownBy(() -> ConfigLoader.load(null, List.of("windows.out-of-orderness=PT-1S")))
                .hasMessageContaining("windows.out-of-orderness must not be negative");
        assertThatThrownBy(() -> ConfigLoader.load(null, List.of("windows.idle-timeout=0s")))
                .hasMessageContaining("windows.idle-timeout must be positive");
        assertThatThrownBy(() -> ConfigLoader.load(null, List.of("windows.base-period=0s")))
                .hasMessageContaining("windows.base-period must be positive");
        assertThatThrownBy(() -> ConfigLoader.load(null, List.of("windows.base-period=1m", "windows.offset=1m")))
                .hasMessageContaining("windows.offset must be at least 0 and less than windows.base-period");
        assertThatThrownBy(() -> ConfigLoader.load(null, List.of("checkpoints.interval=0s")))
                .hasMessageContaining("checkpoints.interval must be positive");
    }

    @Test
    void anEmptyDurationIsNamedRatherThanFailingLater(@TempDir Path dir) throws Exception {
        Path f = dir.resolve("c.yaml");
        Files.writeString(f, """
                windows:
                  idle-timeout:
                alerts:
                  lag-cooldown:
                """);
        assertThatThrownBy(() -> ConfigLoader.load(f, List.of()))
                .hasMessageContaining("durations must be set: windows.idle-timeout, alerts.lag-cooldown");
    }

    @Test
    void aSqlStoreWaitsAtMostTwoAndAHalfMinutesForAnOutage() throws Exception {
        assertThat(ConfigLoader.load(null, List.of()).stores.tsdb.maxOutage).isEqualTo(Duration.ofMinutes(2));
        List<String> sql = List.of("stores.endpoint-store.type=postgresql", "stores.endpoint-store.url=jdbc:postgresql://db/m");
        assertThat(ConfigLoader.load(null, concat(sql, "stores.endpoint-store.max-outage=150s")).stores.endpointStore.maxOutage)
                .isEqualTo(Duration.ofSeconds(150));
        assertThatThrownBy(() -> ConfigLoader.load(null, concat(sql, "stores.endpoint-store.max-outage=10m")))
                .hasMessageContaining("stores.endpoint-store.max-outage must be at most PT2M30S for a SQL store");
        // TDengine's writer waits on the task thread, which a cancel interrupts
        assertThat(ConfigLoader.load(null, List.of("stores.tsdb.type=tdengine", "stores.tsdb.url=jdbc:TAOS-WS://t:6041/",
                "stores.tsdb.max-outage=10m")).stores.tsdb.maxOutage).isEqualTo(Duration.ofMinutes(10));
    }

    private static List<String> concat(List<String> settings, String more) {
        List<String> all = new java.util.ArrayList<>(settings);
        all.add(more);
        return all;
    }
}
