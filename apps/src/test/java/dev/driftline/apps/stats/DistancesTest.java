package dev.driftline.apps.stats;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;

class DistancesTest {
    private static final double[] U = {0, 1.0 / 6, 1.0 / 3, 1.0 / 2};
    private static final double[] T = {1.0 / 2, 1.0 / 3, 1.0 / 6, 0};

    @Test
    void specCheckVectors() {
        // ½(½ + 1/6 + 1/6 + ½) = 2/3
        assertThat(Distances.tvd(T, U)).isCloseTo(0.666667, within(1e-6));
        // √(1 − 2·√(1/18))
        assertThat(Distances.hellinger(T, U)).isCloseTo(0.727045, within(1e-6));
        // 2 · (½·ln(½/1e-4) + ⅓·ln 2 + ⅙·ln ½)
        assertThat(Distances.kld(T, U)).isCloseTo(8.748242, within(1e-6));
    }

    @Test
    void distanceOfADistributionToItselfIsZero() {
        double[][] ps = {U, T, {0.25, 0.25, 0.25, 0.25}, {1, 0, 0, 0}, {0.1, 0.2, 0.3, 0.4}};
        for (double[] p : ps) {
            assertThat(Distances.tvd(p, p)).as("tvd %s", Arrays.toString(p)).isEqualTo(0.0);
            assertThat(Distances.hellinger(p, p)).as("hellinger %s", Arrays.toString(p)).isCloseTo(0.0, within(1e-7));
            assertThat(Distances.kld(p, p)).as("kld %s", Arrays.toString(p)).isCloseTo(0.0, within(1e-12));
        }
    }

    @Test
    void allThreeAreSymmetric() {
        Random random = new Random(42);
        for (int k = 0; k < 50; k++) {
            double[] a = randomDistribution(random, 22);
            double[] b = randomDistribution(random, 22);
            assertThat(Distances.tvd(a, b)).isCloseTo(Distances.tvd(b, a), within(1e-15));
            assertThat(Distances.hellinger(a, b)).isCloseTo(Distances.hellinger(b, a), within(1e-15));
            assertThat(Distances.kld(a, b)).isCloseTo(Distances.kld(b, a), within(1e-12));
        }
        assertThat(Distances.kld(U, T)).isCloseTo(Distances.kld(T, U), within(1e-12));
    }

    @Test
    void disjointDistributionsAreAtMaximumTvdAndHellinger() {
        double[] t = {1, 0};
        double[] u = {0, 1};
        assertThat(Distances.tvd(t, u)).isEqualTo(1.0);
        assertThat(Distances.hellinger(t, u)).isEqualTo(1.0);
        // each direction: 1·ln(1/1e-4) = ln 10⁴
        assertThat(Distances.kld(t, u)).isCloseTo(2 * Math.log(1e4), within(1e-12)).isCloseTo(18.420681, within(1e-6));
    }

    @Test
    void hellingerClampsTheInnerTermWhenRoundingPushesItAboveOne() {
        double[] p = new double[9];
        Arrays.fill(p, 1.0 / 9);
        double bc = 0;
        for (double x : p) {
            bc += Math.sqrt(x * x);
        }
        assertThat(bc).as("precondition: Σ√(t·u) rounds above 1").isGreaterThan(1.0);
        assertThat(Math.sqrt(1 - bc)).as("without the clamp").isNaN();
        assertThat(Distances.hellinger(p, p)).isEqualTo(0.0);
    }

    @Test
    void normaliseDividesByTheSumAndGivesNullForNoMass() {
        assertThat(Distances.normalise(new double[] {1, 3, 0})).containsExactly(0.25, 0.75, 0.0);
        assertThat(Distances.normalise(new double[] {0, 0})).isNull();
        assertThat(Distances.normalise(new double[0])).isNull();
    }

    @Test
    void differentLengthsAreRejected() {
        assertThatThrownBy(() -> Distances.tvd(new double[2], new double[3])).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Distances.hellinger(new double[2], new double[3])).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Distances.kld(new double[2], new double[3])).isInstanceOf(IllegalArgumentException.class);
    }

    private static double[] randomDistribution(Random random, int n) {
        double[] counts = new double[n];
        for (int i = 0; i < n; i++) {
            counts[i] = random.nextInt(4) == 0 ? 0 : random.nextDouble();
        }
        counts[random.nextInt(n)] += 1;
        return Distances.normalise(counts);
    }
}
