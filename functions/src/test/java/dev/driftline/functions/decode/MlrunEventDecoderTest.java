package dev.driftline.functions.decode;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.entry;
import static org.assertj.core.api.Assertions.within;

import dev.driftline.functions.model.InferenceError;
import dev.driftline.functions.model.InferenceRecord;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class MlrunEventDecoderTest {

    /** Processing time of every test: one hour after the events' {@code when}. */
    static final long NOW = Instant.parse("2026-11-26T04:00:00Z").toEpochMilli();
    static final long WHEN_MS = Instant.parse("2026-11-26T03:00:00.123Z").toEpochMilli();

    final MlrunEventDecoder decoder = new MlrunEventDecoder();

    static byte[] bytes(String json) {
        return json.getBytes(StandardCharsets.UTF_8);
    }

    DecodeResult decode(String json) {
        return decoder.decode(bytes(json), NOW);
    }

    List<InferenceRecord> records(String json) {
        DecodeResult result = decode(json);
        assertThat(result.failureReason()).as("failure reason").isNull();
        assertThat(result.isRecords()).isTrue();
        assertThat(result.error()).isNull();
        return result.records();
    }

    String failure(String json) {
        return failure(decoder, bytes(json));
    }

    static String failure(MlrunEventDecoder decoder, byte[] payload) {
        DecodeResult result = decoder.decode(payload, NOW);
        assertThat(result.isFailure()).as("expected a failure, got %s", result).isTrue();
        assertThat(result.records()).isNull();
        assertThat(result.error()).isNull();
        assertThat(result.failureReason()).isNotBlank();
        return result.failureReason();
    }

    /** An event with the given body fields after a fixed identity and {@code when}. */
    static String event(String fields) {
        return """
                {"endpoint_id": "ep-1", "model": "churn", "class": "ChurnModel", "version": "v2",
                 "function_uri": "fraud/serving:latest", "host": "serving-abc", "worker": 0,
                 "when": "2026-11-26 03:00:00.123456", %s}""".formatted(fields);
    }

    static String sha1Hex(String s) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-1").digest(s.getBytes(StandardCharsets.UTF_8)));
    }

    @Nested
    class IdentityStrings {
        static final String BODY = "\"request\": {\"id\": \"r\", \"inputs\": [[1.0]]}, \"resp\": {\"outputs\": [0]}";

        @Test
        void anEndpointsIdentityIsOneInstanceAcrossEvents() {
            InferenceRecord first = records(event(BODY)).get(0);
            InferenceRecord second = records(event(BODY)).get(0);

            assertThat(second.endpointId).isEqualTo("ep-1").isSameAs(first.endpointId);
            assertThat(second.model).isEqualTo("churn").isSameAs(first.model);
            assertThat(second.functionUri).isEqualTo("fraud/serving:latest").isSameAs(first.functionUri);
            assertThat(second.project).isEqualTo("fraud").isSameAs(first.project);
        }

        @Test
        void aDerivedEndpointIdAndAnErrorsIdentityAreOneInstanceToo() throws Exception {
            String withoutId = """
                    {"model": "churn", "function_uri": "fraud/serving", "when": "2026-11-26 03:00:00",
                     "request": {"id": "r"}, "error": "model crashed"}""";
            InferenceError first = decode(withoutId).error();
            InferenceError second = decode(withoutId).error();

            assertThat(second.endpointId).isEqualTo(sha1Hex("fraud_serving_N/A_churn_N/A")).isSameAs(first.endpointId);
            assertThat(second.project).isEqualTo("fraud").isSameAs(first.project);
        }

        @Test
        void aFunctionUriThatDoesNotParseStaysRejectedOnEveryEvent() {
            String bad = """
                    {"model": "churn", "function_uri": "no-slash", "when": "2026-11-26 03:00:00", %s}""".formatted(BODY);
            for (int i = 0; i < 3; i++) {
                assertThat(failure(bad)).contains("is not of the form project/function[:tag]");
            }
            // The same URI with an endpoint id is a record without a project, as before it was kept.
            InferenceRecord r = records("""
                    {"endpoint_id": "e", "function_uri": "no-slash", "when": "2026-11-26 03:00:00", %s}""".formatted(BODY)).get(0);
            assertThat(r.project).isNull();
            assertThat(r.functionUri).isEqualTo("no-slash");
        }

        @Test
        void manyEndpointsKeepTheTableBoundedAndEveryValueRight() {
            int endpoints = CanonicalStrings.MAX_ENTRIES + 500;
            for (int i = 0; i < endpoints; i++) {
                String json = event(BODY).replace("\"ep-1\"", "\"ep-" + i + "\"")
                        .replace("fraud/serving", "proj" + i + "/serving");
                InferenceRecord r = records(json).get(0);
                assertThat(r.endpointId).isEqualTo("ep-" + i);
                assertThat(r.project).isEqualTo("proj" + i);
                assertThat(decoder.keptIdentityStrings()).isBetween(1, CanonicalStrings.MAX_ENTRIES);
                assertThat(decoder.keptFunctionUris()).isBetween(1, CanonicalStrings.MAX_ENTRIES);
            }
            InferenceRecord longId = records(event(BODY).replace("\"ep-1\"", "\"" + "x".repeat(300) + "\"")).get(0);
            InferenceRecord again = records(event(BODY).replace("\"ep-1\"", "\"" + "x".repeat(300) + "\"")).get(0);
            assertThat(again.endpointId).isEqualTo(longId.endpointId).isNotSameAs(longId.endpointId); // too long to keep
        }
    }

    @Nested
    class EventShapes {

        @Test
        void fullMlrunEventWithSpaceSeparatedWhenAndMicroseconds() {
            List<InferenceRecord> out = records("""
                    {"endpoint_id": "3f2c1a", "model": "churn", "class": "ChurnModel", "version": "v2",
                     "function_uri": "fraud/serving:latest", "host": "serving-abc", "worker": 3,
                     "when": "2026-11-26 03:00:00.123456",
                     "request": {"id": "req-42", "inputs": [[1.5, 2, -3.25]]},
                     "resp": {"id": "req-42", "model_name": "churn", "outputs": [1], "model_version": "v2"},
                     "op": "infer", "microsec": 1234}""");

            assertThat(out).hasSize(1);
            InferenceRecord r = out.get(0);
            assertThat(r.endpointId).isEqualTo("3f2c1a");
            assertThat(r.project).isEqualTo("fraud");
            assertThat(r.model).isEqualTo("churn");
            assertThat(r.functionUri).isEqualTo("fraud/serving:latest");
            assertThat(r.requestId).isEqualTo("req-42");
            assertThat(r.timestamp).isEqualTo(WHEN_MS).isEqualTo(1795662000123L);
            assertThat(r.latencyMicros).isEqualTo(1234.0);
            assertThat(r.inputNumbers).containsExactly(1.5, 2.0, -3.25);
            assertThat(r.inputTexts).containsExactly(null, null, null);
            assertThat(r.outputNumbers).containsExactly(1.0);
            assertThat(r.outputTexts).containsExactly((String) null);
            assertThat(r.labels).isNull();
            assertThat(r.customMetrics).isNull();
            assertThat(r.estimatedPredictionCount).isEqualTo(1.0);
            assertThat(r.effectiveSampleCount).isEqualTo(-1);
        }

        @ParameterizedTest(name = "{0}")
        @CsvSource(delimiter = '|', value = {
                "2026-11-26T05:00:00.123+02:00      | 2026-11-26T03:00:00.123Z",
                "2026-11-26T03:00:00.123456Z        | 2026-11-26T03:00:00.123Z",
                "2026-11-26T03:00:00.123456789Z     | 2026-11-26T03:00:00.123Z",
                "2026-11-26 03:00:00.123456+00:00   | 2026-11-26T03:00:00.123Z",
                "2026-11-26 03:00:00+00:00          | 2026-11-26T03:00:00Z",
                "2026-11-26 03:00:00                | 2026-11-26T03:00:00Z",
                "2026-11-25T22:00:00.5-0500         | 2026-11-26T03:00:00.500Z",
                "2026-11-26T06:30:00+03:30          | 2026-11-26T03:00:00Z",
                "2026-11-26T04:00:00+01             | 2026-11-26T03:00:00Z",
                "2026-11-26t03:00:00z               | 2026-11-26T03:00:00Z",
        })
        void isoWhenForms(String when, String expected) {
            List<InferenceRecord> out = records("""
                    {"endpoint_id": "ep-1", "when": "%s",
                     "request": {"id": "r", "inputs": [[1]]}, "resp": {"outputs": [0]}}""".formatted(when));
            assertThat(out.get(0).timestamp).isEqualTo(Instant.parse(expected).toEpochMilli());
        }

        @Test
        void unwrappedSingleRowWithScalarOutput() {
            List<InferenceRecord> out = records(event("""
                    "request": {"id": "r1", "inputs": [5.1, 3.5, 1.4, 0.2]}, "resp": {"outputs": 2}"""));
            assertThat(out).hasSize(1);
            assertThat(out.get(0).inputNumbers).containsExactly(5.1, 3.5, 1.4, 0.2);
            assertThat(out.get(0).outputNumbers).containsExactly(2.0);
        }

        @Test
        void scalarOutputForOneWrappedRow() {
            List<InferenceRecord> out = records(event("""
                    "request": {"inputs": [[10, 20]]}, "resp": {"outputs": 0.75}"""));
            assertThat(out).hasSize(1);
            assertThat(out.get(0).inputNumbers).containsExactly(10.0, 20.0);
            assertThat(out.get(0).outputNumbers).containsExactly(0.75);
        }

        @Test
        void multipleRowsPairWithListOutputsRowByRow() {
            List<InferenceRecord> out = records(event("""
                    "request": {"id": "batch-7", "inputs": [[1, 2], [3, 4], [5, 6]]},
                    "resp": {"outputs": [0, 1, 0]}, "microsec": 870"""));
            assertThat(out).hasSize(3);
            assertThat(out).extracting(r -> r.inputNumbers)
                    .containsExactly(new double[] {1, 2}, new double[] {3, 4}, new double[] {5, 6});
            assertThat(out).extracting(r -> r.outputNumbers)
                    .containsExactly(new double[] {0}, new double[] {1}, new double[] {0});
            assertThat(out).allSatisfy(r -> {
                assertThat(r.requestId).isEqualTo("batch-7");
                assertThat(r.endpointId).isEqualTo("ep-1");
                assertThat(r.timestamp).isEqualTo(WHEN_MS);
                assertThat(r.latencyMicros).isEqualTo(870.0);
            });
            assertThat(out).as("one request: only its first row starts it")
                    .extracting(r -> r.continuesRequest).containsExactly(false, true, true);
            assertThat(records(event("""
                    "request": {"id": "single", "inputs": [[1, 2]]}, "resp": {"outputs": [0]}""")).get(0).continuesRequest)
                    .isFalse();
        }

        @Test
        void listOfListsOutputsGiveSeveralPredictionsPerRow() {
            List<InferenceRecord> out = records(event("""
                    "request": {"inputs": [[1, 2], [3, 4]]},
                    "resp": {"outputs": [[0.1, 0.9], [0.8, 0.2]]}"""));
            assertThat(out).hasSize(2);
            assertThat(out.get(0).outputNumbers).containsExactly(0.1, 0.9);
            assertThat(out.get(1).outputNumbers).containsExactly(0.8, 0.2);
        }

        @Test
        void listOutputOfAnotherLengthIsTheSingleRowsPredictionVector() {
            List<InferenceRecord> out = records(event("""
                    "request": {"inputs": [[1, 2]]}, "resp": {"outputs": [0.1, 0.2, 0.7]}"""));
            assertThat(out).hasSize(1);
            assertThat(out.get(0).outputNumbers).containsExactly(0.1, 0.2, 0.7);
        }

        @Test
        void errorEventBecomesAnInferenceError() {
            DecodeResult result = decode("""
                    {"endpoint_id": "ep-9", "model": "churn", "function_uri": "fraud/serving:prod",
                     "when": "2026-11-26 03:00:00.123456",
                     "request": {"id": "req-err", "inputs": [[1, "x"]]}, "op": "infer",
                     "error": "ValueError: could not convert string to float: 'x'"}""");
            assertThat(result.isError()).isTrue();
            assertThat(result.records()).isNull();
            assertThat(result.failureReason()).isNull();
            InferenceError e = result.error();
            assertThat(e.endpointId).isEqualTo("ep-9");
            assertThat(e.project).isEqualTo("fraud");
            assertThat(e.model).isEqualTo("churn");
            assertThat(e.functionUri).isEqualTo("fraud/serving:prod");
            assertThat(e.requestId).isEqualTo("req-err");
            assertThat(e.timestamp).isEqualTo(WHEN_MS);
            assertThat(e.error).isEqualTo("ValueError: could not convert string to float: 'x'");
            assertThat(e.errorType).isEqualTo("ValueError");
        }

        @Test
        void errorEventWithoutEndpointIdGetsTheDerivedId() throws Exception {
            DecodeResult result = decode("""
                    {"model": "churn", "function_uri": "fraud/serving", "when": "2026-11-26 03:00:00",
                     "request": {"id": "r"}, "error": "model crashed\\nTraceback (most recent call last): ..."}""");
            assertThat(result.isError()).isTrue();
            assertThat(result.error().endpointId).isEqualTo(sha1Hex("fraud_serving_N/A_churn_N/A"));
            assertThat(result.error().errorType).isEqualTo("model");
        }

        @ParameterizedTest(name = "{0} -> {1}")
        @CsvSource(delimiter = '|', value = {
                "ValueError: bad input                    | ValueError",
                "  KeyError : 'age'                       | KeyError",
                "timeout after 30s                        | timeout",
                "''                                       | unknown",
                ": no type                                | :",
        })
        void errorType(String message, String expected) {
            assertThat(MlrunEventDecoder.errorType(message)).isEqualTo(expected);
        }

        @Test
        void errorTypeIsCappedAt64Characters() {
            String longType = "x".repeat(100);
            assertThat(MlrunEventDecoder.errorType(longType + ": boom")).isEqualTo("x".repeat(64));
        }

        @Test
        void missingEndpointIdIsDerivedAsMlrunDoes() throws Exception {
            String expected = sha1Hex("fraud_serving_latest_churn_v2");
            List<InferenceRecord> out = records("""
                    {"model": "churn", "version": "v2", "function_uri": "fraud/serving:latest",
                     "when": "2026-11-26 03:00:00.123456",
                     "request": {"inputs": [[1]]}, "resp": {"outputs": [0]}}""");
            assertThat(out.get(0).endpointId).isEqualTo(expected).hasSize(40).matches("[0-9a-f]{40}");
            assertThat(out.get(0).project).isEqualTo("fraud");
        }

        @Test
        void blankEndpointIdIsDerivedTooWithHashStrippedAndVersionFromResp() throws Exception {
            List<InferenceRecord> out = records("""
                    {"endpoint_id": "  ", "model": "churn", "function_uri": "fraud/serving:prod@a1b2c3",
                     "when": "2026-11-26 03:00:00.123456",
                     "request": {"inputs": [[1]]}, "resp": {"outputs": [0], "model_version": "7"}}""");
            assertThat(out.get(0).endpointId).isEqualTo(sha1Hex("fraud_serving_prod_churn_7"));
        }

        @Test
        void derivedEndpointIdUsesTheHashWithoutATagAndNAWithoutEither() throws Exception {
            // MLRun: tag or hash_key or 'N/A'
            List<InferenceRecord> hashed = records("""
                    {"model": "churn", "function_uri": "fraud/serving@deadbeef",
                     "when": "2026-11-26 03:00:00.123456",
                     "request": {"inputs": [[1]]}, "resp": {"outputs": [0]}}""");
            assertThat(hashed.get(0).endpointId).isEqualTo(sha1Hex("fraud_serving_deadbeef_churn_N/A"));
            List<InferenceRecord> bare = records("""
                    {"model": "churn", "function_uri": "fraud/serving",
                     "when": "2026-11-26 03:00:00.123456",
                     "request": {"inputs": [[1]]}, "resp": {"outputs": [0]}}""");
            assertThat(bare.get(0).endpointId).isEqualTo(sha1Hex("fraud_serving_N/A_churn_N/A"));
        }

        @Test
        void functionUriParsing() {
            assertThat(MlrunEventDecoder.parseFunctionUri("p/f:t")).containsExactly("p", "f", "t");
            assertThat(MlrunEventDecoder.parseFunctionUri("p/f")).containsExactly("p", "f", null);
            assertThat(MlrunEventDecoder.parseFunctionUri("p/f@0123abcd")).containsExactly("p", "f", "0123abcd");
            assertThat(MlrunEventDecoder.parseFunctionUri("p/f:")).containsExactly("p", "f", null);
            assertThat(MlrunEventDecoder.parseFunctionUri("p/f:t@0123abcd")).containsExactly("p", "f", "t");
            assertThat(MlrunEventDecoder.parseFunctionUri("f:t")).isNull();
            assertThat(MlrunEventDecoder.parseFunctionUri("p/")).isNull();
        }

        @Test
        void labelsAreStringifiedAndMetricsKeptAsCompactJson() {
            List<InferenceRecord> out = records(event("""
                    "request": {"inputs": [[1], [2]]}, "resp": {"outputs": [0, 1]},
                    "labels": {"team": "risk", "tier": 2, "canary": true, "ratio": 0.5, "owner": null},
                    "metrics": {"accuracy": 0.93, "calls": 5, "tags": ["a", "b"]}"""));
            assertThat(out).hasSize(2).allSatisfy(r -> {
                assertThat(r.labels).containsExactly(entry("team", "risk"), entry("tier", "2"),
                        entry("canary", "true"), entry("ratio", "0.5"));
                assertThat(r.customMetrics).isEqualTo("{\"accuracy\":0.93,\"calls\":5,\"tags\":[\"a\",\"b\"]}");
            });
        }

        @Test
        void samplingGivesEachRowAnEstimatedPredictionCount() {
            List<InferenceRecord> out = records(event("""
                    "request": {"inputs": [[1], [2]]}, "resp": {"outputs": [0, 1]},
                    "effective_sample_count": 40, "sampling_percentage": 25"""));
            // MLRun: effective_sample_count × 100 / p = 160 predictions for the event, spread over its 2 rows.
            assertThat(out).hasSize(2).allSatisfy(r -> {
                assertThat(r.estimatedPredictionCount).isEqualTo(80.0);
                assertThat(r.effectiveSampleCount).isEqualTo(40);
            });
        }

        @ParameterizedTest(name = "sampling_percentage {0} -> {1}")
        @CsvSource({"100, 1.0", "12.5, 8.0", "0, 1.0", "-5, 1.0", "150, 1.0"})
        void samplingPercentageOutsideZeroToHundredMeansNoSampling(String p, double expected) {
            List<InferenceRecord> out = records(event("""
                    "request": {"inputs": [[1]]}, "resp": {"outputs": 0}, "sampling_percentage": %s""".formatted(p)));
            assertThat(out.get(0).estimatedPredictionCount).isEqualTo(expected);
            assertThat(out.get(0).effectiveSampleCount).isEqualTo(-1);
        }

        @Test
        void stringFeaturesAndOutputsAreTexts() {
            List<InferenceRecord> out = records(event("""
                    "request": {"inputs": [["red", 1.0, "NaN"]]}, "resp": {"outputs": "cat"}"""));
            InferenceRecord r = out.get(0);
            assertThat(r.inputTexts).containsExactly("red", null, "NaN");
            assertThat(r.inputNumbers[0]).isNaN();
            assertThat(r.inputNumbers[1]).isEqualTo(1.0);
            assertThat(r.inputNumbers[2]).isNaN();
            assertThat(r.outputTexts).containsExactly("cat");
            assertThat(r.outputNumbers[0]).isNaN();
        }

        @Test
        void booleansAreOneAndZero() {
            List<InferenceRecord> out = records(event("""
                    "request": {"inputs": [[true, false, 3]]}, "resp": {"outputs": [true]}"""));
            assertThat(out.get(0).inputNumbers).containsExactly(1.0, 0.0, 3.0);
            assertThat(out.get(0).inputTexts).containsExactly(null, null, null);
            assertThat(out.get(0).outputNumbers).containsExactly(1.0);
        }

        @Test
        void nullNaNAndInfinityAreNull() {
            List<InferenceRecord> out = records(event("""
                    "request": {"inputs": [[null, NaN, Infinity, -Infinity, 1e400, 4]]}, "resp": {"outputs": [NaN]}"""));
            InferenceRecord r = out.get(0);
            assertThat(r.inputNumbers).hasSize(6);
            for (int i = 0; i < 5; i++) {
                assertThat(r.inputNumbers[i]).as("value %d", i).isNaN();
                assertThat(r.inputTexts[i]).as("text %d", i).isNull();
            }
            assertThat(r.inputNumbers[5]).isEqualTo(4.0);
            assertThat(r.outputNumbers[0]).isNaN();
            assertThat(r.outputTexts[0]).isNull();
        }

        @Test
        void nestedNumericArraysAreMonitoredByTheirMean() {
            // Row: [image 2x2, scalar, empty tensor, tensor with a null and a boolean].
            List<InferenceRecord> out = records(event("""
                    "request": {"inputs": [[[[0, 255], [128, 1]], 7, [], [[2, null], [true, 3]]]]},
                    "resp": {"outputs": [[[0.2, 0.4]]]}"""));
            InferenceRecord r = out.get(0);
            assertThat(r.inputNumbers[0]).isEqualTo(96.0);
            assertThat(r.inputNumbers[1]).isEqualTo(7.0);
            assertThat(r.inputNumbers[2]).isNaN();
            assertThat(r.inputNumbers[3]).isCloseTo(2.0, within(1e-12));
            assertThat(r.inputTexts).containsOnlyNulls();
            assertThat(r.outputNumbers).hasSize(1);
            assertThat(r.outputNumbers[0]).isCloseTo(0.3, within(1e-12));
        }

        @Test
        void rowsOfImagesPairWithOutputs() {
            List<InferenceRecord> out = records(event("""
                    "request": {"inputs": [[[[1, 3], [5, 7]]], [[[0, 0], [0, 10]]]]},
                    "resp": {"outputs": ["cat", "dog"]}"""));
            assertThat(out).hasSize(2);
            assertThat(out.get(0).inputNumbers).containsExactly(4.0);
            assertThat(out.get(1).inputNumbers).containsExactly(2.5);
            assertThat(out.get(0).outputTexts).containsExactly("cat");
            assertThat(out.get(1).outputTexts).containsExactly("dog");
        }

        @Test
        void absentMicrosecIsNaNAndRequestIdFallsBackToRespId() {
            List<InferenceRecord> out = records("""
                    {"endpoint_id": "ep-1", "when": "2026-11-26 03:00:00.123456",
                     "request": {"inputs": [[1]]}, "resp": {"id": "resp-5", "outputs": 0}}""");
            assertThat(out.get(0).latencyMicros).isNaN();
            assertThat(out.get(0).requestId).isEqualTo("resp-5");
            assertThat(out.get(0).project).isNull();
        }

        @Test
        void eventAtTheSkewLimitIsAccepted() {
            String when = "2026-11-27 03:59:59.999"; // 24 h minus 1 ms ahead of NOW
            List<InferenceRecord> out = records("""
                    {"endpoint_id": "ep-1", "when": "%s", "request": {"inputs": [[1]]}, "resp": {"outputs": 0}}"""
                    .formatted(when));
            assertThat(out.get(0).timestamp).isEqualTo(Instant.parse("2026-11-27T03:59:59.999Z").toEpochMilli());
        }

        @Test
        void decoderIsReusableAcrossEvents() {
            assertThat(failure("{nope")).startsWith("malformed JSON");
            assertThat(records(event("\"request\": {\"inputs\": [[1]]}, \"resp\": {\"outputs\": 0}"))).hasSize(1);
        }
    }

    @Nested
    class Rejections {

        @Test
        void malformedJson() {
            String reason = failure("{\"when\": \"2026-11-26 03:00:00\", \"request\": ");
            assertThat(reason).startsWith("malformed JSON: ").contains("line 1");
        }

        @Test
        void trailingGarbageIsMalformed() {
            assertThat(failure("{\"endpoint_id\": \"a\"} {\"x\": 1}")).startsWith("malformed JSON: ");
        }

        @Test
        void invalidUtf8OrBinaryIsMalformed() {
            assertThat(failure(decoder, new byte[] {(byte) 0xff, (byte) 0xfe, 0x00, 0x41})).isNotBlank();
        }

        @Test
        void notAnObject() {
            assertThat(failure("[1, 2, 3]")).isEqualTo("payload is not a JSON object: it is a list");
            assertThat(failure("\"hello\"")).isEqualTo("payload is not a JSON object: it is a string");
            assertThat(failure("   ")).contains("not a JSON object");
        }

        @Test
        void emptyOrNullPayload() {
            assertThat(failure(decoder, new byte[0])).contains("empty payload");
            assertThat(failure(decoder, null)).contains("empty payload");
        }

        @Test
        void missingWhen() {
            String reason = failure("""
                    {"endpoint_id": "ep-1", "request": {"inputs": [[1]]}, "resp": {"outputs": 0}}""");
            assertThat(reason).startsWith("missing field 'when'");
        }

        @ParameterizedTest(name = "{0}")
        @CsvSource(delimiter = '|', value = {
                "yesterday",
                "2026-11-26",
                "2026-02-30 03:00:00",
                "2026-11-26 25:00:00",
                "26/11/2026 03:00:00",
                "2026-11-26 03:00:00 UTC",
        })
        void badWhen(String when) {
            String reason = failure("""
                    {"endpoint_id": "ep-1", "when": "%s", "request": {"inputs": [[1]]}, "resp": {"outputs": 0}}"""
                    .formatted(when));
            assertThat(reason).startsWith("field 'when' \"" + when + "\" is not an ISO-8601 date-time");
        }

        @Test
        void epochNumberWhenIsRejected() {
            String reason = failure("""
                    {"endpoint_id": "ep-1", "when": 1795662000, "request": {"inputs": [[1]]}, "resp": {"outputs": 0}}""");
            assertThat(reason).contains("field 'when' is a number").contains("epoch numbers are not accepted");
        }

        @Test
        void futureClockSkew() {
            String reason = failure("""
                    {"endpoint_id": "ep-1", "when": "2026-11-27T05:00:00Z", "request": {"inputs": [[1]]}, "resp": {"outputs": 0}}""");
            assertThat(reason)
                    .isEqualTo("field 'when' \"2026-11-27T05:00:00Z\" is 25.0 h ahead of the processing time "
                            + "2026-11-26T04:00:00Z: clock skew beyond decoder max-future-skew (24.0 h)");
        }

        @Test
        void tighterSkewSetting() {
            MlrunEventDecoder strict = new MlrunEventDecoder(new DecoderSettings(1 << 20, 100, 100, 60_000));
            String reason = failure(strict, bytes("""
                    {"endpoint_id": "ep-1", "when": "2026-11-26T04:05:00Z", "request": {"inputs": [[1]]}, "resp": {"outputs": 0}}"""));
            assertThat(reason).contains("is 5 min ahead").contains("clock skew");
        }

        @Test
        void outputsDoNotPairWithRows() {
            String reason = failure(event("""
                    "request": {"inputs": [[1], [2], [3]]}, "resp": {"outputs": [0, 1]}"""));
            assertThat(reason).isEqualTo("field 'resp.outputs' has 2 elements but 'request.inputs' has 3 rows: "
                    + "outputs do not pair with rows (expected one output per row)");
        }

        @Test
        void scalarOutputForSeveralRowsDoesNotPair() {
            String reason = failure(event("""
                    "request": {"inputs": [[1], [2]]}, "resp": {"outputs": 1}"""));
            assertThat(reason).isEqualTo("field 'resp.outputs' is a single value but 'request.inputs' has 2 rows: "
                    + "outputs do not pair with rows");
        }

        @Test
        void hugePayloadIsRejectedWithoutParsing() {
            MlrunEventDecoder small = new MlrunEventDecoder(new DecoderSettings(100, 10, 10, 86_400_000));
            byte[] payload = new byte[101];
            java.util.Arrays.fill(payload, (byte) '{'); // not even JSON: proves it is not parsed
            assertThat(failure(small, payload))
                    .isEqualTo("payload of 101 bytes exceeds the limit of 100 bytes (decoder max-payload-bytes); not parsed");
        }

        @Test
        void defaultPayloadLimitIsFourMebibytes() {
            assertThat(DecoderSettings.DEFAULTS.maxPayloadBytes()).isEqualTo(4 * 1024 * 1024);
            assertThat(DecoderSettings.DEFAULTS.maxRowsPerEvent()).isEqualTo(10_000);
            assertThat(DecoderSettings.DEFAULTS.maxColumnsPerRow()).isEqualTo(2_000);
            assertThat(DecoderSettings.DEFAULTS.maxFutureSkewMillis()).isEqualTo(86_400_000L);
            byte[] payload = new byte[4 * 1024 * 1024 + 1];
            assertThat(failure(decoder, payload)).startsWith("payload of 4194305 bytes exceeds the limit of 4194304 bytes");
        }

        @Test
        void tooManyColumns() {
            MlrunEventDecoder narrow = new MlrunEventDecoder(new DecoderSettings(1 << 20, 100, 3, 86_400_000));
            assertThat(failure(narrow, bytes(event("""
                    "request": {"inputs": [[1, 2, 3], [1, 2, 3, 4]]}, "resp": {"outputs": [0, 1]}"""))))
                    .isEqualTo("field 'request.inputs[1]' has 4 values, more than decoder max-columns-per-row (3)");
            assertThat(failure(narrow, bytes(event("""
                    "request": {"inputs": [1, 2, 3, 4]}, "resp": {"outputs": 0}"""))))
                    .isEqualTo("field 'request.inputs' has 4 values, more than decoder max-columns-per-row (3)");
            assertThat(failure(narrow, bytes(event("""
                    "request": {"inputs": [[1]]}, "resp": {"outputs": [0.1, 0.2, 0.3, 0.4]}"""))))
                    .isEqualTo("field 'resp.outputs' has 4 values, more than decoder max-columns-per-row (3)");
        }

        @Test
        void tooManyRows() {
            MlrunEventDecoder few = new MlrunEventDecoder(new DecoderSettings(1 << 20, 2, 100, 86_400_000));
            assertThat(failure(few, bytes(event("""
                    "request": {"inputs": [[1], [2], [3]]}, "resp": {"outputs": [0, 1, 0]}"""))))
                    .isEqualTo("field 'request.inputs' has 3 rows, more than decoder max-rows-per-event (2)");
        }

        @Test
        void objectInAValuePosition() {
            assertThat(failure(event("""
                    "request": {"inputs": [[1, {"a": 1}]]}, "resp": {"outputs": 0}""")))
                    .isEqualTo("field 'request.inputs[0][1]' is an object; "
                            + "values must be numbers, strings, booleans, null or numeric arrays");
            assertThat(failure(event("""
                    "request": {"inputs": [[1], [2]]}, "resp": {"outputs": [0, {"label": 1}]}""")))
                    .startsWith("field 'resp.outputs[1]' is an object");
            assertThat(failure(event("""
                    "request": {"inputs": [[1]]}, "resp": {"outputs": {"label": 1}}""")))
                    .startsWith("field 'resp.outputs' is an object");
            assertThat(failure(event("""
                    "request": {"inputs": [{"age": 3}]}, "resp": {"outputs": 0}""")))
                    .isEqualTo("field 'request.inputs[0]' is an object; rows must be lists of values");
        }

        @Test
        void nonNumericNestedArray() {
            assertThat(failure(event("""
                    "request": {"inputs": [[[1, "two"]]]}, "resp": {"outputs": 0}""")))
                    .startsWith("field 'request.inputs[0][0]' is an array holding a string");
        }

        @Test
        void rowsMustBeLists() {
            assertThat(failure(event("""
                    "request": {"inputs": [[1, 2], 3]}, "resp": {"outputs": [0, 1]}""")))
                    .isEqualTo("field 'request.inputs[1]' is a number but 'request.inputs[0]' is a list: "
                            + "every row must be a list of values");
        }

        @Test
        void emptyOrMissingInputs() {
            assertThat(failure(event("\"request\": {\"inputs\": []}, \"resp\": {\"outputs\": []}")))
                    .isEqualTo("field 'request.inputs' is an empty list: the event has no rows to monitor");
            assertThat(failure(event("\"request\": {\"id\": \"r\"}, \"resp\": {\"outputs\": 0}")))
                    .isEqualTo("missing field 'request.inputs' (the list of input rows)");
            assertThat(failure(event("\"request\": {\"inputs\": \"1,2\"}, \"resp\": {\"outputs\": 0}")))
                    .isEqualTo("field 'request.inputs' is a string; expected a list of rows");
        }

        @Test
        void missingRespOrOutputsOnANonErrorEvent() {
            assertThat(failure(event("\"request\": {\"inputs\": [[1]]}")))
                    .isEqualTo("missing field 'resp' (with 'outputs') on an event without 'error'");
            assertThat(failure(event("\"request\": {\"inputs\": [[1]]}, \"resp\": {\"id\": \"r\"}")))
                    .isEqualTo("missing field 'resp.outputs' (the predictions) on an event without 'error'");
            assertThat(failure(event("\"resp\": {\"outputs\": 1}")))
                    .isEqualTo("missing field 'request' (with 'inputs') on an event without 'error'");
        }

        @Test
        void noEndpointIdAndNothingToDeriveItFrom() {
            assertThat(failure("""
                    {"model": "churn", "when": "2026-11-26 03:00:00", "request": {"inputs": [[1]]}, "resp": {"outputs": 0}}"""))
                    .isEqualTo("missing field 'endpoint_id', and it cannot be derived: that needs 'function_uri' "
                            + "and 'model' (missing: function_uri)");
            assertThat(failure("""
                    {"when": "2026-11-26 03:00:00", "request": {"inputs": [[1]]}, "resp": {"outputs": 0}}"""))
                    .endsWith("(missing: function_uri, model)");
            assertThat(failure("""
                    {"model": "churn", "function_uri": "serving:latest", "when": "2026-11-26 03:00:00",
                     "request": {"inputs": [[1]]}, "resp": {"outputs": 0}}"""))
                    .isEqualTo("missing field 'endpoint_id', and it cannot be derived: field 'function_uri' "
                            + "\"serving:latest\" is not of the form project/function[:tag]");
        }

        @ParameterizedTest(name = "microsec {0}")
        @ValueSource(strings = {"Infinity", "-Infinity", "NaN", "1e400", "-1e400"})
        void aNonFiniteLatencyCountsAsMissing(String microsec) {
            List<InferenceRecord> out = records(event(
                    "\"request\": {\"inputs\": [[1]]}, \"resp\": {\"outputs\": 0}, \"microsec\": " + microsec));
            assertThat(out).hasSize(1);
            assertThat(out.get(0).latencyMicros).isNaN();
        }

        @Test
        void badOptionalFields() {
            assertThat(failure(event("\"request\": {\"inputs\": [[1]]}, \"resp\": {\"outputs\": 0}, \"microsec\": \"fast\"")))
                    .isEqualTo("field 'microsec' is a string; expected a number (latency in microseconds)");
            assertThat(failure(event("\"request\": {\"inputs\": [[1]]}, \"resp\": {\"outputs\": 0}, \"labels\": [\"a\"]")))
                    .startsWith("field 'labels' is a list");
            assertThat(failure(event("\"request\": {\"inputs\": [[1]]}, \"resp\": {\"outputs\": 0}, \"metrics\": 3")))
                    .startsWith("field 'metrics' is a number");
            assertThat(failure(event("\"request\": {\"inputs\": [[1]]}, \"resp\": {\"outputs\": 0}, \"effective_sample_count\": 2.5")))
                    .isEqualTo("field 'effective_sample_count' is 2.5; expected a whole number");
        }

        @Test
        void batchedMlrunEventsAreExplained() {
            assertThat(failure("""
                    {"endpoint_id": "ep-1", "headers": ["request", "op", "resp", "when", "microsec", "metrics"],
                     "values": [[{"inputs": [[1]]}, "infer", {"outputs": 0}, "2026-11-26 03:00:00", 10, {}]]}"""))
                    .contains("stream_batch");
        }

        @Test
        void deeplyNestedPayloadFailsWithoutThrowing() {
            String deep = "{\"endpoint_id\": \"ep-1\", \"when\": \"2026-11-26 03:00:00\", \"request\": {\"inputs\": "
                    + "[".repeat(5000) + "]".repeat(5000) + "}, \"resp\": {\"outputs\": 0}}";
            assertThat(failure(deep)).isNotBlank();
        }
    }
}
