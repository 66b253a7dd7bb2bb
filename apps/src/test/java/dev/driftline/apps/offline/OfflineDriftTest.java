package dev.driftline.apps.offline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.driftline.apps.DriftThresholds;
import dev.driftline.apps.ResultStatus;
import dev.driftline.apps.drift.DriftReport;
import dev.driftline.apps.stats.Binning;
import dev.driftline.apps.stats.ColumnBinner;
import dev.driftline.apps.stats.FeatureReference;
import dev.driftline.apps.stats.FeatureWindowStats;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class OfflineDriftTest {
    @TempDir
    Path dir;

    private CsvTable csv(String name, String content) throws Exception {
        Path file = dir.resolve(name);
        Files.writeString(file, content);
        return CsvTable.read(file);
    }

    private CsvTable binary() throws Exception {
        return csv("binary.csv", "x\n0\n0\n1\n1\n1\n0.5\n");
    }

    @Test
    void identicalBinaryDataScoresZeroByDefault() throws Exception {
        Map<String, FeatureReference> ref = OfflineProfile.profile(binary(), List.of());
        DriftReport report = OfflineDrift.compute(ref, binary(), Binning.DEFAULT, DriftThresholds.DEFAULT);
        assertThat(report.features()).containsOnlyKeys("x");
        assertThat(report.tvdMean()).isEqualTo(0.0);
        assertThat(report.generalDrift()).isCloseTo(0.0, within(1e-7));
        assertThat(report.status()).isEqualTo(ResultStatus.NO_DETECTION);
    }

    @Test
    void identicalBinaryDataInMlrunCompatibleModeIsPotentialDrift() throws Exception {
        Map<String, FeatureReference> ref = OfflineProfile.profile(binary(), List.of());
        DriftReport report = OfflineDrift.compute(ref, binary(), Binning.MLRUN_COMPATIBLE, DriftThresholds.DEFAULT);
        assertThat(report.tvdMean()).isCloseTo(0.5, within(1e-12));
        assertThat(report.hellingerMean()).isCloseTo(0.707107, within(1e-6));
        assertThat(report.generalDrift()).isCloseTo(0.603553, within(1e-6));
        assertThat(report.status()).isEqualTo(ResultStatus.POTENTIAL_DETECTION);

        JsonNode json = new ObjectMapper().valueToTree(report);
        assertThat(json.get("status").asText()).isEqualTo("potential_detection");
        assertThat(json.get("general_drift").asDouble()).isCloseTo(0.603553, within(1e-6));
        assertThat(json.get("features").get("x").get("tvd").asDouble()).isCloseTo(0.5, within(1e-12));
    }

    @Test
    void windowStatsAreThoseOfTheStreamingPath() throws Exception {
        CsvTable train = csv("train.csv", """
                a,b,color
                0,10,red
                1,20,blue
                2,30,red
                3,40,green
                """);
        CsvTable window = csv("window.csv", """
                a,b,color,extra
                0.5,,red,1
                ,25,,2
                3,100,purple,
                -1,40,blue,4
                nan,10,red,5
                """);
        Map<String, FeatureReference> ref = OfflineProfile.profile(train, List.of());
        for (Binning binning : Binning.values()) {
            Map<String, FeatureWindowStats> offline = OfflineDrift.windowStats(ref, window, binning);
            assertThat(offline.keySet()).containsExactly("a", "b", "color", "extra");

            // the job: per record and column i, bin = binner.bin(i, value); stats.addNumber(value, bin)
            ColumnBinner binner = new ColumnBinner(window.columns(), ref, binning);
            for (int i = 0; i < window.columns().size(); i++) {
                String name = window.columns().get(i);
                FeatureWindowStats expected = binner.newStats(i);
                for (int row = 0; row < window.rows(); row++) {
                    if (window.isNumeric(name)) {
                        double v = window.numbers(name)[row];
                        expected.addNumber(v, binner.bin(i, v));
                    } else {
                        expected.addText(window.texts(name).get(row));
                    }
                }
                FeatureWindowStats actual = offline.get(name);
                assertThat(actual.count).as(name).isEqualTo(expected.count);
                assertThat(actual.nulls).as(name).isEqualTo(expected.nulls);
                assertThat(actual.mean).as(name).isEqualTo(expected.mean);
                assertThat(actual.m2).as(name).isEqualTo(expected.m2);
                assertThat(actual.hist).as(name).isEqualTo(expected.hist);
                assertThat(actual.categories).as(name).isEqualTo(expected.categories);
            }
        }
        Map<String, FeatureWindowStats> stats = OfflineDrift.windowStats(ref, window, Binning.DEFAULT);
        FeatureWindowStats a = stats.get("a");
        assertThat(a.count).isEqualTo(3);
        assertThat(a.nulls).as("an empty cell and a nan").isEqualTo(2);
        assertThat(a.mean).isCloseTo(2.5 / 3, within(1e-12));
        assertThat(a.hist).hasSize(22);
        assertThat(a.hist[0]).as("-1 below the training min").isEqualTo(1);
        assertThat(a.hist[4]).as("0.5 ∈ [0.45, 0.6) → real bin 3").isEqualTo(1);
        assertThat(a.hist[20]).as("3 = training max, last real bin by default").isEqualTo(1);
        assertThat(stats.get("b").hist[21]).as("100 above the training max").isEqualTo(1);
        assertThat(stats.get("color").categories).containsEntry("red", 2L).containsEntry("purple", 1L).hasSize(3);
        assertThat(stats.get("color").nulls).isEqualTo(1);
        assertThat(stats.get("extra").hist).as("no reference: no histogram").isNull();
        assertThat(stats.get("extra").count).isEqualTo(4);
        assertThat(OfflineDrift.windowStats(ref, window, Binning.MLRUN_COMPATIBLE).get("a").hist[21]).isEqualTo(1);
    }

    @Test
    void driftWithNullsStringsAndUnknownColumns() throws Exception {
        CsvTable train = csv("train.csv", """
                a,color,gone
                0,x,1
                1,x,2
                0,y,3
                1,y,4
                """);
        CsvTable window = csv("window.csv", """
                a,color,extra
                0,x,5
                1,y,6
                ,y,7
                1,z,8
                0,,9
                """);
        Map<String, FeatureReference> ref = OfflineProfile.profile(train, List.of());
        DriftReport report = OfflineDrift.compute(ref, window, Binning.DEFAULT, DriftThresholds.DEFAULT);
        assertThat(report.features()).containsOnlyKeys("a", "color");
        assertThat(report.skipped()).containsEntry("extra", "not in the reference").containsEntry("gone", "not in this window");
        // a: two 0s and two 1s on both sides → 0
        assertThat(report.features().get("a").tvd()).isEqualTo(0.0);
        // color: t = [¼, ½, ¼] over [x, y, z], u = [½, ½, 0]
        assertThat(report.features().get("color").tvd()).isCloseTo(0.25, within(1e-12));
        assertThat(report.features().get("color").hellinger()).isCloseTo(0.382683, within(1e-6));
        assertThat(report.tvdMean()).isCloseTo(0.125, within(1e-12));
        assertThat(report.generalDrift()).isCloseTo(0.158171, within(1e-6));
        assertThat(report.status()).isEqualTo(ResultStatus.NO_DETECTION);
        assertThat(OfflineDrift.compute(ref, window, Binning.DEFAULT, new DriftThresholds(0.1, 0.15)).status())
                .isEqualTo(ResultStatus.DETECTED);
    }

    @Test
    void referenceDecidesWhenTheCsvTypeDisagrees() throws Exception {
        CsvTable train = csv("train.csv", """
                zip,x
                A1,0
                10,1
                20,0.5
                """);
        // zip looks numeric in this window but is categorical in the reference; x has a stray word
        CsvTable window = csv("window.csv", """
                zip,x
                10,0
                20,oops
                10,1
                ,
                """);
        Map<String, FeatureReference> ref = OfflineProfile.profile(train, List.of());
        assertThat(ref.get("zip").isCategorical()).isTrue();
        assertThat(window.isNumeric("zip")).isTrue();
        assertThat(window.isNumeric("x")).isFalse();

        Map<String, FeatureWindowStats> stats = OfflineDrift.windowStats(ref, window, Binning.DEFAULT);
        assertThat(stats.get("zip").categories).containsEntry("10", 2L).containsEntry("20", 1L).hasSize(2);
        assertThat(stats.get("zip").nulls).isEqualTo(1);
        FeatureWindowStats x = stats.get("x");
        assertThat(x.count).isEqualTo(2);
        assertThat(x.hist[1]).isEqualTo(1);
        assertThat(x.hist[20]).isEqualTo(1);
        assertThat(x.categories).containsEntry("oops", 1L);
        assertThat(x.nulls).isEqualTo(1);

        DriftReport report = OfflineDrift.compute(ref, window, Binning.DEFAULT, DriftThresholds.DEFAULT);
        assertThat(report.features()).containsOnlyKeys("zip", "x");
        // zip over the sorted union [10, 20, A1]: t = [⅔, ⅓, 0], u = [⅓, ⅓, ⅓]
        assertThat(report.features().get("zip").tvd()).isCloseTo(1.0 / 3, within(1e-12));
        // x: t = [½ at 0, ½ at 1], u = ⅓ each at 0, 0.5, 1
        assertThat(report.features().get("x").tvd()).isCloseTo(1.0 / 3, within(1e-12));
    }

    @Test
    void windowWithoutReferenceIsIrrelevant() throws Exception {
        DriftReport report = OfflineDrift.compute(Map.of(), binary(), Binning.DEFAULT, DriftThresholds.DEFAULT);
        assertThat(report.status()).isEqualTo(ResultStatus.IRRELEVANT);
        assertThat(report.skipped()).containsEntry("x", "not in the reference");
        DriftReport nullRef = OfflineDrift.compute(null, binary(), Binning.DEFAULT, DriftThresholds.DEFAULT);
        assertThat(nullRef.status()).isEqualTo(ResultStatus.IRRELEVANT);
    }

    @Test
    void emptyWindowColumnIsSkipped() throws Exception {
        Map<String, FeatureReference> ref = OfflineProfile.profile(csv("t.csv", "a,b\n1,2\n3,4\n"), List.of());
        DriftReport report = OfflineDrift.compute(ref, csv("w.csv", "a,b\n1,\n3,\n"), Binning.DEFAULT, DriftThresholds.DEFAULT);
        assertThat(report.features()).containsOnlyKeys("a");
        assertThat(report.skipped()).containsEntry("b", "no values in this window");
        assertThat(report.generalDrift()).isCloseTo(0.0, within(1e-7));
    }
}
