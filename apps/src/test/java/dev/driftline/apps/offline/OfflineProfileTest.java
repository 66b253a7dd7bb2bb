package dev.driftline.apps.offline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.driftline.apps.stats.FeatureProfiler;
import dev.driftline.apps.stats.FeatureReference;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class OfflineProfileTest {
    @TempDir
    Path dir;

    private CsvTable table() throws Exception {
        Path file = dir.resolve("train.csv");
        Files.writeString(file, """
                label,age,color,empty,score
                1,30,red,,0.1
                0,,blue,,0.2
                1,45,"red, dark",,0.3
                ,50,red,,0.4
                """);
        return CsvTable.read(file);
    }

    @Test
    void featuresFirstThenLabels() throws Exception {
        Map<String, FeatureReference> stats = OfflineProfile.profile(table(), List.of("label"));
        assertThat(stats).isInstanceOf(LinkedHashMap.class);
        assertThat(stats.keySet()).containsExactly("age", "color", "empty", "score", "label");
        assertThat(OfflineProfile.profile(table(), List.of("score", "age")).keySet())
                .containsExactly("label", "color", "empty", "score", "age");
        assertThat(OfflineProfile.profile(table(), null).keySet()).containsExactly("label", "age", "color", "empty", "score");
        assertThat(OfflineProfile.profile(table(), List.of("label", "label")).keySet())
                .containsExactly("age", "color", "empty", "score", "label");
    }

    @Test
    void numericColumnsAreProfiledAsHistograms() throws Exception {
        Map<String, FeatureReference> stats = OfflineProfile.profile(table(), List.of("label"));
        FeatureReference age = stats.get("age");
        assertThat(age.count).isEqualTo(3.0);
        assertThat(age.mean).isCloseTo(125.0 / 3, within(1e-12));
        assertThat(age.min).isEqualTo(30.0);
        assertThat(age.max).isEqualTo(50.0);
        assertThat(age.p50).isEqualTo(45.0);
        assertThat(age.p25).isEqualTo(37.5);
        assertThat(age.edges()).hasSize(21);
        assertThat(age.edges()[1]).isEqualTo(31.0);
        assertThat(age.counts()[0]).isEqualTo(1.0);  // 30
        assertThat(age.counts()[15]).isEqualTo(1.0); // 45 = edge 15
        assertThat(age.counts()[19]).isEqualTo(1.0); // 50 = max
        FeatureReference label = stats.get("label");
        assertThat(label.count).isEqualTo(3.0);
        assertThat(label.mean).isCloseTo(2.0 / 3, within(1e-12));
        assertThat(label.counts()[0]).isEqualTo(1.0);
        assertThat(label.counts()[19]).isEqualTo(2.0);
        FeatureReference expected = FeatureProfiler.numeric(new double[] {0.1, 0.2, 0.3, 0.4});
        assertThat(stats.get("score").counts()).containsExactly(expected.counts());
        assertThat(stats.get("score").std).isEqualTo(expected.std);
    }

    @Test
    void stringColumnsAreCategoricalAndEmptyColumnsHaveNoHistogram() throws Exception {
        Map<String, FeatureReference> stats = OfflineProfile.profile(table(), List.of());
        FeatureReference color = stats.get("color");
        assertThat(color.isCategorical()).isTrue();
        assertThat(color.categories()).containsExactly("red", "blue", "red, dark");
        assertThat(color.counts()).containsExactly(2.0, 1.0, 1.0);
        FeatureReference empty = stats.get("empty");
        assertThat(empty.count).isEqualTo(0.0);
        assertThat(empty.hasHistogram()).isFalse();
    }

    @Test
    void unknownLabelColumnIsNamed() throws Exception {
        CsvTable t = table();
        assertThatThrownBy(() -> OfflineProfile.profile(t, List.of("label", "target")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("label column [target] not in the table");
        assertThatThrownBy(() -> OfflineProfile.profile(t, List.of("x", "y")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("label columns [x, y] not in the table");
    }

    @Test
    void infiniteTrainingValueIsRejectedNamingTheColumn() throws Exception {
        Path file = dir.resolve("inf.csv");
        Files.writeString(file, "a,b\n1,2\n2,inf\n");
        CsvTable t = CsvTable.read(file);
        assertThatThrownBy(() -> OfflineProfile.profile(t, List.of()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'b'")
                .hasMessageContaining("infinite");
    }

    @Test
    void featureStatsJsonRoundTripKeepsOrderAndValues() throws Exception {
        Map<String, FeatureReference> stats = OfflineProfile.profile(table(), List.of("label"));
        ObjectMapper json = new ObjectMapper();
        String text = json.writeValueAsString(stats);
        assertThat(text).contains("\"25%\"").contains("\"hist\":[[");
        Map<String, FeatureReference> back = json.readValue(text, new TypeReference<LinkedHashMap<String, FeatureReference>>() {});
        assertThat(back.keySet()).containsExactlyElementsOf(stats.keySet());
        assertThat(back.get("age").edges()).containsExactly(stats.get("age").edges());
        assertThat(back.get("color").categories()).containsExactly("red", "blue", "red, dark");
        assertThat(back.get("empty").hasHistogram()).isFalse();
    }
}
