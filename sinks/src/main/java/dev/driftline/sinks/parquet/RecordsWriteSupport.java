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
import org.apache.hadoop.conf.Configuration;
import org.apache.parquet.hadoop.api.WriteSupport;
import org.apache.parquet.io.api.Binary;
import org.apache.parquet.io.api.RecordConsumer;
import org.apache.parquet.schema.MessageType;

/**
 * Writes {@link MonitoredRecord}s straight into the columns of a {@link RecordsFileSchema}: no intermediate record, no
 * per-row maps. A value goes to its struct field when it is a finite number; to {@code string_features} /
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
final class RecordsWriteSupport extends WriteSupport<MonitoredRecord> {
    private final RecordsFileSchema schema;
    private final MessageType type;
    private final int features;
    private final int stringFeatures;
    private final int otherFeatures;
    private final int predictions;
    private final int stringPredictions;
    private final int otherPredictions;
    private final int labels;
    private RecordConsumer out;
    /** The layout of the last record's definition: consecutive records of one endpoint share it. */
    private RecordColumns layout;
    /** Layouts of the definitions seen in this file (a shared file holds many endpoints), bounded. */
    private final Map<Object, RecordColumns> layouts = new HashMap<>();
    private static final int MAX_LAYOUTS = 4096;
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
    private RecordColumns notedLayout;

    RecordsWriteSupport(RecordsFileSchema schema) {
        this.schema = schema;
        this.type = schema.type;
        this.features = schema.hasFeatures() ? type.getFieldIndex(RecordsFileSchema.FEATURES) : -1;
        this.stringFeatures = type.getFieldIndex(RecordsFileSchema.STRING_FEATURES);
        this.otherFeatures = type.getFieldIndex(RecordsFileSchema.OTHER_FEATURES);
        this.predictions = schema.hasPredictions() ? type.getFieldIndex(RecordsFileSchema.PREDICTIONS) : -1;
        this.stringPredictions = type.getFieldIndex(RecordsFileSchema.STRING_PREDICTIONS);
        this.otherPredictions = type.getFieldIndex(RecordsFileSchema.OTHER_PREDICTIONS);
        this.labels = type.getFieldIndex(RecordsFileSchema.LABELS);
        this.layout = schema.defining;
    }

    @Override
    public String getName() {
        return "driftline";
    }

    @Override
    public WriteContext init(Configuration configuration) {
        return new WriteContext(type, Map.of());
    }

    @Override
    public void prepareForWrite(RecordConsumer recordConsumer) {
        this.out = recordConsumer;
    }

    @Override
    public void write(MonitoredRecord r) {
        RecordColumns c = layout;
        if (!c.matches(r.columns, r.featureCount)) {
            c = layout = layoutOf(r.columns, r.featureCount);
        }
        if (schema.shared && (c != notedLayout || !Objects.equals(r.endpointId, notedEndpoint))) {
            note(r, c); // rows come grouped by endpoint: once per endpoint and definition
        }
        out.startMessage();
        int f = 0;
        out.startField(RecordsFileSchema.TIMESTAMP, f);
        out.addLong(r.timestamp);
        out.endField(RecordsFileSchema.TIMESTAMP, f++);
        if (!Objects.equals(r.endpointId, endpointText) || endpointBinary == null) {
            endpointText = r.endpointId; // rows come grouped by endpoint: its bytes are encoded once per run
            endpointBinary = Binary.fromString(r.endpointId != null ? r.endpointId : "");
        }
        out.startField(RecordsFileSchema.ENDPOINT_ID, f);
        out.addBinary(endpointBinary);
        out.endField(RecordsFileSchema.ENDPOINT_ID, f++);
        string(RecordsFileSchema.PROJECT, f++, r.project);
        string(RecordsFileSchema.REQUEST_ID, f++, r.requestId);
        number(RecordsFileSchema.LATENCY, f, r.latencyMicros);

        if (features >= 0) {
            struct(RecordsFileSchema.FEATURES, features, schema.featureFields, r, c, 0, c.featureCount);
        }
        strings(RecordsFileSchema.STRING_FEATURES, stringFeatures, r, c, 0, c.featureCount);
        if (c.featureOverflow) {
            overflow(RecordsFileSchema.OTHER_FEATURES, otherFeatures, r, c, 0, c.featureCount);
        }
        if (predictions >= 0) {
            struct(RecordsFileSchema.PREDICTIONS, predictions, schema.predictionFields, r, c, c.featureCount, c.size);
        }
        strings(RecordsFileSchema.STRING_PREDICTIONS, stringPredictions, r, c, c.featureCount, c.size);
        if (c.predictionOverflow) {
            overflow(RecordsFileSchema.OTHER_PREDICTIONS, otherPredictions, r, c, c.featureCount, c.size);
        }
        if (r.labels != null) {
            labels(r.labels);
        }

        f = labels + 1;
        string(RecordsFileSchema.CUSTOM_METRICS, f++, r.customMetrics);
        out.startField(RecordsFileSchema.ESTIMATED_PREDICTION_COUNT, f);
        out.addDouble(Double.isFinite(r.estimatedPredictionCount) ? r.estimatedPredictionCount : 0.0);
        out.endField(RecordsFileSchema.ESTIMATED_PREDICTION_COUNT, f++);
        if (r.effectiveSampleCount >= 0) {
            out.startField(RecordsFileSchema.EFFECTIVE_SAMPLE_COUNT, f);
            out.addInteger(r.effectiveSampleCount);
            out.endField(RecordsFileSchema.EFFECTIVE_SAMPLE_COUNT, f);
        }
        out.endMessage();
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

    @Override
    public FinalizedWriteContext finalizeWrite() {
        if (!schema.shared) {
            return super.finalizeWrite();
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
        return new FinalizedWriteContext(Map.of(ParquetSinks.ENDPOINT_COLUMNS_METADATA, root.toString()));
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

    /** The finite numbers of columns {@code [from, to)} that have a field of the struct; a field not written is null. */
    private void struct(String name, int index, String[] fields, MonitoredRecord r, RecordColumns c, int from, int to) {
        out.startField(name, index);
        out.startGroup();
        for (int i = from; i < to; i++) {
            int slot = c.slots[i];
            if (slot >= 0 && text(r, i) == null) {
                double v = number(r, i);
                if (Double.isFinite(v)) {
                    out.startField(fields[slot], slot);
                    out.addDouble(v);
                    out.endField(fields[slot], slot);
                }
            }
        }
        out.endGroup();
        out.endField(name, index);
    }

    /** The string values of columns {@code [from, to)}; the map is required, so it is written even when empty. */
    private void strings(String name, int index, MonitoredRecord r, RecordColumns c, int from, int to) {
        out.startField(name, index);
        out.startGroup();
        boolean any = false;
        for (int i = from; i < to; i++) {
            String text = text(r, i);
            if (text != null && c.slots[i] != RecordColumns.SHADOWED) {
                if (!any) {
                    out.startField(KEY_VALUE, 0);
                    any = true;
                }
                entry(c.keys[i], Binary.fromString(text));
            }
        }
        if (any) {
            out.endField(KEY_VALUE, 0);
        }
        out.endGroup();
        out.endField(name, index);
    }

    /** The numbers (NaN as null) of columns {@code [from, to)} that the file's struct has no field for. */
    private void overflow(String name, int index, MonitoredRecord r, RecordColumns c, int from, int to) {
        boolean any = false;
        for (int i = from; i < to; i++) {
            if (c.slots[i] == RecordColumns.OVERFLOW && text(r, i) == null) {
                if (!any) {
                    // null rather than empty when every such column held a string this time
                    out.startField(name, index);
                    out.startGroup();
                    out.startField(KEY_VALUE, 0);
                    any = true;
                }
                double v = number(r, i);
                out.startGroup();
                out.startField(KEY, 0);
                out.addBinary(c.keys[i]);
                out.endField(KEY, 0);
                if (Double.isFinite(v)) {
                    out.startField(VALUE, 1);
                    out.addDouble(v);
                    out.endField(VALUE, 1);
                }
                out.endGroup();
            }
        }
        if (any) {
            out.endField(KEY_VALUE, 0);
            out.endGroup();
            out.endField(name, index);
        }
    }

    /** Labels without null keys or values (neither can be null in the map). */
    private void labels(Map<String, String> m) {
        out.startField(RecordsFileSchema.LABELS, labels);
        out.startGroup();
        boolean any = false;
        for (Map.Entry<String, String> e : m.entrySet()) {
            if (e.getKey() != null && e.getValue() != null) {
                if (!any) {
                    out.startField(KEY_VALUE, 0);
                    any = true;
                }
                entry(Binary.fromString(e.getKey()), Binary.fromString(e.getValue()));
            }
        }
        if (any) {
            out.endField(KEY_VALUE, 0);
        }
        out.endGroup();
        out.endField(RecordsFileSchema.LABELS, labels);
    }

    private void entry(Binary key, Binary value) {
        out.startGroup();
        out.startField(KEY, 0);
        out.addBinary(key);
        out.endField(KEY, 0);
        out.startField(VALUE, 1);
        out.addBinary(value);
        out.endField(VALUE, 1);
        out.endGroup();
    }

    private void string(String name, int index, String v) {
        if (v != null) {
            out.startField(name, index);
            out.addBinary(Binary.fromString(v));
            out.endField(name, index);
        }
    }

    private void number(String name, int index, double v) {
        if (Double.isFinite(v)) {
            out.startField(name, index);
            out.addDouble(v);
            out.endField(name, index);
        }
    }

    private static String text(MonitoredRecord r, int i) {
        return r.texts != null && i < r.texts.length ? r.texts[i] : null;
    }

    private static double number(MonitoredRecord r, int i) {
        return r.numbers != null && i < r.numbers.length ? r.numbers[i] : Double.NaN;
    }
}
