package dev.driftline.sinks.parquet;

import static org.apache.parquet.schema.LogicalTypeAnnotation.TimeUnit.MILLIS;
import static org.apache.parquet.schema.LogicalTypeAnnotation.stringType;
import static org.apache.parquet.schema.LogicalTypeAnnotation.timestampType;
import static org.apache.parquet.schema.PrimitiveType.PrimitiveTypeName.BINARY;
import static org.apache.parquet.schema.PrimitiveType.PrimitiveTypeName.DOUBLE;
import static org.apache.parquet.schema.PrimitiveType.PrimitiveTypeName.INT32;
import static org.apache.parquet.schema.PrimitiveType.PrimitiveTypeName.INT64;

import dev.driftline.functions.model.MonitoredRecord;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.parquet.schema.GroupType;
import org.apache.parquet.schema.LogicalTypeAnnotation;
import org.apache.parquet.schema.MessageType;
import org.apache.parquet.schema.Type;
import org.apache.parquet.schema.Types;

/**
 * The schema of one records part file, in one of two forms.
 *
 * <p><b>Per endpoint</b> ({@link #of}, layout {@link RecordsLayout#ENDPOINT_HOUR}): a part file holds one endpoint
 * (the bucket is endpoint × hour), so its
 * features and predictions are columns of their own: {@code features} and {@code predictions} are structs with one
 * optional DOUBLE field per column of the endpoint's definition, named verbatim (Parquet allows any name), taken from
 * the first record of the file. A struct without fields is invalid Parquet, so a definition without features (or
 * predictions) leaves that struct out.
 *
 * <p><b>Shared</b> ({@link #shared}, layout {@link RecordsLayout#HOUR}): a part file holds the rows of many endpoints
 * with different columns, so {@code features} and {@code predictions} are {@code map<string, double>} (a NaN is a
 * null value, the key stays) — the types of the former Avro schema — and there are no {@code other_*} maps.
 *
 * <p>The other fields are those of the former Avro schema, same names and types: {@code timestamp}
 * (TIMESTAMP(MILLIS, UTC)), {@code endpoint_id}, {@code project}, {@code request_id}, {@code latency_microsec},
 * {@code string_features}/{@code string_predictions} (map&lt;string, string&gt;: values that were strings),
 * {@code labels}, {@code custom_metrics}, {@code estimated_prediction_count}, {@code effective_sample_count}; plus
 * {@code other_features}/{@code other_predictions} (optional map&lt;string, double&gt;), which keep the numbers of
 * columns the file's structs lack, when the definition changed within the file.
 */
final class RecordsFileSchema {
    static final String TIMESTAMP = "timestamp";
    static final String ENDPOINT_ID = "endpoint_id";
    static final String PROJECT = "project";
    static final String REQUEST_ID = "request_id";
    static final String LATENCY = "latency_microsec";
    static final String FEATURES = "features";
    static final String STRING_FEATURES = "string_features";
    static final String OTHER_FEATURES = "other_features";
    static final String PREDICTIONS = "predictions";
    static final String STRING_PREDICTIONS = "string_predictions";
    static final String OTHER_PREDICTIONS = "other_predictions";
    static final String LABELS = "labels";
    static final String CUSTOM_METRICS = "custom_metrics";
    static final String ESTIMATED_PREDICTION_COUNT = "estimated_prediction_count";
    static final String EFFECTIVE_SAMPLE_COUNT = "effective_sample_count";
    /** The repeated group of a map, and its fields (Parquet's MAP layout, as parquet-avro wrote it). */
    static final String KEY_VALUE = "key_value";
    static final String KEY = "key";
    static final String VALUE = "value";

    /**
     * Columns whose values repeat within a file (endpoint id, project, categories, map keys): the ones worth a
     * dictionary. Not {@code request_id} nor {@code custom_metrics} (unique per row: a dictionary of them only adds
     * its size), nor the overflow maps' keys (rare).
     */
    static final List<String> DICTIONARY_COLUMNS = List.of(ENDPOINT_ID, PROJECT,
            STRING_FEATURES + "." + KEY_VALUE + "." + KEY, STRING_FEATURES + "." + KEY_VALUE + "." + VALUE,
            STRING_PREDICTIONS + "." + KEY_VALUE + "." + KEY, STRING_PREDICTIONS + "." + KEY_VALUE + "." + VALUE,
            LABELS + "." + KEY_VALUE + "." + KEY, LABELS + "." + KEY_VALUE + "." + VALUE);
    /** In a shared file the feature and prediction names are map keys on every row: they repeat, the values do not. */
    static final List<String> SHARED_DICTIONARY_COLUMNS = List.of(
            FEATURES + "." + KEY_VALUE + "." + KEY, PREDICTIONS + "." + KEY_VALUE + "." + KEY);

    final MessageType type;
    /** A shared file: numbers in the {@code features}/{@code predictions} maps, no structs. */
    final boolean shared;
    /** The definition the structs were derived from (every column has a field). */
    final RecordColumns defining;
    final String[] featureFields;
    final String[] predictionFields;
    private final Map<String, Integer> featureIndex;
    private final Map<String, Integer> predictionIndex;

    private RecordsFileSchema(RecordColumns defining, boolean shared) {
        this.shared = shared;
        this.defining = defining;
        this.featureFields = defining.fieldNames(false);
        this.predictionFields = defining.fieldNames(true);
        this.featureIndex = index(featureFields);
        this.predictionIndex = index(predictionFields);
        this.type = shared ? sharedMessageType() : messageType(featureFields, predictionFields);
    }

    /** The schema of a file of many endpoints: every number goes to the features/predictions maps. */
    static RecordsFileSchema shared() {
        return new RecordsFileSchema(RecordColumns.defining(null, 0), true);
    }

    /** The map the numbers go to that have no struct field: {@code other_*}, or in a shared file the only map. */
    String numbersMap(boolean predictions) {
        if (shared) {
            return predictions ? PREDICTIONS : FEATURES;
        }
        return predictions ? OTHER_PREDICTIONS : OTHER_FEATURES;
    }

    /** The schema of a file whose first record is {@code first}; null (a file without records) has no structs. */
    static RecordsFileSchema of(MonitoredRecord first) {
        return first == null
                ? new RecordsFileSchema(RecordColumns.defining(null, 0), false)
                : new RecordsFileSchema(RecordColumns.defining(first.columns, first.featureCount), false);
    }

    /** Where the columns of a record go in this file. */
    RecordColumns layout(String[] columns, int featureCount) {
        if (defining.matches(columns, featureCount)) {
            return defining;
        }
        return RecordColumns.of(columns, featureCount, featureIndex, predictionIndex);
    }

    /** Whether the file has a {@code features} struct (a shared file's {@code features} is a map). */
    boolean hasFeatures() {
        return featureFields.length > 0;
    }

    /** Whether the file has a {@code predictions} struct. */
    boolean hasPredictions() {
        return predictionFields.length > 0;
    }

    private static Map<String, Integer> index(String[] fields) {
        Map<String, Integer> m = new HashMap<>();
        for (int i = 0; i < fields.length; i++) {
            m.put(fields[i], i);
        }
        return m;
    }

    private static MessageType messageType(String[] features, String[] predictions) {
        Types.MessageTypeBuilder m = Types.buildMessage();
        m.required(INT64).as(timestampType(true, MILLIS)).named(TIMESTAMP)
                .required(BINARY).as(stringType()).named(ENDPOINT_ID)
                .optional(BINARY).as(stringType()).named(PROJECT)
                .optional(BINARY).as(stringType()).named(REQUEST_ID)
                .optional(DOUBLE).named(LATENCY);
        if (features.length > 0) {
            m.addField(doubles(FEATURES, features));
        }
        m.addField(map(Type.Repetition.REQUIRED, STRING_FEATURES, Types.required(BINARY).as(stringType()).named(VALUE)))
                .addField(map(Type.Repetition.OPTIONAL, OTHER_FEATURES, Types.optional(DOUBLE).named(VALUE)));
        if (predictions.length > 0) {
            m.addField(doubles(PREDICTIONS, predictions));
        }
        m.addField(map(Type.Repetition.REQUIRED, STRING_PREDICTIONS, Types.required(BINARY).as(stringType()).named(VALUE)))
                .addField(map(Type.Repetition.OPTIONAL, OTHER_PREDICTIONS, Types.optional(DOUBLE).named(VALUE)))
                .addField(map(Type.Repetition.OPTIONAL, LABELS, Types.required(BINARY).as(stringType()).named(VALUE)))
                .optional(BINARY).as(stringType()).named(CUSTOM_METRICS)
                .required(DOUBLE).named(ESTIMATED_PREDICTION_COUNT)
                .optional(INT32).named(EFFECTIVE_SAMPLE_COUNT);
        return m.named("MonitoredRecord");
    }

    private static MessageType sharedMessageType() {
        return Types.buildMessage()
                .required(INT64).as(timestampType(true, MILLIS)).named(TIMESTAMP)
                .required(BINARY).as(stringType()).named(ENDPOINT_ID)
                .optional(BINARY).as(stringType()).named(PROJECT)
                .optional(BINARY).as(stringType()).named(REQUEST_ID)
                .optional(DOUBLE).named(LATENCY)
                .addField(map(Type.Repetition.OPTIONAL, FEATURES, Types.optional(DOUBLE).named(VALUE)))
                .addField(map(Type.Repetition.REQUIRED, STRING_FEATURES, Types.required(BINARY).as(stringType()).named(VALUE)))
                .addField(map(Type.Repetition.OPTIONAL, PREDICTIONS, Types.optional(DOUBLE).named(VALUE)))
                .addField(map(Type.Repetition.REQUIRED, STRING_PREDICTIONS, Types.required(BINARY).as(stringType()).named(VALUE)))
                .addField(map(Type.Repetition.OPTIONAL, LABELS, Types.required(BINARY).as(stringType()).named(VALUE)))
                .optional(BINARY).as(stringType()).named(CUSTOM_METRICS)
                .required(DOUBLE).named(ESTIMATED_PREDICTION_COUNT)
                .optional(INT32).named(EFFECTIVE_SAMPLE_COUNT)
                .named("MonitoredRecord");
    }

    /** A struct of optional doubles, one per name (names are unique: see {@link RecordColumns#SHADOWED}). */
    private static GroupType doubles(String name, String[] fields) {
        Types.GroupBuilder<GroupType> g = Types.requiredGroup();
        for (String field : fields) {
            g.optional(DOUBLE).named(field);
        }
        return g.named(name);
    }

    /** {@code map<string, value>}: a MAP group around a repeated {@code key_value} group. */
    private static GroupType map(Type.Repetition repetition, String name, Type value) {
        return Types.buildGroup(repetition).as(LogicalTypeAnnotation.mapType())
                .repeatedGroup().required(BINARY).as(stringType()).named(KEY).addField(value).named(KEY_VALUE)
                .named(name);
    }
}
