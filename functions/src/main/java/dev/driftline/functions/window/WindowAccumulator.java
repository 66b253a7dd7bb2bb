package dev.driftline.functions.window;

import dev.driftline.apps.stats.FeatureWindowStats;
import dev.driftline.functions.model.MonitoredRecord;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Running statistics of one endpoint's window. Its size depends on the number of columns only (22 histogram cells
 * and bounded categories per column), never on the number of records.
 */
public class WindowAccumulator {
    public String endpointId;
    public String project;
    public long definitionVersion;
    /**
     * The definition's control-topic offset ({@link MonitoredRecord#definitionOffset}): partials of one window come
     * from every source subtask that saw the endpoint, in no particular order, and the later definition must win.
     * Accumulators restored from earlier versions have -1 here, which only matters against another definition.
     */
    public long definitionOffset = -1L;
    public String[] columns;
    public int featureCount;
    public FeatureWindowStats[] stats;
    public long records;
    public long firstRequest = Long.MAX_VALUE;
    public long lastRequest = Long.MIN_VALUE;
    public double latencySum;
    public long latencyCount;
    public double estimatedPredictions;

    /** The last foreign row layout seen and where its columns go (not state: rebuilt after a restore). */
    private transient String[] lastLayout;
    private transient int[] lastPositions;

    public WindowAccumulator() {}

    public void add(MonitoredRecord r) {
        if (endpointId == null) {
            endpointId = r.endpointId;
            project = r.project;
        }
        if (stats == null || r.definitionVersion != definitionVersion) {
            adopt(r);
        } else if (r.definitionOffset > definitionOffset) {
            definitionOffset = r.definitionOffset; // the same text published again: its latest place counts
        }
        int[] at = positions(r.columns, r.featureCount);
        records++;
        firstRequest = Math.min(firstRequest, r.timestamp);
        lastRequest = Math.max(lastRequest, r.timestamp);
        if (!Double.isNaN(r.latencyMicros)) {
            latencySum += r.latencyMicros;
            latencyCount++;
        }
        estimatedPredictions += r.estimatedPredictionCount;
        for (int i = 0; i < r.numbers.length; i++) {
            int k = at == null ? i : at[i];
            FeatureWindowStats s = stats[k];
            if (s == null) {
                s = stats[k] = r.bins[i] == MonitoredRecord.NO_HISTOGRAM
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
     * Whether adding {@code r} would put one of its string values into a column's "other" category (that column's
     * named categories are full and the value is not among them). The window operator merges partials, and a merge
     * cannot tell which values a partial counted as "other"; a partial is therefore handed on before it spills.
     */
    public boolean wouldSpillCategory(MonitoredRecord r) {
        if (stats == null || r.texts == null || r.definitionVersion != definitionVersion) {
            return false; // a new definition restarts the column statistics: nothing to spill into
        }
        int[] at = positions(r.columns, r.featureCount);
        for (int i = 0; i < r.texts.length; i++) {
            String text = r.texts[i];
            if (text != null) {
                FeatureWindowStats s = stats[at == null ? i : at[i]];
                if (s != null && s.categoriesFullFor(text)) {
                    return true;
                }
            }
        }
        return false;
    }

    /**
     * Takes the record's column layout. A changed definition (new reference edges) mid-window restarts the column
     * statistics: counts binned on different edges cannot be added up.
     */
    private void adopt(MonitoredRecord r) {
        stats = new FeatureWindowStats[r.columns.length];
        columns = r.columns;
        featureCount = r.featureCount;
        definitionVersion = r.definitionVersion;
        definitionOffset = r.definitionOffset;
        lastLayout = null;
    }

    /**
     * Where each of a row's columns is kept, by name: rows of one endpoint may carry fewer or more inputs than
     * others, and a column must always be counted under its own name. Null when the layout is the window's own.
     * New columns are added (features after the known features, predictions at the end).
     */
    private int[] positions(String[] names, int features) {
        if (names == columns || Arrays.equals(names, columns)) {
            return null;
        }
        if (names == lastLayout && lastPositions != null) {
            return lastPositions;
        }
        List<String> cols = new ArrayList<>(Arrays.asList(columns));
        List<FeatureWindowStats> st = new ArrayList<>(Arrays.asList(stats));
        int fc = featureCount;
        int[] at = new int[names.length];
        for (int i = 0; i < names.length; i++) {
            boolean feature = i < features;
            int found = indexOf(cols, names[i], feature ? 0 : fc, feature ? fc : cols.size());
            if (found < 0) {
                found = feature ? fc++ : cols.size();
                cols.add(found, names[i]); // features come first in a row, so no placed column moves
                st.add(found, null);
            }
            at[i] = found;
        }
        if (cols.size() != columns.length) {
            columns = cols.toArray(new String[0]);
            stats = st.toArray(new FeatureWindowStats[0]);
            featureCount = fc;
        }
        lastLayout = names;
        lastPositions = at;
        return at;
    }

    private static int indexOf(List<String> columns, String name, int from, int to) {
        for (int j = from; j < to; j++) {
            if (columns.get(j).equals(name)) {
                return j;
            }
        }
        return -1;
    }

    /**
     * Adds the records of {@code other}. Partials of one window come from several source subtasks in any order, so
     * when the two were aggregated under different endpoint definitions, the column statistics of the later definition
     * (the higher control-topic offset) are kept and the others dropped, whichever arrives first — as a record of a new
     * definition restarts them in {@link #add}. Record counts, times and latency add up either way. Partials of the
     * same definition text merge and keep the higher offset (the text may have been published again). Between two
     * definitions without an order (equal offsets: definitions without a known place, state of earlier versions) the
     * one merged last wins. A definition changed and changed back within one window, while subtasks lag behind the
     * control topic, can still keep a different set of rows depending on the order.
     */
    public void merge(WindowAccumulator other) {
        if (endpointId == null) {
            endpointId = other.endpointId;
            project = other.project;
        }
        if (other.stats != null) {
            boolean otherDefinition = stats != null && other.definitionVersion != definitionVersion;
            if (stats == null || otherDefinition && other.definitionOffset >= definitionOffset) {
                definitionVersion = other.definitionVersion;
                definitionOffset = other.definitionOffset;
                columns = other.columns;
                featureCount = other.featureCount;
                stats = other.stats;
                lastLayout = null;
            } else if (!otherDefinition) {
                definitionOffset = Math.max(definitionOffset, other.definitionOffset);
                int[] at = positions(other.columns, other.featureCount);
                for (int i = 0; i < other.stats.length; i++) {
                    if (other.stats[i] == null) {
                        continue;
                    }
                    int k = at == null ? i : at[i];
                    if (stats[k] == null) {
                        stats[k] = other.stats[i];
                    } else {
                        stats[k].merge(other.stats[i]);
                    }
                }
            } // else aggregated under an earlier definition: its statistics are dropped, its counts still add up
        }
        records += other.records;
        firstRequest = Math.min(firstRequest, other.firstRequest);
        lastRequest = Math.max(lastRequest, other.lastRequest);
        latencySum += other.latencySum;
        latencyCount += other.latencyCount;
        estimatedPredictions += other.estimatedPredictions;
    }
}
