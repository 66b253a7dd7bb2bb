package dev.driftline.functions.decode;

import static org.assertj.core.api.Assertions.assertThat;

import dev.driftline.functions.model.DeadLetter;
import dev.driftline.functions.model.InferenceError;
import dev.driftline.functions.model.InferenceRecord;
import dev.driftline.functions.model.RawEvent;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Queue;
import java.util.stream.Collectors;
import org.apache.flink.util.InstantiationUtil;
import java.util.Map;
import org.apache.flink.metrics.Counter;
import org.apache.flink.runtime.jobgraph.OperatorID;
import org.apache.flink.runtime.metrics.groups.InternalOperatorMetricGroup;
import org.apache.flink.runtime.metrics.util.InterceptingOperatorMetricGroup;
import org.apache.flink.runtime.metrics.util.InterceptingTaskMetricGroup;
import org.apache.flink.runtime.operators.testutils.MockEnvironment;
import org.apache.flink.runtime.operators.testutils.MockEnvironmentBuilder;
import org.apache.flink.streaming.api.operators.ProcessOperator;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.OneInputStreamOperatorTestHarness;
import org.apache.flink.streaming.util.ProcessFunctionTestHarnesses;
import org.apache.flink.util.OutputTag;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class DecodeInferenceEventsTest {

    static final long NOW = Instant.parse("2026-11-26T04:00:00Z").toEpochMilli();
    static final long WHEN_MS = Instant.parse("2026-11-26T03:00:00.123Z").toEpochMilli();

    static final String GOOD = """
            {"endpoint_id": "ep-1", "model": "churn", "function_uri": "fraud/serving:latest",
             "when": "2026-11-26 03:00:00.123456", "microsec": 512,
             "request": {"id": "req-1", "inputs": [[1, 2], [3, 4]]}, "resp": {"outputs": [0, 1]}}""";
    static final String ERROR = """
            {"endpoint_id": "ep-1", "model": "churn", "function_uri": "fraud/serving:latest",
             "when": "2026-11-26 03:00:00.123456", "request": {"id": "req-2", "inputs": [[1, 2]]},
             "error": "RuntimeError: model not loaded"}""";
    static final String BAD = "{\"endpoint_id\": \"ep-1\", \"when\": \"not a time\"}";

    OneInputStreamOperatorTestHarness<RawEvent, InferenceRecord> harness;

    @BeforeEach
    void setUp() throws Exception {
        harness = ProcessFunctionTestHarnesses.forProcessFunction(new DecodeInferenceEvents(DecoderSettings.DEFAULTS));
        harness.setProcessingTime(NOW);
    }

    @AfterEach
    void tearDown() throws Exception {
        harness.close();
    }

    static RawEvent raw(String json, long offset) {
        return new RawEvent("mlrun-stream", 3, offset, NOW - 5, json == null ? null : json.getBytes(StandardCharsets.UTF_8));
    }

    /** As the Kafka source emits it: stamped with the payload's `when`. */
    static StreamRecord<RawEvent> atSource(RawEvent e) {
        return new StreamRecord<>(e, EventTimePeek.when(e.value));
    }

    @Test
    void anEventStampedWithAnotherTimeThanItsWhenIsDeadLettered() throws Exception {
        harness.processElement(raw(GOOD, 40), 12345L);
        assertThat(harness.extractOutputValues()).isEmpty();
        assertThat(side(DecodeInferenceEvents.DEAD_LETTERS)).singleElement()
                .satisfies(d -> assertThat(d.reason).contains("could not be read where the event entered"));
    }

    <T> List<T> side(OutputTag<T> tag) {
        Queue<StreamRecord<T>> queue = harness.getSideOutput(tag);
        return queue == null ? List.of() : queue.stream().map(StreamRecord::getValue).collect(Collectors.toList());
    }

    @Test
    void goodEventEmitsOneRecordPerRow() throws Exception {
        harness.processElement(atSource(raw(GOOD, 10)));

        List<InferenceRecord> out = harness.extractOutputValues();
        assertThat(out).hasSize(2);
        assertThat(out).extracting(r -> r.inputNumbers).containsExactly(new double[] {1, 2}, new double[] {3, 4});
        assertThat(out).extracting(r -> r.outputNumbers).containsExactly(new double[] {0}, new double[] {1});
        assertThat(out).allSatisfy(r -> {
            assertThat(r.endpointId).isEqualTo("ep-1");
            assertThat(r.project).isEqualTo("fraud");
            assertThat(r.requestId).isEqualTo("req-1");
            assertThat(r.timestamp).isEqualTo(WHEN_MS);
            assertThat(r.latencyMicros).isEqualTo(512.0);
        });
        assertThat(side(DecodeInferenceEvents.ERRORS)).isEmpty();
        assertThat(side(DecodeInferenceEvents.DEAD_LETTERS)).isEmpty();
    }

    @Test
    void errorEventGoesToTheErrorsSideOutput() throws Exception {
        harness.processElement(atSource(raw(ERROR, 11)));

        assertThat(harness.extractOutputValues()).isEmpty();
        List<InferenceError> errors = side(DecodeInferenceEvents.ERRORS);
        assertThat(errors).hasSize(1);
        InferenceError e = errors.get(0);
        assertThat(e.endpointId).isEqualTo("ep-1");
        assertThat(e.project).isEqualTo("fraud");
        assertThat(e.requestId).isEqualTo("req-2");
        assertThat(e.timestamp).isEqualTo(WHEN_MS);
        assertThat(e.error).isEqualTo("RuntimeError: model not loaded");
        assertThat(e.errorType).isEqualTo("RuntimeError");
        assertThat(side(DecodeInferenceEvents.DEAD_LETTERS)).isEmpty();
    }

    @Test
    void badEventIsDeadLetteredWithReasonCoordinatesAndProcessingTime() throws Exception {
        harness.processElement(atSource(raw(BAD, 12)));

        assertThat(harness.extractOutputValues()).isEmpty();
        assertThat(side(DecodeInferenceEvents.ERRORS)).isEmpty();
        List<DeadLetter> dead = side(DecodeInferenceEvents.DEAD_LETTERS);
        assertThat(dead).hasSize(1);
        DeadLetter d = dead.get(0);
        assertThat(d.reason).startsWith("field 'when' \"not a time\" is not an ISO-8601 date-time");
        assertThat(d.raw).isEqualTo(BAD);
        assertThat(d.topic).isEqualTo("mlrun-stream");
        assertThat(d.partition).isEqualTo(3);
        assertThat(d.offset).isEqualTo(12L);
        assertThat(d.time).isEqualTo(NOW);
    }

    @Test
    void goodEventAfterBadOnesIsStillDecoded() throws Exception {
        harness.processElement(atSource(raw("{not json", 20)));
        harness.processElement(atSource(raw(null, 21)));
        harness.processElement(atSource(raw(BAD, 22)));
        harness.setProcessingTime(NOW + 1_000);
        harness.processElement(atSource(raw(GOOD, 23)));
        harness.processElement(atSource(raw(ERROR, 24)));

        assertThat(harness.extractOutputValues()).hasSize(2)
                .allSatisfy(r -> assertThat(r.requestId).isEqualTo("req-1"));
        assertThat(side(DecodeInferenceEvents.ERRORS)).extracting(e -> e.requestId).containsExactly("req-2");
        List<DeadLetter> dead = side(DecodeInferenceEvents.DEAD_LETTERS);
        assertThat(dead).extracting(d -> d.offset).containsExactly(20L, 21L, 22L);
        assertThat(dead.get(0).reason).startsWith("malformed JSON: ");
        assertThat(dead.get(1).reason).isEqualTo("empty payload: the Kafka record has no value");
        assertThat(dead.get(1).raw).isNull();
        assertThat(dead).extracting(d -> d.time).containsOnly(NOW);
    }

    @Test
    void futureEventsAreJudgedAgainstTheHarnessProcessingTime() throws Exception {
        harness.setProcessingTime(Instant.parse("2026-11-25T00:00:00Z").toEpochMilli());
        harness.processElement(atSource(raw(GOOD, 30)));

        assertThat(harness.extractOutputValues()).isEmpty();
        assertThat(side(DecodeInferenceEvents.DEAD_LETTERS)).singleElement()
                .satisfies(d -> assertThat(d.reason).contains("clock skew"));
    }

    @Test
    void functionAndSettingsAreSerializable() throws Exception {
        DecodeInferenceEvents fn = new DecodeInferenceEvents(new DecoderSettings(1000, 5, 6, 7));
        DecodeInferenceEvents copy = InstantiationUtil.clone(fn);
        assertThat(copy).isNotNull();
        assertThat(InstantiationUtil.clone(new DecoderSettings(1000, 5, 6, 7))).isEqualTo(new DecoderSettings(1000, 5, 6, 7));
    }

    @Test
    void countsDecodedAndDeadLetteredEvents() throws Exception {
        InterceptingOperatorMetricGroup operatorMetrics = new InterceptingOperatorMetricGroup();
        MockEnvironment env = new MockEnvironmentBuilder()
                .setMetricGroup(new InterceptingTaskMetricGroup() {
                    @Override
                    public InternalOperatorMetricGroup getOrAddOperator(OperatorID id, String name, Map<String, String> info) {
                        return operatorMetrics;
                    }
                })
                .build();
        try (OneInputStreamOperatorTestHarness<RawEvent, InferenceRecord> metered = new OneInputStreamOperatorTestHarness<>(
                new ProcessOperator<>(new DecodeInferenceEvents(DecoderSettings.DEFAULTS)), env)) {
            metered.open();
            metered.setProcessingTime(NOW);
            metered.processElement(atSource(raw(GOOD, 1)));
            metered.processElement(atSource(raw(BAD, 2)));
            metered.processElement(atSource(raw(ERROR, 3)));
            metered.processElement(atSource(raw(GOOD, 4)));

            assertThat(((Counter) operatorMetrics.get("eventsDecoded")).getCount()).isEqualTo(3);
            assertThat(((Counter) operatorMetrics.get("recordsDecoded")).getCount()).isEqualTo(4);
            assertThat(((Counter) operatorMetrics.get("errorEvents")).getCount()).isEqualTo(1);
            assertThat(((Counter) operatorMetrics.get("eventsDeadLettered")).getCount()).isEqualTo(1);
            assertThat(metered.extractOutputValues()).hasSize(4);
        } finally {
            env.close();
        }
    }

    /** As the Kafka source emits it now: decoded there, stamped with the decoded time (or the peeked one). */
    static StreamRecord<RawEvent> decodedAtSource(RawEvent e) {
        e.decoded = new MlrunEventDecoder(DecoderSettings.DEFAULTS).decode(e.value, NOW);
        e.eventTime = e.decoded.isRecords() ? e.decoded.records().get(0).timestamp : EventTimePeek.when(e.value);
        return new StreamRecord<>(e, e.eventTime);
    }

    @Test
    void anEventDecodedAtTheSourceGivesWhatDecodingItHereGives() throws Exception {
        try (OneInputStreamOperatorTestHarness<RawEvent, InferenceRecord> here = ProcessFunctionTestHarnesses
                .forProcessFunction(new DecodeInferenceEvents(DecoderSettings.DEFAULTS))) {
            here.setProcessingTime(NOW);
            long offset = 20;
            for (String json : new String[] {GOOD, ERROR, BAD, "not json", null}) {
                harness.processElement(decodedAtSource(raw(json, offset)));
                here.processElement(atSource(raw(json, offset)));
                offset++;
            }
            assertThat(harness.extractOutputValues()).hasSize(2).usingRecursiveFieldByFieldElementComparator()
                    .containsExactlyElementsOf(here.extractOutputValues());
            assertThat(harness.extractOutputStreamRecords()).extracting(StreamRecord::getTimestamp)
                    .containsOnly(WHEN_MS);
            for (OutputTag<?> tag : List.of(DecodeInferenceEvents.ERRORS, DecodeInferenceEvents.DEAD_LETTERS)) {
                List<Object> expected = here.getSideOutput(tag).stream().map(r -> (Object) r.getValue()).toList();
                List<Object> actual = side(tag).stream().map(v -> (Object) v).toList();
                assertThat(actual).usingRecursiveFieldByFieldElementComparator().containsExactlyElementsOf(expected);
            }
            assertThat(side(DecodeInferenceEvents.ERRORS)).hasSize(1);
            assertThat(side(DecodeInferenceEvents.DEAD_LETTERS)).hasSize(3);
        }
    }

    @Test
    void theSourcesDecodedFormIsUsedAsItCameNotDecodedAgain() throws Exception {
        RawEvent e = raw(GOOD, 30);
        StreamRecord<RawEvent> stamped = decodedAtSource(e);
        e.value = "garbage".getBytes(StandardCharsets.UTF_8); // would be a dead letter if decoded here
        harness.processElement(stamped);
        assertThat(harness.extractOutputValues()).hasSize(2);
        assertThat(side(DecodeInferenceEvents.DEAD_LETTERS)).isEmpty();
    }
}
