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
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
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
 * <p><b>Shared</b> ({@link #union}, layout {@link RecordsLayout#HOUR}): a part file holds the rows of many endpoints,
 * so its structs have one field per column name of the definitions in the file's first batch of rows (the union, in
 * order of appearance, at most {@link #MAX_UNION_FIELDS} per struct, none differing from another only in case); an
 * endpoint's row leaves the fields of other endpoints' columns null. Endpoints of one model share their names, so the union is usually one definition's.
 *
 * <p>The other fields are those of the former Avro schema, same names and types: {@code timestamp}
 * (TIMESTAMP(MILLIS, UTC)), {@code endpoint_id}, {@code project}, {@code request_id}, {@code latency_microsec},
 * {@code string_features}/{@code string_predictions} (map&lt;string, string&gt;: values that were strings),
 * {@code labels}, {@code custom_metrics}, {@code estimated_prediction_count}, {@code effective_sample_count}; plus
 * {@code other_features}/{@code other_predictions} (optional map&lt;string, double&gt;), which keep the numbers of
 * columns the file's structs lack: the definition changed within the file, or (shared files) an endpoint whose first
 * rows came after the first batch, a name beyond the union's cap or differing from a chosen one only in case.
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
    /** In a shared file, numbers outside the structs are less rare: the overflow maps' keys get a dictionary too. */
    static final List<String> SHARED_DICTIONARY_COLUMNS = List.of(
            OTHER_FEATURES + "." + KEY_VALUE + "." + KEY, OTHER_PREDICTIONS + "." + KEY_VALUE + "." + KEY);
    /**
     * Struct fields of a shared file at most, per struct: each field is a column chunk with its own buffers while
     * the file is open; names beyond go to the {@code other_*} maps.
     */
    static final int MAX_UNION_FIELDS = 256;

    final MessageType type;
    /** A shared file (many endpoints, structs of the union of their names). */
    final boolean shared;
    /** The layout of the definition the file starts with (the fast path of {@link #layout}). */
    final RecordColumns defining;
    final String[] featureFields;
    final String[] predictionFields;
    private final Map<String, Integer> featureIndex;
    private final Map<String, Integer> predictionIndex;

    private RecordsFileSchema(String[] featureFields, String[] predictionFields, String[] firstColumns,
                              int firstFeatureCount, boolean shared) {
        this.shared = shared;
        this.featureFields = featureFields;
        this.predictionFields = predictionFields;
        this.featureIndex = index(featureFields);
        this.predictionIndex = index(predictionFields);
        this.defining = RecordColumns.of(firstColumns, firstFeatureCount, featureIndex, predictionIndex);
        this.type = messageType(featureFields, predictionFields);
    }

    /** The schema of a file whose first record is {@code first}; null (a file without records) has no structs. */
    static RecordsFileSchema of(MonitoredRecord first) {
        RecordColumns d = first == null ? RecordColumns.defining(null, 0)
                : RecordColumns.defining(first.columns, first.featureCount);
        return new RecordsFileSchema(firstOfEachCase(d.fieldNames(false)), firstOfEachCase(d.fieldNames(true)),
                first == null ? null : first.columns, first == null ? 0 : first.featureCount, false);
    }

    /**
     * The names, less those that differ from an earlier one only in case: readers that match struct fields
     * case-insensitively (DuckDB, Spark by default) cannot tell them apart. Their values go to the overflow map.
     */
    private static String[] firstOfEachCase(String[] names) {
        Set<String> folded = new HashSet<>();
        return java.util.Arrays.stream(names).filter(n -> folded.add(n.toLowerCase(java.util.Locale.ROOT)))
                .toArray(String[]::new);
    }

    /** The schema of a file of many endpoints whose first rows are {@code rows}: structs of the union of their names. */
    static RecordsFileSchema union(List<MonitoredRecord> rows) {
        Set<String> features = new LinkedHashSet<>();
        Set<String> predictions = new LinkedHashSet<>();
        // Readers that match struct fields case-insensitively (DuckDB, Spark by default) would confuse "Age" of one
        // endpoint with "age" of another: the later one goes to the overflow map instead.
        Set<String> featuresFolded = new HashSet<>();
        Set<String> predictionsFolded = new HashSet<>();
        Set<Object> seen = new HashSet<>();
        String[] last = null;
        for (MonitoredRecord r : rows) {
            if (r.columns == last || !seen.add(RecordColumns.key(r.columns, r.featureCount))) {
                continue;
            }
            last = r.columns;
            RecordColumns c = RecordColumns.of(r.columns, r.featureCount, Map.of(), Map.of());
            for (int i = 0; i < c.size; i++) {
                boolean feature = i < c.featureCount;
                Set<String> group = feature ? features : predictions;
                if (c.slots[i] == RecordColumns.SHADOWED || group.size() >= MAX_UNION_FIELDS
                        || group.contains(c.names[i])) {
                    continue;
                }
                if ((feature ? featuresFolded : predictionsFolded).add(c.names[i].toLowerCase(java.util.Locale.ROOT))) {
                    group.add(c.names[i]);
                }
            }
        }
        MonitoredRecord first = rows.isEmpty() ? null : rows.get(0);
        return new RecordsFileSchema(features.toArray(String[]::new), predictions.toArray(String[]::new),
                first == null ? null : first.columns, first == null ? 0 : first.featureCount, true);
    }

    /** Where the columns of a record go in this file. */
    RecordColumns layout(String[] columns, int featureCount) {
        if (defining.matches(columns, featureCount)) {
            return defining;
        }
        return RecordColumns.of(columns, featureCount, featureIndex, predictionIndex);
    }

    /** Whether the file has a {@code features} struct. */
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
