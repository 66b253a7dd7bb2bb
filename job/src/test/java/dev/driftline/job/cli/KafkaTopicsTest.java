package dev.driftline.job.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.driftline.e2e.EmbeddedKafka;
import dev.driftline.job.config.DriftlineConfig;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.AlterConfigOp;
import org.apache.kafka.clients.admin.ConfigEntry;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.config.ConfigResource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The topics the commands create when they are missing, and the check of the control topics, on a real broker. */
class KafkaTopicsTest {
    @RegisterExtension
    static final EmbeddedKafka.PerClass KAFKA = new EmbeddedKafka.PerClass();

    private static DriftlineConfig config(String prefix, int parallelism) throws Exception {
        DriftlineConfig c = new DriftlineConfig();
        c.parallelism = parallelism;
        c.kafka.bootstrapServers = KAFKA.get().bootstrapServers();
        for (java.lang.reflect.Field f : DriftlineConfig.Topics.class.getFields()) {
            f.set(c.topics, prefix + "-" + f.get(c.topics));
        }
        return c;
    }

    private static Admin admin() {
        return Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, KAFKA.get().bootstrapServers()));
    }

    @Test
    void missingTopicsGetAPartitionPerSubtaskAndControlTopicsOneCompacted() throws Exception {
        DriftlineConfig c = config("created", 3);
        KafkaClients.ensureTopics(c, 2);
        try (Admin admin = admin()) {
            Map<String, TopicDescription> topics = admin.describeTopics(List.of(c.topics.inference, c.topics.results,
                    c.topics.endpoints, c.topics.alertControl)).allTopicNames().get();
            assertThat(topics.get(c.topics.inference).partitions()).hasSize(3);
            assertThat(topics.get(c.topics.results).partitions()).hasSize(3);
            assertThat(topics.get(c.topics.endpoints).partitions()).hasSize(1);
            assertThat(topics.get(c.topics.alertControl).partitions()).hasSize(1);
        }
        KafkaClients.requireCompacted(c, c.topics.endpoints);
        KafkaClients.requireCompacted(c, c.topics.alertControl);

        // a second run finds them all and leaves them as they are
        KafkaClients.ensureTopics(config("created", 1), 2);
        try (Admin admin = admin()) {
            assertThat(admin.describeTopics(List.of(c.topics.inference)).allTopicNames().get()
                    .get(c.topics.inference).partitions()).hasSize(3);
        }
    }

    @Test
    void aControlTopicThatDeletesItsLatestRecordsIsRefused() throws Exception {
        DriftlineConfig c = config("refused", 1);
        KAFKA.get().createTopic(c.topics.endpoints, 1, Map.of("cleanup.policy", "compact,delete", "retention.ms", "604800000"));
        assertThatThrownBy(() -> KafkaClients.requireCompacted(c, c.topics.endpoints))
                .hasMessageContaining("cleanup.policy=compact,delete with retention.ms=604800000");

        // kept for ever, compact,delete keeps every key's latest record
        try (Admin admin = admin()) {
            ConfigResource topic = new ConfigResource(ConfigResource.Type.TOPIC, c.topics.endpoints);
            Map<ConfigResource, Collection<AlterConfigOp>> change = Map.of(topic,
                    List.of(new AlterConfigOp(new ConfigEntry("retention.ms", "-1"), AlterConfigOp.OpType.SET)));
            admin.incrementalAlterConfigs(change).all().get();
        }
        KafkaClients.requireCompacted(c, c.topics.endpoints);

        KAFKA.get().createTopic(c.topics.alertControl, 1, Map.of("cleanup.policy", "delete"));
        assertThatThrownBy(() -> KafkaClients.requireCompacted(c, c.topics.alertControl))
                .hasMessageContaining("has cleanup.policy=delete");
    }
}
