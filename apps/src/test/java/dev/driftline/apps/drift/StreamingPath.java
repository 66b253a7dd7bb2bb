package dev.driftline.apps.drift;

import dev.driftline.apps.stats.Binning;
import dev.driftline.apps.stats.ColumnBinner;
import dev.driftline.apps.stats.FeatureReference;
import dev.driftline.apps.stats.FeatureWindowStats;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Window statistics built as the streaming job builds them: per record and column, bin once, then add. */
final class StreamingPath {
    private StreamingPath() {}

    /** {@code rows[r][i]} is a Double (NaN or null for a null) or a String. */
    static Map<String, FeatureWindowStats> windowStats(List<String> columns, Map<String, FeatureReference> reference,
                                                       Binning binning, Object[]... rows) {
        ColumnBinner binner = new ColumnBinner(columns, reference, binning);
        FeatureWindowStats[] stats = new FeatureWindowStats[columns.size()];
        for (int i = 0; i < stats.length; i++) {
            stats[i] = binner.newStats(i);
        }
        for (Object[] row : rows) {
            for (int i = 0; i < stats.length; i++) {
                Object v = row[i];
                if (v instanceof String s) {
                    stats[i].addText(s);
                } else {
                    double value = v == null ? Double.NaN : ((Number) v).doubleValue();
                    stats[i].addNumber(value, binner.bin(i, value));
                }
            }
        }
        Map<String, FeatureWindowStats> out = new LinkedHashMap<>();
        for (int i = 0; i < stats.length; i++) {
            out.put(columns.get(i), stats[i]);
        }
        return out;
    }

    /** One numeric column. */
    static Map<String, FeatureWindowStats> column(String name, Map<String, FeatureReference> reference, Binning binning,
                                                  double... values) {
        Object[][] rows = new Object[values.length][];
        for (int r = 0; r < values.length; r++) {
            rows[r] = new Object[] {values[r]};
        }
        return windowStats(List.of(name), reference, binning, rows);
    }
}
