package dev.driftline.job.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.driftline.apps.EndpointInfo;
import dev.driftline.apps.stats.FeatureProfiler;
import dev.driftline.apps.stats.FeatureReference;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * The benchmark's synthetic model: 20 numeric features ({@code num_00..num_19}) and 2 string features
 * ({@code cat_0}, {@code cat_1}), one numeric prediction ({@code prediction}). Every endpoint has its own
 * distribution (means and scales drawn from its index); a "shifted" row moves every numeric feature by three of its
 * standard deviations and skews the categories, which the drift app must call {@code detected}.
 *
 * <p>Events are MLRun serving events written with a {@link StringBuilder} (one wrapped row, a list output), so that
 * generating them costs little next to sending them.
 */
final class BenchModel {
    static final int NUMERIC = 20;
    static final int STRINGS = 2;
    static final String[] CATEGORIES = {"red", "green", "blue", "black", "white"};
    private static final double[] BASE_P = {0.35, 0.25, 0.2, 0.15, 0.05};
    private static final double[] SHIFT_P = {0.05, 0.05, 0.1, 0.3, 0.5};
    static final List<String> FEATURES;
    static final List<String> LABELS = List.of("prediction");
    static final ObjectMapper JSON = new ObjectMapper();

    static {
        List<String> f = new ArrayList<>();
        for (int i = 0; i < NUMERIC; i++) {
            f.add(String.format("num_%02d", i));
        }
        for (int i = 0; i < STRINGS; i++) {
            f.add("cat_" + i);
        }
        FEATURES = List.copyOf(f);
    }

    private final String prefix;
    private final double[][] means;
    private final double[][] scales;

    /** @param prefix endpoint ids are {@code <prefix>-00042} */
    BenchModel(String prefix, int endpoints, long seed) {
        this.prefix = prefix;
        this.means = new double[endpoints][NUMERIC];
        this.scales = new double[endpoints][NUMERIC];
        for (int e = 0; e < endpoints; e++) {
            Random r = new Random(seed * 1_000_003L + e);
            for (int j = 0; j < NUMERIC; j++) {
                means[e][j] = Math.round((r.nextDouble() * 200 - 100) * 10) / 10.0;
                scales[e][j] = 0.5 + r.nextDouble() * 20;
            }
        }
    }

    int endpoints() {
        return means.length;
    }

    String endpointId(int e) {
        return String.format("%s-%05d", prefix, e);
    }

    /** Draws one row into {@code nums}/{@code cats}; returns the prediction. */
    double row(Random rnd, int e, boolean shifted, double[] nums, String[] cats) {
        for (int j = 0; j < NUMERIC; j++) {
            double g = rnd.nextGaussian();
            nums[j] = Math.round((means[e][j] + scales[e][j] * (shifted ? g + 3 : g)) * 1000) / 1000.0;
        }
        double[] p = shifted ? SHIFT_P : BASE_P;
        for (int k = 0; k < STRINGS; k++) {
            double u = rnd.nextDouble();
            int c = 0;
            while (c < p.length - 1 && u >= p[c]) {
                u -= p[c];
                c++;
            }
            cats[k] = CATEGORIES[c];
        }
        return nums[0] > means[e][0] ? 1 : 0;
    }

    /** The endpoint's definition with a reference profiled from {@code trainingRows} rows of its own distribution. */
    EndpointInfo definition(int e, int trainingRows, long seed) {
        Random rnd = new Random(seed ^ (0x9E3779B97F4A7C15L * (e + 1)));
        double[][] cols = new double[NUMERIC][trainingRows];
        List<List<String>> cats = new ArrayList<>();
        for (int k = 0; k < STRINGS; k++) {
            cats.add(new ArrayList<>(trainingRows));
        }
        double[] preds = new double[trainingRows];
        double[] nums = new double[NUMERIC];
        String[] c = new String[STRINGS];
        for (int i = 0; i < trainingRows; i++) {
            preds[i] = row(rnd, e, false, nums, c);
            for (int j = 0; j < NUMERIC; j++) {
                cols[j][i] = nums[j];
            }
            for (int k = 0; k < STRINGS; k++) {
                cats.get(k).add(c[k]);
            }
        }
        Map<String, FeatureReference> stats = new LinkedHashMap<>();
        for (int j = 0; j < NUMERIC; j++) {
            stats.put(FEATURES.get(j), FeatureProfiler.numeric(cols[j]));
        }
        for (int k = 0; k < STRINGS; k++) {
            stats.put(FEATURES.get(NUMERIC + k), FeatureProfiler.categorical(cats.get(k)));
        }
        stats.put(LABELS.get(0), FeatureProfiler.numeric(preds));
        EndpointInfo info = new EndpointInfo();
        info.id = endpointId(e);
        info.name = info.id;
        info.project = "bench";
        info.model = "bench-model";
        info.functionUri = "bench/serving:latest";
        info.featureNames = new ArrayList<>(FEATURES);
        info.labelNames = new ArrayList<>(LABELS);
        info.featureStats = stats;
        return info;
    }

    byte[] definitionJson(int e, int trainingRows, long seed) throws Exception {
        return JSON.writeValueAsBytes(definition(e, trainingRows, seed));
    }

    /** A writer of events: reuses its buffers, not thread-safe. */
    final class EventWriter {
        private final Random rnd;
        private final StringBuilder sb = new StringBuilder(1024);
        private final double[] nums = new double[NUMERIC];
        private final String[] cats = new String[STRINGS];
        private long lastSecond = Long.MIN_VALUE;
        private String secondText;
        private long ids;

        EventWriter(long seed) {
            this.rnd = new Random(seed);
        }

        String event(int e, long whenMillis, boolean shifted) {
            double pred = row(rnd, e, shifted, nums, cats);
            sb.setLength(0);
            String requestId = Long.toHexString(rnd.nextLong()) + "-" + Long.toHexString(++ids);
            sb.append("{\"endpoint_id\":\"").append(endpointId(e))
                    .append("\",\"model\":\"bench-model\",\"class\":\"bench.SyntheticModel\"")
                    .append(",\"function_uri\":\"bench/serving:latest\",\"host\":\"serving-0\",\"when\":\"");
            appendWhen(whenMillis);
            sb.append("\",\"request\":{\"id\":\"").append(requestId).append("\",\"inputs\":[[");
            for (int j = 0; j < NUMERIC; j++) {
                appendFixed3(nums[j]);
                sb.append(',');
            }
            for (int k = 0; k < STRINGS; k++) {
                sb.append('"').append(cats[k]).append('"');
                if (k < STRINGS - 1) {
                    sb.append(',');
                }
            }
            sb.append("]]},\"resp\":{\"id\":\"").append(requestId).append("\",\"model_name\":\"bench-model\",\"outputs\":[")
                    .append((int) pred).append("]},\"microsec\":").append(200 + rnd.nextInt(800)).append('}');
            return sb.toString();
        }

        /** MLRun's {@code str(datetime)}: {@code 2026-11-26 03:00:00.123456}. */
        private void appendWhen(long millis) {
            long second = Math.floorDiv(millis, 1000L);
            if (second != lastSecond) {
                LocalDateTime t = LocalDateTime.ofInstant(Instant.ofEpochSecond(second), ZoneOffset.UTC);
                secondText = String.format("%04d-%02d-%02d %02d:%02d:%02d.", t.getYear(), t.getMonthValue(),
                        t.getDayOfMonth(), t.getHour(), t.getMinute(), t.getSecond());
                lastSecond = second;
            }
            int micros = (int) Math.floorMod(millis, 1000L) * 1000 + rnd.nextInt(1000);
            sb.append(secondText);
            String m = Integer.toString(micros);
            for (int i = m.length(); i < 6; i++) {
                sb.append('0');
            }
            sb.append(m);
        }

        private void appendFixed3(double v) {
            long scaled = Math.round(v * 1000);
            if (scaled < 0) {
                sb.append('-');
                scaled = -scaled;
            }
            sb.append(scaled / 1000).append('.');
            long frac = scaled % 1000;
            if (frac < 100) {
                sb.append('0');
            }
            if (frac < 10) {
                sb.append('0');
            }
            sb.append(frac);
        }
    }
}
