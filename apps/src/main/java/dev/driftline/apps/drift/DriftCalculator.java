package dev.driftline.apps.drift;

import dev.driftline.apps.DriftThresholds;
import dev.driftline.apps.ResultStatus;
import dev.driftline.apps.stats.Binning;
import dev.driftline.apps.stats.Distances;
import dev.driftline.apps.stats.FeatureReference;
import dev.driftline.apps.stats.FeatureWindowStats;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * Compares a window's column statistics with the reference (spec §3). Only columns present in both take part;
 * a reference column missing from the window, or a window column unknown to the reference, is listed as skipped.
 */
public final class DriftCalculator {
    private DriftCalculator() {}

    public static DriftReport compute(Map<String, FeatureReference> reference,
                                      Map<String, FeatureWindowStats> window,
                                      DriftThresholds thresholds) {
        return compute(reference, window, thresholds, true);
    }

    /**
     * @param includeCategorical false reproduces MLRun, which scores numeric columns only; Driftline also scores
     *     string columns over their categories by default
     */
    public static DriftReport compute(Map<String, FeatureReference> reference,
                                      Map<String, FeatureWindowStats> window,
                                      DriftThresholds thresholds,
                                      boolean includeCategorical) {
        if (reference == null) {
            reference = Map.of();
        }
        Map<String, FeatureDrift> features = new LinkedHashMap<>();
        Map<String, String> skipped = new LinkedHashMap<>();
        for (Map.Entry<String, FeatureWindowStats> column : window.entrySet()) {
            String name = column.getKey();
            FeatureReference ref = reference.get(name);
            if (column.getValue() == null) {
                skipped.put(name, "no values in this window");
                continue;
            }
            if (ref == null) {
                skipped.put(name, "not in the reference");
                continue;
            }
            if (!ref.hasHistogram()) {
                skipped.put(name, "reference has no histogram");
                continue;
            }
            if (ref.isCategorical() && !includeCategorical) {
                skipped.put(name, "categorical (MLRun scores numeric columns only)");
                continue;
            }
            double[][] tu = ref.isCategorical()
                    ? categoricalDistributions(ref, column.getValue())
                    : numericDistributions(ref, column.getValue());
            if (tu == null) {
                skipped.put(name, "no values in this window");
                continue;
            }
            features.put(name, new FeatureDrift(
                    Distances.tvd(tu[0], tu[1]), Distances.hellinger(tu[0], tu[1]), Distances.kld(tu[0], tu[1])));
        }
        for (String name : reference.keySet()) {
            if (!window.containsKey(name)) {
                skipped.put(name, "not in this window");
            }
        }
        if (features.isEmpty()) {
            return new DriftReport(features, Double.NaN, Double.NaN, Double.NaN, Double.NaN, ResultStatus.IRRELEVANT, skipped);
        }
        double tvd = 0;
        double hellinger = 0;
        double kld = 0;
        for (FeatureDrift d : features.values()) {
            tvd += d.tvd();
            hellinger += d.hellinger();
            kld += d.kld();
        }
        int n = features.size();
        tvd /= n;
        hellinger /= n;
        kld /= n;
        double general = (hellinger + tvd) / 2;
        return new DriftReport(features, tvd, hellinger, kld, general, thresholds.statusOf(general), skipped);
    }

    /** {window distribution, reference distribution} over the 22 padded bins, or null if either is empty. */
    private static double[][] numericDistributions(FeatureReference ref, FeatureWindowStats stats) {
        if (stats.hist == null) {
            return null;
        }
        double[] u = Binning.referenceDistribution(ref);
        if (u == null) {
            return null;
        }
        // Window bins come from this reference's padded edges, so every counted index is below u.length: cells
        // beyond it (a histogram allocated for MLRun's 22 bins, the reference having fewer) are empty.
        double[] counts = new double[u.length];
        for (int i = 0; i < stats.hist.length && i < counts.length; i++) {
            counts[i] = stats.hist[i];
        }
        double[] t = Distances.normalise(counts);
        if (t == null) {
            return null;
        }
        return new double[][] {t, u};
    }

    /** Distributions over the union of the reference's and the window's categories. */
    private static double[][] categoricalDistributions(FeatureReference ref, FeatureWindowStats stats) {
        if (stats.categories == null || stats.categories.isEmpty()) {
            return null;
        }
        List<String> refCategories = ref.categories();
        double[] refCounts = ref.counts();
        TreeSet<String> all = new TreeSet<>(refCategories);
        all.addAll(stats.categories.keySet());
        List<String> order = new ArrayList<>(all);
        double[] u = new double[order.size()];
        double[] t = new double[order.size()];
        for (int i = 0; i < refCategories.size(); i++) {
            u[order.indexOf(refCategories.get(i))] += refCounts[i];
        }
        for (Map.Entry<String, Long> e : stats.categories.entrySet()) {
            t[order.indexOf(e.getKey())] += e.getValue();
        }
        double[] tn = Distances.normalise(t);
        double[] un = Distances.normalise(u);
        return tn == null || un == null ? null : new double[][] {tn, un};
    }
}
