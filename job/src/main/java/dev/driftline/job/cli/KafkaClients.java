package dev.driftline.job.cli;

import dev.driftline.job.config.DriftlineConfig;
import dev.driftline.job.topology.JobSettings;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/** Plain Kafka clients for the command-line tools, with the job's connection settings. */
final class KafkaClients {
    private KafkaClients() {}

    static Properties base(DriftlineConfig config) {
        Properties p = JobSettings.kafka(config).properties();
        p.put("bootstrap.servers", config.kafka.bootstrapServers);
        return p;
    }

    static KafkaProducer<byte[], byte[]> producer(DriftlineConfig config) {
        Properties p = base(config);
        p.put("key.serializer", ByteArraySerializer.class.getName());
        p.put("value.serializer", ByteArraySerializer.class.getName());
        p.putIfAbsent("linger.ms", "5");
        p.putIfAbsent("acks", "all");
        return new KafkaProducer<>(p);
    }

    /** A consumer that only sees committed transactions: what the job's exactly-once sinks promise. */
    static KafkaConsumer<byte[], byte[]> consumer(DriftlineConfig config, String groupId) {
        Properties p = base(config);
        p.put("key.deserializer", ByteArrayDeserializer.class.getName());
        p.put("value.deserializer", ByteArrayDeserializer.class.getName());
        p.put("isolation.level", "read_committed");
        p.put("group.id", groupId);
        p.put("auto.offset.reset", "earliest");
        p.put("enable.auto.commit", "false");
        p.put("allow.auto.create.topics", "false");
        return new KafkaConsumer<>(p);
    }

    /** Every committed record of {@code topic}, from its beginning to its current end, in order per partition. */
    static void readToEnd(DriftlineConfig config, String topic,
                          java.util.function.Consumer<org.apache.kafka.clients.consumer.ConsumerRecord<byte[], byte[]>> each) {
        try (KafkaConsumer<byte[], byte[]> consumer = consumer(config, "driftline-cli-" + System.nanoTime())) {
            List<org.apache.kafka.common.TopicPartition> parts = consumer.partitionsFor(topic).stream()
                    .map(p -> new org.apache.kafka.common.TopicPartition(p.topic(), p.partition())).toList();
            consumer.assign(parts);
            consumer.seekToBeginning(parts);
            Map<org.apache.kafka.common.TopicPartition, Long> end = consumer.endOffsets(parts);
            while (parts.stream().anyMatch(p -> consumer.position(p) < end.get(p))) {
                consumer.poll(java.time.Duration.ofMillis(500)).forEach(each);
            }
        }
    }

    /** Fails when {@code topic} is not compacted: a control topic under retention would forget endpoints. */
    static void requireCompacted(DriftlineConfig config, String topic) throws Exception {
        try (Admin admin = Admin.create(base(config))) {
            var resource = new org.apache.kafka.common.config.ConfigResource(
                    org.apache.kafka.common.config.ConfigResource.Type.TOPIC, topic);
            var configs = describe(admin, resource);
            String policy = configs.get("cleanup.policy").value();
            var retention = configs.get("retention.ms");
            // compact,delete still deletes a key's latest record after retention.ms: endpoints would be forgotten
            boolean deletes = policy != null && policy.contains("delete")
                    && !(retention != null && "-1".equals(retention.value()));
            if (policy == null || !policy.contains("compact") || deletes) {
                throw new IllegalStateException("control topic " + topic + " has cleanup.policy=" + policy
                        + (deletes ? " with retention.ms=" + retention.value() : "")
                        + "; it must be compacted and keep its latest records (kafka-configs --alter --add-config"
                        + " cleanup.policy=compact)");
            }
        }
    }

    /**
     * A topic's configuration, waiting up to 30 s for a topic that was just created: until its metadata has reached the
     * broker that answers, the broker does not know it.
     */
    private static org.apache.kafka.clients.admin.Config describe(Admin admin,
            org.apache.kafka.common.config.ConfigResource resource) throws Exception {
        long deadline = System.nanoTime() + java.util.concurrent.TimeUnit.SECONDS.toNanos(30);
        while (true) {
            try {
                return admin.describeConfigs(List.of(resource)).all().get().get(resource);
            } catch (java.util.concurrent.ExecutionException e) {
                if (!(e.getCause() instanceof org.apache.kafka.common.errors.UnknownTopicOrPartitionException)
                        || System.nanoTime() > deadline) {
                    throw e;
                }
                Thread.sleep(200);
            }
        }
    }

    /**
     * Creates the job's topics that are missing: data topics with at least {@code partitions} partitions and at least
     * one per subtask of the configured parallelism (a source subtask without a partition reads nothing), control
     * topics with one partition (their order is the order of changes), compacted. The replication factor is the
     * broker's {@code default.replication.factor} unless {@code kafka.topic-replication-factor} says otherwise.
     */
    static void ensureTopics(DriftlineConfig config, int partitions) throws Exception {
        try (Admin admin = Admin.create(base(config))) {
            Set<String> existing = admin.listTopics().names().get();
            DriftlineConfig.Topics t = config.topics;
            java.util.Optional<Short> replication = config.kafka.topicReplicationFactor > 0
                    ? java.util.Optional.of((short) config.kafka.topicReplicationFactor) : java.util.Optional.empty();
            java.util.Optional<Integer> dataPartitions = java.util.Optional.of(Math.max(partitions, config.parallelism));
            List<NewTopic> missing = new java.util.ArrayList<>();
            for (String name : List.of(t.inference, t.results, t.alerts, t.notices, t.deadLetters, t.firedAlerts, t.notifications)) {
                if (!existing.contains(name)) {
                    missing.add(new NewTopic(name, dataPartitions, replication));
                }
            }
            for (String control : List.of(t.endpoints, t.alertControl)) {
                if (!existing.contains(control)) {
                    missing.add(new NewTopic(control, java.util.Optional.of(1), replication)
                            .configs(Map.of("cleanup.policy", "compact")));
                }
            }
            if (!missing.isEmpty()) {
                try {
                    admin.createTopics(missing).all().get();
                } catch (java.util.concurrent.ExecutionException e) {
                    // Created meanwhile by someone else (another command, the job): what we wanted exists.
                    if (!(e.getCause() instanceof org.apache.kafka.common.errors.TopicExistsException)) {
                        throw e;
                    }
                }
            }
        }
    }
}
