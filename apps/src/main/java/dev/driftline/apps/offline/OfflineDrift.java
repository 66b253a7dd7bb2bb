package dev.driftline.apps.offline;

import dev.driftline.apps.DriftThresholds;
import dev.driftline.apps.drift.DriftCalculator;
import dev.driftline.apps.drift.DriftReport;
import dev.driftline.apps.stats.Binning;
import dev.driftline.apps.stats.ColumnBinner;
import dev.driftline.apps.stats.FeatureReference;
import dev.driftline.apps.stats.FeatureWindowStats;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Histogram data drift of one window given as a table, computed with the code the streaming job runs: a
 * {@link ColumnBinner} over the window's columns, one {@link FeatureWindowStats} per column from
 * {@link ColumnBinner#newStats(int)}, and per record and column {@code stats.addNumber(value, binner.bin(i, value))}
 * (or {@code addText} for a string), then {@link DriftCalculator#compute}.
 *
 * <p>A CSV cell has no type, so where the table's column type and the reference disagree the reference decides, as
 * the value's own JSON type would in the job: a numeric-looking column whose reference is categorical is counted as
 * text (its cells as written), and a string column whose reference is numeric has each cell that parses as a number
 * counted as a number (the others as text).
 */
public final class OfflineDrift {
    private OfflineDrift() {}

    public static DriftReport compute(Map<String, FeatureReference> reference, CsvTable window, Binning binning,
                                      DriftThresholds thresholds) {
        Map<String, FeatureReference> ref = reference == null ? Map.of() : reference;
        return DriftCalculator.compute(ref, windowStats(ref, window, binning), thresholds, binning != Binning.MLRUN_COMPATIBLE);
    }

    /** The window's statistics per column, in the table's column order. */
    public static Map<String, FeatureWindowStats> windowStats(Map<String, FeatureReference> reference, CsvTable window,
                                                              Binning binning) {
        Map<String, FeatureReference> ref = reference == null ? Map.of() : reference;
        List<String> columns = window.columns();
        int n = columns.size();
        ColumnBinner binner = new ColumnBinner(columns, ref, binning);
        FeatureWindowStats[] stats = new FeatureWindowStats[n];
        double[][] numbers = new double[n][];
        List<?>[] texts = new List<?>[n];
        boolean[] parseCells = new boolean[n];
        for (int i = 0; i < n; i++) {
            String name = columns.get(i);
            stats[i] = binner.newStats(i);
            FeatureReference r = ref.get(name);
            boolean categoricalReference = r != null && r.hasHistogram() && r.isCategorical();
            if (window.isNumeric(name) && !categoricalReference) {
                numbers[i] = window.numbers(name);
            } else {
                texts[i] = window.texts(name);
                parseCells[i] = binner.binsOf(i) > 0; // string column, numeric reference
            }
        }
        for (int row = 0; row < window.rows(); row++) {
            for (int i = 0; i < n; i++) {
                if (numbers[i] != null) {
                    double value = numbers[i][row];
                    stats[i].addNumber(value, binner.bin(i, value));
                    continue;
                }
                String text = (String) texts[i].get(row);
                Double value = parseCells[i] ? CsvTable.parseNumber(text) : null;
                if (value != null) {
                    stats[i].addNumber(value, binner.bin(i, value));
                } else {
                    stats[i].addText(text); // null → counted as a null
                }
            }
        }
        Map<String, FeatureWindowStats> out = new LinkedHashMap<>();
        for (int i = 0; i < n; i++) {
            out.put(columns.get(i), stats[i]);
        }
        return out;
    }
}
