package dev.driftline.apps.stats;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Computes reference {@code feature_stats} from a training column, as MLRun does with pandas' {@code describe()} and
 * numpy's 20-bin histogram: count of non-nulls, mean, sample std, min, quartiles (linear interpolation), max, and
 * 20 equal-width bins from min to max (numpy widens a constant column to [v − 0.5, v + 0.5]).
 */
public final class FeatureProfiler {
    public static final int BINS = 20;

    private FeatureProfiler() {}

    /** Profile of numeric values; NaN entries are nulls and are skipped. Null when there is no value. */
    public static FeatureReference numeric(double[] values) {
        double[] v = Arrays.stream(values).filter(d -> !Double.isNaN(d)).toArray();
        if (v.length == 0) {
            return null;
        }
        for (double d : v) {
            if (Double.isInfinite(d)) {
                throw new IllegalArgumentException("infinite value " + d + ": a histogram's range must be finite");
            }
        }
        Arrays.sort(v);
        double min = v[0];
        double max = v[v.length - 1];
        double mean = 0;
        for (int i = 0; i < v.length; i++) {
            mean += (v[i] - mean) / (i + 1);
        }
        double ss = 0;
        for (double d : v) {
            ss += (d - mean) * (d - mean);
        }
        double lo = min;
        double hi = max;
        if (lo == hi) {
            lo -= 0.5;
            hi += 0.5;
        }
        double[] edges = new double[BINS + 1];
        double step = (hi - lo) / BINS;
        for (int i = 0; i < BINS; i++) {
            edges[i] = i * step + lo; // numpy.linspace: arange * step + start, last edge exactly stop
        }
        edges[BINS] = hi;
        double[] counts = new double[BINS];
        for (double d : v) {
            int bin = Binning.histogramBin(d, edges);
            if (bin >= 0) {
                counts[bin]++;
            }
        }
        FeatureReference r = FeatureReference.numeric(counts, edges);
        r.count = (double) v.length;
        r.mean = mean;
        r.std = v.length > 1 ? Math.sqrt(ss / (v.length - 1)) : Double.NaN;
        r.min = min;
        r.p25 = quantile(v, 0.25);
        r.p50 = quantile(v, 0.50);
        r.p75 = quantile(v, 0.75);
        r.max = max;
        if (Double.isNaN(r.std)) {
            r.std = null; // JSON has no NaN; a single-value column has no sample std
        }
        return r;
    }

    /** Profile of a string column: category counts in order of first appearance. Null when all are null. */
    public static FeatureReference categorical(List<String> values) {
        Map<String, Integer> counts = new LinkedHashMap<>();
        for (String s : values) {
            if (s != null) {
                counts.merge(s, 1, Integer::sum);
            }
        }
        if (counts.isEmpty()) {
            return null;
        }
        List<String> categories = new ArrayList<>(counts.keySet());
        double[] c = new double[categories.size()];
        for (int i = 0; i < c.length; i++) {
            c[i] = counts.get(categories.get(i));
        }
        return FeatureReference.categorical(categories, c);
    }

    /** numpy's default (linear) percentile of sorted values. */
    static double quantile(double[] sorted, double q) {
        double pos = q * (sorted.length - 1);
        int i = (int) Math.floor(pos);
        int j = Math.min(i + 1, sorted.length - 1);
        double frac = pos - i;
        return sorted[i] + (sorted[j] - sorted[i]) * frac;
    }
}
