package dev.driftline.functions.window;

import static dev.driftline.functions.endpoint.TestEndpoints.T0;
import static dev.driftline.functions.window.Records.churn;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.driftline.apps.stats.Binning;
import dev.driftline.apps.stats.FeatureWindowStats;
import dev.driftline.functions.endpoint.ResolvedEndpoint;
import dev.driftline.functions.model.MonitoredRecord;
import dev.driftline.functions.model.WindowSummary;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.Collectors;
import org.apache.flink.api.common.ExecutionConfig;
import org.apache.flink.api.common.functions.AggregateFunction;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.api.java.functions.KeySelector;
import org.apache.flink.runtime.checkpoint.OperatorSubtaskState;
import org.apache.flink.streaming.api.operators.OneInputStreamOperator;
import org.apache.flink.streaming.api.watermark.Watermark;
import org.apache.flink.streaming.api.windowing.assigners.TumblingEventTimeWindows;
import org.apache.flink.streaming.api.windowing.triggers.EventTimeTrigger;
import org.apache.flink.streaming.api.windowing.windows.TimeWindow;
import org.apache.flink.streaming.runtime.operators.windowing.WindowOperatorBuilder;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.AbstractStreamOperatorTestHarness;
import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;
import org.apache.flink.streaming.util.OneInputStreamOperatorTestHarness;
import org.apache.flink.util.OutputTag;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The controller as the topology chains it: {@link PreAggregateWindows} folds records into partials, then the window
 * operator (keyed by endpoint, tumbling event-time windows, {@link MergeWindowPartials} + {@link EmitWindowSummary})
 * merges them. Each test drives both harnesses, handing the first one's output (partials and watermarks, in order)
 * to the second, as the shuffle by endpoint does from one source subtask ({@link PartialsOfSeveralSubtasksTest} has
 * several).
 */
class EndpointWindowOperatorTest {
    private static final long MINUTE = 60_000;
    private static final KeySelector<WindowAccumulator, String> BY_ENDPOINT = p -> p.endpointId;
    private static final OutputTag<MonitoredRecord> LATE = new OutputTag<>("late-records", TypeInformation.of(MonitoredRecord.class));

    private OneInputStreamOperatorTestHarness<MonitoredRecord, WindowAccumulator> preAggregate;
    private KeyedOneInputStreamOperatorTestHarness<String, WindowAccumulator, WindowSummary> harness;

    @AfterEach
    void close() throws Exception {
        if (preAggregate != null) {
            preAggregate.close();
        }
        if (harness != null) {
            harness.close();
        }
    }

    static OneInputStreamOperator<WindowAccumulator, WindowSummary> windowOperator() {
        WindowOperatorBuilder<WindowAccumulator, String, TimeWindow> builder = new WindowOperatorBuilder<>(
                TumblingEventTimeWindows.of(Duration.ofMinutes(1)), EventTimeTrigger.create(), new ExecutionConfig(),
                TypeInformation.of(WindowAccumulator.class), BY_ENDPOINT, Types.STRING);
        return builder.aggregate(new MergeWindowPartials(), new EmitWindowSummary(), TypeInformation.of(WindowAccumulator.class));
    }

    private void open() throws Exception {
        open(10_000, null);
    }

    private void open(int maxOpenPartials, OperatorSubtaskState windowState) throws Exception {
        open(maxOpenPartials, null, windowState);
    }

    private void open(int maxOpenPartials, OperatorSubtaskState preAggregateState, OperatorSubtaskState windowState) throws Exception {
        preAggregate = new OneInputStreamOperatorTestHarness<>(
                new PreAggregateWindows(Duration.ofMinutes(1), Duration.ZERO, maxOpenPartials, LATE));
        if (preAggregateState != null) {
            preAggregate.setup();
            preAggregate.initializeState(preAggregateState);
        }
        preAggregate.open();
        harness = new KeyedOneInputStreamOperatorTestHarness<>(windowOperator(), BY_ENDPOINT, Types.STRING);
        harness.setup();
        if (windowState != null) {
            harness.initializeState(windowState);
        }
        harness.open();
    }

    private void send(MonitoredRecord r) throws Exception {
        preAggregate.processElement(r, r.timestamp);
        handOn();
    }

    private void watermark(long w) throws Exception {
        preAggregate.processWatermark(w);
        handOn();
    }

    /** A checkpoint of the chain: partials leave before the barrier, then the window operator snapshots. */
    private OperatorSubtaskState checkpoint(long id) throws Exception {
        preAggregate.prepareSnapshotPreBarrier(id);
        handOn();
        return harness.snapshot(id, 0L);
    }

    /** What the shuffle does for one source subtask: the first operator's output, in order, is the second one's input. */
    @SuppressWarnings("unchecked")
    private void handOn() throws Exception {
        for (Object o : new ArrayList<>(preAggregate.getOutput())) {
            if (o instanceof StreamRecord<?> r) {
                // The partial crosses serialized: the window state never shares it.
                harness.processElement(new StreamRecord<>(copy(((StreamRecord<WindowAccumulator>) r).getValue()), r.getTimestamp()));
            } else if (o instanceof Watermark w) {
                harness.processWatermark(w);
            }
        }
        preAggregate.getOutput().clear();
    }

    private static WindowAccumulator copy(WindowAccumulator p) {
        return TypeInformation.of(WindowAccumulator.class).createSerializer(new ExecutionConfig().getSerializerConfig()).copy(p);
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

    private List<MonitoredRecord> lateRecords() {
        var late = preAggregate.getSideOutput(LATE);
        return late == null ? List.of() : late.stream().map(StreamRecord::getValue).toList();
    }

    /** Enrichment emits a run's rows under the run's stream timestamp (its latest row's): each row's own time counts. */
    @Test
    void aRowCountsInTheWindowOfItsOwnEventTimeWhateverItsStreamTimestamp() throws Exception {
        open();
        MonitoredRecord early = churn(T0 + MINUTE - 5, 20.0, "basic", 1, 0.12);
        preAggregate.processElement(early, T0 + MINUTE + 5); // stamped like the run it came in
        handOn();
        send(churn(T0 + MINUTE + 5, 42.0, "basic", 4, 0.3));

        watermark(T0 + MINUTE - 1);
        List<WindowSummary> first = drainSummaries();
        assertThat(first).hasSize(1);
        assertThat(first.get(0).windowStart).isEqualTo(T0);
        assertThat(first.get(0).recordCount).isEqualTo(1);
    }

    /**
     * Flink starts watermarks from nothing after a restore. A record that was late before the failure and is replayed
     * after it is still late: it does not re-open a window that had fired.
     */
    @Test
    void aRecordOfAWindowThatFiredBeforeARestoreIsLateAfterIt() throws Exception {
        open();
        send(churn(T0 + 1_000, 10.0, "basic", 1, 0.2));
        watermark(T0 + MINUTE - 1);
        assertThat(drainSummaries()).hasSize(1);
        preAggregate.prepareSnapshotPreBarrier(1);
        handOn();
        OperatorSubtaskState preAggregateState = preAggregate.snapshot(1, 0L);
        OperatorSubtaskState windowState = harness.snapshot(1, 0L);
        close();

        open(10_000, preAggregateState, windowState);
        send(churn(T0 + 2_000, 30.0, "basic", 2, 0.4)); // replayed
        send(churn(T0 + MINUTE + 1_000, 42.0, "basic", 3, 0.3));
        assertThat(lateRecords()).extracting(r -> r.timestamp).containsExactly(T0 + 2_000);

        watermark(T0 + 2 * MINUTE - 1);
        assertThat(drainSummaries()).extracting(s -> s.windowStart).as("the first window is not fired again")
                .containsExactly(T0 + MINUTE);
    }

    @Test
    void afterAChangeOfParallelismThereIsNoFloor() throws Exception {
        // two subtasks' checkpoints restored into one: their partitions have moved, their watermarks say nothing
        open();
        watermark(T0 + MINUTE - 1);
        OperatorSubtaskState first = preAggregate.snapshot(1, 0L);
        close();
        open();
        watermark(T0 + MINUTE - 1);
        OperatorSubtaskState second = preAggregate.snapshot(1, 0L);
        close();

        open(10_000, AbstractStreamOperatorTestHarness.repackageState(first, second), null);
        send(churn(T0 + 2_000, 30.0, "basic", 2, 0.4));
        assertThat(lateRecords()).isEmpty();
    }

    @Test
    void aDrainedSavepointLeavesNoFloor() throws Exception {
        open();
        watermark(Long.MAX_VALUE); // stop with --drain
        OperatorSubtaskState drained = preAggregate.snapshot(1, 0L);
        close();

        open(10_000, drained, null);
        send(churn(T0 + 2_000, 30.0, "basic", 2, 0.4));
        assertThat(lateRecords()).isEmpty();
    }

    @Test
    void theWatermarkClosesOnlyTheWindowsItHasPassed() throws Exception {
        open();
        send(churn(T0 + 30_000, 20.0, "basic", 1, 0.12));
        send(churn(T0 + 1_000, 10.0, "premium", 2, 0.5));
        send(churn(T0 + MINUTE - 1, 60.0, "basic", 3, 0.97));
        send(churn(T0 + MINUTE + 1_000, 42.0, "basic", 4, 0.3)); // next window
        send(other(T0 + 2_000, 5.0));

        watermark(T0 + MINUTE - 2);
        assertThat(harness.extractOutputValues()).as("the first window ends at T0+59999").isEmpty();
        assertThat(harness.numKeyedStateEntries()).as("partials stay in the first operator until a window closes").isZero();

        watermark(T0 + MINUTE - 1);
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

        // Only ep-churn's second window remains, still a partial: the closed windows left no state behind.
        assertThat(harness.numKeyedStateEntries()).isZero();
        assertThat(harness.numEventTimeTimers()).isZero();

        // Out of order, but its window is still open: counted.
        send(churn(T0 + MINUTE + 500, 43.0, "basic", 4, 0.3));
        watermark(T0 + 2 * MINUTE - 1);
        List<WindowSummary> second = drainSummaries();
        assertThat(second).hasSize(1);
        assertThat(second.get(0).windowStart).isEqualTo(T0 + MINUTE);
        assertThat(second.get(0).windowEnd).isEqualTo(T0 + 2 * MINUTE);
        assertThat(second.get(0).recordCount).isEqualTo(2);
        assertThat(second.get(0).firstRequest).isEqualTo(T0 + MINUTE + 500);
        assertThat(second.get(0).lastRequest).isEqualTo(T0 + MINUTE + 1_000);

        assertThat(harness.numKeyedStateEntries()).isZero();
        assertThat(harness.numEventTimeTimers()).isZero();
        assertThat(lateRecords()).isEmpty();
    }

    @Test
    void aRecordBehindTheWatermarkGoesToTheLateSideOutput() throws Exception {
        open();
        send(churn(T0 + 1_000, 10.0, "basic", 1, 0.1));
        watermark(T0 + MINUTE + 10_000);
        assertThat(drainSummaries()).hasSize(1);

        MonitoredRecord late = churn(T0 + 5_000, 11.0, "basic", 1, 0.1);
        late.requestId = "too-late";
        send(late);
        // The last millisecond of a window is still on time until the watermark reaches it.
        MonitoredRecord lastMoment = churn(T0 + 2 * MINUTE - 1, 11.0, "basic", 1, 0.1);
        send(lastMoment);
        assertThat(lateRecords()).extracting(r -> r.requestId).containsExactly("too-late");
        checkpoint(1);
        assertThat(harness.extractOutputValues()).isEmpty();
        assertThat(harness.numKeyedStateEntries()).as("a late record creates no window state").isEqualTo(1);
        assertThat(harness.numEventTimeTimers()).isEqualTo(1);

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
        OperatorSubtaskState snapshot = checkpoint(1L);
        assertThat(harness.numKeyedStateEntries()).as("the checkpoint holds the partial in window state").isEqualTo(1);
        close();

        open(10_000, snapshot);
        send(churn(T0 + 3_000, 60.0, "basic", 4, 0.97));
        watermark(T0 + MINUTE - 1);

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

    /**
     * Window state written by earlier versions, whose window operator added records one by one (no pre-aggregation),
     * restores into the partial-merging operator: the accumulator type and the state's name are the same.
     */
    @Test
    void windowStateOfThePerRecordOperatorRestoresIntoThePartialMergingOne() throws Exception {
        KeySelector<MonitoredRecord, String> byEndpoint = r -> r.endpointId;
        WindowOperatorBuilder<MonitoredRecord, String, TimeWindow> builder = new WindowOperatorBuilder<>(
                TumblingEventTimeWindows.of(Duration.ofMinutes(1)), EventTimeTrigger.create(), new ExecutionConfig(),
                TypeInformation.of(MonitoredRecord.class), byEndpoint, Types.STRING);
        builder.sideOutputLateData(LATE);
        OperatorSubtaskState released;
        try (var perRecord = new KeyedOneInputStreamOperatorTestHarness<>(
                builder.aggregate(new PerRecord(), new EmitWindowSummary(), TypeInformation.of(WindowAccumulator.class)),
                byEndpoint, Types.STRING)) {
            perRecord.open();
            for (MonitoredRecord r : List.of(churn(T0 + 1_000, 10.0, "basic", 2, 0.12), churn(T0 + 2_000, 20.0, "premium", Double.NaN, 0.5))) {
                perRecord.processElement(r, r.timestamp);
            }
            released = perRecord.snapshot(7L, 0L);
        }

        open(10_000, released);
        assertThat(harness.numEventTimeTimers()).as("the window's timer came with the state").isEqualTo(1);
        send(churn(T0 + 3_000, 60.0, "basic", 4, 0.97));
        watermark(T0 + MINUTE - 1);
        WindowSummary s = drainSummaries().get(0);
        assertThat(s.recordCount).isEqualTo(3);
        assertThat(s.firstRequest).isEqualTo(T0 + 1_000);
        assertThat(s.stats[0].hist).containsExactly(cells(3, 5, 13));
        assertThat(s.stats[1].categories).containsExactlyInAnyOrderEntriesOf(Map.of("basic", 2L, "premium", 1L));
        assertThat(s.stats[3].hist).containsExactly(cells(3, 11, 20));
    }

    /**
     * Whatever the interleaving of endpoints, windows, watermarks, checkpoints and the cap on open partials, the
     * summaries are those of adding every record one by one: same counts, histograms, categories, bounds and
     * timings; moments equal up to rounding (they are merged, not accumulated, across partials).
     */
    @Test
    void summariesEqualThoseOfAddingEveryRecordOneByOne() throws Exception {
        Random random = new Random(42);
        String[] plans = {"basic", "premium", "family", null};
        List<MonitoredRecord> records = new ArrayList<>();
        for (int i = 0; i < 3_000; i++) {
            long ts = T0 + i * 97L + random.nextInt(20_000); // about 5 minutes, out of order within 20 s
            MonitoredRecord r = churn(ts, random.nextDouble() * 80, plans[random.nextInt(plans.length)],
                    random.nextInt(6), random.nextDouble());
            r.endpointId = "ep-" + random.nextInt(7);
            r.latencyMicros = random.nextInt(10) == 0 ? Double.NaN : 500 + random.nextInt(1_000);
            records.add(r);
        }

        for (int cap : new int[] {1, 3, 10_000}) {
            open(cap, null);
            Map<String, WindowAccumulator> expected = new java.util.HashMap<>();
            List<WindowSummary> summaries = new ArrayList<>();
            long wm = Long.MIN_VALUE;
            for (int i = 0; i < records.size(); i++) {
                MonitoredRecord r = records.get(i);
                long start = TimeWindow.getWindowStartWithOffset(r.timestamp, 0, MINUTE);
                if (start + MINUTE - 1 > wm) {
                    expected.computeIfAbsent(r.endpointId + "@" + start, k -> new WindowAccumulator()).add(r);
                }
                send(r);
                if (i % 50 == 49) {
                    wm = Math.max(wm, records.get(i).timestamp); // ahead of some later records: a few arrive late
                    watermark(wm);
                }
                if (i % 700 == 699) {
                    checkpoint(i);
                }
            }
            watermark(Long.MAX_VALUE);
            summaries.addAll(drainSummaries());

            assertThat(summaries).as("cap %d", cap).hasSize(expected.size());
            for (WindowSummary s : summaries) {
                WindowAccumulator e = expected.get(s.endpointId + "@" + s.windowStart);
                assertThat(e).as("window %s@%d", s.endpointId, s.windowStart).isNotNull();
                assertThat(s.recordCount).isEqualTo(e.records);
                assertThat(s.firstRequest).isEqualTo(e.firstRequest);
                assertThat(s.lastRequest).isEqualTo(e.lastRequest);
                assertThat(s.latencyAvgMicros).isCloseTo(e.latencySum / e.latencyCount, within(1e-9));
                assertThat(s.columns).containsExactly(e.columns);
                for (int c = 0; c < e.stats.length; c++) {
                    FeatureWindowStats got = s.stats[c];
                    FeatureWindowStats want = e.stats[c];
                    assertThat(got.count).isEqualTo(want.count);
                    assertThat(got.nulls).isEqualTo(want.nulls);
                    assertThat(got.hist).isEqualTo(want.hist);
                    assertThat(got.categories).isEqualTo(want.categories);
                    assertThat(got.min).isEqualTo(want.min);
                    assertThat(got.max).isEqualTo(want.max);
                    assertThat(got.mean).isCloseTo(want.mean, within(1e-9));
                    assertThat(got.m2).isCloseTo(want.m2, within(1e-6));
                }
            }
            assertThat(lateRecords().size() + summaries.stream().mapToLong(s -> s.recordCount).sum())
                    .as("every record is in a window or late").isEqualTo(records.size());
            assertThat(lateRecords()).as("cap %d", cap).isNotEmpty();
            assertThat(harness.numKeyedStateEntries()).isZero();
            close();
            preAggregate = null;
            harness = null;
        }
    }

    /**
     * A definition that changes and changes back within one partial: adding records one by one keeps only the last
     * run of the reverted definition, and so must the partials (each holds one definition).
     */
    @Test
    void aDefinitionChangedAndRevertedWithinAWindowKeepsOnlyTheLastRunAsRecordByRecord() throws Exception {
        open();
        ResolvedEndpoint v2 = Records.renamedTenure();
        List<MonitoredRecord> rows = List.of(
                churn(T0 + 1_000, 10.0, "basic", 1, 0.1),
                churn(T0 + 2_000, 20.0, "basic", 1, 0.1),
                churn(T0 + 3_000, 30.0, "basic", 1, 0.1),
                Records.record(v2, T0 + 4_000, new Object[] {40.0, "basic", 1}, new Object[] {0.3}),
                churn(T0 + 5_000, 50.0, "premium", 1, 0.1));
        send(rows.get(0));
        send(rows.get(1));
        checkpoint(1); // the window's state now holds the first definition's two rows
        for (MonitoredRecord r : rows.subList(2, rows.size())) {
            send(r);
        }
        watermark(T0 + MINUTE - 1);

        WindowAccumulator recordByRecord = new WindowAccumulator();
        rows.forEach(recordByRecord::add);
        WindowSummary s = drainSummaries().get(0);
        assertThat(s.recordCount).isEqualTo(5);
        assertThat(s.definitionVersion).isEqualTo(Records.CHURN.version());
        assertThat(s.stats[0].count).as("only the row after the revert").isEqualTo(recordByRecord.stats[0].count).isEqualTo(1);
        assertThat(s.stats[0].mean).isEqualTo(50.0);
        assertThat(s.stats[1].categories).isEqualTo(recordByRecord.stats[1].categories).containsOnlyKeys("premium");
    }

    /**
     * A string column with more distinct values in a window than categories are kept: a value the window already
     * counts under its name is still counted there, however the values are split into partials.
     */
    @Test
    void aNamedCategoryKeepsCountingWhenAWindowRunsOutOfCategories() throws Exception {
        open();
        List<MonitoredRecord> rows = new ArrayList<>();
        rows.add(churn(T0 + 1_000, 10.0, "basic", 1, 0.1));
        for (int i = 0; i < 300; i++) {
            rows.add(churn(T0 + 2_000 + i, 10.0, String.format("plan-%03d", i), 1, 0.1));
        }
        rows.add(churn(T0 + 9_000, 10.0, "basic", 1, 0.1));
        send(rows.get(0));
        checkpoint(1);
        for (MonitoredRecord r : rows.subList(1, rows.size())) {
            send(r);
        }
        watermark(T0 + MINUTE - 1);

        WindowAccumulator recordByRecord = new WindowAccumulator();
        rows.forEach(recordByRecord::add);
        Map<String, Long> expected = recordByRecord.stats[1].categories;
        Map<String, Long> got = drainSummaries().get(0).stats[1].categories;
        assertThat(expected).containsEntry("basic", 2L).containsEntry(FeatureWindowStats.OTHER_CATEGORY, 45L).hasSize(257);
        assertThat(got).containsEntry("basic", 2L).containsEntry(FeatureWindowStats.OTHER_CATEGORY, 45L).hasSize(257);
        assertThat(got.values().stream().mapToLong(Long::longValue).sum()).isEqualTo(302);
    }

    /** The window aggregation of earlier versions: every record added to the window's state on its own. */
    private static final class PerRecord implements AggregateFunction<MonitoredRecord, WindowAccumulator, WindowAccumulator> {
        @Override
        public WindowAccumulator createAccumulator() {
            return new WindowAccumulator();
        }

        @Override
        public WindowAccumulator add(MonitoredRecord r, WindowAccumulator acc) {
            acc.add(r);
            return acc;
        }

        @Override
        public WindowAccumulator getResult(WindowAccumulator acc) {
            return acc;
        }

        @Override
        public WindowAccumulator merge(WindowAccumulator a, WindowAccumulator b) {
            a.merge(b);
            return a;
        }
    }

    private static long[] cells(int... bins) {
        long[] h = new long[Binning.PADDED_BINS];
        for (int b : bins) {
            h[b]++;
        }
        return h;
    }
}
