package dev.driftline.job.sources;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.driftline.functions.alerts.AlertControl;
import java.nio.charset.StandardCharsets;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.connector.kafka.source.reader.deserializer.KafkaRecordDeserializationSchema;
import org.apache.flink.util.Collector;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads alert control commands: {@code {"action": "set", "alert": {...}}}, {@code {"action": "delete", "name": ...}},
 * {@code {"action": "reset", "name": ..., "entity": ...}}. A record that is not a valid command is logged and skipped.
 */
public class AlertControlDeserializer implements KafkaRecordDeserializationSchema<AlertControl> {
    private static final long serialVersionUID = 1L;
    private static final Logger LOG = LoggerFactory.getLogger(AlertControlDeserializer.class);

    private transient ObjectMapper mapper;

    @Override
    public void deserialize(ConsumerRecord<byte[], byte[]> record, Collector<AlertControl> out) {
        if (record.value() == null) {
            return; // compaction tombstones carry no command
        }
        try {
            if (mapper == null) {
                mapper = new ObjectMapper();
            }
            JsonNode n = mapper.readTree(new String(record.value(), StandardCharsets.UTF_8));
            AlertControl c = new AlertControl();
            c.action = n.path("action").asText(null);
            c.name = n.hasNonNull("name") ? n.get("name").asText() : n.path("alert").path("name").asText(null);
            c.entity = n.hasNonNull("entity") ? n.get("entity").asText() : null;
            c.json = n.hasNonNull("alert") ? n.get("alert").toString() : null;
            c.time = record.timestamp();
            if (c.action == null || c.name == null) {
                throw new IllegalArgumentException("a command needs an action and an alert name");
            }
            out.collect(c);
        } catch (Exception e) {
            LOG.error("Ignoring alert control record at {}-{}@{}: {}", record.topic(), record.partition(), record.offset(), e.getMessage());
        }
    }

    @Override
    public TypeInformation<AlertControl> getProducedType() {
        return TypeInformation.of(AlertControl.class);
    }
}
