package dev.driftline.apps.drift;

import dev.driftline.apps.ApplicationContext;
import dev.driftline.apps.ApplicationOutput;
import dev.driftline.apps.ApplicationResult;
import dev.driftline.apps.MonitoringApplication;
import dev.driftline.apps.ResultKind;
import dev.driftline.apps.stats.Binning;
import dev.driftline.apps.stats.FeatureReference;
import dev.driftline.apps.stats.FeatureWindowStats;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The default application (spec §3): per-feature TVD, Hellinger and symmetric KLD against the reference, their
 * means as metrics, and the {@code general_drift} result with the endpoint's thresholds.
 */
public class HistogramDataDriftApp implements MonitoringApplication {
    private static final long serialVersionUID = 1L;

    public static final String NAME = "histogram-data-drift";
    public static final String RESULT_NAME = "general_drift";

    private final Binning binning;

    /** The default binning: Driftline's, which also scores string columns. */
    public HistogramDataDriftApp() {
        this(Binning.DEFAULT);
    }

    /** In {@code mlrun-compatible} mode only numeric columns are scored, as MLRun does. */
    public HistogramDataDriftApp(Binning binning) {
        this.binning = binning;
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public ApplicationOutput run(ApplicationContext context) {
        Map<String, FeatureReference> reference = context.featureStats();
        if (reference.isEmpty()) {
            return ApplicationOutput.skipped("endpoint " + context.endpoint().id + " has no reference feature_stats");
        }
        DriftReport report = DriftCalculator.compute(reference, context.windowStats(),
                context.endpoint().thresholdsOrDefault(), binning != Binning.MLRUN_COMPATIBLE);
        if (report.isEmpty()) {
            return ApplicationOutput.skipped("no window column has a reference to compare with: " + report.skipped());
        }
        Map<String, Object> extra = new LinkedHashMap<>();
        extra.put("drift_measures", driftMeasures(report));
        extra.put("current_stats", currentStats(context.windowStats(), reference));
        if (!report.skipped().isEmpty()) {
            extra.put("skipped_features", report.skipped());
        }
        return ApplicationOutput.empty()
                .metric("hellinger_mean", report.hellingerMean())
                .metric("kld_mean", report.kldMean())
                .metric("tvd_mean", report.tvdMean())
                .result(new ApplicationResult(RESULT_NAME, report.generalDrift(), ResultKind.DATA_DRIFT, report.status(), extra));
    }

    private static Map<String, Object> driftMeasures(DriftReport report) {
        Map<String, Object> m = new LinkedHashMap<>();
        report.features().forEach((name, d) -> m.put(name, Map.of("tvd", d.tvd(), "hellinger", d.hellinger(), "kld", d.kld())));
        return m;
    }

    /** The window's own statistics in feature_stats shape, histograms on the reference's padded edges. */
    static Map<String, Object> currentStats(Map<String, FeatureWindowStats> window, Map<String, FeatureReference> reference) {
        Map<String, Object> out = new LinkedHashMap<>();
        for (Map.Entry<String, FeatureWindowStats> e : window.entrySet()) {
            FeatureWindowStats s = e.getValue();
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("count", s.count + s.textCount);
            m.put("nulls", s.nulls);
            if (s.count > 0) {
                m.put("mean", s.mean);
                m.put("min", s.min);
                m.put("max", s.max);
                if (s.count > 1) {
                    m.put("std", s.std());
                }
            }
            FeatureReference ref = reference.get(e.getKey());
            if (s.hist != null && ref != null && ref.hasHistogram() && !ref.isCategorical()) {
                List<Object> counts = new ArrayList<>();
                for (long c : s.hist) {
                    counts.add(c);
                }
                List<Object> edges = new ArrayList<>();
                for (double edge : Binning.padEdges(ref.edges())) {
                    edges.add(edge);
                }
                m.put("hist", List.of(counts, edges));
            }
            if (s.categories != null) {
                m.put("categories", s.categories);
            }
            out.put(e.getKey(), m);
        }
        return out;
    }
}
