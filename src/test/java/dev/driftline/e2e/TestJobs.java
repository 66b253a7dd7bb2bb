package dev.driftline.e2e;

import dev.driftline.job.config.DriftlineConfig;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/** The configuration the end-to-end tests share: one job on its own topics of the test broker. */
final class TestJobs {
    private TestJobs() {}

    /** A configuration named {@code name} whose topics exist on {@code kafka}: 1-minute windows, 300 ms checkpoints. */
    static DriftlineConfig config(EmbeddedKafka kafka, String name, Path dir) throws Exception {
        DriftlineConfig c = new DriftlineConfig();
        c.jobName = name;
        c.parallelism = 2;
        c.kafka.bootstrapServers = kafka.bootstrapServers();
        c.kafka.startingOffsets = "earliest";
        c.kafka.groupId = name;
        c.kafka.transactionalIdPrefix = name;
        c.topics.inference = name + "-inference";
        c.topics.endpoints = name + "-endpoints";
        c.topics.results = name + "-results";
        c.topics.alerts = name + "-alerts";
        c.topics.notices = name + "-notices";
        c.topics.deadLetters = name + "-dead-letters";
        c.topics.alertControl = name + "-alert-control";
        c.topics.firedAlerts = name + "-fired-alerts";
        c.topics.notifications = name + "-notifications";
        c.windows.basePeriod = Duration.ofMinutes(1);
        c.windows.outOfOrderness = Duration.ofSeconds(5);
        c.windows.idleTimeout = Duration.ofMinutes(30);
        c.checkpoints.interval = Duration.ofMillis(300);
        c.checkpoints.dir = dir.resolve("checkpoints").toUri().toString();
        c.sinks.parquetPath = dir.resolve("parquet").toUri().toString();
        kafka.createTopic(c.topics.inference, 2, Map.of());
        kafka.createTopic(c.topics.endpoints, 1, Map.of("cleanup.policy", "compact"));
        kafka.createTopic(c.topics.alertControl, 1, Map.of("cleanup.policy", "compact"));
        for (String t : List.of(c.topics.results, c.topics.alerts, c.topics.notices, c.topics.deadLetters,
                c.topics.firedAlerts, c.topics.notifications)) {
            kafka.createTopic(t, 2, Map.of());
        }
        return c;
    }
}
