package dev.driftline.functions.window;

import static dev.driftline.functions.endpoint.TestEndpoints.T0;
import static dev.driftline.functions.window.Records.churn;
import static org.assertj.core.api.Assertions.assertThat;

import dev.driftline.apps.stats.Binning;
import dev.driftline.functions.model.MonitoredRecord;
import dev.driftline.functions.model.WindowSummary;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.apache.flink.api.common.ExecutionConfig;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.api.java.functions.KeySelector;
import org.apache.flink.runtime.checkpoint.OperatorSubtaskState;
import org.apache.flink.streaming.api.operators.OneInputStreamOperator;
import org.apache.flink.streaming.api.windowing.assigners.TumblingEventTimeWindows;
import org.apache.flink.streaming.api.windowing.triggers.EventTimeTrigger;
import org.apache.flink.streaming.api.windowing.windows.TimeWindow;
import org.apache.flink.streaming.runtime.operators.windowing.WindowOperatorBuilder;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;
import org.apache.flink.util.OutputTag;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The controller's window operator as the topology builds it: keyed by endpoint, tumbling event-time windows,
 * late data to a side output, {@link WindowStatsAggregator} + {@link EmitWindowSummary}.
 */
class EndpointWindowOperatorTest {
    private static final long MINUTE = 60_000;
    private static final KeySelector<MonitoredRecord, String> BY_ENDPOINT = r -> r.endpointId;
    private static final OutputTag<MonitoredRecord> LATE = new OutputTag<>("late-records", TypeInformation.of(MonitoredRecord.class));

    private KeyedOneInputStreamOperatorTestHarness<String, MonitoredRecord, WindowSummary> harness;

    @AfterEach
    void close() throws Exception {
        if (harness != null) {
            harness.close();
        }
    }

    private static OneInputStreamOperator<MonitoredRecord, WindowSummary> windowOperator() {
        WindowOperatorBuilder<MonitoredRecord, String, TimeWindow> builder = new WindowOperatorBuilder<>(
                TumblingEventTimeWindows.of(Duration.ofMinutes(1)), EventTimeTrigger.create(), new ExecutionConfig(),
                TypeInformation.of(MonitoredRecord.class), BY_ENDPOINT, Types.STRING);
        builder.sideOutputLateData(LATE);
        return builder.aggregate(new WindowStatsAggregator(), new EmitWindowSummary(), TypeInformation.of(WindowAccumulator.class));
    }

    private KeyedOneInputStreamOperatorTestHarness<String, MonitoredRecord, WindowSummary> open() throws Exception {
        harness = new KeyedOneInputStreamOperatorTestHarness<>(windowOperator(), BY_ENDPOINT, Types.STRING);
        harness.open();
        return harness;
    }

    private void send(MonitoredRecord r) throws Exception {
        harness.processElement(r, r.timestamp);
    }

    private static MonitoredRecord other(long ts, double tenure) {
        MonitoredRecord r = churn(ts, tenure, "basic", 1, 0.2);
        r.endpointId = "ep-other";
        return r;
    }

    private List<WindowSummary> drainSummaries() {
        List<WindowSummary> out = harness.extractOutputValues();
        harness.getOutput().clear();
        return out;
    }

    @Test
    void theWatermarkClosesOnlyTheWindowsItHasPassed() throws Exception {
        open();
        send(churn(T0 + 30_000, 20.0, "basic", 1, 0.12));
        send(churn(T0 + 1_000, 10.0, "premium", 2, 0.5));
        send(churn(T0 + MINUTE - 1, 60.0, "basic", 3, 0.97));
        send(churn(T0 + MINUTE + 1_000, 42.0, "basic", 4, 0.3)); // next window
        send(other(T0 + 2_000, 5.0));

        harness.processWatermark(T0 + MINUTE - 2);
        assertThat(harness.extractOutputValues()).as("the first window ends at T0+59999").isEmpty();

        harness.processWatermark(T0 + MINUTE - 1);
        List<StreamRecord<? extends WindowSummary>> records = harness.extractOutputStreamRecords();
        harness.getOutput().clear();
        Map<String, WindowSummary> byEndpoint = records.stream()
                .map(StreamRecord::getValue)
                .collect(Collectors.toMap(s -> s.endpointId, s -> s));
        assertThat(byEndpoint).containsOnlyKeys("ep-churn", "ep-other");
        assertThat(records).allSatisfy(r -> assertThat(r.getTimestamp()).isEqualTo(T0 + MINUTE - 1));

        WindowSummary s = byEndpoint.get("ep-churn");
        assertThat(s.windowStart).isEqualTo(T0);
        assertThat(s.windowEnd).isEqualTo(T0 + MINUTE);
        assertThat(s.recordCount).isEqualTo(3);
        assertThat(s.firstRequest).isEqualTo(T0 + 1_000);
        assertThat(s.lastRequest).isEqualTo(T0 + MINUTE - 1);
        assertThat(s.project).isEqualTo("shop");
        assertThat(s.latencyAvgMicros).isEqualTo(1000.0);
        assertThat(s.estimatedPredictionCount).isEqualTo(3.0);
        assertThat(s.columns).containsExactly("tenure", "plan", "support_calls", "churn_prob");
        assertThat(s.featureCount).isEqualTo(3);
        assertThat(s.definitionVersion).isEqualTo(Records.CHURN.version());
        assertThat(s.stats[0].count).isEqualTo(3);
        assertThat(s.stats[0].mean).isEqualTo(30.0);
        assertThat(s.stats[0].hist).containsExactly(cells(3, 5, 13));
        assertThat(s.stats[1].categories).containsExactlyInAnyOrderEntriesOf(Map.of("basic", 2L, "premium", 1L));
        assertThat(s.stats[3].hist).containsExactly(cells(3, 11, 20));

        assertThat(byEndpoint.get("ep-other").recordCount).isEqualTo(1);
        assertThat(byEndpoint.get("ep-other").windowStart).isEqualTo(T0);

        // Only ep-churn's second window remains: one accumulator, one timer.
        assertThat(harness.numKeyedStateEntries()).isEqualTo(1);
        assertThat(harness.numEventTimeTimers()).isEqualTo(1);

        // Out of order, but its window is still open: counted.
        send(churn(T0 + MINUTE + 500, 43.0, "basic", 4, 0.3));
        harness.processWatermark(T0 + 2 * MINUTE - 1);
        List<WindowSummary> second = drainSummaries();
        assertThat(second).hasSize(1);
        assertThat(second.get(0).windowStart).isEqualTo(T0 + MINUTE);
        assertThat(second.get(0).windowEnd).isEqualTo(T0 + 2 * MINUTE);
        assertThat(second.get(0).recordCount).isEqualTo(2);
        assertThat(second.get(0).firstRequest).isEqualTo(T0 + MINUTE + 500);
        assertThat(second.get(0).lastRequest).isEqualTo(T0 + MINUTE + 1_000);

        assertThat(harness.numKeyedStateEntries()).isZero();
        assertThat(harness.numEventTimeTimers()).isZero();
        assertThat(harness.getSideOutput(LATE)).isNullOrEmpty();
    }

    @Test
    void aRecordBehindTheWatermarkGoesToTheLateSideOutput() throws Exception {
        open();
        send(churn(T0 + 1_000, 10.0, "basic", 1, 0.1));
        harness.processWatermark(T0 + MINUTE + 10_000);
        assertThat(drainSummaries()).hasSize(1);

        MonitoredRecord late = churn(T0 + 5_000, 11.0, "basic", 1, 0.1);
        late.requestId = "too-late";
        send(late);
        assertThat(harness.getSideOutput(LATE)).extracting(r -> r.getValue().requestId).containsExactly("too-late");
        assertThat(harness.extractOutputValues()).isEmpty();
        assertThat(harness.numKeyedStateEntries()).as("a late record creates no window state").isZero();
        assertThat(harness.numEventTimeTimers()).isZero();

        // Its dead letter says why.
        LateRecordsToDeadLetters toDeadLetter = new LateRecordsToDeadLetters();
        var mapHarness = new org.apache.flink.streaming.util.OneInputStreamOperatorTestHarness<>(
                new org.apache.flink.streaming.api.operators.StreamMap<>(toDeadLetter));
        mapHarness.open();
        mapHarness.processElement(late, late.timestamp);
        var letter = mapHarness.extractOutputValues().get(0);
        assertThat(letter.reason).startsWith("late record: event time 2026-11-26T03:00:05Z");
        assertThat(letter.raw).contains("\"endpoint_id\":\"ep-churn\"").contains("\"request_id\":\"too-late\"");
        mapHarness.close();
    }

    @Test
    void anOpenWindowSurvivesASnapshotAndRestore() throws Exception {
        open();
        send(churn(T0 + 1_000, 10.0, "basic", 2, 0.12));
        send(churn(T0 + 2_000, 20.0, "premium", Double.NaN, 0.5));
        OperatorSubtaskState snapshot = harness.snapshot(1L, 0L);
        harness.close();

        harness = new KeyedOneInputStreamOperatorTestHarness<>(windowOperator(), BY_ENDPOINT, Types.STRING);
        harness.setup();
        harness.initializeState(snapshot);
        harness.open();
        send(churn(T0 + 3_000, 60.0, "basic", 4, 0.97));
        harness.processWatermark(T0 + MINUTE - 1);

        List<WindowSummary> out = drainSummaries();
        assertThat(out).hasSize(1);
        WindowSummary s = out.get(0);
        assertThat(s.recordCount).isEqualTo(3);
        assertThat(s.stats[0].hist).containsExactly(cells(3, 5, 13));
        assertThat(s.stats[1].categories).containsExactlyInAnyOrderEntriesOf(Map.of("basic", 2L, "premium", 1L));
        assertThat(s.stats[2].nulls).isEqualTo(1);
        assertThat(s.stats[3].hist).containsExactly(cells(3, 11, 20));
        assertThat(harness.numKeyedStateEntries()).isZero();
        assertThat(harness.numEventTimeTimers()).isZero();
    }

    private static long[] cells(int... bins) {
        long[] h = new long[Binning.PADDED_BINS];
        for (int b : bins) {
            h[b]++;
        }
        return h;
    }
}
