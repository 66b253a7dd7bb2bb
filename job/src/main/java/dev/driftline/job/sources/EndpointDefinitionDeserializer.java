package dev.driftline.job.sources;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import dev.driftline.functions.model.EndpointDefinition;
import java.io.IOException;
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

    private static final JsonFactory FACTORY = new JsonFactory();

    @Override
    public void deserialize(ConsumerRecord<byte[], byte[]> record, Collector<EndpointDefinition> out) {
        try {
            EndpointDefinition d = read(record);
            if (d != null) {
                out.collect(d);
            }
        } catch (Exception e) {
            LOG.error("Ignoring endpoint definition at {}-{}@{}: {}", record.topic(), record.partition(), record.offset(), e.getMessage());
        }
    }

    /**
     * One record of the control topic as a definition: its id is the value's top-level {@code id}, else the key; a
     * null value is the deletion of the key's endpoint (json null). Null for a deletion without key. The catalog that
     * operators read at start reads the topic with this too, so an endpoint has the same id there as in the stream.
     *
     * @throws IllegalArgumentException (or an I/O error) when the value is not a JSON object or names no id
     */
    public static EndpointDefinition read(ConsumerRecord<byte[], byte[]> record) throws IOException {
        String key = record.key() == null ? null : new String(record.key(), StandardCharsets.UTF_8);
        if (record.value() == null) {
            return key == null ? null : new EndpointDefinition(key, null, record.offset());
        }
        String json = new String(record.value(), StandardCharsets.UTF_8);
        String value = topLevelId(json);
        String id = value != null ? value : key;
        if (id == null || id.isBlank()) {
            throw new IllegalArgumentException("no endpoint id in key or value");
        }
        return new EndpointDefinition(id, json, record.offset());
    }

    /**
     * The value's top-level "id" (null when absent or null), checking that the whole value is one JSON object. Read
     * as a stream that skips every other field: a definition is mostly reference numbers, which the enrichment parses
     * (and validates) anyway; building a tree of them here only to find the id cost as much as that parse. Read
     * from the decoded text, as the enrichment and the catalog read it (bytes that are not UTF-8 become U+FFFD).
     */
    static String topLevelId(String value) throws IOException {
        try (JsonParser parser = FACTORY.createParser(value)) {
            if (parser.nextToken() != JsonToken.START_OBJECT) {
                throw new IllegalArgumentException("not a JSON object");
            }
            String id = null;
            while (parser.nextToken() == JsonToken.FIELD_NAME) {
                String field = parser.currentName();
                JsonToken token = parser.nextToken();
                if ("id".equals(field) && token != JsonToken.VALUE_NULL) {
                    id = token.isScalarValue() ? parser.getText() : null;
                    if (id == null) {
                        throw new IllegalArgumentException("the id is not a scalar");
                    }
                } else {
                    parser.skipChildren();
                }
            }
            if (parser.nextToken() != null) {
                throw new IllegalArgumentException("more than one JSON value");
            }
            return id;
        }
    }

    @Override
    public TypeInformation<EndpointDefinition> getProducedType() {
        return TypeInformation.of(EndpointDefinition.class);
    }
}
