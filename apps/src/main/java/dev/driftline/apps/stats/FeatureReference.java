package dev.driftline.apps.stats;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.ArrayList;
import java.util.List;

/**
 * Reference statistics of one training column in MLRun's {@code feature_stats} format:
 * {@code {count, mean, std, min, 25%, 50%, 75%, max, hist: [[20 counts], [21 edges]]}}.
 *
 * <p>A categorical (string) column has {@code hist: [[counts], [categories]]} and no numeric moments.
 */
@JsonIgnoreProperties(ignoreUnknown = true)
@JsonInclude(JsonInclude.Include.NON_NULL)
public class FeatureReference {
    @JsonProperty("count")
    public Double count;
    @JsonProperty("mean")
    public Double mean;
    @JsonProperty("std")
    public Double std;
    @JsonProperty("min")
    public Double min;
    @JsonProperty("25%")
    public Double p25;
    @JsonProperty("50%")
    public Double p50;
    @JsonProperty("75%")
    public Double p75;
    @JsonProperty("max")
    public Double max;
    /** {@code [counts, edges]} for numbers, {@code [counts, categories]} for strings. */
    @JsonProperty("hist")
    public List<List<Object>> hist;

    public FeatureReference() {}

    public static FeatureReference numeric(double[] counts, double[] edges) {
        FeatureReference r = new FeatureReference();
        List<Object> c = new ArrayList<>();
        for (double v : counts) {
            c.add(v);
        }
        List<Object> e = new ArrayList<>();
        for (double v : edges) {
            e.add(v);
        }
        r.hist = List.of(c, e);
        return r;
    }

    public static FeatureReference categorical(List<String> categories, double[] counts) {
        FeatureReference r = new FeatureReference();
        List<Object> c = new ArrayList<>();
        for (double v : counts) {
            c.add(v);
        }
        r.hist = List.of(c, new ArrayList<>(categories));
        double total = 0;
        for (double v : counts) {
            total += v;
        }
        r.count = total;
        return r;
    }

    /**
     * Keeps the histogram's numbers unboxed ({@link NumberList}): for a definition held while a job runs. The lists stay
     * equal to what they were and serialize the same; they can no longer be changed.
     */
    public FeatureReference compact() {
        if (hist != null) {
            List<List<Object>> lists = new ArrayList<>(hist.size());
            for (List<Object> values : hist) {
                lists.add(NumberList.of(values));
            }
            hist = lists;
        }
        return this;
    }

    @JsonIgnore
    public boolean hasHistogram() {
        return hist != null && hist.size() == 2 && !hist.get(0).isEmpty() && !hist.get(1).isEmpty();
    }

    /** True when the histogram's second list holds category names rather than numeric edges. */
    @JsonIgnore
    public boolean isCategorical() {
        return hasHistogram() && hist.get(1).get(0) instanceof String;
    }

    @JsonIgnore
    public double[] counts() {
        return toDoubles(hist.get(0));
    }

    /** The histogram's numeric edges (21 for MLRun's 20 bins). */
    @JsonIgnore
    public double[] edges() {
        if (isCategorical()) {
            throw new IllegalStateException("categorical reference has no numeric edges");
        }
        return toDoubles(hist.get(1));
    }

    @JsonIgnore
    public List<String> categories() {
        List<String> out = new ArrayList<>();
        for (Object o : hist.get(1)) {
            out.add(String.valueOf(o));
        }
        return out;
    }

    /**
     * What makes this reference unusable, or null: non-numeric or non-finite counts or edges, unsorted edges, or a
     * histogram whose edges do not delimit its counts. Checked when a definition arrives, so a bad one is refused
     * instead of failing on every record.
     */
    @JsonIgnore
    public String problem() {
        if (hist == null) {
            return null;
        }
        if (hist.size() != 2 || hist.get(0) == null || hist.get(1) == null) {
            return "hist must be [counts, edges]";
        }
        for (Object c : hist.get(0)) {
            if (!(c instanceof Number n) || !Double.isFinite(n.doubleValue()) || n.doubleValue() < 0) {
                return "hist counts must be finite non-negative numbers, found " + c;
            }
        }
        if (hist.get(0).isEmpty()) {
            return null;
        }
        if (isCategorical()) {
            for (Object o : hist.get(1)) {
                if (!(o instanceof String)) {
                    return "categories must all be strings, found " + o;
                }
            }
            return hist.get(1).size() == hist.get(0).size() ? null
                    : "categorical hist has " + hist.get(0).size() + " counts but " + hist.get(1).size() + " categories";
        }
        double previous = Double.NEGATIVE_INFINITY;
        for (Object o : hist.get(1)) {
            if (!(o instanceof Number n) || !Double.isFinite(n.doubleValue())) {
                return "hist edges must be finite numbers, found " + o;
            }
            if (n.doubleValue() < previous) {
                return "hist edges must be sorted";
            }
            previous = n.doubleValue();
        }
        return hist.get(1).size() == hist.get(0).size() + 1 ? null
                : "hist has " + hist.get(0).size() + " counts but " + hist.get(1).size() + " edges (expected counts + 1)";
    }

    private static double[] toDoubles(List<Object> values) {
        double[] out = new double[values.size()];
        for (int i = 0; i < out.length; i++) {
            Object o = values.get(i);
            out[i] = o instanceof Number n ? n.doubleValue() : Double.parseDouble(String.valueOf(o));
        }
        return out;
    }
}
