package dev.driftline.job.sources;

import dev.driftline.functions.endpoint.EndpointCatalog;
import dev.driftline.functions.model.EndpointDefinition;
import dev.driftline.sinks.kafka.KafkaSettings;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/** Reads the compacted control topic from its beginning to its current end: the live endpoint definitions. */
public class KafkaEndpointCatalog implements EndpointCatalog {
    private static final long serialVersionUID = 1L;
    private static final Duration TIMEOUT = Duration.ofSeconds(60);

    private final KafkaSettings kafka;
    private final String topic;

    public KafkaEndpointCatalog(KafkaSettings kafka, String topic) {
        this.kafka = kafka;
        this.topic = topic;
    }

    @Override
    public Map<String, EndpointDefinition> load() {
        Properties p = kafka.properties();
        p.put("bootstrap.servers", kafka.bootstrapServers());
        p.put("key.deserializer", ByteArrayDeserializer.class.getName());
        p.put("value.deserializer", ByteArrayDeserializer.class.getName());
        p.put("isolation.level", "read_committed");
        p.put("enable.auto.commit", "false");
        p.remove("group.id");
        p.put("allow.auto.create.topics", "false"); // a control topic created by accident would not be compacted
        Map<String, EndpointDefinition> definitions = new HashMap<>();
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(p)) {
            List<TopicPartition> parts = consumer.partitionsFor(topic, TIMEOUT).stream()
                    .map(i -> new TopicPartition(i.topic(), i.partition())).toList();
            if (parts.isEmpty()) {
                return definitions;
            }
            consumer.assign(parts);
            consumer.seekToBeginning(parts);
            Map<TopicPartition, Long> end = consumer.endOffsets(parts, TIMEOUT);
            long deadline = System.currentTimeMillis() + TIMEOUT.toMillis();
            while (parts.stream().anyMatch(tp -> consumer.position(tp, TIMEOUT) < end.get(tp))) {
                if (System.currentTimeMillis() > deadline) {
                    throw new IllegalStateException("timed out reading endpoint definitions from " + topic);
                }
                for (ConsumerRecord<byte[], byte[]> r : consumer.poll(Duration.ofMillis(200))) {
                    EndpointDefinition d;
                    try {
                        d = EndpointDefinitionDeserializer.read(r); // the stream's reading: the same ids
                    } catch (Exception e) {
                        continue; // not a definition; the stream's deserializer logs it
                    }
                    if (d == null) {
                        continue;
                    }
                    if (d.json == null) {
                        definitions.remove(d.id);
                    } else {
                        definitions.put(d.id, d);
                    }
                }
            }
        }
        return definitions;
    }
}
