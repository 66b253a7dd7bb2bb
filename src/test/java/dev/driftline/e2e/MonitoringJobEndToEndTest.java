package dev.driftline.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.driftline.functions.model.EndpointDefinition;
import dev.driftline.functions.model.RawEvent;
import dev.driftline.job.cli.DriftlineCli;
import dev.driftline.job.config.DriftlineConfig;
import dev.driftline.job.topology.DriftlineJob;
import dev.driftline.job.topology.DriftlineTopology;
import dev.driftline.job.topology.JobSettings;
import dev.driftline.job.topology.ProductionSinks;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.flink.api.common.functions.RichMapFunction;
import org.apache.flink.api.common.state.CheckpointListener;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.RestartStrategyOptions;
import org.apache.flink.runtime.testutils.MiniClusterResourceConfiguration;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The whole job on a Flink MiniCluster against a real Kafka broker: MLRun-format traffic with two quiet windows and
 * one strongly shifted window, malformed events, a failed request and an unregistered endpoint.
 */
class MonitoringJobEndToEndTest {
    @RegisterExtension
    static final MiniClusterExtension FLINK = new MiniClusterExtension(new MiniClusterResourceConfiguration.Builder()
            .setNumberTaskManagers(1)
            .setNumberSlotsPerTaskManager(2)
            .build());

    static final ObjectMapper JSON = new ObjectMapper();
    static EmbeddedKafka kafka;

    @BeforeAll
    static void startKafka() throws Exception {
        kafka = EmbeddedKafka.start();
    }

    @AfterAll
    static void stopKafka() throws Exception {
        if (kafka != null) {
            kafka.close();
        }
    }

    private DriftlineConfig config(String name, Path dir) throws Exception {
        return TestJobs.config(kafka, name, dir);
    }

    private static void produce(DriftlineConfig c, Scenario s, boolean withNoise) throws Exception {
        kafka.send(c.topics.endpoints, Scenario.ENDPOINT, s.endpointJson);
        try (KafkaProducer<byte[], byte[]> producer = kafka.producer()) {
            byte[] key = Scenario.ENDPOINT.getBytes(StandardCharsets.UTF_8);
            for (int i = 0; i < s.events.size(); i++) {
                producer.send(new ProducerRecord<>(c.topics.inference, key, s.events.get(i).getBytes(StandardCharsets.UTF_8)));
                if (withNoise && i == 50) {
                    for (String bad : s.malformed) {
                        producer.send(new ProducerRecord<>(c.topics.inference, bad.getBytes(StandardCharsets.UTF_8)));
                    }
                    producer.send(new ProducerRecord<>(c.topics.inference, key, Scenario.errorEvent().getBytes(StandardCharsets.UTF_8)));
                    producer.send(new ProducerRecord<>(c.topics.inference, "ep-unregistered".getBytes(StandardCharsets.UTF_8),
                            s.events.get(0).replace(Scenario.ENDPOINT, "ep-unregistered").getBytes(StandardCharsets.UTF_8)));
                }
            }
            producer.flush();
        }
    }

    private static StreamExecutionEnvironment environment(DriftlineConfig c, boolean restarts) {
        Configuration conf = new Configuration();
        if (restarts) {
            conf.set(RestartStrategyOptions.RESTART_STRATEGY, "fixed-delay");
            conf.set(RestartStrategyOptions.RESTART_STRATEGY_FIXED_DELAY_ATTEMPTS, 3);
            conf.set(RestartStrategyOptions.RESTART_STRATEGY_FIXED_DELAY_DELAY, Duration.ofMillis(200));
        } else {
            conf.set(RestartStrategyOptions.RESTART_STRATEGY, "none");
        }
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment(conf);
        DriftlineJob.configure(env, c);
        return env;
    }

    /** What `driftline drift` prints for a window's rows. */
    private static JsonNode cliDrift(Path reference, Path window) throws Exception {
        ByteArrayOutputStream buffer = new ByteArrayOutputStream();
        PrintStream original = System.out;
        System.setOut(new PrintStream(buffer, true, StandardCharsets.UTF_8));
        try {
            int code = DriftlineCli.commandLine().execute("drift", "--reference", reference.toString(), "--input", window.toString());
            assertThat(code).isZero();
        } finally {
            System.setOut(original);
        }
        return JSON.readTree(buffer.toString(StandardCharsets.UTF_8));
    }

    private static List<JsonNode> read(String topic) throws Exception {
        List<JsonNode> out = new ArrayList<>();
        for (String s : kafka.readCommitted(topic)) {
            out.add(JSON.readTree(s));
        }
        return out;
    }

    private static long parquetRows(Path dir, String table, String where) throws Exception {
        try (Connection c = DriverManager.getConnection("jdbc:duckdb:");
             ResultSet rs = c.createStatement().executeQuery("SELECT count(*) FROM read_parquet('"
                     + dir.resolve("parquet").resolve(table) + "/**/*.parquet', hive_partitioning=false, union_by_name=true)"
                     + where)) {
            rs.next();
            return rs.getLong(1);
        }
    }

    @Test
    void detectsDriftStoresEveryRecordAndDeadLettersBadInput(@TempDir Path dir) throws Exception {
        DriftlineConfig c = config("e2e-main", dir);
        Scenario s = new Scenario(dir, 3, 200);
        produce(c, s, true);

        StreamExecutionEnvironment env = environment(c, false);
        DriftlineJob.build(env, c, true);
        env.execute(c.jobName);

        // Results: one general_drift per window, no drift twice, then detected, with the CLI's numbers.
        List<JsonNode> results = read(c.topics.results);
        List<JsonNode> drift = results.stream()
                .filter(r -> r.get("endpoint_id").asText().equals(Scenario.ENDPOINT) && r.get("name").asText().equals("general_drift"))
                .sorted((a, b) -> Long.compare(a.get("start_infer_time_ms").asLong(), b.get("start_infer_time_ms").asLong()))
                .toList();
        assertThat(drift).hasSize(3);
        assertThat(drift).extracting(r -> r.get("status").asText())
                .containsExactly("no_detection", "no_detection", "detected");
        Path reference = dir.resolve("ref.json");
        for (int w = 0; w < 3; w++) {
            JsonNode r = drift.get(w);
            assertThat(r.get("start_infer_time_ms").asLong()).isEqualTo(s.windowStart(w));
            assertThat(r.get("end_infer_time_ms").asLong()).isEqualTo(s.windowStart(w) + Scenario.WINDOW);
            assertThat(r.get("kind").asText()).isEqualTo("data_drift");
            assertThat(r.get("full_name").asText()).isEqualTo("demo.histogram-data-drift.result.general_drift");
            JsonNode expected = cliDrift(reference, s.writeWindowCsv(dir, w));
            assertThat(r.get("value").asDouble()).isEqualTo(expected.get("general_drift").asDouble());
            assertThat(r.get("status").asText()).isEqualTo(expected.get("status").asText());
            JsonNode measures = r.get("extra_data").get("drift_measures");
            expected.get("features").fields().forEachRemaining(f -> {
                assertThat(measures.get(f.getKey()).get("tvd").asDouble()).as(f.getKey()).isEqualTo(f.getValue().get("tvd").asDouble());
                assertThat(measures.get(f.getKey()).get("hellinger").asDouble()).isEqualTo(f.getValue().get("hellinger").asDouble());
                assertThat(measures.get(f.getKey()).get("kld").asDouble()).isEqualTo(f.getValue().get("kld").asDouble());
            });
            long windowStart = s.windowStart(w);
            Map<String, Double> metrics = new HashMap<>();
            results.stream().filter(m -> m.get("type").asText().equals("metric")
                            && m.get("endpoint_id").asText().equals(Scenario.ENDPOINT)
                            && m.get("start_infer_time_ms").asLong() == windowStart)
                    .forEach(m -> metrics.put(m.get("name").asText(), m.get("value").asDouble()));
            assertThat(metrics).containsOnlyKeys("tvd_mean", "hellinger_mean", "kld_mean");
            assertThat(metrics.get("tvd_mean")).isEqualTo(expected.get("tvd_mean").asDouble());
            assertThat(metrics.get("hellinger_mean")).isEqualTo(expected.get("hellinger_mean").asDouble());
            assertThat(metrics.get("kld_mean")).isEqualTo(expected.get("kld_mean").asDouble());
        }

        // Alert events, read with read_committed: exactly the detected window. Replaying old traffic also closes
        // windows long after their end, which is reported as monitoring lag.
        List<JsonNode> allAlerts = read(c.topics.alerts);
        assertThat(allAlerts).anySatisfy(a -> assertThat(a.get("kind").asText()).isEqualTo("monitoring-lag"));
        List<JsonNode> alerts = allAlerts.stream().filter(a -> !a.get("kind").asText().equals("monitoring-lag")).toList();
        assertThat(alerts).hasSize(1);
        JsonNode alert = alerts.get(0);
        assertThat(alert.get("kind").asText()).isEqualTo("data-drift-detected");
        assertThat(alert.get("entity").get("kind").asText()).isEqualTo("model-endpoint-result");
        assertThat(alert.get("entity").get("id").asText()).isEqualTo(Scenario.ENDPOINT + ".histogram-data-drift.result.general_drift");
        assertThat(alert.get("value").get("result_value").asDouble()).isEqualTo(drift.get(2).get("value").asDouble());

        // Dead letters: every malformed event, each with a reason and its raw payload and coordinates.
        List<JsonNode> dead = read(c.topics.deadLetters);
        assertThat(dead).hasSize(s.malformed.size());
        assertThat(dead).extracting(d -> d.get("raw").asText()).containsExactlyInAnyOrderElementsOf(s.malformed);
        assertThat(dead).allSatisfy(d -> {
            assertThat(d.get("reason").asText()).isNotBlank();
            assertThat(d.get("topic").asText()).isEqualTo(c.topics.inference);
            assertThat(d.get("offset").asLong()).isGreaterThanOrEqualTo(0);
        });

        // The unregistered endpoint is stored and counted; the drift app says why it skipped it.
        List<JsonNode> notices = read(c.topics.notices);
        assertThat(notices).anySatisfy(n -> {
            assertThat(n.get("kind").asText()).isEqualTo("mm-app-skipped");
            assertThat(n.get("endpoint_id").asText()).isEqualTo("ep-unregistered");
            assertThat(n.get("message").asText()).contains("no reference");
        });

        // Parquet, read back by DuckDB: every valid row of both endpoints, and the failed request in errors.
        assertThat(parquetRows(dir, "records", " WHERE endpoint_id = '" + Scenario.ENDPOINT + "'")).isEqualTo(s.validRows);
        assertThat(parquetRows(dir, "records", " WHERE endpoint_id = 'ep-unregistered'")).isEqualTo(rowsOf(s.events.get(0)));
        assertThat(parquetRows(dir, "errors", "")).isEqualTo(1);

        // The stored values are the values sent: numbers in the features/predictions structs, strings in the maps
        // (records are partitioned by hour, both endpoints in a file).
        try (Connection db = DriverManager.getConnection("jdbc:duckdb:");
             ResultSet rs = db.createStatement().executeQuery("SELECT sum(features.age), sum(features.income), "
                     + "count(string_features['segment']), count(features.segment), sum(predictions.label), "
                     + "count(other_features) FROM read_parquet('" + dir.resolve("parquet").resolve("records")
                     + "/year=*/**/*.parquet', hive_partitioning=false, union_by_name=true) "
                     + "WHERE endpoint_id = '" + Scenario.ENDPOINT + "'")) {
            rs.next();
            List<String[]> sent = s.windowRows.stream().flatMap(List::stream).map(r -> r.split(",")).toList();
            assertSum(rs.getDouble(1), sent, 0);
            assertSum(rs.getDouble(2), sent, 1);
            assertThat(rs.getLong(3)).isEqualTo(s.validRows); // segment is a category: every value a string
            assertThat(rs.getLong(4)).isZero();
            assertSum(rs.getDouble(5), sent, 4);
            assertThat(rs.getLong(6)).isZero(); // one definition all along: nothing outside the structs
        }
    }

    /** A column's sum as stored against the sum of the values sent (in another order: rounding may differ). */
    private static void assertSum(double stored, List<String[]> sent, int column) {
        double expected = sent.stream().mapToDouble(r -> Double.parseDouble(r[column])).sum();
        assertThat(stored).isCloseTo(expected, within(Math.abs(expected) * 1e-12 + 1e-9));
    }

    private static long rowsOf(String event) throws Exception {
        JsonNode inputs = JSON.readTree(event).path("request").path("inputs");
        return inputs.get(0).isArray() ? inputs.size() : 1;
    }

    /** Fails the job once, after a checkpoint has completed and part of the input has gone through. */
    static class FailOnceAfterCheckpoint extends RichMapFunction<RawEvent, RawEvent> implements CheckpointListener {
        static final AtomicBoolean FAILED = new AtomicBoolean();
        private boolean checkpointed;
        private long seen;

        @Override
        public RawEvent map(RawEvent e) throws Exception {
            seen++;
            Thread.sleep(2); // spread the input over several checkpoints
            if (checkpointed && seen > 100 && FAILED.compareAndSet(false, true)) {
                throw new IllegalStateException("injected failure after a completed checkpoint");
            }
            return e;
        }

        @Override
        public void notifyCheckpointComplete(long checkpointId) {
            checkpointed = true;
        }
    }

    @Test
    void restartFromCheckpointDuplicatesNothingAndLosesNothing(@TempDir Path dir) throws Exception {
        DriftlineConfig c = config("e2e-restart", dir);
        Scenario s = new Scenario(dir, 3, 200);
        produce(c, s, false);

        StreamExecutionEnvironment env = environment(c, true);
        DataStream<RawEvent> inference = env.fromSource(DriftlineJob.inferenceSource(c, true), DriftlineJob.inferenceWatermarks(c), "Inference events")
                .uid(DriftlineJob.UID_INFERENCE_SOURCE)
                .map(new FailOnceAfterCheckpoint()).uid("inject-failure").name("Inject failure");
        DataStream<EndpointDefinition> endpoints = env.fromSource(DriftlineJob.endpointsSource(c, true), dev.driftline.functions.window.NoEventTime.strategy(), "Endpoint definitions")
                .uid(DriftlineJob.UID_ENDPOINTS_SOURCE);
        DriftlineTopology.build(c, inference, endpoints, DriftlineJob.catalog(c), JobSettings.applications(c), new ProductionSinks(c));
        env.execute(c.jobName);
        assertThat(FailOnceAfterCheckpoint.FAILED).isTrue();

        List<JsonNode> results = read(c.topics.results);
        assertThat(results.stream().filter(r -> r.get("type").asText().equals("result")).toList()).hasSize(3);
        assertThat(results.stream().filter(r -> r.get("type").asText().equals("metric")).toList()).hasSize(9);
        assertThat(results.stream().map(r -> r.get("id").asText() + "@" + r.get("start_infer_time_ms").asLong()).distinct().count())
                .isEqualTo(results.size());
        assertThat(read(c.topics.alerts).stream().filter(a -> a.get("kind").asText().startsWith("data-drift"))).hasSize(1);
        assertThat(parquetRows(dir, "records", "")).isEqualTo(s.validRows);
        assertThat(parquetRows(dir, "results", "")).isEqualTo(12);
    }

    /** Holds every event up a little, so that replaying the topic takes longer than the idle timeout. */
    static class SlowReplay implements org.apache.flink.api.common.functions.MapFunction<RawEvent, RawEvent> {
        @Override
        public RawEvent map(RawEvent e) throws Exception {
            Thread.sleep(15);
            return e;
        }
    }

    @Test
    void aReplaySlowerThanTheIdleTimeoutLosesNoRecordAsLate(@TempDir Path dir) throws Exception {
        // Traffic from hours ago, read back more slowly than the idle timeout: nothing is quiet, so no watermark
        // may move past records that are still to be read (they would be dropped from their windows as late).
        DriftlineConfig c = config("e2e-slow-replay", dir);
        c.windows.idleTimeout = Duration.ofSeconds(2);
        Scenario s = new Scenario(dir, 3, 200);
        produce(c, s, false);

        StreamExecutionEnvironment env = environment(c, false);
        DataStream<RawEvent> inference = env.fromSource(DriftlineJob.inferenceSource(c, true), DriftlineJob.inferenceWatermarks(c), "Inference events")
                .uid(DriftlineJob.UID_INFERENCE_SOURCE)
                .map(new SlowReplay()).uid("slow-replay").name("Slow replay");
        DataStream<EndpointDefinition> endpoints = env.fromSource(DriftlineJob.endpointsSource(c, true), dev.driftline.functions.window.NoEventTime.strategy(), "Endpoint definitions")
                .uid(DriftlineJob.UID_ENDPOINTS_SOURCE);
        DriftlineTopology.build(c, inference, endpoints, DriftlineJob.catalog(c), JobSettings.applications(c), new ProductionSinks(c));
        long started = System.currentTimeMillis();
        env.execute(c.jobName);
        assertThat(System.currentTimeMillis() - started).as("the replay outlasts the idle timeout").isGreaterThan(6_000);

        assertThat(read(c.topics.deadLetters)).as("late records").isEmpty();
        assertThat(read(c.topics.results).stream().filter(r -> r.get("name").asText().equals("general_drift")))
                .extracting(r -> r.get("status").asText())
                .containsExactlyInAnyOrder("no_detection", "no_detection", "detected");
    }

    @Test
    void theLastWindowsCloseWhenTrafficStops(@TempDir Path dir) throws Exception {
        DriftlineConfig c = config("e2e-idle", dir);
        c.windows.basePeriod = Duration.ofSeconds(5);
        c.windows.outOfOrderness = Duration.ofMillis(500);
        c.windows.idleTimeout = Duration.ofSeconds(2);
        Scenario s = new Scenario(dir, 1, 1); // only for the endpoint definition
        kafka.send(c.topics.endpoints, Scenario.ENDPOINT, s.endpointJson);
        dev.driftline.job.cli.SyntheticTraffic traffic = new dev.driftline.job.cli.SyntheticTraffic(5);
        long now = System.currentTimeMillis();
        java.util.Set<Long> windows = new java.util.TreeSet<>();
        try (KafkaProducer<byte[], byte[]> producer = kafka.producer()) {
            for (int i = 0; i < 40; i++) {
                long when = now - 3_000 + i * 50L;
                windows.add(when - Math.floorMod(when, 5_000L));
                producer.send(new ProducerRecord<>(c.topics.inference, traffic.event(Scenario.ENDPOINT, when, false, 1)
                        .getBytes(StandardCharsets.UTF_8)));
            }
        }

        // Unbounded, as deployed: no end of input will flush the windows; only the idle watermark can close them.
        StreamExecutionEnvironment env = environment(c, false);
        DriftlineJob.build(env, c, false);
        org.apache.flink.core.execution.JobClient job = env.executeAsync(c.jobName);
        try {
            long deadline = System.currentTimeMillis() + 60_000;
            List<JsonNode> drift = List.of();
            while (System.currentTimeMillis() < deadline) {
                drift = read(c.topics.results).stream().filter(r -> r.get("name").asText().equals("general_drift")).toList();
                if (drift.size() >= windows.size()) {
                    break;
                }
                Thread.sleep(500);
            }
            assertThat(drift).extracting(r -> r.get("start_infer_time_ms").asLong()).containsExactlyInAnyOrderElementsOf(windows);
        } finally {
            job.cancel().get();
        }
    }

    @Test
    void windowStateSurvivesAStopWithSavepointAndARestartOfANewJob(@TempDir Path dir) throws Exception {
        DriftlineConfig c = config("e2e-savepoint", dir);
        c.windows.idleTimeout = Duration.ofHours(1); // windows close by event time only, never by the wall clock
        Scenario s = new Scenario(dir, 3, 200);
        kafka.send(c.topics.endpoints, Scenario.ENDPOINT, s.endpointJson);
        int firstHalf = 200 + 100; // window 0 and half of window 1 before the upgrade
        try (KafkaProducer<byte[], byte[]> producer = kafka.producer()) {
            for (int i = 0; i < firstHalf; i++) {
                // Both partitions carry traffic, so neither holds the watermark back (the idle timeout is long here).
                producer.send(new ProducerRecord<>(c.topics.inference, i % 2, Scenario.ENDPOINT.getBytes(StandardCharsets.UTF_8),
                        s.events.get(i).getBytes(StandardCharsets.UTF_8)));
            }
        }

        // The running job: window 0 closes, window 1 is open (its state half filled) when it is stopped.
        StreamExecutionEnvironment before = environment(c, false);
        DriftlineJob.build(before, c, false);
        org.apache.flink.core.execution.JobClient job = before.executeAsync(c.jobName);
        long deadline = System.currentTimeMillis() + 60_000;
        while (read(c.topics.results).stream().noneMatch(r -> r.get("name").asText().equals("general_drift"))) {
            assertThat(System.currentTimeMillis()).as("window 0 closes").isLessThan(deadline);
            Thread.sleep(300);
        }
        String savepoint = job.stopWithSavepoint(false, dir.resolve("savepoints").toUri().toString(),
                org.apache.flink.core.execution.SavepointFormatType.CANONICAL).get();

        // Meanwhile traffic goes on; then a new job (new topology instance, same uids) resumes from the savepoint.
        try (KafkaProducer<byte[], byte[]> producer = kafka.producer()) {
            for (int i = firstHalf; i < s.events.size(); i++) {
                // Both partitions carry traffic, so neither holds the watermark back (the idle timeout is long here).
                producer.send(new ProducerRecord<>(c.topics.inference, i % 2, Scenario.ENDPOINT.getBytes(StandardCharsets.UTF_8),
                        s.events.get(i).getBytes(StandardCharsets.UTF_8)));
            }
        }
        Configuration conf = new Configuration();
        conf.set(RestartStrategyOptions.RESTART_STRATEGY, "none");
        conf.set(org.apache.flink.configuration.StateRecoveryOptions.SAVEPOINT_PATH, savepoint);
        // Restored Kafka splits keep the running job's (unbounded) stopping offsets, so the new job runs unbounded too;
        // its last window closes once the traffic has been quiet for the (now short) idle timeout.
        c.windows.idleTimeout = Duration.ofSeconds(2);
        StreamExecutionEnvironment after = StreamExecutionEnvironment.getExecutionEnvironment(conf);
        DriftlineJob.configure(after, c);
        DriftlineJob.build(after, c, false);
        org.apache.flink.core.execution.JobClient upgraded = after.executeAsync(c.jobName + "-upgraded");
        List<JsonNode> drift;
        try {
            deadline = System.currentTimeMillis() + 90_000;
            do {
                Thread.sleep(500);
                drift = read(c.topics.results).stream().filter(r -> r.get("name").asText().equals("general_drift"))
                        .sorted((a, b) -> Long.compare(a.get("start_infer_time_ms").asLong(), b.get("start_infer_time_ms").asLong()))
                        .toList();
            } while (drift.size() < 3 && System.currentTimeMillis() < deadline);
            Thread.sleep(1_000); // a duplicate, if any, would be committed by now
            drift = read(c.topics.results).stream().filter(r -> r.get("name").asText().equals("general_drift"))
                    .sorted((a, b) -> Long.compare(a.get("start_infer_time_ms").asLong(), b.get("start_infer_time_ms").asLong()))
                    .toList();
        } finally {
            upgraded.cancel().get();
        }
        assertThat(drift).extracting(r -> r.get("start_infer_time_ms").asLong())
                .as("each window once: none lost, none repeated across the upgrade")
                .containsExactly(s.windowStart(0), s.windowStart(1), s.windowStart(2));
        // Window 1 was aggregated half before and half after the savepoint: its score is that of all its rows.
        JsonNode expected = cliDrift(dir.resolve("ref.json"), s.writeWindowCsv(dir, 1));
        assertThat(drift.get(1).get("value").asDouble()).isEqualTo(expected.get("general_drift").asDouble());
        assertThat(drift.get(2).get("status").asText()).isEqualTo("detected");
    }
}
