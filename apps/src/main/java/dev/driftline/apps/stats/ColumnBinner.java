package dev.driftline.apps.stats;

import java.io.Serializable;
import java.util.List;
import java.util.Map;

/**
 * Bins values of a fixed list of columns on their references' padded edges. Built once per endpoint definition so
 * that each value is binned once, where it is decoded, and the same code serves the job and the command line.
 */
public final class ColumnBinner implements Serializable {
    private static final long serialVersionUID = 1L;

    private final Binning binning;
    /** Per column: the 23 padded edges, or null when the column has no numeric reference. */
    private final double[][] paddedEdges;
    /** Per column: training bins per unit of value, where the search for a value's bin starts; 0: bisect. */
    private final double[] bandsPerUnit;

    public ColumnBinner(List<String> columns, Map<String, FeatureReference> reference, Binning binning) {
        this.binning = binning;
        this.paddedEdges = new double[columns.size()][];
        this.bandsPerUnit = new double[columns.size()];
        for (int i = 0; i < columns.size(); i++) {
            FeatureReference ref = reference == null ? null : reference.get(columns.get(i));
            if (ref != null && ref.hasHistogram() && !ref.isCategorical()) {
                double[] padded = Binning.padEdges(ref.edges());
                paddedEdges[i] = padded;
                int bins = padded.length - 3;
                double span = padded[padded.length - 2] - padded[1];
                double perUnit = bins / span;
                bandsPerUnit[i] = bins > 0 && span > 0 && Double.isFinite(perUnit) ? perUnit : 0;
            }
        }
    }

    public int columns() {
        return paddedEdges.length;
    }

    /** Histogram cells for column {@code i}: 22 with a numeric reference, else 0 (no histogram is kept). */
    public int binsOf(int column) {
        return column < paddedEdges.length && paddedEdges[column] != null ? paddedEdges[column].length - 1 : 0;
    }

    /** The bin of {@code value} in column {@code i}, or -1 (null, no reference, or not counted). */
    public int bin(int column, double value) {
        if (column >= paddedEdges.length || paddedEdges[column] == null) {
            return -1;
        }
        return binning.binOf(value, paddedEdges[column], bandsPerUnit[column]);
    }

    public double[] paddedEdges(int column) {
        return column < paddedEdges.length ? paddedEdges[column] : null;
    }

    /** Empty window statistics for column {@code i}, with a histogram when the column has a numeric reference. */
    public FeatureWindowStats newStats(int column) {
        int bins = binsOf(column);
        return bins > 0 ? FeatureWindowStats.withHistogram(bins) : new FeatureWindowStats();
    }

    public Binning binning() {
        return binning;
    }
}
