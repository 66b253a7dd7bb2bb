package dev.driftline.sinks.parquet;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import org.apache.parquet.io.api.Binary;

/**
 * Where each column of one endpoint definition ({@code MonitoredRecord.columns} with its feature count) goes in a
 * records file: the index of its field in the file's {@code features} or {@code predictions} struct, or
 * {@link #OVERFLOW} when the file's schema has no such field (the definition changed within the hour; the value goes to
 * {@code other_features}/{@code other_predictions}), or {@link #SHADOWED}.
 *
 * <p>Built once per definition and reused while records keep the same {@code columns} array (or an equal one: records
 * are copied between chained operators, names and all), so a row costs no name lookups.
 */
final class RecordColumns {
    static final int OVERFLOW = -1;
    /**
     * A later column of the same group has the same name: only the last is written, as the former maps kept the last
     * value put under a name. Parquet fields and map keys must be unique.
     */
    static final int SHADOWED = -2;

    private final String[] columns;
    private final int declaredFeatureCount;
    /** Input features are {@code [0, featureCount)}, predictions {@code [featureCount, size)}. */
    final int featureCount;
    final int size;
    /** Per column: its name in the file (a null name is {@code f<i>} or {@code p<i>}). */
    final String[] names;
    /** Per column: its name as a map key, encoded once. */
    final Binary[] keys;
    /** Per column: the struct field index, {@link #OVERFLOW} or {@link #SHADOWED}. */
    final int[] slots;
    final boolean featureOverflow;
    final boolean predictionOverflow;

    private RecordColumns(String[] columns, int declaredFeatureCount, Map<String, Integer> featureFields,
                          Map<String, Integer> predictionFields) {
        this.columns = columns;
        this.declaredFeatureCount = declaredFeatureCount;
        this.size = columns == null ? 0 : columns.length;
        this.featureCount = Math.max(0, Math.min(declaredFeatureCount, size));
        this.names = new String[size];
        this.keys = new Binary[size];
        this.slots = new int[size];
        for (int i = 0; i < size; i++) {
            names[i] = name(columns, i, featureCount);
            keys[i] = Binary.fromConstantByteArray(names[i].getBytes(StandardCharsets.UTF_8));
        }
        boolean featureOverflow = false;
        boolean predictionOverflow = false;
        for (int i = 0; i < size; i++) {
            boolean feature = i < featureCount;
            if (shadowed(i, feature ? featureCount : size)) {
                slots[i] = SHADOWED;
                continue;
            }
            Integer field = (feature ? featureFields : predictionFields).get(names[i]);
            slots[i] = field != null ? field : OVERFLOW;
            if (field == null) {
                featureOverflow |= feature;
                predictionOverflow |= !feature;
            }
        }
        this.featureOverflow = featureOverflow;
        this.predictionOverflow = predictionOverflow;
    }

    /** The layout of a definition against a file's struct fields (name → field index). */
    static RecordColumns of(String[] columns, int featureCount, Map<String, Integer> featureFields,
                            Map<String, Integer> predictionFields) {
        return new RecordColumns(columns, featureCount, featureFields, predictionFields);
    }

    /** The layout of a definition in a file whose structs were derived from it: every column has its own field. */
    static RecordColumns defining(String[] columns, int featureCount) {
        RecordColumns unplaced = new RecordColumns(columns, featureCount, Map.of(), Map.of());
        Map<String, Integer> features = new HashMap<>();
        Map<String, Integer> predictions = new HashMap<>();
        for (int i = 0; i < unplaced.size; i++) {
            if (unplaced.slots[i] != SHADOWED) {
                Map<String, Integer> group = i < unplaced.featureCount ? features : predictions;
                group.put(unplaced.names[i], group.size());
            }
        }
        return new RecordColumns(columns, featureCount, features, predictions);
    }

    /** A definition's identity by value (column names and feature count), for hash maps and sets. */
    static Object key(String[] columns, int featureCount) {
        return new Key(columns == null ? null : Arrays.asList(columns), featureCount);
    }

    private record Key(java.util.List<String> columns, int featureCount) {}

    /** Whether records with these columns share this layout: the same array (the common case) or equal names. */
    boolean matches(String[] otherColumns, int otherFeatureCount) {
        return otherFeatureCount == declaredFeatureCount
                && (otherColumns == columns || Arrays.equals(otherColumns, columns));
    }

    /** The struct field names of the features ({@code from = 0}) or predictions, in field order. */
    String[] fieldNames(boolean predictions) {
        int from = predictions ? featureCount : 0;
        int to = predictions ? size : featureCount;
        String[] out = new String[to - from];
        int n = 0;
        for (int i = from; i < to; i++) {
            if (slots[i] >= 0) {
                out[slots[i]] = names[i];
                n = Math.max(n, slots[i] + 1);
            }
        }
        return Arrays.copyOf(out, n);
    }

    /** A column's name; an unnamed one is {@code f<i>} (inputs) or {@code p<i>} (predictions, counted from 0). */
    static String name(String[] columns, int i, int featureCount) {
        String name = columns[i];
        if (name != null) {
            return name;
        }
        return i < featureCount ? "f" + i : "p" + (i - featureCount);
    }

    private boolean shadowed(int i, int groupEnd) {
        for (int j = i + 1; j < groupEnd; j++) {
            if (names[j].equals(names[i])) {
                return true;
            }
        }
        return false;
    }
}
