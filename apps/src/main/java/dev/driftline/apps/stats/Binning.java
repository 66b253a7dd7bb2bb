package dev.driftline.apps.stats;

import java.util.Locale;

/**
 * How a window value is put into the reference's padded histogram (22 bins: an underflow bin, the 20 training bins,
 * an overflow bin; 23 edges {@code [-max_float, e0..e20, +max_float]}).
 *
 * <p>Both modes follow numpy's rule (every bin {@code [a, b)}, the last {@code [a, b]}). They differ only at the
 * training maximum {@code e20}: after padding it is an interior edge, so numpy puts it in the overflow bin although
 * the reference had it in real bin 20 — identical data then looks drifted. {@link #DEFAULT} keeps {@code e20} in the
 * last real bin; {@link #MLRUN_COMPATIBLE} reproduces MLRun's numbers exactly.
 */
public enum Binning {
    DEFAULT("default"),
    MLRUN_COMPATIBLE("mlrun-compatible");

    /** Bins of a padded histogram: MLRun's 20 plus one overflow bin on each side. */
    public static final int PADDED_BINS = 22;

    private final String configName;

    Binning(String configName) {
        this.configName = configName;
    }

    public String configName() {
        return configName;
    }

    public static Binning fromConfig(String name) {
        String n = name == null ? "" : name.trim().toLowerCase(Locale.ROOT).replace('_', '-');
        for (Binning b : values()) {
            if (b.configName.equals(n)) {
                return b;
            }
        }
        throw new IllegalArgumentException("unknown binning mode '" + name + "' (expected default or mlrun-compatible)");
    }

    /** The reference edges with {@code -Double.MAX_VALUE} prepended and {@code +Double.MAX_VALUE} appended. */
    public static double[] padEdges(double[] edges) {
        double[] padded = new double[edges.length + 2];
        padded[0] = -Double.MAX_VALUE;
        System.arraycopy(edges, 0, padded, 1, edges.length);
        padded[padded.length - 1] = Double.MAX_VALUE;
        return padded;
    }

    /**
     * The bin of {@code value} among the bins delimited by {@code paddedEdges}, or -1 when the value is not counted
     * (NaN; infinities in {@code mlrun-compatible} mode, which numpy leaves out of range).
     */
    public int binOf(double value, double[] paddedEdges) {
        return binOf(value, paddedEdges, 0);
    }

    /**
     * As {@link #binOf(double, double[])}; with {@code bandsPerUnit > 0} the search starts at the bin a value would
     * have if the training edges were equally spaced ({@code bandsPerUnit} bins per unit from the first training
     * edge), as numpy's histograms are. The answer is the same for any edges; only the number of steps differs.
     */
    int binOf(double value, double[] paddedEdges, double bandsPerUnit) {
        if (Double.isNaN(value)) {
            return -1;
        }
        int lastBin = paddedEdges.length - 2;
        if (value == Double.NEGATIVE_INFINITY || value == Double.POSITIVE_INFINITY) {
            if (this == MLRUN_COMPATIBLE) {
                return -1;
            }
            return value < 0 ? 0 : lastBin;
        }
        if (this == DEFAULT && paddedEdges.length >= 4 && value == paddedEdges[paddedEdges.length - 2]) {
            return lastBin - 1; // the training max belongs to the last real bin, as it did in the reference
        }
        return bandsPerUnit > 0 ? histogramBinNear(value, paddedEdges, bandsPerUnit) : histogramBin(value, paddedEdges);
    }

    /**
     * {@link #histogramBin} found by stepping from a linear guess instead of bisecting: for equally spaced edges the
     * guess is right or one off, so a value costs two comparisons instead of five unpredictable ones.
     */
    static int histogramBinNear(double value, double[] edges, double bandsPerUnit) {
        int last = edges.length - 1;
        if (value < edges[0] || value > edges[last]) {
            return -1;
        }
        if (value == edges[last]) {
            return last - 1;
        }
        double guess = (value - edges[1]) * bandsPerUnit;
        int i = guess < 0 ? 0 : guess >= last ? last - 1 : 1 + (int) guess;
        if (i > last - 1) {
            i = last - 1;
        }
        // Largest i with edges[i] <= value, as the bisection finds it (edges[0] <= value < edges[last] here).
        while (edges[i] > value) {
            i--;
        }
        while (edges[i + 1] <= value) {
            i++;
        }
        return Math.min(i, last - 1);
    }

    /** numpy's rule: the bin i with {@code edges[i] <= v < edges[i+1]}, the last bin closed; -1 outside the range. */
    public static int histogramBin(double value, double[] edges) {
        int lastBin = edges.length - 2;
        if (value < edges[0] || value > edges[edges.length - 1]) {
            return -1;
        }
        if (value == edges[edges.length - 1]) {
            return lastBin;
        }
        // Largest i with edges[i] <= value (edges may repeat; the upper-most match wins, as in numpy's searchsorted right).
        int lo = 0;
        int hi = edges.length - 1;
        while (hi - lo > 1) {
            int mid = (lo + hi) >>> 1;
            if (edges[mid] <= value) {
                lo = mid;
            } else {
                hi = mid;
            }
        }
        return Math.min(lo, lastBin);
    }

    /** The reference histogram padded with an empty bin on each side and normalised to sum 1 (null if empty). */
    public static double[] referenceDistribution(FeatureReference reference) {
        double[] counts = reference.counts();
        double[] padded = new double[counts.length + 2];
        System.arraycopy(counts, 0, padded, 1, counts.length);
        return Distances.normalise(padded);
    }
}
