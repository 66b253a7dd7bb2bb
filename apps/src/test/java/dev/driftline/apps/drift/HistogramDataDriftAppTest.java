package dev.driftline.apps.drift;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.driftline.apps.ApplicationContext;
import dev.driftline.apps.ApplicationMetric;
import dev.driftline.apps.ApplicationOutput;
import dev.driftline.apps.ApplicationResult;
import dev.driftline.apps.DriftThresholds;
import dev.driftline.apps.EndpointInfo;
import dev.driftline.apps.ResultKind;
import dev.driftline.apps.ResultStatus;
import dev.driftline.apps.stats.Binning;
import dev.driftline.apps.stats.FeatureProfiler;
import dev.driftline.apps.stats.FeatureReference;
import dev.driftline.apps.stats.FeatureWindowStats;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

class HistogramDataDriftAppTest {
    private static final double[] BINARY = {0, 0, 1, 1, 1, 0.5};

    private static ApplicationContext context(EndpointInfo endpoint, Map<String, FeatureWindowStats> window) {
        return new ApplicationContext(HistogramDataDriftApp.NAME, endpoint, 1_000L, 601_000L, 6, window,
                LoggerFactory.getLogger(HistogramDataDriftAppTest.class));
    }

    private static EndpointInfo endpoint(Map<String, FeatureReference> reference) {
        EndpointInfo e = new EndpointInfo();
        e.id = "ep1";
        e.project = "demo";
        e.featureNames = List.of("x", "color");
        e.featureStats = reference;
        return e;
    }

    private static Map<String, FeatureReference> reference() {
        Map<String, FeatureReference> ref = new LinkedHashMap<>();
        ref.put("x", FeatureProfiler.numeric(BINARY));
        ref.put("color", FeatureProfiler.categorical(List.of("x", "x", "y", "y")));
        return ref;
    }

    private static Map<String, FeatureWindowStats> window(Map<String, FeatureReference> ref, Binning binning) {
        return StreamingPath.windowStats(List.of("x", "color"), ref, binning,
                new Object[] {0.0, "x"}, new Object[] {0.0, "y"}, new Object[] {1.0, "y"},
                new Object[] {1.0, "z"}, new Object[] {1.0, null}, new Object[] {0.5, null});
    }

    @Test
    void nameIsTheDefaultApp() {
        assertThat(new HistogramDataDriftApp().name()).isEqualTo("histogram-data-drift");
        assertThat(HistogramDataDriftApp.RESULT_NAME).isEqualTo("general_drift");
    }

    @Test
    void withoutReferenceTheAppIsSkippedWithAReason() {
        EndpointInfo e = endpoint(new LinkedHashMap<>());
        ApplicationOutput out = new HistogramDataDriftApp().run(context(e, window(reference(), Binning.DEFAULT)));
        assertThat(out.skipReason()).contains("ep1").contains("no reference");
        assertThat(out.results()).isEmpty();
        assertThat(out.metrics()).isEmpty();

        e.featureStats = null;
        assertThat(new HistogramDataDriftApp().run(context(e, Map.of())).skipReason()).contains("no reference");
    }

    @Test
    void noComparableColumnIsSkippedToo() {
        Map<String, FeatureReference> ref = reference();
        Map<String, FeatureWindowStats> window = StreamingPath.windowStats(List.of("other"), ref, Binning.DEFAULT,
                new Object[] {1.0});
        ApplicationOutput out = new HistogramDataDriftApp().run(context(endpoint(ref), window));
        assertThat(out.skipReason()).contains("other");
        assertThat(out.results()).isEmpty();
    }

    @Test
    void withReferenceEmitsThreeMetricsAndGeneralDrift() throws Exception {
        Map<String, FeatureReference> ref = reference();
        ApplicationOutput out = new HistogramDataDriftApp().run(context(endpoint(ref), window(ref, Binning.DEFAULT)));
        assertThat(out.skipReason()).isNull();
        assertThat(out.metrics()).extracting(ApplicationMetric::name)
                .containsExactly("hellinger_mean", "kld_mean", "tvd_mean");
        Map<String, Double> metrics = new LinkedHashMap<>();
        out.metrics().forEach(m -> metrics.put(m.name(), m.value()));

        // x is identical to its reference (0); color as in DriftCalculatorTest: tvd ¼, hellinger 0.382683
        assertThat(metrics.get("tvd_mean")).isCloseTo(0.125, within(1e-12));
        assertThat(metrics.get("hellinger_mean")).isCloseTo(0.382683 / 2, within(1e-6));
        assertThat(metrics.get("kld_mean")).isCloseTo(2.129298 / 2, within(1e-6));

        assertThat(out.results()).hasSize(1);
        ApplicationResult r = out.results().get(0);
        assertThat(r.name()).isEqualTo("general_drift");
        assertThat(r.kind()).isEqualTo(ResultKind.DATA_DRIFT);
        assertThat(r.kind().code()).isEqualTo(0);
        assertThat(r.value()).isEqualTo((metrics.get("hellinger_mean") + metrics.get("tvd_mean")) / 2);
        assertThat(r.value()).isCloseTo(0.158171, within(1e-6));
        assertThat(r.status()).isEqualTo(ResultStatus.NO_DETECTION);

        assertThat(r.extraData()).containsKeys("drift_measures", "current_stats");
        JsonNode extra = new ObjectMapper().valueToTree(r.extraData());
        assertThat(extra.get("drift_measures").get("x").get("tvd").asDouble()).isEqualTo(0.0);
        assertThat(extra.get("drift_measures").get("color").get("tvd").asDouble()).isCloseTo(0.25, within(1e-12));
        assertThat(extra.get("drift_measures").get("color").get("hellinger").asDouble()).isCloseTo(0.382683, within(1e-6));
        JsonNode x = extra.get("current_stats").get("x");
        assertThat(x.get("count").asLong()).isEqualTo(6);
        assertThat(x.get("nulls").asLong()).isEqualTo(0);
        assertThat(x.get("mean").asDouble()).isCloseTo(3.5 / 6, within(1e-12));
        assertThat(x.get("min").asDouble()).isEqualTo(0.0);
        assertThat(x.get("max").asDouble()).isEqualTo(1.0);
        assertThat(x.get("hist").get(0)).hasSize(22);
        assertThat(x.get("hist").get(1)).hasSize(23);
        assertThat(x.get("hist").get(0).get(20).asLong()).isEqualTo(3);
        JsonNode color = extra.get("current_stats").get("color");
        assertThat(color.get("nulls").asLong()).isEqualTo(2);
        assertThat(color.get("categories").get("y").asLong()).isEqualTo(2);
        assertThat(color.has("hist")).isFalse();
    }

    @Test
    void endpointThresholdsAreUsed() {
        Map<String, FeatureReference> ref = reference();
        EndpointInfo e = endpoint(ref);
        e.thresholds = new DriftThresholds(0.1, 0.15);
        ApplicationResult r = new HistogramDataDriftApp().run(context(e, window(ref, Binning.DEFAULT))).results().get(0);
        assertThat(r.status()).isEqualTo(ResultStatus.DETECTED);
    }

    @Test
    void mlrunCompatibleBinningOnIdenticalDataIsPotentialDrift() {
        Map<String, FeatureReference> ref = new LinkedHashMap<>();
        ref.put("x", FeatureProfiler.numeric(BINARY));
        EndpointInfo e = endpoint(ref);
        ApplicationOutput out = new HistogramDataDriftApp().run(
                context(e, StreamingPath.column("x", ref, Binning.MLRUN_COMPATIBLE, BINARY)));
        ApplicationResult r = out.results().get(0);
        assertThat(r.value()).isCloseTo(0.603553, within(1e-6));
        assertThat(r.status()).isEqualTo(ResultStatus.POTENTIAL_DETECTION);
        assertThat(r.extraData()).doesNotContainKey("skipped_features");
    }

    @Test
    void referenceColumnMissingFromTheWindowIsListedNotFailing() {
        Map<String, FeatureReference> ref = reference();
        ref.put("age", FeatureProfiler.numeric(new double[] {20, 30, 40}));
        ApplicationOutput out = new HistogramDataDriftApp().run(context(endpoint(ref), window(ref, Binning.DEFAULT)));
        ApplicationResult r = out.results().get(0);
        assertThat(r.value()).isCloseTo(0.158171, within(1e-6));
        @SuppressWarnings("unchecked")
        Map<String, String> skipped = (Map<String, String>) r.extraData().get("skipped_features");
        assertThat(skipped).containsExactly(Map.entry("age", "not in this window"));
    }
}
