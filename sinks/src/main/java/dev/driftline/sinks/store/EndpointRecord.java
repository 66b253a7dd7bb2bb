package dev.driftline.sinks.store;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.JsonDeserializer;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.JsonSerializer;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.annotation.JsonDeserialize;
import com.fasterxml.jackson.databind.annotation.JsonSerialize;
import java.io.IOException;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * A model endpoint record as kept in the model endpoint store (MLRun's, spec §5), in snake_case JSON. The definition
 * fields (project … feature_stats, monitoring_mode) are registered from the command line; the drift fields, request
 * times, error count and metrics are maintained by the job. Instants are ISO-8601 strings in JSON; JSON-valued fields
 * are kept as trees. Any field may be null (an endpoint seen in traffic but never registered has no definition).
 *
 * @param metrics latency_avg_5m, latency_avg_1h (microseconds), predictions_per_second, invocation_count
 * @param driftStatus NO_DRIFT, POSSIBLE_DRIFT or DRIFT_DETECTED
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record EndpointRecord(
        @JsonProperty("uid") String uid,
        @JsonProperty("project") String project,
        @JsonProperty("name") String name,
        @JsonProperty("function_uri") String functionUri,
        @JsonProperty("model") String model,
        @JsonProperty("model_class") String modelClass,
        @JsonProperty("labels") Map<String, String> labels,
        @JsonProperty("feature_names") List<String> featureNames,
        @JsonProperty("label_names") List<String> labelNames,
        @JsonProperty("feature_stats") JsonNode featureStats,
        @JsonProperty("current_stats") JsonNode currentStats,
        @JsonProperty("drift_measures") JsonNode driftMeasures,
        @JsonProperty("drift_status") String driftStatus,
        @JsonProperty("monitoring_mode") String monitoringMode,
        @JsonProperty("first_request") @JsonSerialize(using = IsoInstant.Writer.class)
        @JsonDeserialize(using = IsoInstant.Reader.class) Instant firstRequest,
        @JsonProperty("last_request") @JsonSerialize(using = IsoInstant.Writer.class)
        @JsonDeserialize(using = IsoInstant.Reader.class) Instant lastRequest,
        @JsonProperty("error_count") Long errorCount,
        @JsonProperty("metrics") JsonNode metrics,
        @JsonProperty("created") @JsonSerialize(using = IsoInstant.Writer.class)
        @JsonDeserialize(using = IsoInstant.Reader.class) Instant created,
        @JsonProperty("updated") @JsonSerialize(using = IsoInstant.Writer.class)
        @JsonDeserialize(using = IsoInstant.Reader.class) Instant updated) {

    /** JSON {@code null} read into a tree-valued field is a Java null here, as for every other field. */
    public EndpointRecord {
        featureStats = absentIfNull(featureStats);
        currentStats = absentIfNull(currentStats);
        driftMeasures = absentIfNull(driftMeasures);
        metrics = absentIfNull(metrics);
    }

    private static JsonNode absentIfNull(JsonNode n) {
        return n == null || n.isNull() || n.isMissingNode() ? null : n;
    }

    /** A definition to register: the job-maintained fields and the timestamps are left null. */
    public static EndpointRecord definition(String uid, String project, String name, String functionUri, String model,
                                            String modelClass, Map<String, String> labels, List<String> featureNames,
                                            List<String> labelNames, JsonNode featureStats, String monitoringMode) {
        return new EndpointRecord(uid, project, name, functionUri, model, modelClass, labels, featureNames, labelNames,
                featureStats, null, null, null, monitoringMode, null, null, null, null, null, null);
    }

    /** Instants as ISO-8601 text (epoch milliseconds accepted on input), without needing a Jackson module. */
    public static final class IsoInstant {
        private IsoInstant() {}

        public static final class Writer extends JsonSerializer<Instant> {
            @Override
            public void serialize(Instant value, JsonGenerator gen, SerializerProvider provider) throws IOException {
                gen.writeString(value.toString());
            }
        }

        public static final class Reader extends JsonDeserializer<Instant> {
            @Override
            public Instant deserialize(JsonParser p, DeserializationContext ctx) throws IOException {
                if (p.currentToken() == JsonToken.VALUE_NUMBER_INT) {
                    return Instant.ofEpochMilli(p.getLongValue());
                }
                String text = p.getValueAsString();
                return text == null || text.isBlank() ? null : Instant.parse(text.trim());
            }
        }
    }
}
