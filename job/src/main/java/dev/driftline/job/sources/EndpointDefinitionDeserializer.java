package dev.driftline.job.sources;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.driftline.functions.model.EndpointDefinition;
import java.nio.charset.StandardCharsets;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.connector.kafka.source.reader.deserializer.KafkaRecordDeserializationSchema;
import org.apache.flink.util.Collector;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads the compacted control topic: key = endpoint id, value = the endpoint's JSON definition, a null value (a
 * tombstone) removes it. A record that is not JSON is logged and ignored; it must not stop the job.
 */
public class EndpointDefinitionDeserializer implements KafkaRecordDeserializationSchema<EndpointDefinition> {
    private static final long serialVersionUID = 1L;
    private static final Logger LOG = LoggerFactory.getLogger(EndpointDefinitionDeserializer.class);

    private transient ObjectMapper mapper;

    @Override
    public void deserialize(ConsumerRecord<byte[], byte[]> record, Collector<EndpointDefinition> out) {
        String key = record.key() == null ? null : new String(record.key(), StandardCharsets.UTF_8);
        if (record.value() == null) {
            if (key != null) {
                out.collect(new EndpointDefinition(key, null, record.offset()));
            }
            return;
        }
        String json = new String(record.value(), StandardCharsets.UTF_8);
        try {
            if (mapper == null) {
                mapper = new ObjectMapper();
            }
            JsonNode node = mapper.readTree(json);
            if (node == null || !node.isObject()) {
                throw new IllegalArgumentException("not a JSON object");
            }
            String id = node.hasNonNull("id") ? node.get("id").asText() : key;
            if (id == null || id.isBlank()) {
                throw new IllegalArgumentException("no endpoint id in key or value");
            }
            out.collect(new EndpointDefinition(id, json, record.offset()));
        } catch (Exception e) {
            LOG.error("Ignoring endpoint definition at {}-{}@{}: {}", record.topic(), record.partition(), record.offset(), e.getMessage());
        }
    }

    @Override
    public TypeInformation<EndpointDefinition> getProducedType() {
        return TypeInformation.of(EndpointDefinition.class);
    }
}
