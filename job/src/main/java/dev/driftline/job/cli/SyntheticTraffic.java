package dev.driftline.job.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.Writer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Random;
import java.util.UUID;

/**
 * A small synthetic model for demos, tests and benchmarks: features {@code age}, {@code income}, {@code score}
 * (numbers) and {@code segment} (a string), prediction {@code label}. In "shifted" mode every feature moves far from
 * its training distribution, which the drift app must call {@code detected}. Deterministic for a seed.
 */
public final class SyntheticTraffic {
    public static final List<String> FEATURES = List.of("age", "income", "score", "segment");
    public static final List<String> LABELS = List.of("label");
    /** MLRun's serving format for {@code when}: a space instead of 'T', microseconds, no zone. */
    static final DateTimeFormatter WHEN = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss.SSSSSS").withZone(ZoneOffset.UTC);
    private static final String[] SEGMENTS = {"a", "b", "c"};
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Random random;

    public SyntheticTraffic(long seed) {
        this.random = new Random(seed);
    }

    /** One input row: age, income, score, segment. */
    public Object[] row(boolean shifted) {
        double age = shifted ? 75 + 10 * random.nextGaussian() : 40 + 10 * random.nextGaussian();
        double income = shifted ? 110_000 + 15_000 * random.nextGaussian() : 50_000 + 15_000 * random.nextGaussian();
        double score = shifted ? 1 + random.nextDouble() : random.nextDouble();
        double u = random.nextDouble();
        String segment = shifted ? (u < 0.05 ? "a" : u < 0.2 ? "b" : "c") : (u < 0.5 ? "a" : u < 0.8 ? "b" : "c");
        return new Object[] {round(age), round(income), round(score), segment};
    }

    /** The model's prediction for a row. */
    public static int predict(Object[] row) {
        return ((Double) row[2]) > 0.5 ? 1 : 0;
    }

    /** An MLRun serving event with {@code rows} rows (a single row is sent unwrapped half of the time, as MLRun may). */
    public String event(String endpointId, long whenMillis, boolean shifted, int rows) {
        ObjectNode e = JSON.createObjectNode();
        if (endpointId != null) {
            e.put("endpoint_id", endpointId);
        }
        e.put("model", "demo-model");
        e.put("class", "demo.SyntheticModel");
        e.put("function_uri", "demo/serving:latest");
        e.put("host", "serving-0");
        e.put("when", WHEN.format(Instant.ofEpochMilli(whenMillis)));
        ObjectNode request = e.putObject("request");
        String id = new UUID(random.nextLong(), random.nextLong()).toString();
        request.put("id", id);
        ArrayNode outputs = JSON.createArrayNode();
        if (rows == 1 && random.nextBoolean()) {
            Object[] r = row(shifted);
            request.set("inputs", toArray(r));
            outputs.add(predict(r));
        } else {
            ArrayNode inputs = request.putArray("inputs");
            for (int i = 0; i < rows; i++) {
                Object[] r = row(shifted);
                inputs.add(toArray(r));
                outputs.add(predict(r));
            }
        }
        ObjectNode resp = e.putObject("resp");
        resp.put("id", id);
        resp.put("model_name", "demo-model");
        resp.set("outputs", outputs);
        e.put("microsec", 200 + random.nextInt(800));
        return e.toString();
    }

    /** A training set drawn from the unshifted distribution, with the prediction as the label column. */
    public void writeTrainingCsv(Path file, int rows) throws IOException {
        try (Writer w = Files.newBufferedWriter(file)) {
            w.write(String.join(",", FEATURES) + "," + String.join(",", LABELS) + "\n");
            for (int i = 0; i < rows; i++) {
                Object[] r = row(false);
                w.write(r[0] + "," + r[1] + "," + r[2] + "," + r[3] + "," + predict(r) + "\n");
            }
        }
    }

    private static ArrayNode toArray(Object[] row) {
        ArrayNode a = JSON.createArrayNode();
        for (Object o : row) {
            if (o instanceof Double d) {
                a.add(d);
            } else {
                a.add(String.valueOf(o));
            }
        }
        return a;
    }

    private static double round(double v) {
        return Math.round(v * 1000) / 1000.0;
    }

    static String[] segments() {
        return SEGMENTS.clone();
    }
}
