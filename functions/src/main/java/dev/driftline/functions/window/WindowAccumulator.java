package dev.driftline.functions.window;

import dev.driftline.apps.stats.FeatureWindowStats;
import dev.driftline.functions.model.MonitoredRecord;

/**
 * Running statistics of one endpoint's window. Its size depends on the number of columns only (22 histogram cells
 * and bounded categories per column), never on the number of records.
 */
public class WindowAccumulator {
    public String endpointId;
    public String project;
    public long definitionVersion;
    public String[] columns;
    public int featureCount;
    public FeatureWindowStats[] stats;
    public long records;
    public long firstRequest = Long.MAX_VALUE;
    public long lastRequest = Long.MIN_VALUE;
    public double latencySum;
    public long latencyCount;
    public double estimatedPredictions;

    public WindowAccumulator() {}

    public void add(MonitoredRecord r) {
        if (endpointId == null) {
            endpointId = r.endpointId;
            project = r.project;
        }
        if (stats == null || r.definitionVersion != definitionVersion || r.columns.length > columns.length) {
            adopt(r);
        }
        records++;
        firstRequest = Math.min(firstRequest, r.timestamp);
        lastRequest = Math.max(lastRequest, r.timestamp);
        if (!Double.isNaN(r.latencyMicros)) {
            latencySum += r.latencyMicros;
            latencyCount++;
        }
        estimatedPredictions += r.estimatedPredictionCount;
        for (int i = 0; i < r.numbers.length; i++) {
            FeatureWindowStats s = stats[i];
            if (s == null) {
                s = stats[i] = r.bins[i] == MonitoredRecord.NO_HISTOGRAM
                        ? new FeatureWindowStats()
                        : FeatureWindowStats.withHistogram(dev.driftline.apps.stats.Binning.PADDED_BINS);
            }
            if (r.texts[i] != null) {
                s.addText(r.texts[i]);
            } else {
                s.addNumber(r.numbers[i], r.bins[i]);
            }
        }
    }

    /**
     * Takes the record's column layout. A changed definition (new reference edges) mid-window restarts the column
     * statistics: counts binned on different edges cannot be added up. A wider row only extends the columns.
     */
    private void adopt(MonitoredRecord r) {
        boolean sameDefinition = stats != null && r.definitionVersion == definitionVersion;
        FeatureWindowStats[] next = new FeatureWindowStats[r.columns.length];
        if (sameDefinition) {
            System.arraycopy(stats, 0, next, 0, stats.length);
        }
        stats = next;
        columns = r.columns;
        featureCount = r.featureCount;
        definitionVersion = r.definitionVersion;
    }

    public void merge(WindowAccumulator other) {
        if (other.stats == null) {
            return;
        }
        if (stats == null || other.definitionVersion != definitionVersion) {
            if (stats == null || other.records > records) {
                // Keep the layout of the bigger side; the other side's column stats were binned differently.
                endpointId = other.endpointId;
                project = other.project;
                definitionVersion = other.definitionVersion;
                columns = other.columns;
                featureCount = other.featureCount;
                stats = other.stats;
            }
        } else {
            if (other.columns.length > columns.length) {
                FeatureWindowStats[] next = new FeatureWindowStats[other.columns.length];
                System.arraycopy(stats, 0, next, 0, stats.length);
                stats = next;
                columns = other.columns;
                featureCount = other.featureCount;
            }
            for (int i = 0; i < other.stats.length; i++) {
                if (other.stats[i] == null) {
                    continue;
                }
                if (stats[i] == null) {
                    stats[i] = other.stats[i];
                } else {
                    stats[i].merge(other.stats[i]);
                }
            }
        }
        records += other.records;
        firstRequest = Math.min(firstRequest, other.firstRequest);
        lastRequest = Math.max(lastRequest, other.lastRequest);
        latencySum += other.latencySum;
        latencyCount += other.latencyCount;
        estimatedPredictions += other.estimatedPredictions;
    }
}
