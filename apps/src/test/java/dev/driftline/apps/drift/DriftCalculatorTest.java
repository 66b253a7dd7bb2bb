package dev.driftline.apps.drift;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.driftline.apps.DriftThresholds;
import dev.driftline.apps.ResultStatus;
import dev.driftline.apps.stats.Binning;
import dev.driftline.apps.stats.FeatureProfiler;
import dev.driftline.apps.stats.FeatureReference;
import dev.driftline.apps.stats.FeatureWindowStats;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class DriftCalculatorTest {
    private static final double[] BINARY = {0, 0, 1, 1, 1, 0.5};

    private static Map<String, FeatureReference> reference(Object... nameAndProfile) {
        Map<String, FeatureReference> m = new LinkedHashMap<>();
        for (int i = 0; i < nameAndProfile.length; i += 2) {
            m.put((String) nameAndProfile[i], (FeatureReference) nameAndProfile[i + 1]);
        }
        return m;
    }

    @Test
    void identicalBinaryDataScoresZeroByDefault() {
        Map<String, FeatureReference> ref = reference("x", FeatureProfiler.numeric(BINARY));
        DriftReport report = DriftCalculator.compute(ref, StreamingPath.column("x", ref, Binning.DEFAULT, BINARY),
                DriftThresholds.DEFAULT);
        assertThat(report.features()).containsOnlyKeys("x");
        assertThat(report.tvdMean()).isEqualTo(0.0);
        assertThat(report.hellingerMean()).isCloseTo(0.0, within(1e-7));
        assertThat(report.kldMean()).isCloseTo(0.0, within(1e-12));
        assertThat(report.generalDrift()).isCloseTo(0.0, within(1e-7));
        assertThat(report.status()).isEqualTo(ResultStatus.NO_DETECTION);
        assertThat(report.skipped()).isEmpty();
    }

    @Test
    void identicalBinaryDataReproducesMlrunsQuirkInCompatibleMode() {
        Map<String, FeatureReference> ref = reference("x", FeatureProfiler.numeric(BINARY));
        Map<String, FeatureWindowStats> window = StreamingPath.column("x", ref, Binning.MLRUN_COMPATIBLE, BINARY);
        // the three 1s (training max) land in the overflow bin 21 instead of real bin 20
        assertThat(window.get("x").hist[21]).isEqualTo(3);
        assertThat(window.get("x").hist[20]).isEqualTo(0);
        DriftReport report = DriftCalculator.compute(ref, window, DriftThresholds.DEFAULT);
        assertThat(report.tvdMean()).isCloseTo(0.5, within(1e-12));
        assertThat(report.hellingerMean()).isCloseTo(0.707107, within(1e-6)); // √(1 − (2/6 + 1/6))
        assertThat(report.kldMean()).isCloseTo(8.517193, within(1e-6)); // 2 · ½·ln(½ / 1e-4)
        assertThat(report.generalDrift()).isCloseTo(0.603553, within(1e-6));
        assertThat(report.status()).isEqualTo(ResultStatus.POTENTIAL_DETECTION);
    }

    @Test
    void missingReferenceFeatureAndUnknownWindowColumnAreSkipped() {
        Map<String, FeatureReference> ref = reference(
                "a", FeatureProfiler.numeric(BINARY),
                "b", FeatureProfiler.numeric(new double[] {1, 2, 3}));
        Map<String, FeatureWindowStats> window = StreamingPath.windowStats(List.of("a", "c"), ref, Binning.DEFAULT,
                new Object[] {0.0, 5.0}, new Object[] {1.0, 6.0}, new Object[] {0.5, 7.0},
                new Object[] {0.0, 8.0}, new Object[] {1.0, 9.0}, new Object[] {1.0, 1.0});
        DriftReport report = DriftCalculator.compute(ref, window, DriftThresholds.DEFAULT);
        assertThat(report.features()).containsOnlyKeys("a");
        assertThat(report.generalDrift()).isCloseTo(0.0, within(1e-7));
        assertThat(report.skipped()).containsEntry("c", "not in the reference").containsEntry("b", "not in this window");
        assertThat(report.status()).isEqualTo(ResultStatus.NO_DETECTION);
    }

    @Test
    void meansAreUnweightedOverFeatures() {
        Map<String, FeatureReference> ref = reference(
                "same", FeatureProfiler.numeric(BINARY),
                "shifted", FeatureProfiler.numeric(BINARY));
        double[] above = {5, 5, 5, 5, 5, 5}; // all in the overflow bin: disjoint from the reference
        Object[][] rows = new Object[6][];
        for (int r = 0; r < 6; r++) {
            rows[r] = new Object[] {BINARY[r], above[r]};
        }
        DriftReport report = DriftCalculator.compute(ref,
                StreamingPath.windowStats(List.of("same", "shifted"), ref, Binning.DEFAULT, rows), DriftThresholds.DEFAULT);
        assertThat(report.features().get("shifted").tvd()).isEqualTo(1.0);
        assertThat(report.features().get("shifted").hellinger()).isEqualTo(1.0);
        assertThat(report.tvdMean()).isCloseTo(0.5, within(1e-12));
        assertThat(report.hellingerMean()).isCloseTo(0.5, within(1e-7));
        assertThat(report.generalDrift()).isCloseTo(0.5, within(1e-7));
        assertThat(report.featureNames()).containsExactly("same", "shifted");
    }

    @Test
    void categoricalFeatureDistancesOverTheUnionOfCategories() {
        Map<String, FeatureReference> ref = reference("color", FeatureProfiler.categorical(List.of("x", "x", "y", "y")));
        Map<String, FeatureWindowStats> window = StreamingPath.windowStats(List.of("color"), ref, Binning.DEFAULT,
                new Object[] {"x"}, new Object[] {"y"}, new Object[] {"y"}, new Object[] {"z"}, new Object[] {null});
        assertThat(window.get("color").hist).isNull();
        assertThat(window.get("color").nulls).isEqualTo(1);
        DriftReport report = DriftCalculator.compute(ref, window, DriftThresholds.DEFAULT);
        // over [x, y, z]: t = [¼, ½, ¼], u = [½, ½, 0]
        FeatureDrift d = report.features().get("color");
        assertThat(d.tvd()).isCloseTo(0.25, within(1e-12));
        assertThat(d.hellinger()).isCloseTo(0.382683, within(1e-6)); // √(1 − √⅛ − ½)
        // KL(t‖u) = ¼ln½ + ¼ln(¼/1e-4), KL(u‖t) = ½ln2
        assertThat(d.kld()).isCloseTo(2.129298, within(1e-6));
        assertThat(report.generalDrift()).isCloseTo(0.316342, within(1e-6));
        assertThat(report.status()).isEqualTo(ResultStatus.NO_DETECTION);
    }

    @Test
    void thresholdsDecideTheStatus() {
        Map<String, FeatureReference> ref = reference("color", FeatureProfiler.categorical(List.of("x", "x", "y", "y")));
        Map<String, FeatureWindowStats> window = StreamingPath.windowStats(List.of("color"), ref, Binning.DEFAULT,
                new Object[] {"x"}, new Object[] {"y"}, new Object[] {"y"}, new Object[] {"z"});
        // general_drift ≈ 0.316342
        assertThat(DriftCalculator.compute(ref, window, DriftThresholds.DEFAULT).status()).isEqualTo(ResultStatus.NO_DETECTION);
        assertThat(DriftCalculator.compute(ref, window, new DriftThresholds(0.3, 0.4)).status())
                .isEqualTo(ResultStatus.POTENTIAL_DETECTION);
        assertThat(DriftCalculator.compute(ref, window, new DriftThresholds(0.2, 0.3)).status())
                .isEqualTo(ResultStatus.DETECTED);
        assertThat(new DriftThresholds(0.3, 0.4).statusOf(0.3)).isEqualTo(ResultStatus.POTENTIAL_DETECTION);
        assertThat(new DriftThresholds(0.3, 0.4).statusOf(0.4)).isEqualTo(ResultStatus.DETECTED);
        assertThat(new DriftThresholds(0.3, 0.4).statusOf(0.2999)).isEqualTo(ResultStatus.NO_DETECTION);
    }

    @Test
    void allColumnsEmptyIsIrrelevant() {
        Map<String, FeatureReference> ref = reference(
                "x", FeatureProfiler.numeric(BINARY),
                "color", FeatureProfiler.categorical(List.of("a")));
        Map<String, FeatureWindowStats> window = StreamingPath.windowStats(List.of("x", "color"), ref, Binning.DEFAULT,
                new Object[] {Double.NaN, null}, new Object[] {null, null});
        DriftReport report = DriftCalculator.compute(ref, window, DriftThresholds.DEFAULT);
        assertThat(report.isEmpty()).isTrue();
        assertThat(report.status()).isEqualTo(ResultStatus.IRRELEVANT);
        assertThat(report.generalDrift()).isNaN();
        assertThat(report.tvdMean()).isNaN();
        assertThat(report.skipped()).containsOnlyKeys("x", "color");
        assertThat(report.skipped().get("x")).isEqualTo("no values in this window");

        DriftReport none = DriftCalculator.compute(ref, Map.of(), DriftThresholds.DEFAULT);
        assertThat(none.status()).isEqualTo(ResultStatus.IRRELEVANT);
        assertThat(none.skipped()).containsOnlyKeys("x", "color");
    }

    @Test
    void referenceWithoutHistogramIsSkipped() {
        FeatureReference noHist = new FeatureReference();
        noHist.count = 0.0;
        Map<String, FeatureReference> ref = reference("x", noHist);
        DriftReport report = DriftCalculator.compute(ref, StreamingPath.column("x", ref, Binning.DEFAULT, 1, 2),
                DriftThresholds.DEFAULT);
        assertThat(report.status()).isEqualTo(ResultStatus.IRRELEVANT);
        assertThat(report.skipped()).containsEntry("x", "reference has no histogram");
    }

    @Test
    void windowHistogramOnDriftedData() {
        // reference uniform-ish on [0, 1]; window: half below 0, half inside the first real bin
        double[] train = new double[21];
        for (int i = 0; i < train.length; i++) {
            train[i] = i * 0.05;
        }
        Map<String, FeatureReference> ref = reference("x", FeatureProfiler.numeric(train));
        assertThat(Arrays.stream(ref.get("x").counts()).sum()).isEqualTo(21.0);
        DriftReport report = DriftCalculator.compute(ref,
                StreamingPath.column("x", ref, Binning.DEFAULT, -1, -1, 0.01, 0.01), DriftThresholds.DEFAULT);
        // u: bin1 = 1/21 (only 0.0 is in [0, 0.05)), bins 2..19 = 1/21, bin 20 = 2/21 (0.95 and 1.0)
        // t: bin0 = ½, bin1 = ½ → TVD = ½(½ + (½ − 1/21) + 20/21) = 1 − 1/21
        assertThat(report.tvdMean()).isCloseTo(1 - 1.0 / 21, within(1e-12));
        assertThat(report.hellingerMean()).isCloseTo(Math.sqrt(1 - Math.sqrt(0.5 / 21)), within(1e-12));
        assertThat(report.status()).isEqualTo(ResultStatus.DETECTED);
    }
}
