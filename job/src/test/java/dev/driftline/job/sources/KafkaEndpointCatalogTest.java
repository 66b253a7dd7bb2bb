package dev.driftline.job.sources;

import static org.assertj.core.api.Assertions.assertThat;

import dev.driftline.e2e.EmbeddedKafka;
import dev.driftline.functions.model.EndpointDefinition;
import dev.driftline.job.config.DriftlineConfig;
import dev.driftline.job.topology.JobSettings;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The catalog operators read at start names each endpoint as the control stream does, on a real broker. */
class KafkaEndpointCatalogTest {
    @RegisterExtension
    static final EmbeddedKafka.PerClass KAFKA = new EmbeddedKafka.PerClass();

    private static byte[] bytes(String s) {
        return s == null ? null : s.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void theCatalogAndTheStreamAgreeOnIdsDeletionsAndWhatIsNotADefinition() throws Exception {
        String topic = "catalog-ids";
        KAFKA.get().createTopic(topic, 1, Map.of("cleanup.policy", "compact"));
        List<String[]> records = List.of(
                new String[] {"key-a", "{\"id\":\"ep-a\",\"name\":\"a\"}"},  // the value's id wins over the key
                new String[] {"ep-b", "{\"name\":\"b\"}"},                  // no id in the value: the key
                new String[] {"ep-c", "{\"id\":\"ep-c\"}"},
                new String[] {"ep-c", null},                                // deleted
                new String[] {"ep-d", "[1, 2]"});                           // not a definition
        try (KafkaProducer<byte[], byte[]> producer = KAFKA.get().producer()) {
            for (String[] r : records) {
                producer.send(new ProducerRecord<>(topic, bytes(r[0]), bytes(r[1]))).get();
            }
        }

        DriftlineConfig c = new DriftlineConfig();
        c.kafka.bootstrapServers = KAFKA.get().bootstrapServers();
        Map<String, EndpointDefinition> catalog = new KafkaEndpointCatalog(JobSettings.kafka(c), topic).load();

        // what the stream's deserializer makes of the same records, applied in order
        Map<String, EndpointDefinition> stream = new HashMap<>();
        EndpointDefinitionDeserializer deserializer = new EndpointDefinitionDeserializer();
        for (int i = 0; i < records.size(); i++) {
            List<EndpointDefinition> out = new ArrayList<>();
            deserializer.deserialize(new ConsumerRecord<>(topic, 0, i, bytes(records.get(i)[0]), bytes(records.get(i)[1])),
                    new org.apache.flink.util.Collector<>() {
                        @Override
                        public void collect(EndpointDefinition d) {
                            out.add(d);
                        }

                        @Override
                        public void close() {}
                    });
            for (EndpointDefinition d : out) {
                if (d.json == null) {
                    stream.remove(d.id);
                } else {
                    stream.put(d.id, d);
                }
            }
        }

        assertThat(catalog).containsOnlyKeys("ep-a", "ep-b");
        assertThat(stream).containsOnlyKeys(catalog.keySet().toArray(new String[0]));
        assertThat(catalog.get("ep-a").json).isEqualTo("{\"id\":\"ep-a\",\"name\":\"a\"}");
        assertThat(catalog.get("ep-a").offset).isEqualTo(0);
    }
}
