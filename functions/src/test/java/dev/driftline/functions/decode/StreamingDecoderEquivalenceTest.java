package dev.driftline.functions.decode;

import static org.assertj.core.api.Assertions.assertThat;

import dev.driftline.functions.model.InferenceError;
import dev.driftline.functions.model.InferenceRecord;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

/**
 * The streaming {@link MlrunEventDecoder} against the tree-based decoder it replaced ({@link TreeEventDecoder}): on
 * generated events — fields in any order, given twice, of every wrong type, values of every kind, unknown nested
 * fields — and on byte-level mutations of them, both must give the same records, errors and failure reasons.
 */
class StreamingDecoderEquivalenceTest {

    static final long NOW = MlrunEventDecoderTest.NOW;
    /** Small limits, so that generated events also cross them. */
    static final DecoderSettings SMALL = new DecoderSettings(2_000, 3, 4, 60_000);

    @Test
    void generatedEventsDecodeAsBefore() {
        Random random = new Random(7);
        EventGenerator events = new EventGenerator(random);
        Pair defaults = new Pair(DecoderSettings.DEFAULTS);
        Pair small = new Pair(SMALL);
        for (int i = 0; i < 60_000; i++) {
            String json = events.event();
            defaults.assertSame(json);
            small.assertSame(json);
        }
        System.out.println("outcomes " + defaults.kinds + " / small limits " + small.kinds + "; "
                + defaults.reasons.size() + " kinds of reasons: " + defaults.reasons);
        for (Pair pair : List.of(defaults, small)) {
            assertThat(pair.kinds.get(DecodeResult.Kind.RECORDS)).isGreaterThan(5_000);
            assertThat(pair.kinds.get(DecodeResult.Kind.ERROR)).isGreaterThan(1_000);
            assertThat(pair.kinds.get(DecodeResult.Kind.FAILURE)).isGreaterThan(5_000);
        }
        assertThat(defaults.reasons).as("kinds of failure reasons covered").hasSizeGreaterThan(25);
    }

    @Test
    void mutatedEventsDecodeAsBefore() {
        Random random = new Random(11);
        EventGenerator events = new EventGenerator(random);
        Pair defaults = new Pair(DecoderSettings.DEFAULTS);
        String alphabet = "{}[]\",:0123456789.eE-+ nultrfasNIy\\\u00e9x";
        for (int i = 0; i < 60_000; i++) {
            StringBuilder s = new StringBuilder(events.event());
            int edits = 1 + random.nextInt(3);
            for (int e = 0; e < edits; e++) {
                int at = random.nextInt(s.length() + 1);
                char c = alphabet.charAt(random.nextInt(alphabet.length()));
                switch (random.nextInt(3)) {
                    case 0 -> s.insert(at, c);
                    case 1 -> { if (at < s.length()) s.setCharAt(at, c); }
                    default -> { if (at < s.length()) s.deleteCharAt(at); }
                }
            }
            defaults.assertSame(s.toString());
        }
    }

    @Test
    void oddPayloadsDecodeAsBefore() {
        Pair defaults = new Pair(DecoderSettings.DEFAULTS);
        String good = MlrunEventDecoderTest.event("\"request\": {\"inputs\": [[1, 2]]}, \"resp\": {\"outputs\": [1]}");
        for (String json : List.of("", " ", " \n\t", "null", "[]", "[1, 2]", "\"text\"", "42", "true", "{}", "{", "}",
                good + " ", good + " {}", good + " x", good + "]", good + ",", "\uFEFF" + good, good.replace("[[1, 2]]", "[[1, 2]"),
                good.replace("\"when\"", "\"when\" "), good.replace("[[1, 2]]", "[[1, " + "9".repeat(1001) + "]]"),
                good.replace("\"host\"", "\"x\": " + "1".repeat(1001) + ", \"host\""),
                good.replace("\"host\"", "\"x\": " + "[".repeat(1200) + "]".repeat(1200) + ", \"host\""),
                good.replace("[[1, 2]]", "[[1, " + "[".repeat(1200) + "]".repeat(1200) + "]]"),
                good.replace("[[1, 2]]", "[[1, 2e400, -2e400, 1e-400, 123456789012345678901234567890]]"))) {
            defaults.assertSame(json);
        }
        // Invalid UTF-8 in a skipped field and in a read one; UTF-16.
        byte[] bytes = good.getBytes(StandardCharsets.UTF_8);
        for (String field : List.of("serving-abc", "ChurnModel", "churn")) {
            byte[] bad = bytes.clone();
            int at = indexOf(bad, field.getBytes(StandardCharsets.UTF_8));
            bad[at + 1] = (byte) 0xC3;
            bad[at + 2] = (byte) 0x28;
            defaults.assertSame(bad);
            bad[at + 1] = (byte) 0xFF;
            defaults.assertSame(bad);
        }
        defaults.assertSame(good.getBytes(StandardCharsets.UTF_16BE));
        defaults.assertSame(new byte[] {0, 0, 0, '{'});
    }

    /**
     * A skipped string longer than the JSON parser's limit on strings (20,000,000 characters), within a payload limit
     * raised above it: rejected as the tree decoder rejects it, whether the parser finds the length while reading
     * the string or only at its end; one character less is no problem.
     */
    @Test
    void aSkippedStringBeyondTheParsersLimitIsRejectedAsBefore() {
        Pair large = new Pair(new DecoderSettings(64_000_000, 100, 1_000, 60_000));
        String good = MlrunEventDecoderTest.event("\"request\": {\"inputs\": [[1, 2]]}, \"resp\": {\"outputs\": [1]}");
        int limit = 20_000_000;
        for (int length : new int[] {limit - 1, limit, limit + 1, limit + 4_000}) {
            large.assertSame(good.replace("\"host\"", "\"x\": \"" + "a".repeat(length) + "\", \"host\""));
        }
        assertThat(large.kinds.get(DecodeResult.Kind.RECORDS)).isEqualTo(2);
        assertThat(large.kinds.get(DecodeResult.Kind.FAILURE)).isEqualTo(2);
    }

    private static int indexOf(byte[] haystack, byte[] needle) {
        outer:
        for (int i = 0; i + needle.length <= haystack.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (haystack[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return i;
        }
        throw new IllegalArgumentException("not found");
    }

    /** Both decoders with the same settings. */
    private static final class Pair {
        final MlrunEventDecoder streaming;
        final TreeEventDecoder tree;
        /** Outcomes seen, by kind, so that a test can check it covered each. */
        final java.util.EnumMap<DecodeResult.Kind, Integer> kinds = new java.util.EnumMap<>(DecodeResult.Kind.class);
        final java.util.Set<String> reasons = new java.util.HashSet<>();

        Pair(DecoderSettings settings) {
            streaming = new MlrunEventDecoder(settings);
            tree = new TreeEventDecoder(settings);
        }

        void assertSame(String json) {
            assertSame(json.getBytes(StandardCharsets.UTF_8));
        }

        void assertSame(byte[] payload) {
            DecodeResult reference = tree.decode(payload, NOW);
            kinds.merge(reference.kind(), 1, Integer::sum);
            if (reference.isFailure()) {
                // The reason's kind: its text without quoted values and numbers.
                reasons.add(reference.failureReason().replaceAll("\"[^\"]*\"", "S").replaceAll("[0-9]+", "N"));
            }
            String expected = describe(reference);
            String actual = describe(streaming.decode(payload, NOW));
            assertThat(actual).as("decoding %s", new String(payload, StandardCharsets.UTF_8)).isEqualTo(expected);
        }
    }

    /** Everything a result says, doubles to the bit. */
    static String describe(DecodeResult result) {
        StringBuilder s = new StringBuilder(result.kind().name()).append('\n');
        switch (result.kind()) {
            case FAILURE -> s.append(result.failureReason());
            case ERROR -> {
                InferenceError e = result.error();
                s.append(List.of(String.valueOf(e.endpointId), String.valueOf(e.project), String.valueOf(e.model),
                        String.valueOf(e.functionUri), String.valueOf(e.requestId), e.timestamp, String.valueOf(e.error),
                        String.valueOf(e.errorType)));
            }
            default -> {
                for (InferenceRecord r : result.records()) {
                    s.append(Arrays.asList(r.endpointId, r.project, r.model, r.functionUri, r.requestId, r.timestamp,
                                    bits(r.latencyMicros), bits(r.inputNumbers), Arrays.toString(r.inputTexts),
                                    bits(r.outputNumbers), Arrays.toString(r.outputTexts), r.labels, r.customMetrics,
                                    bits(r.estimatedPredictionCount), r.effectiveSampleCount, r.continuesRequest))
                            .append('\n');
                }
            }
        }
        return s.toString();
    }

    private static String bits(double d) {
        return Long.toHexString(Double.doubleToRawLongBits(d));
    }

    private static String bits(double[] ds) {
        StringBuilder s = new StringBuilder("[");
        for (double d : ds) {
            s.append(bits(d)).append(' ');
        }
        return s.append(']').toString();
    }

    /** Random serving events, mostly well-formed, with every field sometimes absent, null, repeated or of a wrong type. */
    static final class EventGenerator {
        private final Random random;
        /** Whether the current event keeps to well-typed values, mostly (else anything goes). */
        private boolean clean;
        /** The fields generated for the current event (top level and nested), to repeat some. */
        private final List<Map.Entry<String, Supplier<String>>> generators = new ArrayList<>();

        EventGenerator(Random random) {
            this.random = random;
        }

        String event() {
            clean = random.nextBoolean();
            List<String> fields = new ArrayList<>();
            maybe(fields, 0.97, "when", this::when);
            maybe(fields, 0.8, "endpoint_id", () -> pick("\"ep-1\"", "\"\"", "\" \"", "12", "null", "{\"a\": 1}", "[\"x\"]"));
            maybe(fields, 0.7, "function_uri", () -> pick("\"fraud/serving:latest\"", "\"fraud/serving@abc\"", "\"fraud/serving\"",
                    "\"serving\"", "\"/x\"", "\"p/\"", "3", "null"));
            maybe(fields, 0.7, "model", () -> pick("\"churn\"", "\"\"", "7", "null", "true"));
            maybe(fields, 0.4, "version", () -> pick("\"v2\"", "2", "2.0", "\"\"", "null", "[1]"));
            maybe(fields, 0.5, "class", () -> pick("\"ChurnModel\"", "{\"nested\": [1, {\"when\": 3}]}", "null"));
            maybe(fields, 0.3, "host", () -> "\"serving-\\u00e9" + random.nextInt(9) + "\"");
            maybe(fields, 0.9, "request", this::request);
            maybe(fields, 0.9, "resp", this::resp);
            maybe(fields, 0.1, "error", () -> pick("\"ValueError: bad input\"", "\"\"", "{\"type\": \"x\"}", "3", "null",
                    "\"Traceback (most recent call last):\\n  boom\"", "[\"a\", 1]"));
            maybe(fields, 0.6, "microsec", () -> pick("1234", "12.5", "-1", "\"12\"", "null", "1e3", "NaN",
                    "123456789012345678901234567890", "{}"));
            maybe(fields, 0.2, "labels", () -> pick("{\"a\": \"x\", \"b\": 2, \"c\": null, \"d\": [1, 2], \"e\": {\"f\": true}, \"a\": \"y\"}",
                    "{\"c\": null, \"a\": 1, \"c\": 3}", "{}", "[]", "\"l\"", "null"));
            maybe(fields, 0.2, "metrics", () -> pick("{\"acc\": 0.5, \"n\": [1, 2.50]}", "{}", "3", "null",
                    "{\"x\": NaN, \"x\": 1}"));
            maybe(fields, 0.1, "effective_sample_count", () -> pick("10", "10.0", "10.5", "-3", "\"10\"", "null", "1e12"));
            maybe(fields, 0.1, "sampling_percentage", () -> pick("50", "0", "100", "150", "12.5", "\"50\"", "null", "-1"));
            maybe(fields, 0.03, "headers", () -> "[\"a\", \"b\"]");
            maybe(fields, 0.03, "values", () -> "[[1, 2]]");
            maybe(fields, 0.2, "op", () -> pick("\"infer\"", "{\"request\": {\"inputs\": 3}}", "[[[]]]", "-0.0"));
            int duplicates = random.nextInt(10) == 0 ? 1 + random.nextInt(2) : 0;
            for (int d = 0; d < duplicates && !generators.isEmpty(); d++) {
                // The same field again, with another value of its kind.
                var again = generators.get(random.nextInt(generators.size()));
                fields.add("\"" + again.getKey() + "\": " + again.getValue().get());
            }
            generators.clear();
            java.util.Collections.shuffle(fields, random);
            return "{" + String.join(random.nextBoolean() ? ", " : ",", fields) + "}";
        }

        private void maybe(List<String> fields, double p, String name, Supplier<String> value) {
            if (random.nextDouble() < p) {
                generators.add(Map.entry(name, value));
                fields.add("\"" + name + "\": " + value.get());
            }
        }

        /** One of the options; the first (a well-typed one) mostly, in a clean event. */
        private String pick(String... options) {
            if (clean && random.nextInt(10) != 0) {
                return options[0];
            }
            return options[random.nextInt(options.length)];
        }

        private String when() {
            if (!clean && random.nextInt(10) == 0) {
                return pick("null", "1764126000", "\"yesterday\"", "\"2026-11-27 05:00:00\"", "\"2026-11-26T03:00:59Z\"",
                        "{\"t\": 1}", "\"2026-02-30 03:00:00\"", "\"2026-11-26t03:00:00.5z\"", "\"  2026-11-26 03:00:00 \"",
                        "\"" + "x".repeat(150) + "\"");
            }
            return "\"2026-11-26" + pick(" ", "T") + "03:" + String.format("%02d:%02d", random.nextInt(60), random.nextInt(60))
                    + pick("", ".1", ".123456", ".123456789") + pick("", "", "Z", "+01:00", "-0130") + "\"";
        }

        private String request() {
            if (!clean && random.nextInt(15) == 0) {
                return pick("null", "\"r\"", "[1, 2]", "3");
            }
            List<String> fields = new ArrayList<>();
            maybe(fields, 0.7, "id", () -> pick("\"req-1\"", "\"\"", "42", "4.5", "null", "{\"x\": 1}"));
            maybe(fields, 0.95, "inputs", this::inputs);
            maybe(fields, 0.2, "meta", () -> "{\"inputs\": [[\"not these\"]], \"id\": \"no\"}");
            if (random.nextInt(20) == 0) {
                fields.add("\"inputs\": " + inputs());
            }
            java.util.Collections.shuffle(fields, random);
            return "{" + String.join(", ", fields) + "}";
        }

        private String inputs() {
            switch (clean ? 19 : random.nextInt(20)) {
                case 0: return pick("null", "\"x\"", "3", "{\"a\": [1]}", "true");
                case 1: return "[]";
                case 2: return "[{\"a\": 1}, [1]]";
                case 3: return "[" + row() .substring(1); // an unwrapped row's values: "[" + values
                default:
                    int rows = random.nextInt(6) == 0 ? random.nextInt(6) : 1;
                    List<String> list = new ArrayList<>();
                    for (int i = 0; i < Math.max(rows, 1); i++) {
                        list.add(random.nextInt(40) == 0 ? pick("1", "\"r\"", "null", "{}", "[]") : row());
                    }
                    return "[" + String.join(", ", list) + "]";
            }
        }

        private String row() {
            int n = random.nextInt(8) == 0 ? random.nextInt(8) : 1 + random.nextInt(5);
            List<String> values = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                values.add(value(true));
            }
            return "[" + String.join(", ", values) + "]";
        }

        private String value(boolean tensors) {
            int kind = random.nextInt(tensors ? 16 : 14);
            if (clean && (kind == 8 || kind == 15)) {
                kind = 9;
            }
            switch (kind) {
                case 0: return Integer.toString(random.nextInt());
                case 1: return Long.toString(random.nextLong());
                case 2: return Double.toString(random.nextGaussian() * Math.pow(10, random.nextInt(40) - 20));
                case 3: return Double.toString(Double.longBitsToDouble(random.nextLong()));
                case 4: return randomDigits();
                case 5: return pick("NaN", "Infinity", "-Infinity", "-0", "-0.0", "0.1e-5", "1E+2", "12345678901234567890123");
                case 6: return pick("true", "false", "null");
                case 7: return pick("\"red\"", "\"NaN\"", "\"\"", "\"\\u0041\\n\"", "\"\u00e9\u4e2d\"");
                case 8: return pick("{}", "{\"a\": 1}");
                case 14: return "[" + value(true) + ", " + value(false) + ", [" + value(false) + "]]";
                case 15: return "[[" + pick("1, 2", "true, null", "NaN", "", "\"s\", 1", "{}, \"s\"") + "], 3]";
                default: return String.format(java.util.Locale.ROOT, "%.3f", random.nextDouble() * 100);
            }
        }

        private String randomDigits() {
            StringBuilder s = new StringBuilder(random.nextBoolean() ? "-" : "");
            s.append(1 + random.nextInt(9));
            int digits = random.nextInt(25);
            for (int i = 0; i < digits; i++) {
                s.append(random.nextInt(10));
            }
            if (random.nextBoolean()) {
                s.append('.');
                for (int i = 0, f = 1 + random.nextInt(20); i < f; i++) {
                    s.append(random.nextInt(10));
                }
            }
            if (random.nextInt(3) == 0) {
                s.append('e').append(random.nextInt(700) - 350);
            }
            return s.toString();
        }

        private String resp() {
            if (!clean && random.nextInt(15) == 0) {
                return pick("null", "\"r\"", "[1]", "3");
            }
            List<String> fields = new ArrayList<>();
            maybe(fields, 0.5, "id", () -> pick("\"req-1\"", "\"\"", "42", "null"));
            maybe(fields, 0.3, "model_name", () -> "\"churn\"");
            maybe(fields, 0.2, "model_version", () -> pick("\"v3\"", "3", "\"\"", "null"));
            maybe(fields, 0.95, "outputs", () -> {
                switch (random.nextInt(8)) {
                    case 0: return pick("1", "\"yes\"", "null", "{}", "true", "[[1, 2]]", "[[1], [2]]");
                    case 1: return "[" + value(true) + ", " + value(true) + "]";
                    case 2: return "[[" + value(true) + ", " + value(true) + "]]";
                    case 3: return "[" + value(true) + ", [" + value(true) + "], " + value(true) + "]";
                    case 4: return "[1, 2, 3, 4, 5, 6]";
                    default: return "[" + value(true) + "]";
                }
            });
            if (random.nextInt(20) == 0) {
                fields.add("\"outputs\": [7]");
            }
            java.util.Collections.shuffle(fields, random);
            return "{" + String.join(", ", fields) + "}";
        }
    }
}
