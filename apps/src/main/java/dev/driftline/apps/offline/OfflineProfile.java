package dev.driftline.apps.offline;

import dev.driftline.apps.stats.FeatureProfiler;
import dev.driftline.apps.stats.FeatureReference;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;

/**
 * Reference {@code feature_stats} of a training table (spec §3): one entry per column, features first (in table
 * order), then the label columns (in the given order), each profiled by {@link FeatureProfiler} — numeric columns
 * as 20-bin histograms, string columns as category counts.
 */
public final class OfflineProfile {
    private OfflineProfile() {}

    /**
     * Profiles every column of {@code table}. {@code labelColumns} (may be null or empty) must all be columns of the
     * table; they are profiled like features (MLRun compares them with the prediction columns of the same name) and
     * listed last. A column with no value at all gets a reference with {@code count} 0 and no histogram, which drift
     * computation skips.
     *
     * @throws IllegalArgumentException naming a label column that is not in the table, or a numeric column holding
     *     an infinite value (numpy cannot bin it either)
     */
    public static Map<String, FeatureReference> profile(CsvTable table, List<String> labelColumns) {
        LinkedHashSet<String> labels = new LinkedHashSet<>(labelColumns == null ? List.of() : labelColumns);
        List<String> missing = new ArrayList<>();
        for (String label : labels) {
            if (label == null || !table.hasColumn(label)) {
                missing.add(label);
            }
        }
        if (!missing.isEmpty()) {
            throw new IllegalArgumentException("label column" + (missing.size() > 1 ? "s " : " ") + missing
                    + " not in the table (columns: " + table.columns() + ")");
        }
        Map<String, FeatureReference> out = new LinkedHashMap<>();
        for (String column : table.columns()) {
            if (!labels.contains(column)) {
                out.put(column, profileColumn(table, column));
            }
        }
        for (String label : labels) {
            out.put(label, profileColumn(table, label));
        }
        return out;
    }

    static FeatureReference profileColumn(CsvTable table, String column) {
        FeatureReference ref;
        if (table.isNumeric(column)) {
            double[] values = table.numbers(column);
            for (double v : values) {
                if (Double.isInfinite(v)) {
                    // numpy.histogram refuses a non-finite range too; FeatureProfiler would write NaN edges
                    throw new IllegalArgumentException("column '" + column + "' has an infinite value (" + v
                            + "): its histogram range would not be finite; drop or clip such values");
                }
            }
            ref = FeatureProfiler.numeric(values);
        } else {
            ref = FeatureProfiler.categorical(table.texts(column));
        }
        if (ref == null) {
            ref = new FeatureReference();
            ref.count = 0.0;
        }
        return ref;
    }
}
