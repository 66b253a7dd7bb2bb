package dev.driftline.apps.stats;

import java.util.HashMap;
import java.util.Map;

/**
 * Incremental statistics of one column within one window: non-null count, nulls, min/max, mean and variance
 * (Welford), a histogram over the reference's padded bins, and category counts for strings.
 *
 * <p>Size is bounded whatever the traffic: one cell per reference bin (22 for MLRun's references) and at most
 * {@link #MAX_CATEGORIES} named categories plus {@link #OTHER_CATEGORY}, which counts the rest. Public fields and a no-arg constructor keep it a Flink POJO.
 */
public class FeatureWindowStats {
    public static final int MAX_CATEGORIES = 256;
    public static final String OTHER_CATEGORY = "__other__";
    /** Longer category values are shortened to a prefix and a hash of the whole. */
    public static final int MAX_CATEGORY_CHARS = 128;

    /** Non-null numeric values seen. */
    public long count;
    /** Nulls and NaNs. */
    public long nulls;
    public double min = Double.POSITIVE_INFINITY;
    public double max = Double.NEGATIVE_INFINITY;
    public double mean;
    /** Sum of squared deviations from the mean (Welford); variance = m2 / (count − 1). */
    public double m2;
    /** Counts over the reference's 22 padded bins; null when the column has no numeric reference. */
    public long[] hist;
    /** Non-null string values seen. */
    public long textCount;
    /** String value → count; null until the first string. */
    public Map<String, Long> categories;

    public FeatureWindowStats() {}

    public static FeatureWindowStats withHistogram(int bins) {
        FeatureWindowStats s = new FeatureWindowStats();
        s.hist = new long[bins];
        return s;
    }

    /** Adds a numeric value; {@code bin} is its histogram bin or -1 when it is not counted in the histogram. */
    public void addNumber(double value, int bin) {
        if (Double.isNaN(value)) {
            nulls++;
            return;
        }
        count++;
        if (value < min) {
            min = value;
        }
        if (value > max) {
            max = value;
        }
        double delta = value - mean;
        mean += delta / count;
        m2 += delta * (value - mean);
        if (hist != null && bin >= 0) {
            if (bin >= hist.length) {
                hist = java.util.Arrays.copyOf(hist, bin + 1); // a reference with more than MLRun's 20 bins
            }
            hist[bin]++;
        }
    }

    public void addNull() {
        nulls++;
    }

    public void addText(String value) {
        if (value == null) {
            nulls++;
            return;
        }
        textCount++;
        if (categories == null) {
            categories = new HashMap<>();
        }
        value = categoryOf(value);
        // Below the cap a value counts as itself whether or not it is known: one lookup, not two (this runs per value).
        String key = categories.size() < MAX_CATEGORIES || categories.containsKey(value) ? value : OTHER_CATEGORY;
        categories.merge(key, 1L, Long::sum);
    }

    /** The category a string value counts under: itself, or a prefix and a hash when it is long. */
    static String categoryOf(String value) {
        if (value.length() > MAX_CATEGORY_CHARS) {
            // Long texts (prompts, base64 images) would make state and results huge: keep a prefix and a hash.
            return value.substring(0, MAX_CATEGORY_CHARS - 9) + "…#" + String.format("%08x", value.hashCode()).substring(0, 7);
        }
        return value;
    }

    /**
     * Whether {@code value} would be counted under {@link #OTHER_CATEGORY} because the named categories are full. A
     * partial aggregate is handed on before that happens: merged later, a value it had put under "other" could no
     * longer be counted under a name the window already has.
     */
    public boolean categoriesFullFor(String value) {
        return categories != null && categories.size() >= MAX_CATEGORIES && !categories.containsKey(categoryOf(value));
    }

    /** Sample standard deviation (ddof 1, as pandas); NaN below two values. */
    public double std() {
        return count > 1 ? Math.sqrt(m2 / (count - 1)) : Double.NaN;
    }

    /** Merges {@code other} into this (Chan et al. for the moments). */
    public void merge(FeatureWindowStats other) {
        if (other.count > 0) {
            long n = count + other.count;
            double delta = other.mean - mean;
            m2 += other.m2 + delta * delta * ((double) count * other.count / n);
            mean += delta * other.count / n;
            count = n;
            min = Math.min(min, other.min);
            max = Math.max(max, other.max);
        }
        nulls += other.nulls;
        if (other.hist != null) {
            if (hist == null) {
                hist = other.hist.clone();
            } else {
                if (other.hist.length > hist.length) {
                    hist = java.util.Arrays.copyOf(hist, other.hist.length);
                }
                for (int i = 0; i < other.hist.length; i++) {
                    hist[i] += other.hist[i];
                }
            }
        }
        if (other.categories != null) {
            for (Map.Entry<String, Long> e : other.categories.entrySet()) {
                if (categories == null) {
                    categories = new HashMap<>();
                }
                String key = categories.containsKey(e.getKey()) || categories.size() < MAX_CATEGORIES ? e.getKey() : OTHER_CATEGORY;
                categories.merge(key, e.getValue(), Long::sum);
            }
        }
        textCount += other.textCount;
    }
}
