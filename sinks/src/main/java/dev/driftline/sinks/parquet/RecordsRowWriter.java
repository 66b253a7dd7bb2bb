package dev.driftline.sinks.parquet;

import static dev.driftline.sinks.parquet.RecordsFileSchema.KEY;
import static dev.driftline.sinks.parquet.RecordsFileSchema.KEY_VALUE;
import static dev.driftline.sinks.parquet.RecordsFileSchema.VALUE;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.driftline.functions.model.MonitoredRecord;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import org.apache.parquet.column.ColumnDescriptor;
import org.apache.parquet.column.ColumnWriteStore;
import org.apache.parquet.column.ColumnWriter;
import org.apache.parquet.io.api.Binary;
import org.apache.parquet.schema.MessageType;

/**
 * Writes {@link MonitoredRecord}s straight into the column writers of a {@link RecordsFileSchema}: no intermediate
 * record, no per-row maps, and no record-assembly layer either — each leaf column gets its value (or null) with the
 * repetition and definition levels this schema gives it, which is what Parquet's own record consumer
 * ({@code MessageColumnIO}) would compute per field, start and end of every group. Measured on rows of 20 numbers
 * and 2 strings, that layer was a quarter of the writer's time.
 *
 * <p>A value goes to its struct field when it is a finite number; to {@code string_features} /
 * {@code string_predictions} when it was a string; to {@code other_features} / {@code other_predictions} when the
 * file's struct has no field of that name (the definition changed within the file; a NaN is kept there as a null
 * value, so the column's presence is not lost either). NaN and infinities are null; a null {@code endpointId} is
 * written as the empty string (the column is required: it is the partition key).
 *
 * <p>A shared file's structs hold the columns of many endpoints, and a null field is either a null value of the
 * endpoint's column or another endpoint's column. So its footer says which columns are whose: key-value metadata
 * {@value ParquetSinks#ENDPOINT_COLUMNS_METADATA}, JSON {@code {"definitions": [{"features": [names], "predictions":
 * [names]}, ...], "endpoints": {"<endpoint id>": [definition indexes]}}}.
 */
final class RecordsRowWriter {
    private final RecordsFileSchema schema;
    private final MessageType type;
    /** The layout of the last record's definition: consecutive records of one endpoint share it. */
    private RecordColumns layout;
    /** Layouts of the definitions seen in this file (a shared file holds many endpoints), bounded. */
    private final Map<Object, RecordColumns> layouts = new HashMap<>();
    private static final int MAX_LAYOUTS = 4096;
    /** String values with their bytes ({@link #stringValue}), bounded. */
    private final Map<String, Binary> stringValues = new HashMap<>();
    private static final int MAX_STRING_VALUES = 1024;
    /** Longer string values are not kept ({@link #stringValue}): at most about 1024 × 64 characters per file. */
    private static final int MAX_KEPT_STRING_LENGTH = 64;
    private static final ObjectMapper JSON = new ObjectMapper();
    /** Shared files: the definitions seen, and which of them each endpoint's rows had (for the footer). */
    private final Map<Object, Integer> definitionIndex = new HashMap<>();
    /**
     * The same by the column-name array itself: enrichment shares one array per definition and row shape (so one
     * feature count), and no names are hashed. Bounded like the file: it lives as long as one part file.
     */
    private final Map<String[], Integer> definitionIndexByArray = new java.util.IdentityHashMap<>();
    /** Per definition, its distinct feature names and prediction names (only what the footer needs). */
    private final List<String[][]> definitions = new ArrayList<>();
    private final Map<String, Set<Integer>> endpointDefinitions = new LinkedHashMap<>();
    private String notedEndpoint;
    private String endpointText;
    private Binary endpointBinary;
    private String projectText;
    private Binary projectBinary;
    private RecordColumns notedLayout;

    // The leaf columns of the current row group (a new column store per row group).
    private ColumnWriter timestamp;
    private ColumnWriter endpointId;
    private Leaf project;
    private Leaf requestId;
    private Leaf latency;
    private Leaf[] features;
    private MapColumn stringFeatures;
    private MapColumn otherFeatures;
    private Leaf[] predictions;
    private MapColumn stringPredictions;
    private MapColumn otherPredictions;
    private MapColumn labels;
    private Leaf customMetrics;
    private ColumnWriter estimatedPredictionCount;
    private Leaf effectiveSampleCount;
    /** Per struct field, the number of the last row that wrote it (so the others get their null without a reset). */
    private final long[] featureWritten;
    private final long[] predictionWritten;
    private long row;

    RecordsRowWriter(RecordsFileSchema schema) {
        this.schema = schema;
        this.type = schema.type;
        this.layout = schema.defining;
        this.featureWritten = new long[schema.featureFields.length];
        this.predictionWritten = new long[schema.predictionFields.length];
        java.util.Arrays.fill(featureWritten, -1);
        java.util.Arrays.fill(predictionWritten, -1);
    }

    /** Takes the column writers of a new row group's store. */
    void startRowGroup(ColumnWriteStore store) {
        timestamp = store.getColumnWriter(column(RecordsFileSchema.TIMESTAMP));
        endpointId = store.getColumnWriter(column(RecordsFileSchema.ENDPOINT_ID));
        project = new Leaf(store, column(RecordsFileSchema.PROJECT));
        requestId = new Leaf(store, column(RecordsFileSchema.REQUEST_ID));
        latency = new Leaf(store, column(RecordsFileSchema.LATENCY));
        features = fields(store, RecordsFileSchema.FEATURES, schema.featureFields);
        stringFeatures = new MapColumn(store, type, RecordsFileSchema.STRING_FEATURES);
        otherFeatures = new MapColumn(store, type, RecordsFileSchema.OTHER_FEATURES);
        predictions = fields(store, RecordsFileSchema.PREDICTIONS, schema.predictionFields);
        stringPredictions = new MapColumn(store, type, RecordsFileSchema.STRING_PREDICTIONS);
        otherPredictions = new MapColumn(store, type, RecordsFileSchema.OTHER_PREDICTIONS);
        labels = new MapColumn(store, type, RecordsFileSchema.LABELS);
        customMetrics = new Leaf(store, column(RecordsFileSchema.CUSTOM_METRICS));
        estimatedPredictionCount = store.getColumnWriter(column(RecordsFileSchema.ESTIMATED_PREDICTION_COUNT));
        effectiveSampleCount = new Leaf(store, column(RecordsFileSchema.EFFECTIVE_SAMPLE_COUNT));
    }

    private ColumnDescriptor column(String... path) {
        return type.getColumnDescription(path);
    }

    private Leaf[] fields(ColumnWriteStore store, String struct, String[] names) {
        Leaf[] out = new Leaf[names.length];
        for (int i = 0; i < names.length; i++) {
            out[i] = new Leaf(store, column(struct, names[i]));
        }
        return out;
    }

    /** Writes one row: every leaf column gets exactly one value or null (maps: one per entry, or one null). */
    void write(MonitoredRecord r) {
        RecordColumns c = layout;
        if (!c.matches(r.columns, r.featureCount)) {
            c = layout = layoutOf(r.columns, r.featureCount);
        }
        if (schema.shared && (c != notedLayout || !Objects.equals(r.endpointId, notedEndpoint))) {
            note(r, c); // rows come grouped by endpoint: once per endpoint and definition
        }
        timestamp.write(r.timestamp, 0, 0);
        if (!Objects.equals(r.endpointId, endpointText) || endpointBinary == null) {
            endpointText = r.endpointId; // rows come grouped by endpoint: its bytes are encoded once per run
            endpointBinary = Binary.fromString(r.endpointId != null ? r.endpointId : "");
        }
        endpointId.write(endpointBinary, 0, 0);
        if (r.project != null && !r.project.equals(projectText)) {
            projectText = r.project; // one project per endpoint, usually one per file
            projectBinary = Binary.fromString(r.project);
        }
        project.write(r.project != null ? projectBinary : null);
        requestId.write(r.requestId);
        latency.write(r.latencyMicros);

        if (features.length > 0) {
            struct(features, featureWritten, r, c, 0, c.featureCount);
        }
        strings(stringFeatures, r, c, 0, c.featureCount);
        overflow(otherFeatures, c.featureOverflow, r, c, 0, c.featureCount);
        if (predictions.length > 0) {
            struct(predictions, predictionWritten, r, c, c.featureCount, c.size);
        }
        strings(stringPredictions, r, c, c.featureCount, c.size);
        overflow(otherPredictions, c.predictionOverflow, r, c, c.featureCount, c.size);
        labels(r.labels);

        customMetrics.write(r.customMetrics);
        estimatedPredictionCount.write(Double.isFinite(r.estimatedPredictionCount) ? r.estimatedPredictionCount : 0.0, 0, 0);
        if (r.effectiveSampleCount >= 0) {
            effectiveSampleCount.write(r.effectiveSampleCount);
        } else {
            effectiveSampleCount.writeNull();
        }
        row++;
    }

    private void note(MonitoredRecord r, RecordColumns c) {
        notedEndpoint = r.endpointId;
        notedLayout = c;
        Integer index = definitionIndexByArray.get(r.columns);
        if (index == null) {
            Object key = RecordColumns.key(r.columns, r.featureCount);
            index = definitionIndex.get(key);
            if (index == null) {
                index = definitions.size();
                definitions.add(names(c));
                definitionIndex.put(key, index);
            }
            if (r.columns != null) {
                definitionIndexByArray.put(r.columns, index);
            }
        }
        endpointDefinitions.computeIfAbsent(r.endpointId != null ? r.endpointId : "", k -> new LinkedHashSet<>())
                .add(index);
    }

    /** The file's key-value metadata: for a shared file, whose columns are whose. */
    Map<String, String> footer() {
        if (!schema.shared) {
            return Map.of();
        }
        ObjectNode root = JSON.createObjectNode();
        ArrayNode defs = root.putArray("definitions");
        for (String[][] names : definitions) {
            ObjectNode d = defs.addObject();
            ArrayNode features = d.putArray("features");
            ArrayNode predictions = d.putArray("predictions");
            for (String name : names[0]) {
                features.add(name);
            }
            for (String name : names[1]) {
                predictions.add(name);
            }
        }
        ObjectNode endpoints = root.putObject("endpoints");
        for (Map.Entry<String, Set<Integer>> e : endpointDefinitions.entrySet()) {
            ArrayNode indexes = endpoints.putArray(e.getKey());
            e.getValue().forEach(indexes::add);
        }
        return Map.of(ParquetSinks.ENDPOINT_COLUMNS_METADATA, root.toString());
    }

    /** A definition's distinct feature names and prediction names, in column order. */
    private static String[][] names(RecordColumns c) {
        Set<String> features = new LinkedHashSet<>();
        Set<String> predictions = new LinkedHashSet<>();
        for (int i = 0; i < c.size; i++) {
            (i < c.featureCount ? features : predictions).add(c.names[i]);
        }
        return new String[][] {features.toArray(String[]::new), predictions.toArray(String[]::new)};
    }

    private RecordColumns layoutOf(String[] columns, int featureCount) {
        Object key = RecordColumns.key(columns, featureCount);
        RecordColumns c = layouts.get(key);
        if (c == null) {
            if (layouts.size() >= MAX_LAYOUTS) {
                layouts.clear();
            }
            c = schema.layout(columns, featureCount);
            layouts.put(key, c);
        }
        return c;
    }

    /**
     * The finite numbers of columns {@code [from, to)} that have a field of the struct; every other field of the
     * struct is null in this row.
     */
    private void struct(Leaf[] fields, long[] written, MonitoredRecord r, RecordColumns c, int from, int to) {
        for (int i = from; i < to; i++) {
            int slot = c.slots[i];
            if (slot >= 0 && text(r, i) == null) {
                double v = number(r, i);
                if (Double.isFinite(v)) {
                    fields[slot].write(v);
                    written[slot] = row;
                }
            }
        }
        for (int slot = 0; slot < fields.length; slot++) {
            if (written[slot] != row) {
                fields[slot].writeNull();
            }
        }
    }

    /** The string values of columns {@code [from, to)}; the map is required, so it is written even when empty. */
    private void strings(MapColumn map, MonitoredRecord r, RecordColumns c, int from, int to) {
        map.begin();
        for (int i = from; i < to; i++) {
            String text = text(r, i);
            if (text != null && c.slots[i] != RecordColumns.SHADOWED) {
                map.entry(c.keys[i], stringValue(text));
            }
        }
        map.end();
    }

    /**
     * A string feature's or prediction's value as Parquet bytes. String columns are mostly categories, a few distinct
     * values repeated on every row: their bytes are encoded once per file (bounded), instead of a UTF-8 copy and a
     * buffer per value (about a sixth of the writer's time, with two categories per row).
     */
    private Binary stringValue(String text) {
        if (text.length() > MAX_KEPT_STRING_LENGTH) {
            return Binary.fromString(text); // free text, not a category: not kept
        }
        Binary b = stringValues.get(text);
        if (b == null) {
            if (stringValues.size() >= MAX_STRING_VALUES) {
                stringValues.clear(); // free text rather than categories: keep the bound
            }
            b = Binary.fromString(text);
            stringValues.put(text, b);
        }
        return b;
    }

    /**
     * The numbers (NaN as null) of columns {@code [from, to)} that the file's struct has no field for; the map is
     * null rather than empty when there are none (also when every such column held a string this time).
     */
    private void overflow(MapColumn map, boolean any, MonitoredRecord r, RecordColumns c, int from, int to) {
        map.begin();
        if (any) {
            for (int i = from; i < to; i++) {
                if (c.slots[i] == RecordColumns.OVERFLOW && text(r, i) == null) {
                    map.entry(c.keys[i], number(r, i));
                }
            }
        }
        map.endOrNull();
    }

    /** Labels without null keys or values (neither can be null in the map); a record without labels has none. */
    private void labels(Map<String, String> m) {
        if (m == null) {
            labels.writeNullMap();
            return;
        }
        labels.begin();
        for (Map.Entry<String, String> e : m.entrySet()) {
            if (e.getKey() != null && e.getValue() != null) {
                labels.entry(Binary.fromString(e.getKey()), Binary.fromString(e.getValue()));
            }
        }
        labels.end();
    }

    private static String text(MonitoredRecord r, int i) {
        return r.texts != null && i < r.texts.length ? r.texts[i] : null;
    }

    private static double number(MonitoredRecord r, int i) {
        return r.numbers != null && i < r.numbers.length ? r.numbers[i] : Double.NaN;
    }

    /**
     * An optional leaf that is not repeated (top-level fields, struct fields): a value at the column's maximum
     * definition level, a null one below it.
     */
    private static final class Leaf {
        private final ColumnWriter writer;
        private final int defined;

        Leaf(ColumnWriteStore store, ColumnDescriptor column) {
            this.writer = store.getColumnWriter(column);
            this.defined = column.getMaxDefinitionLevel();
        }

        void write(double v) {
            if (Double.isFinite(v)) {
                writer.write(v, 0, defined);
            } else {
                writer.writeNull(0, defined - 1);
            }
        }

        void write(int v) {
            writer.write(v, 0, defined);
        }

        void write(Binary v) {
            if (v != null) {
                writer.write(v, 0, defined);
            } else {
                writer.writeNull(0, defined - 1);
            }
        }

        void write(String v) {
            write(v == null ? null : Binary.fromString(v));
        }

        void writeNull() {
            writer.writeNull(0, defined - 1);
        }
    }

    /**
     * A {@code map<string, value>} column (a MAP group around a repeated {@code key_value} group): its key and value
     * leaves. The first entry of a row starts the record (repetition level 0), the others repeat {@code key_value};
     * an empty map writes one null at the level of the map group, a null map one level below (optional maps only).
     */
    private static final class MapColumn {
        private final ColumnWriter key;
        private final ColumnWriter value;
        /** Definition level of a present entry's key (the key is required: also its maximum). */
        private final int entry;
        private final int valueDefined;
        private final int repeated;
        private int entries;

        MapColumn(ColumnWriteStore store, MessageType type, String name) {
            ColumnDescriptor k = type.getColumnDescription(new String[] {name, KEY_VALUE, KEY});
            ColumnDescriptor v = type.getColumnDescription(new String[] {name, KEY_VALUE, VALUE});
            this.key = store.getColumnWriter(k);
            this.value = store.getColumnWriter(v);
            this.entry = k.getMaxDefinitionLevel();
            this.valueDefined = v.getMaxDefinitionLevel();
            this.repeated = k.getMaxRepetitionLevel();
        }

        void begin() {
            entries = 0;
        }

        private int nextRepetition() {
            return entries++ == 0 ? 0 : repeated;
        }

        void entry(Binary k, Binary v) {
            int r = nextRepetition();
            key.write(k, r, entry);
            value.write(v, r, valueDefined); // string values are never null here
        }

        void entry(Binary k, double v) {
            int r = nextRepetition();
            key.write(k, r, entry);
            if (Double.isFinite(v)) {
                value.write(v, r, valueDefined);
            } else {
                value.writeNull(r, valueDefined - 1);
            }
        }

        /** Ends a present map: one null entry when it has none. */
        void end() {
            if (entries == 0) {
                key.writeNull(0, entry - 1);
                value.writeNull(0, entry - 1);
            }
        }

        /** Ends an optional map that is null when it has no entries. */
        void endOrNull() {
            if (entries == 0) {
                writeNullMap();
            }
        }

        /** A null map: optional maps only (a required map's entries are at level 1, and it has no null). */
        void writeNullMap() {
            key.writeNull(0, entry - 2);
            value.writeNull(0, entry - 2);
        }
    }
}
