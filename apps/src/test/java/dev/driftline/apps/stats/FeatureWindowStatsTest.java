package dev.driftline.apps.stats;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.Random;
import org.junit.jupiter.api.Test;

class FeatureWindowStatsTest {

    @Test
    void welfordMomentsMatchTheDirectComputation() {
        Random random = new Random(7);
        double[] values = new double[1000];
        FeatureWindowStats s = new FeatureWindowStats();
        for (int i = 0; i < values.length; i++) {
            values[i] = 1e9 + random.nextGaussian() * 3; // a large offset is where naive Σx² fails
            s.addNumber(values[i], -1);
        }
        double sum = 0;
        for (double v : values) {
            sum += v - 1e9;
        }
        double mean = 1e9 + sum / values.length;
        double ss = 0;
        double min = Double.POSITIVE_INFINITY;
        double max = Double.NEGATIVE_INFINITY;
        for (double v : values) {
            ss += (v - mean) * (v - mean);
            min = Math.min(min, v);
            max = Math.max(max, v);
        }
        assertThat(s.count).isEqualTo(1000);
        assertThat(s.mean).isCloseTo(mean, within(1e-6));
        assertThat(s.std()).isCloseTo(Math.sqrt(ss / (values.length - 1)), within(1e-6));
        assertThat(s.min).isEqualTo(min);
        assertThat(s.max).isEqualTo(max);
    }

    @Test
    void smallColumnByHand() {
        FeatureWindowStats s = FeatureWindowStats.withHistogram(22);
        double[] values = {2, 4, 4, 4, 5, 5, 7, 9, Double.NaN};
        for (double v : values) {
            s.addNumber(v, Double.isNaN(v) ? -1 : (int) v);
        }
        s.addNull();
        assertThat(s.count).isEqualTo(8);
        assertThat(s.nulls).isEqualTo(2);
        assertThat(s.mean).isEqualTo(5.0);
        assertThat(s.m2).isCloseTo(32.0, within(1e-12));
        assertThat(s.std()).isCloseTo(Math.sqrt(32.0 / 7), within(1e-12));
        assertThat(s.min).isEqualTo(2.0);
        assertThat(s.max).isEqualTo(9.0);
        assertThat(s.hist[4]).isEqualTo(3);
        assertThat(s.hist[9]).isEqualTo(1);
        assertThat(sum(s.hist)).isEqualTo(8);
    }

    @Test
    void uncountedBinsAreLeftOutAndABinBeyondTheHistogramGrowsIt() {
        FeatureWindowStats s = FeatureWindowStats.withHistogram(22);
        s.addNumber(1.0, -1);
        s.addNumber(2.0, 22); // a reference with more than 20 bins
        s.addNumber(3.0, 21);
        assertThat(s.count).isEqualTo(3);
        assertThat(s.hist).hasSize(23);
        assertThat(sum(s.hist)).isEqualTo(2);
        assertThat(s.hist[21]).isEqualTo(1);
        assertThat(s.hist[22]).isEqualTo(1);
        FeatureWindowStats noHist = new FeatureWindowStats();
        noHist.addNumber(1.0, 3);
        assertThat(noHist.hist).isNull();
        assertThat(noHist.count).isEqualTo(1);
    }

    @Test
    void stdNeedsTwoValues() {
        FeatureWindowStats s = new FeatureWindowStats();
        assertThat(s.std()).isNaN();
        s.addNumber(4, -1);
        assertThat(s.std()).isNaN();
        s.addNumber(6, -1);
        assertThat(s.std()).isCloseTo(Math.sqrt(2), within(1e-12));
    }

    @Test
    void mergeEqualsSequentialAdds() {
        Random random = new Random(11);
        FeatureWindowStats all = FeatureWindowStats.withHistogram(22);
        FeatureWindowStats left = FeatureWindowStats.withHistogram(22);
        FeatureWindowStats right = FeatureWindowStats.withHistogram(22);
        String[] colors = {"red", "green", "blue", "cyan"};
        for (int i = 0; i < 500; i++) {
            FeatureWindowStats part = i < 180 ? left : right;
            if (i % 17 == 0) {
                all.addNumber(Double.NaN, -1);
                part.addNumber(Double.NaN, -1);
            } else if (i % 5 == 0) {
                String c = i % 35 == 0 ? null : colors[random.nextInt(colors.length)];
                all.addText(c);
                part.addText(c);
            } else {
                double v = random.nextDouble() * 100 - 20;
                int bin = random.nextInt(22);
                all.addNumber(v, bin);
                part.addNumber(v, bin);
            }
        }
        left.merge(right);
        assertThat(left.count).isEqualTo(all.count);
        assertThat(left.nulls).isEqualTo(all.nulls);
        assertThat(left.textCount).isEqualTo(all.textCount);
        assertThat(left.mean).isCloseTo(all.mean, within(1e-9));
        assertThat(left.m2).isCloseTo(all.m2, within(1e-6));
        assertThat(left.std()).isCloseTo(all.std(), within(1e-9));
        assertThat(left.min).isEqualTo(all.min);
        assertThat(left.max).isEqualTo(all.max);
        assertThat(left.hist).containsExactly(all.hist);
        assertThat(left.categories).isEqualTo(all.categories);
        assertThat(all.count + all.nulls + all.textCount).isEqualTo(500);
    }

    @Test
    void mergeIntoEmptyAndWithEmpty() {
        FeatureWindowStats filled = FeatureWindowStats.withHistogram(22);
        filled.addNumber(1, 1);
        filled.addNumber(3, 2);
        filled.addText("a");
        FeatureWindowStats empty = new FeatureWindowStats();
        empty.merge(filled);
        assertThat(empty.count).isEqualTo(2);
        assertThat(empty.mean).isEqualTo(2.0);
        assertThat(empty.m2).isEqualTo(2.0);
        assertThat(empty.min).isEqualTo(1.0);
        assertThat(empty.max).isEqualTo(3.0);
        assertThat(empty.hist).containsExactly(filled.hist);
        assertThat(empty.hist).isNotSameAs(filled.hist);
        assertThat(empty.categories).containsEntry("a", 1L);

        filled.merge(new FeatureWindowStats());
        assertThat(filled.count).isEqualTo(2);
        assertThat(filled.mean).isEqualTo(2.0);
        assertThat(filled.min).isEqualTo(1.0);
    }

    @Test
    void categoriesAreCappedAndTheRestCountedAsOther() {
        FeatureWindowStats s = new FeatureWindowStats();
        int distinct = FeatureWindowStats.MAX_CATEGORIES + 44;
        for (int i = 0; i < distinct; i++) {
            s.addText("c" + i);
        }
        s.addText("c0"); // a known category still counts as itself
        s.addText("c" + (distinct - 1)); // a capped one keeps going to other
        s.addText(null);
        assertThat(s.textCount).isEqualTo(distinct + 2);
        assertThat(s.nulls).isEqualTo(1);
        assertThat(s.categories.keySet().stream().filter(k -> !k.equals(FeatureWindowStats.OTHER_CATEGORY)))
                .hasSize(FeatureWindowStats.MAX_CATEGORIES);
        assertThat(s.categories).hasSize(FeatureWindowStats.MAX_CATEGORIES + 1);
        assertThat(s.categories.get(FeatureWindowStats.OTHER_CATEGORY)).isEqualTo(45L);
        assertThat(s.categories.get("c0")).isEqualTo(2L);
        assertThat(s.categories.get("c255")).isEqualTo(1L);
        assertThat(s.categories).doesNotContainKey("c256");
    }

    @Test
    void mergeAlsoCapsCategories() {
        FeatureWindowStats a = new FeatureWindowStats();
        FeatureWindowStats b = new FeatureWindowStats();
        for (int i = 0; i < FeatureWindowStats.MAX_CATEGORIES; i++) {
            a.addText("a" + i);
        }
        for (int i = 0; i < 10; i++) {
            b.addText("b" + i);
        }
        b.addText("a0");
        a.merge(b);
        assertThat(a.textCount).isEqualTo(FeatureWindowStats.MAX_CATEGORIES + 11);
        assertThat(a.categories.get("a0")).isEqualTo(2L);
        assertThat(a.categories.get(FeatureWindowStats.OTHER_CATEGORY)).isEqualTo(10L);
        assertThat(a.categories).hasSize(FeatureWindowStats.MAX_CATEGORIES + 1);
    }

    private static long sum(long[] counts) {
        long total = 0;
        for (long c : counts) {
            total += c;
        }
        return total;
    }
}
