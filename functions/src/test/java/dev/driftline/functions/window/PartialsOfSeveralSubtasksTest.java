package dev.driftline.functions.window;

import static dev.driftline.functions.endpoint.TestEndpoints.T0;
import static dev.driftline.functions.window.Records.CHURN;
import static dev.driftline.functions.window.Records.record;
import static org.assertj.core.api.Assertions.assertThat;

import dev.driftline.functions.endpoint.ResolvedEndpoint;
import dev.driftline.functions.model.MonitoredRecord;
import dev.driftline.functions.model.WindowSummary;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.apache.flink.api.common.ExecutionConfig;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.api.watermark.Watermark;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.runtime.watermarkstatus.WatermarkStatus;
import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;
import org.apache.flink.streaming.util.OneInputStreamOperatorTestHarness;
import org.apache.flink.util.OutputTag;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * One endpoint's rows read by two source subtasks (its events spread over partitions): each subtask pre-aggregates
 * its own rows against its own watermark, and the window operator merges both partials, following the lower of the
 * two watermarks (or the other one's alone while a subtask is idle), as Flink combines its input channels.
 */
class PartialsOfSeveralSubtasksTest {
    private static final long MINUTE = 60_000;
    private static final OutputTag<MonitoredRecord> LATE = new OutputTag<>("late-records", TypeInformation.of(MonitoredRecord.class));

    private final List<OneInputStreamOperatorTestHarness<MonitoredRecord, WindowAccumulator>> subtasks = new ArrayList<>();
    private final long[] watermarks = {Long.MIN_VALUE, Long.MIN_VALUE};
    private final boolean[] idle = new boolean[2];
    private long windowWatermark = Long.MIN_VALUE;
    private KeyedOneInputStreamOperatorTestHarness<String, WindowAccumulator, WindowSummary> windows;

    @BeforeEach
    void open() throws Exception {
        for (int i = 0; i < 2; i++) {
            var h = new OneInputStreamOperatorTestHarness<>(new PreAggregateWindows(Duration.ofMinutes(1), Duration.ZERO, 10_000, LATE));
            h.open();
            subtasks.add(h);
        }
        windows = new KeyedOneInputStreamOperatorTestHarness<>(EndpointWindowOperatorTest.windowOperator(),
                (WindowAccumulator p) -> p.endpointId, Types.STRING);
        windows.open();
    }

    @AfterEach
    void close() throws Exception {
        for (var h : subtasks) {
            h.close();
        }
        windows.close();
    }

    private void send(int subtask, MonitoredRecord r) throws Exception {
        subtasks.get(subtask).processElement(r, r.timestamp);
        handOn(subtask);
    }

    private void watermark(int subtask, long w) throws Exception {
        subtasks.get(subtask).processWatermark(w);
        handOn(subtask);
    }

    private void goIdle(int subtask) throws Exception {
        subtasks.get(subtask).processWatermarkStatus(WatermarkStatus.IDLE);
        handOn(subtask);
    }

    /** One subtask's output crosses to the window operator; its watermark counts as Flink combines channels. */
    @SuppressWarnings("unchecked")
    private void handOn(int subtask) throws Exception {
        var out = subtasks.get(subtask).getOutput();
        var serializer = TypeInformation.of(WindowAccumulator.class).createSerializer(new ExecutionConfig().getSerializerConfig());
        for (Object o : new ArrayList<>(out)) {
            if (o instanceof StreamRecord<?> r) {
                windows.processElement(new StreamRecord<>(serializer.copy(((StreamRecord<WindowAccumulator>) r).getValue()), r.getTimestamp()));
            } else if (o instanceof Watermark w) {
                watermarks[subtask] = w.getTimestamp();
            } else if (o instanceof WatermarkStatus s) {
                idle[subtask] = s.isIdle();
            }
        }
        out.clear();
        long combined = Long.MAX_VALUE;
        for (int i = 0; i < 2; i++) {
            if (!idle[i]) {
                combined = Math.min(combined, watermarks[i]);
            }
        }
        if (combined != Long.MAX_VALUE && combined > windowWatermark) {
            windowWatermark = combined;
            windows.processWatermark(combined);
        }
    }

    private List<WindowSummary> summaries() {
        List<WindowSummary> out = windows.extractOutputValues();
        windows.getOutput().clear();
        return out;
    }

    @Test
    void aWindowClosesWithTheRowsOfEverySubtaskOnceTheLowerWatermarkPassesIt() throws Exception {
        send(0, record(CHURN, T0 + 1_000, new Object[] {10.0, "basic", 1}, new Object[] {0.1}));
        send(1, record(CHURN, T0 + 2_000, new Object[] {20.0, "premium", 2}, new Object[] {0.2}));
        send(1, record(CHURN, T0 + 3_000, new Object[] {30.0, "basic", 3}, new Object[] {0.3}));
        watermark(0, T0 + MINUTE - 1);
        assertThat(summaries()).as("the other subtask is still behind").isEmpty();

        watermark(1, T0 + MINUTE - 1);
        List<WindowSummary> out = summaries();
        assertThat(out).hasSize(1);
        assertThat(out.get(0).recordCount).isEqualTo(3);
        assertThat(out.get(0).statsByName().get("tenure").count).isEqualTo(3);
        assertThat(subtasks.get(0).getSideOutput(LATE)).isNull();
        assertThat(subtasks.get(1).getSideOutput(LATE)).isNull();
    }

    /** The definition changed mid-window and the subtasks resolved it at different times: the later one wins. */
    @Test
    void theLaterDefinitionWinsWhicheverSubtasksPartialArrivesLast() throws Exception {
        ResolvedEndpoint v1 = Records.atOffset(CHURN, 3);
        ResolvedEndpoint v2 = Records.atOffset(Records.renamedTenure(), 7);
        send(1, record(v2, T0 + 2_000, new Object[] {20.0, "premium", 2}, new Object[] {0.2}));
        send(0, record(v1, T0 + 1_000, new Object[] {10.0, "basic", 1}, new Object[] {0.1}));
        send(0, record(v1, T0 + 5_000, new Object[] {15.0, "basic", 1}, new Object[] {0.1}));
        watermark(1, T0 + MINUTE - 1); // v2's partial first
        watermark(0, T0 + MINUTE - 1); // then v1's, which must not replace it

        WindowSummary s = summaries().get(0);
        assertThat(s.definitionVersion).isEqualTo(v2.version());
        assertThat(s.recordCount).isEqualTo(3);
        assertThat(s.statsByName()).containsKey("months").doesNotContainKey("tenure");
        assertThat(s.statsByName().get("months").count).isEqualTo(1);
    }

    /** A subtask going idle hands its partials on first: the window may close on the other subtask's watermark. */
    @Test
    void aSubtaskThatGoesIdleHandsItsPartialsOnBeforeTheWindowCloses() throws Exception {
        send(0, record(CHURN, T0 + 1_000, new Object[] {10.0, "basic", 1}, new Object[] {0.1}));
        send(1, record(CHURN, T0 + 2_000, new Object[] {20.0, "basic", 2}, new Object[] {0.2}));
        goIdle(0);
        watermark(1, T0 + MINUTE - 1);

        List<WindowSummary> out = summaries();
        assertThat(out).hasSize(1);
        assertThat(out.get(0).recordCount).as("the idle subtask's row is in").isEqualTo(2);
    }
}
