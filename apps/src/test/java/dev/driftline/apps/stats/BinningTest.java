package dev.driftline.apps.stats;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class BinningTest {
    /** The 21 edges numpy gives for a training column spanning [0, 1]: 0, 0.05, ..., 1. */
    private static double[] unitEdges() {
        double[] e = new double[21];
        for (int i = 0; i < 20; i++) {
            e[i] = i * 0.05;
        }
        e[20] = 1.0;
        return e;
    }

    private static final double[] PADDED = Binning.padEdges(unitEdges());

    @Test
    void padEdgesAddsMaxFloatOnBothSides() {
        assertThat(PADDED).hasSize(23);
        assertThat(PADDED[0]).isEqualTo(-Double.MAX_VALUE);
        assertThat(PADDED[1]).isEqualTo(0.0);
        assertThat(PADDED[21]).isEqualTo(1.0);
        assertThat(PADDED[22]).isEqualTo(Double.MAX_VALUE);
        assertThat(Binning.PADDED_BINS).isEqualTo(PADDED.length - 1);
    }

    @Test
    void numpyRuleOnPaddedEdges() {
        for (Binning b : Binning.values()) {
            assertThat(b.binOf(0.0, PADDED)).as("%s: training min, first real bin", b).isEqualTo(1);
            assertThat(b.binOf(0.01, PADDED)).isEqualTo(1);
            assertThat(b.binOf(0.5, PADDED)).as("%s: 0.5 is edge 10 → [a, b) puts it in real bin 11", b).isEqualTo(11);
            assertThat(b.binOf(PADDED[4], PADDED)).as("an interior edge opens its bin").isEqualTo(4);
            assertThat(b.binOf(Math.nextDown(PADDED[4]), PADDED)).isEqualTo(3);
            assertThat(b.binOf(0.99, PADDED)).isEqualTo(20);
            assertThat(b.binOf(-5, PADDED)).as("below the training min → underflow bin").isEqualTo(0);
            assertThat(b.binOf(Math.nextDown(0.0), PADDED)).isEqualTo(0);
            assertThat(b.binOf(-Double.MAX_VALUE, PADDED)).isEqualTo(0);
            assertThat(b.binOf(5, PADDED)).as("above the training max → overflow bin").isEqualTo(21);
            assertThat(b.binOf(Math.nextUp(1.0), PADDED)).isEqualTo(21);
            assertThat(b.binOf(Double.MAX_VALUE, PADDED)).as("last bin is closed").isEqualTo(21);
            assertThat(b.binOf(Double.NaN, PADDED)).as("NaN is not counted").isEqualTo(-1);
        }
    }

    @Test
    void trainingMaxIsInTheLastRealBinByDefaultAndInTheOverflowBinInMlrunMode() {
        assertThat(Binning.DEFAULT.binOf(1.0, PADDED)).isEqualTo(20);
        assertThat(Binning.MLRUN_COMPATIBLE.binOf(1.0, PADDED)).isEqualTo(21);
    }

    @Test
    void infinities() {
        assertThat(Binning.DEFAULT.binOf(Double.NEGATIVE_INFINITY, PADDED)).isEqualTo(0);
        assertThat(Binning.DEFAULT.binOf(Double.POSITIVE_INFINITY, PADDED)).isEqualTo(21);
        // numpy leaves ±inf out of the finite range [-max_float, max_float]
        assertThat(Binning.MLRUN_COMPATIBLE.binOf(Double.NEGATIVE_INFINITY, PADDED)).isEqualTo(-1);
        assertThat(Binning.MLRUN_COMPATIBLE.binOf(Double.POSITIVE_INFINITY, PADDED)).isEqualTo(-1);
    }

    @Test
    void histogramBinIsNumpysRule() {
        double[] edges = {0, 1, 2, 3};
        assertThat(Binning.histogramBin(0, edges)).isEqualTo(0);
        assertThat(Binning.histogramBin(0.999, edges)).isEqualTo(0);
        assertThat(Binning.histogramBin(1, edges)).isEqualTo(1);
        assertThat(Binning.histogramBin(2.5, edges)).isEqualTo(2);
        assertThat(Binning.histogramBin(3, edges)).as("last bin closed").isEqualTo(2);
        assertThat(Binning.histogramBin(3.0001, edges)).isEqualTo(-1);
        assertThat(Binning.histogramBin(-0.0001, edges)).isEqualTo(-1);
        // repeated edges: numpy's searchsorted(side='right') - 1 picks the upper-most bin
        assertThat(Binning.histogramBin(1, new double[] {0, 1, 1, 2})).isEqualTo(2);
    }

    @Test
    void referenceDistributionIsPaddedAndNormalised() {
        double[] counts = new double[20];
        counts[0] = 1;
        counts[19] = 3;
        FeatureReference ref = FeatureReference.numeric(counts, unitEdges());
        double[] u = Binning.referenceDistribution(ref);
        assertThat(u).hasSize(22);
        assertThat(u[0]).isEqualTo(0.0);
        assertThat(u[1]).isEqualTo(0.25);
        assertThat(u[20]).isEqualTo(0.75);
        assertThat(u[21]).isEqualTo(0.0);
        assertThat(Binning.referenceDistribution(FeatureReference.numeric(new double[20], unitEdges()))).isNull();
    }

    @Test
    void fromConfigNames() {
        assertThat(Binning.fromConfig("default")).isEqualTo(Binning.DEFAULT);
        assertThat(Binning.fromConfig("mlrun-compatible")).isEqualTo(Binning.MLRUN_COMPATIBLE);
        assertThat(Binning.fromConfig(" MLRUN_COMPATIBLE ")).isEqualTo(Binning.MLRUN_COMPATIBLE);
        assertThat(Binning.fromConfig("Default")).isEqualTo(Binning.DEFAULT);
        assertThat(Binning.DEFAULT.configName()).isEqualTo("default");
        assertThat(Binning.MLRUN_COMPATIBLE.configName()).isEqualTo("mlrun-compatible");
        for (Binning b : Binning.values()) {
            assertThat(Binning.fromConfig(b.configName())).isEqualTo(b);
        }
        assertThatThrownBy(() -> Binning.fromConfig("numpy"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("numpy");
        assertThatThrownBy(() -> Binning.fromConfig(null)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void columnBinnerBinsOnlyColumnsWithANumericReference() {
        FeatureReference numeric = FeatureProfiler.numeric(new double[] {0, 1});
        FeatureReference categorical = FeatureProfiler.categorical(java.util.List.of("a", "b"));
        ColumnBinner binner = new ColumnBinner(java.util.List.of("x", "c", "unknown"),
                java.util.Map.of("x", numeric, "c", categorical), Binning.DEFAULT);
        assertThat(binner.columns()).isEqualTo(3);
        assertThat(binner.binsOf(0)).isEqualTo(22);
        assertThat(binner.binsOf(1)).isEqualTo(0);
        assertThat(binner.binsOf(2)).isEqualTo(0);
        assertThat(binner.binsOf(7)).isEqualTo(0);
        assertThat(binner.bin(0, 1.0)).isEqualTo(20);
        assertThat(binner.bin(0, 0.5)).isEqualTo(11);
        assertThat(binner.bin(1, 0.5)).isEqualTo(-1);
        assertThat(binner.bin(2, 0.5)).isEqualTo(-1);
        assertThat(binner.newStats(0).hist).hasSize(22);
        assertThat(binner.newStats(1).hist).isNull();
        assertThat(binner.paddedEdges(0)[21]).isCloseTo(1.0, within(0.0));
        assertThat(binner.paddedEdges(2)).isNull();
    }

    /**
     * The binner starts its search at a linear guess; whatever the edges (equally spaced, uneven, repeated, one bin,
     * huge or tiny ranges), every value gets the bin that bisecting the edges gives, in both modes.
     */
    @Test
    void columnBinnerGivesTheBisectionsBinForAnyEdges() {
        java.util.Random random = new java.util.Random(7);
        java.util.List<double[]> edgeSets = new java.util.ArrayList<>();
        double[] even = new double[21];
        for (int i = 0; i < even.length; i++) {
            even[i] = -3 + i * 0.3; // floating-point steps: not exactly equal
        }
        edgeSets.add(even);
        edgeSets.add(new double[] {0, 0.001, 0.5, 0.51, 7, 1e6});
        edgeSets.add(new double[] {1, 1, 1, 2, 2, 3});
        edgeSets.add(new double[] {5, 5});
        edgeSets.add(new double[] {-1e300, 1e300});
        edgeSets.add(new double[] {1e-12, 2e-12, 3e-12});
        for (int k = 0; k < 20; k++) {
            double[] e = new double[2 + random.nextInt(30)];
            double x = random.nextGaussian() * 100;
            for (int i = 0; i < e.length; i++) {
                x += random.nextInt(5) == 0 ? 0 : Math.abs(random.nextGaussian()) * Math.pow(10, random.nextInt(6) - 3);
                e[i] = x;
            }
            edgeSets.add(e);
        }
        for (double[] edges : edgeSets) {
            double[] counts = new double[edges.length - 1];
            java.util.Arrays.fill(counts, 1);
            FeatureReference ref = FeatureReference.numeric(counts, edges);
            double[] padded = Binning.padEdges(edges);
            java.util.List<Double> values = new java.util.ArrayList<>(java.util.List.of(-Double.MAX_VALUE, Double.MAX_VALUE,
                    Double.NEGATIVE_INFINITY, Double.POSITIVE_INFINITY, Double.NaN, 0.0, -0.0));
            for (double edge : edges) {
                values.add(edge);
                values.add(Math.nextUp(edge));
                values.add(Math.nextDown(edge));
            }
            double lo = edges[0];
            double hi = edges[edges.length - 1];
            for (int i = 0; i < 2_000; i++) {
                values.add(lo + (hi - lo) * (random.nextDouble() * 1.4 - 0.2));
            }
            for (Binning mode : Binning.values()) {
                ColumnBinner binner = new ColumnBinner(java.util.List.of("x"), java.util.Map.of("x", ref), mode);
                for (double v : values) {
                    assertThat(binner.bin(0, v)).as("%s, value %s, edges %s", mode, v, java.util.Arrays.toString(edges))
                            .isEqualTo(mode.binOf(v, padded));
                }
            }
        }
    }
}
