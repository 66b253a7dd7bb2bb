package dev.driftline.functions.decode;

import static dev.driftline.functions.decode.MlrunEventDecoderTest.NOW;
import static dev.driftline.functions.decode.MlrunEventDecoderTest.WHEN_MS;
import static dev.driftline.functions.decode.MlrunEventDecoderTest.bytes;
import static org.assertj.core.api.Assertions.assertThat;

import dev.driftline.functions.model.InferenceRecord;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** What reading the event in one streaming pass could get wrong, each checked against the tree-based reference too. */
class MlrunEventDecoderStreamingTest {

    final MlrunEventDecoder decoder = new MlrunEventDecoder();
    final TreeEventDecoder reference = new TreeEventDecoder();

    DecodeResult decode(String json) {
        DecodeResult result = decoder.decode(bytes(json), NOW);
        assertThat(StreamingDecoderEquivalenceTest.describe(result))
                .as("same as the tree-based decoding")
                .isEqualTo(StreamingDecoderEquivalenceTest.describe(reference.decode(bytes(json), NOW)));
        return result;
    }

    List<InferenceRecord> records(String json) {
        DecodeResult result = decode(json);
        assertThat(result.failureReason()).isNull();
        return result.records();
    }

    @Test
    void fieldsMayComeInAnyOrder() {
        List<InferenceRecord> out = records("""
                {"resp": {"outputs": [1], "id": "req-42"}, "request": {"inputs": [[1.5, "a"]], "id": "req-42"},
                 "microsec": 7, "when": "2026-11-26 03:00:00.123456", "endpoint_id": "ep-1"}""");
        assertThat(out).hasSize(1);
        assertThat(out.get(0).timestamp).isEqualTo(WHEN_MS);
        assertThat(out.get(0).requestId).isEqualTo("req-42");
        assertThat(out.get(0).inputNumbers[0]).isEqualTo(1.5);
        assertThat(out.get(0).inputTexts[1]).isEqualTo("a");
        assertThat(out.get(0).latencyMicros).isEqualTo(7.0);
    }

    @Test
    void problemsAreReportedInTheSameOrderWhateverTheFieldOrder() {
        // A bad 'when' is reported before bad inputs, even when the inputs come first.
        assertThat(decode("""
                {"request": {"inputs": [[{"a": 1}]]}, "resp": {"outputs": [1]}, "endpoint_id": "ep-1", "when": 5}""")
                .failureReason()).startsWith("field 'when' is a number");
        // Too many rows is reported before a bad row, which comes earlier in the payload.
        MlrunEventDecoder small = new MlrunEventDecoder(new DecoderSettings(10_000, 2, 10, 60_000));
        assertThat(small.decode(bytes("""
                {"endpoint_id": "ep-1", "when": "2026-11-26 03:00:00", "resp": {"outputs": [1, 2, 3]},
                 "request": {"inputs": [[{"a": 1}], [1], [2]]}}"""), NOW).failureReason())
                .isEqualTo("field 'request.inputs' has 3 rows, more than decoder max-rows-per-event (2)");
    }

    @Test
    void malformedJsonAnywhereWinsOverOtherProblems() {
        assertThat(decode("""
                {"when": 5, "request": {"inputs": [[1]]}, "resp": {"outputs": [1]}, "endpoint_id": "ep-1", "x": [1,}""")
                .failureReason()).startsWith("malformed JSON: ");
        assertThat(decode("""
                {"endpoint_id": "ep-1", "when": "2026-11-26 03:00:00", "request": {"inputs": [[1]]},
                 "resp": {"outputs": [1]}} trailing""").failureReason()).startsWith("malformed JSON: ");
    }

    @Test
    void nestedUnknownFieldsAreSkippedWhateverTheyHold() {
        List<InferenceRecord> out = records("""
                {"endpoint_id": "ep-1", "meta": {"when": "1999-01-01 00:00:00", "request": {"inputs": [[9]]}},
                 "request": {"extra": {"inputs": "no", "id": [1, {"id": 2}]}, "inputs": [[1, 2]], "id": "r"},
                 "when": "2026-11-26 03:00:00.123", "trace": [[["deep", {"resp": null}]]],
                 "resp": {"outputs": [1], "details": {"outputs": {"x": [1]}}}}""");
        assertThat(out.get(0).timestamp).isEqualTo(WHEN_MS);
        assertThat(out.get(0).inputNumbers).containsExactly(1.0, 2.0);
        assertThat(out.get(0).requestId).isEqualTo("r");
        assertThat(out.get(0).outputNumbers).containsExactly(1.0);
    }

    @Test
    void aRepeatedFieldCountsWithItsLastValueAsBefore() {
        List<InferenceRecord> out = records("""
                {"endpoint_id": "ep-0", "when": "1999-01-01 00:00:00", "request": {"id": "first", "inputs": [[1]]},
                 "endpoint_id": "ep-1", "when": "2026-11-26 03:00:00.123", "request": {"inputs": [[2, 3]]},
                 "resp": {"outputs": [1], "outputs": [4]}}""");
        assertThat(out.get(0).endpointId).isEqualTo("ep-1");
        assertThat(out.get(0).timestamp).isEqualTo(WHEN_MS);
        assertThat(out.get(0).inputNumbers).containsExactly(2.0, 3.0);
        assertThat(out.get(0).requestId).as("the repeated request replaced the first one whole").isNull();
        assertThat(out.get(0).outputNumbers).containsExactly(4.0);
        assertThat(decode("""
                {"endpoint_id": "ep-1", "when": "2026-11-26 03:00:00", "request": {"inputs": [[1]], "inputs": null},
                 "resp": {"outputs": [1]}}""").failureReason()).startsWith("missing field 'request.inputs'");
    }

    @Test
    void doublesAreTheSameAsDoubleParseDouble() {
        Random random = new Random(3);
        StringBuilder row = new StringBuilder();
        String[] texts = new String[1_000];
        for (int i = 0; i < texts.length; i++) {
            double d = i % 2 == 0 ? Double.longBitsToDouble(random.nextLong()) : random.nextGaussian() * 1e3;
            texts[i] = Double.isFinite(d) ? Double.toString(d) : "1.5";
            if (i % 3 == 0) {
                texts[i] = String.format(java.util.Locale.ROOT, "%.17g", Double.parseDouble(texts[i]));
            }
            row.append(i == 0 ? "" : ", ").append(texts[i]);
        }
        List<InferenceRecord> out = records("""
                {"endpoint_id": "ep-1", "when": "2026-11-26 03:00:00", "request": {"inputs": [[%s]]},
                 "resp": {"outputs": [1]}}""".formatted(row));
        for (int i = 0; i < texts.length; i++) {
            assertThat(out.get(0).inputNumbers[i]).as(texts[i]).isEqualTo(Double.parseDouble(texts[i]));
        }
    }

    @Test
    void aRowReusesNoArrayOfAnother() {
        List<InferenceRecord> out = records("""
                {"endpoint_id": "ep-1", "when": "2026-11-26 03:00:00", "request": {"inputs": [[1, "a"], [2, "b"]]},
                 "resp": {"outputs": [1, 2]}}""");
        assertThat(out.get(0).inputNumbers).containsExactly(1.0, Double.NaN);
        assertThat(out.get(0).inputTexts).containsExactly(null, "a");
        assertThat(out.get(1).inputNumbers).containsExactly(2.0, Double.NaN);
        assertThat(out.get(1).inputTexts).containsExactly(null, "b");
        DecodeResult next = decoder.decode(bytes("""
                {"endpoint_id": "ep-1", "when": "2026-11-26 03:00:00", "request": {"inputs": [[7, 8]]},
                 "resp": {"outputs": [1]}}"""), NOW);
        assertThat(next.records().get(0).inputTexts).containsExactly(null, null);
        assertThat(out.get(0).inputTexts).as("earlier records untouched").containsExactly(null, "a");
    }
}
