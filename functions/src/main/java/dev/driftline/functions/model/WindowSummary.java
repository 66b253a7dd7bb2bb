package dev.driftline.functions.model;

import dev.driftline.apps.stats.FeatureWindowStats;
import java.util.LinkedHashMap;
import java.util.Map;

/** What one endpoint's window holds when it closes: counts, timing and per-column statistics. */
public class WindowSummary {
    public String endpointId;
    public String project;
    /** Window bounds, epoch ms, [start, end). */
    public long windowStart;
    public long windowEnd;
    public long recordCount;
    public long firstRequest;
    public long lastRequest;
    /** Mean of {@code microsec} over the records that had it; NaN when none did. */
    public double latencyAvgMicros;
    public double estimatedPredictionCount;
    public String[] columns;
    public int featureCount;
    public FeatureWindowStats[] stats;
    public long definitionVersion;

    public WindowSummary() {}

    /** Column name → statistics, in column order. */
    public Map<String, FeatureWindowStats> statsByName() {
        Map<String, FeatureWindowStats> m = new LinkedHashMap<>();
        if (columns != null) {
            for (int i = 0; i < columns.length && i < stats.length; i++) {
                if (stats[i] != null) {
                    m.put(columns[i], stats[i]);
                }
            }
        }
        return m;
    }
}
