package dev.driftline.apps.stats;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Expected values worked out by hand as pandas {@code describe()} and {@code numpy.histogram(values, bins=20)} give
 * them for x = [4, 2, 9, NaN, 4, 5, 7, 4, 5] (8 non-null; sorted 2 4 4 4 5 5 7 9).
 */
class FeatureProfilerTest {
    private static final double[] X = {4, 2, 9, Double.NaN, 4, 5, 7, 4, 5};
    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void describeOfASmallColumn() {
        FeatureReference r = FeatureProfiler.numeric(X);
        assertThat(r.count).isEqualTo(8.0);
        assertThat(r.mean).isCloseTo(5.0, within(1e-12)); // 40 / 8
        // Σ(x−5)² = 9+1+1+1+0+0+4+16 = 32, ddof 1 → √(32/7)
        assertThat(r.std).isCloseTo(2.138089935, within(1e-9));
        assertThat(r.min).isEqualTo(2.0);
        assertThat(r.max).isEqualTo(9.0);
        // linear: position q·(n−1) = 1.75, 3.5, 5.25
        assertThat(r.p25).isEqualTo(4.0); // x[1] + 0.75·(x[2]−x[1]) = 4 + 0
        assertThat(r.p50).isEqualTo(4.5); // x[3] + 0.5·(5−4)
        assertThat(r.p75).isEqualTo(5.5); // x[5] + 0.25·(7−5)
    }

    @Test
    void twentyEqualWidthBinsLikeNumpy() {
        FeatureReference r = FeatureProfiler.numeric(X);
        double[] edges = r.edges();
        assertThat(edges).hasSize(21);
        double step = (9.0 - 2.0) / 20; // 0.35
        for (int i = 0; i < 20; i++) {
            assertThat(edges[i]).as("edge %d = linspace's i·step + start", i).isEqualTo(i * step + 2.0);
        }
        assertThat(edges[20]).as("linspace's last edge is exactly stop").isEqualTo(9.0);
        assertThat(edges[6]).isCloseTo(4.1, within(1e-12));

        double[] expected = new double[20];
        expected[0] = 1;  // 2
        expected[5] = 3;  // 4 ∈ [3.75, 4.10)
        expected[8] = 2;  // 5 ∈ [4.80, 5.15)
        expected[14] = 1; // 7 ∈ [6.90, 7.25)
        expected[19] = 1; // 9 = max → last bin, closed
        assertThat(r.counts()).containsExactly(expected);
        assertThat(Arrays.stream(r.counts()).sum()).isEqualTo(8.0);
    }

    @Test
    void valueOnAnInteriorEdgeOpensTheNextBin() {
        FeatureReference r = FeatureProfiler.numeric(new double[] {0, 0, 1, 1, 1, 0.5});
        double[] counts = r.counts();
        assertThat(counts[0]).isEqualTo(2.0);
        assertThat(r.edges()[10]).isEqualTo(0.5);
        assertThat(counts[10]).isEqualTo(1.0);
        assertThat(counts[19]).isEqualTo(3.0);
        assertThat(Arrays.stream(counts).sum()).isEqualTo(6.0);
        assertThat(r.p50).isEqualTo(0.75);
    }

    @Test
    void constantColumnIsWidenedByHalfOnEachSide() {
        FeatureReference r = FeatureProfiler.numeric(new double[] {3, 3, 3});
        double[] edges = r.edges();
        assertThat(edges[0]).isEqualTo(2.5);
        assertThat(edges[20]).isEqualTo(3.5);
        assertThat(edges[10]).isCloseTo(3.0, within(1e-12));
        double[] expected = new double[20];
        expected[10] = 3;
        assertThat(r.counts()).containsExactly(expected);
        assertThat(r.std).isEqualTo(0.0);
        assertThat(r.min).isEqualTo(3.0);
        assertThat(r.max).isEqualTo(3.0);
        assertThat(r.p25).isEqualTo(3.0);
    }

    @Test
    void singleValueHasNoSampleStdAndAllNullsHaveNoProfile() {
        FeatureReference r = FeatureProfiler.numeric(new double[] {7, Double.NaN});
        assertThat(r.count).isEqualTo(1.0);
        assertThat(r.mean).isEqualTo(7.0);
        assertThat(r.std).isNull();
        assertThat(FeatureProfiler.numeric(new double[] {Double.NaN, Double.NaN})).isNull();
        assertThat(FeatureProfiler.numeric(new double[0])).isNull();
    }

    @Test
    void quantileIsNumpysLinearInterpolation() {
        double[] sorted = {1, 2, 3, 4};
        assertThat(FeatureProfiler.quantile(sorted, 0.25)).isEqualTo(1.75);
        assertThat(FeatureProfiler.quantile(sorted, 0.5)).isEqualTo(2.5);
        assertThat(FeatureProfiler.quantile(sorted, 0.75)).isEqualTo(3.25);
        assertThat(FeatureProfiler.quantile(sorted, 1.0)).isEqualTo(4.0);
        assertThat(FeatureProfiler.quantile(new double[] {5}, 0.25)).isEqualTo(5.0);
    }

    @Test
    void categoricalCountsInOrderOfFirstAppearance() {
        FeatureReference r = FeatureProfiler.categorical(Arrays.asList("red", "blue", null, "red", "green", "red"));
        assertThat(r.isCategorical()).isTrue();
        assertThat(r.categories()).containsExactly("red", "blue", "green");
        assertThat(r.counts()).containsExactly(3.0, 1.0, 1.0);
        assertThat(r.count).isEqualTo(5.0);
        assertThat(r.mean).isNull();
        assertThat(FeatureProfiler.categorical(Arrays.asList(null, null))).isNull();
    }

    @Test
    void jsonIsMlrunsFeatureStatsFormatAndRoundTrips() throws Exception {
        FeatureReference r = FeatureProfiler.numeric(X);
        String json = JSON.writeValueAsString(r);
        JsonNode node = JSON.readTree(json);
        assertThat(node.fieldNames()).toIterable()
                .containsExactly("count", "mean", "std", "min", "25%", "50%", "75%", "max", "hist");
        assertThat(node.get("25%").asDouble()).isEqualTo(4.0);
        assertThat(node.get("50%").asDouble()).isEqualTo(4.5);
        assertThat(node.get("75%").asDouble()).isEqualTo(5.5);
        assertThat(node.get("hist").isArray()).isTrue();
        assertThat(node.get("hist")).hasSize(2);
        assertThat(node.get("hist").get(0)).hasSize(20);
        assertThat(node.get("hist").get(1)).hasSize(21);
        assertThat(node.get("hist").get(0).get(5).asDouble()).isEqualTo(3.0);
        assertThat(node.get("hist").get(1).get(20).asDouble()).isEqualTo(9.0);

        FeatureReference back = JSON.readValue(json, FeatureReference.class);
        assertThat(back.count).isEqualTo(r.count);
        assertThat(back.mean).isEqualTo(r.mean);
        assertThat(back.std).isEqualTo(r.std);
        assertThat(back.p25).isEqualTo(4.0);
        assertThat(back.p75).isEqualTo(5.5);
        assertThat(back.isCategorical()).isFalse();
        assertThat(back.counts()).containsExactly(r.counts());
        assertThat(back.edges()).containsExactly(r.edges());
    }

    @Test
    void readsMlrunJsonWithIntegerCountsAndUnknownFields() throws Exception {
        StringBuilder counts = new StringBuilder();
        StringBuilder edges = new StringBuilder();
        for (int i = 0; i < 20; i++) {
            counts.append(i == 0 ? "" : ",").append(i == 19 ? 4 : 1);
            edges.append(i == 0 ? "" : ",").append(i * 0.05);
        }
        edges.append(",1.0");
        String json = "{\"f0\": {\"count\": 23.0, \"mean\": 0.5, \"std\": 0.3, \"min\": 0.0, \"25%\": 0.25, \"50%\": 0.5,"
                + " \"75%\": 0.75, \"max\": 1.0, \"unique\": 7, \"hist\": [[" + counts + "], [" + edges + "]]},"
                + " \"color\": {\"count\": 3, \"hist\": [[2, 1], [\"red\", \"blue\"]]}}";
        Map<String, FeatureReference> stats = JSON.readValue(json, new TypeReference<LinkedHashMap<String, FeatureReference>>() {});
        assertThat(stats).containsOnlyKeys("f0", "color");
        FeatureReference f0 = stats.get("f0");
        assertThat(f0.p50).isEqualTo(0.5);
        assertThat(f0.hasHistogram()).isTrue();
        assertThat(f0.counts()[19]).isEqualTo(4.0);
        assertThat(f0.edges()).hasSize(21);
        assertThat(f0.edges()[20]).isEqualTo(1.0);
        FeatureReference color = stats.get("color");
        assertThat(color.isCategorical()).isTrue();
        assertThat(color.categories()).isEqualTo(List.of("red", "blue"));
        assertThat(color.counts()).containsExactly(2.0, 1.0);
    }
}
