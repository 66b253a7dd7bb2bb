package dev.driftline.functions.window;

import static dev.driftline.functions.endpoint.TestEndpoints.T0;
import static dev.driftline.functions.window.Records.CHURN;
import static dev.driftline.functions.window.Records.churn;
import static dev.driftline.functions.window.Records.record;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.driftline.apps.stats.Binning;
import dev.driftline.apps.stats.FeatureWindowStats;
import dev.driftline.functions.endpoint.ResolvedEndpoint;
import dev.driftline.functions.model.MonitoredRecord;
import dev.driftline.functions.model.WindowSummary;
import java.util.List;
import java.util.Map;
import org.apache.flink.streaming.api.windowing.windows.TimeWindow;
import org.junit.jupiter.api.Test;

class WindowAccumulatorTest {
    private static final double EPS = 1e-12;

    /** Three churn rows, out of event-time order, with a null, a string column, a missing latency and a sampled row. */
    private static List<MonitoredRecord> threeRows() {
        MonitoredRecord a = churn(T0 + 5_000, 10.0, "basic", 2, 0.12);
        a.latencyMicros = 100;
        MonitoredRecord b = churn(T0 + 1_000, 20.0, "basic", Double.NaN, 0.5);
        b.latencyMicros = Double.NaN;
        MonitoredRecord c = churn(T0 + 9_000, 60.0, "premium", 4, 0.97);
        c.latencyMicros = 300;
        c.estimatedPredictionCount = 2.5;
        return List.of(a, b, c);
    }

    private static WindowAccumulator aggregate(List<MonitoredRecord> records) {
        WindowAccumulator acc = new WindowAccumulator();
        for (MonitoredRecord r : records) {
            acc.add(r);
        }
        return acc;
    }

    private static long[] hist(int... bins) {
        long[] h = new long[Binning.PADDED_BINS];
        for (int b : bins) {
            h[b]++;
        }
        return h;
    }

    @Test
    void countsTimingLatencyAndEstimatedPredictions() {
        WindowAccumulator acc = aggregate(threeRows());

        assertThat(acc.endpointId).isEqualTo("ep-churn");
        assertThat(acc.project).isEqualTo("shop");
        assertThat(acc.records).isEqualTo(3);
        assertThat(acc.firstRequest).isEqualTo(T0 + 1_000);
        assertThat(acc.lastRequest).isEqualTo(T0 + 9_000);
        assertThat(acc.latencyCount).isEqualTo(2);
        assertThat(acc.latencySum).isEqualTo(400.0);
        assertThat(acc.estimatedPredictions).isEqualTo(4.5);
        assertThat(acc.columns).containsExactly("tenure", "plan", "support_calls", "churn_prob");
        assertThat(acc.featureCount).isEqualTo(3);
        assertThat(acc.definitionVersion).isEqualTo(CHURN.version());

        WindowSummary s = EmitWindowSummary.summarize("ep-churn", new TimeWindow(T0, T0 + 60_000), acc);
        assertThat(s.windowStart).isEqualTo(T0);
        assertThat(s.windowEnd).isEqualTo(T0 + 60_000);
        assertThat(s.recordCount).isEqualTo(3);
        assertThat(s.firstRequest).isEqualTo(T0 + 1_000);
        assertThat(s.lastRequest).isEqualTo(T0 + 9_000);
        assertThat(s.latencyAvgMicros).isEqualTo(200.0);
        assertThat(s.estimatedPredictionCount).isEqualTo(4.5);
        assertThat(s.statsByName()).containsOnlyKeys("tenure", "plan", "support_calls", "churn_prob");
    }

    @Test
    void numericColumnsKeepMomentsAndHistogramCellsOnTheReferenceEdges() {
        WindowAccumulator acc = aggregate(threeRows());

        FeatureWindowStats tenure = acc.stats[0];
        assertThat(tenure.count).isEqualTo(3);
        assertThat(tenure.nulls).isZero();
        assertThat(tenure.min).isEqualTo(10.0);
        assertThat(tenure.max).isEqualTo(60.0);
        assertThat(tenure.mean).isCloseTo(30.0, within(EPS));
        assertThat(tenure.std()).isCloseTo(Math.sqrt(700.0), within(1e-9)); // deviations -20, -10, 30; ddof 1
        // 10 → [10,15) padded 3; 20 → [20,25) padded 5; 60 → [60,65) padded 13.
        assertThat(tenure.hist).containsExactly(hist(3, 5, 13));

        FeatureWindowStats prob = acc.stats[3];
        // 0.12 → padded 3; 0.5 is an edge → [0.5, 0.55) padded 11; 0.97 → last real bin, padded 20.
        assertThat(prob.hist).containsExactly(hist(3, 11, 20));
        assertThat(prob.count).isEqualTo(3);

        FeatureWindowStats calls = acc.stats[2];
        assertThat(calls.hist).as("no numeric reference, no histogram").isNull();
        assertThat(calls.count).isEqualTo(2);
        assertThat(calls.nulls).isEqualTo(1);
        assertThat(calls.mean).isEqualTo(3.0);
    }

    @Test
    void stringColumnsCountCategories() {
        WindowAccumulator acc = aggregate(threeRows());
        FeatureWindowStats plan = acc.stats[1];
        assertThat(plan.categories).containsExactlyInAnyOrderEntriesOf(Map.of("basic", 2L, "premium", 1L));
        assertThat(plan.textCount).isEqualTo(3);
        assertThat(plan.count).isZero();
        assertThat(plan.nulls).isZero();
        assertThat(plan.hist).isNull();
    }

    @Test
    void nullStringsAreNullsNotCategories() {
        WindowAccumulator acc = aggregate(List.of(churn(T0, 1, null, 1, 0.1), churn(T0, 2, "basic", 1, 0.1)));
        assertThat(acc.stats[1].nulls).isEqualTo(1);
        assertThat(acc.stats[1].categories).containsExactly(Map.entry("basic", 1L));
    }

    @Test
    void latencyAverageIsNaNWhenNoRecordHadOne() {
        MonitoredRecord r = churn(T0, 1, "basic", 1, 0.1);
        r.latencyMicros = Double.NaN;
        WindowSummary s = EmitWindowSummary.summarize("ep-churn", new TimeWindow(T0, T0 + 60_000), aggregate(List.of(r)));
        assertThat(s.latencyAvgMicros).isNaN();
    }

    @Test
    void mergeEqualsAggregatingEverythingInOne() {
        List<MonitoredRecord> rows = threeRows();
        WindowAccumulator all = aggregate(rows);
        WindowAccumulator left = aggregate(List.of(rows.get(0), rows.get(2)));
        WindowAccumulator right = aggregate(List.of(rows.get(1)));
        WindowAccumulator merged = new MergeWindowPartials().add(right, left);

        assertThat(merged.records).isEqualTo(all.records);
        assertThat(merged.firstRequest).isEqualTo(all.firstRequest);
        assertThat(merged.lastRequest).isEqualTo(all.lastRequest);
        assertThat(merged.latencySum).isEqualTo(all.latencySum);
        assertThat(merged.latencyCount).isEqualTo(all.latencyCount);
        assertThat(merged.estimatedPredictions).isEqualTo(all.estimatedPredictions);
        assertThat(merged.columns).containsExactly(all.columns);
        for (int i = 0; i < all.stats.length; i++) {
            FeatureWindowStats m = merged.stats[i];
            FeatureWindowStats a = all.stats[i];
            assertThat(m.count).as(all.columns[i]).isEqualTo(a.count);
            assertThat(m.nulls).as(all.columns[i]).isEqualTo(a.nulls);
            assertThat(m.hist).as(all.columns[i]).isEqualTo(a.hist);
            assertThat(m.categories).as(all.columns[i]).isEqualTo(a.categories);
            if (a.count > 0) {
                assertThat(m.mean).isCloseTo(a.mean, within(EPS));
                assertThat(m.m2).isCloseTo(a.m2, within(1e-9));
                assertThat(m.min).isEqualTo(a.min);
                assertThat(m.max).isEqualTo(a.max);
            }
        }
    }

    @Test
    void mergeIntoAnEmptyAccumulatorTakesTheOtherSide() {
        WindowAccumulator full = aggregate(threeRows());
        WindowAccumulator empty = new WindowAccumulator();
        empty.merge(full);
        assertThat(empty.records).isEqualTo(3);
        assertThat(empty.endpointId).isEqualTo("ep-churn");
        assertThat(empty.columns).containsExactly("tenure", "plan", "support_calls", "churn_prob");
        assertThat(empty.stats[0].hist).containsExactly(hist(3, 5, 13));
        assertThat(empty.firstRequest).isEqualTo(T0 + 1_000);

        // Merging an empty side changes nothing.
        full.merge(new WindowAccumulator());
        assertThat(full.records).isEqualTo(3);
    }

    /**
     * Definitions without a known place on the control topic (equal offsets): the partial merged last wins, as its
     * records would.
     */
    @Test
    void mergingALaterPartialOfANewDefinitionRestartsColumnStatsAsItsRecordsWould() {
        ResolvedEndpoint v2 = Records.renamedTenure();
        MonitoredRecord newer = record(v2, T0 + 20_000, new Object[] {42.0, "basic", 1}, new Object[] {0.3});
        WindowAccumulator recordByRecord = aggregate(threeRows());
        recordByRecord.add(newer);

        WindowAccumulator merged = aggregate(threeRows());
        merged.merge(aggregate(List.of(newer)));
        assertThat(merged.definitionVersion).isEqualTo(v2.version()).isEqualTo(recordByRecord.definitionVersion);
        assertThat(merged.columns).containsExactly(recordByRecord.columns);
        assertThat(merged.stats[0].count).isEqualTo(1);
        assertThat(merged.stats[0].hist).containsExactly(recordByRecord.stats[0].hist);
        assertThat(merged.records).isEqualTo(4);
        assertThat(merged.firstRequest).isEqualTo(T0 + 1_000);
        assertThat(merged.lastRequest).isEqualTo(T0 + 20_000);

        // A later partial of the old definition is merged the same way: the later side's definition wins.
        WindowAccumulator back = aggregate(List.of(newer));
        back.merge(aggregate(threeRows()));
        assertThat(back.definitionVersion).isEqualTo(CHURN.version());
        assertThat(back.columns[0]).isEqualTo("tenure");
        assertThat(back.stats[0].count).isEqualTo(3);
        assertThat(back.records).isEqualTo(4);
    }

    /**
     * Partials of one window come from several source subtasks in no particular order: of two definitions, the later
     * on the control topic keeps its column statistics, whichever partial is merged first; all rows are counted.
     */
    @Test
    void partialsOfTwoDefinitionsKeepTheLaterDefinitionsStatisticsInEitherOrder() {
        ResolvedEndpoint v1 = Records.atOffset(CHURN, 3);
        ResolvedEndpoint v2 = Records.atOffset(Records.renamedTenure(), 7);
        List<MonitoredRecord> older = List.of(
                record(v1, T0 + 1_000, new Object[] {10.0, "basic", 2}, new Object[] {0.1}),
                record(v1, T0 + 25_000, new Object[] {20.0, "basic", 3}, new Object[] {0.2}));
        List<MonitoredRecord> newer = List.of(record(v2, T0 + 20_000, new Object[] {42.0, "premium", 1}, new Object[] {0.3}));

        for (boolean newerFirst : new boolean[] {true, false}) {
            WindowAccumulator merged = new WindowAccumulator();
            merged.merge(aggregate(newerFirst ? newer : older));
            merged.merge(aggregate(newerFirst ? older : newer));
            assertThat(merged.definitionVersion).as("newer first: %s", newerFirst).isEqualTo(v2.version());
            assertThat(merged.definitionOffset).isEqualTo(7);
            assertThat(merged.columns[0]).isEqualTo("months");
            assertThat(merged.stats[0].count).isEqualTo(1);
            assertThat(merged.stats[1].categories).containsExactly(Map.entry("premium", 1L));
            assertThat(merged.records).isEqualTo(3);
            assertThat(merged.firstRequest).isEqualTo(T0 + 1_000);
            assertThat(merged.lastRequest).isEqualTo(T0 + 25_000);
        }
    }

    @Test
    void aDefinitionChangeMidWindowRestartsColumnStatsButKeepsCounting() {
        ResolvedEndpoint v2 = Records.renamedTenure();
        WindowAccumulator acc = aggregate(threeRows());
        acc.add(record(v2, T0 + 30_000, new Object[] {42.0, "basic", 1}, new Object[] {0.3}));

        assertThat(acc.records).isEqualTo(4);
        assertThat(acc.definitionVersion).isEqualTo(v2.version());
        assertThat(acc.columns).containsExactly("months", "plan", "support_calls", "churn_prob");
        assertThat(acc.stats[0].count).isEqualTo(1);
        assertThat(acc.stats[0].hist).containsExactly(hist(9));
        assertThat(acc.stats[1].categories).containsExactly(Map.entry("basic", 1L));
        assertThat(acc.stats[3].hist).containsExactly(hist(7)); // 0.3 → [0.3, 0.35) padded 7
        assertThat(acc.lastRequest).isEqualTo(T0 + 30_000);
        assertThat(acc.firstRequest).isEqualTo(T0 + 1_000);
    }

    @Test
    void aWiderRowExtendsTheColumnsAndKeepsWhatWasCounted() {
        WindowAccumulator acc = aggregate(List.of(
                record(CHURN, T0, new Object[] {10.0, "basic", 1}, new Object[] {}),
                record(CHURN, T0 + 1, new Object[] {20.0, "basic", 2}, new Object[] {})));
        assertThat(acc.columns).containsExactly("tenure", "plan", "support_calls");

        acc.add(churn(T0 + 2, 60.0, "premium", 3, 0.97));
        assertThat(acc.columns).containsExactly("tenure", "plan", "support_calls", "churn_prob");
        assertThat(acc.featureCount).isEqualTo(3);
        assertThat(acc.stats[0].count).isEqualTo(3);
        assertThat(acc.stats[0].hist).containsExactly(hist(3, 5, 13));
        assertThat(acc.stats[2].count).isEqualTo(3);
        assertThat(acc.stats[3].count).isEqualTo(1);
        assertThat(acc.stats[3].hist).containsExactly(hist(20));

        // A narrower row of the same layout prefix afterwards is still counted in its own columns.
        acc.add(record(CHURN, T0 + 3, new Object[] {15.0, "basic", 4}, new Object[] {}));
        assertThat(acc.stats[0].count).isEqualTo(4);
        assertThat(acc.stats[3].count).isEqualTo(1);
        assertThat(acc.records).isEqualTo(4);
    }

    /**
     * Rows of one endpoint with fewer inputs than usual are named correctly by enrichment (the prediction is still
     * {@code churn_prob}), but the window must then count each value under its own column name, not its position.
     */
    @Test
    void rowsWithFewerInputsAreCountedUnderTheirOwnColumnNames() {
        WindowAccumulator acc = aggregate(List.of(churn(T0, 10.0, "basic", 2, 0.12)));
        MonitoredRecord shortRow = record(CHURN, T0 + 1, new Object[] {20.0, "basic"}, new Object[] {0.97});
        assertThat(shortRow.columns).containsExactly("tenure", "plan", "churn_prob");
        acc.add(shortRow);

        WindowSummary s = EmitWindowSummary.summarize("ep-churn", new TimeWindow(T0, T0 + 60_000), acc);
        Map<String, FeatureWindowStats> byName = s.statsByName();
        assertThat(byName.get("support_calls").count).as("support_calls got only its own value").isEqualTo(1);
        assertThat(byName.get("churn_prob").count).as("churn_prob got both predictions").isEqualTo(2);
        assertThat(byName.get("churn_prob").hist).containsExactly(hist(3, 20));
    }

    @Test
    void aWindowStartedByAShortRowCountsTheLaterFullRowsUnderTheRightNames() {
        WindowAccumulator acc = aggregate(List.of(record(CHURN, T0, new Object[] {20.0, "basic"}, new Object[] {0.97})));
        acc.add(churn(T0 + 1, 10.0, "basic", 2, 0.12));

        Map<String, FeatureWindowStats> byName =
                EmitWindowSummary.summarize("ep-churn", new TimeWindow(T0, T0 + 60_000), acc).statsByName();
        assertThat(byName.get("churn_prob").hist).containsExactly(hist(3, 20));
        assertThat(byName.get("support_calls").count).isEqualTo(1);
        assertThat(byName.get("support_calls").hist).isNull();
    }

    @Test
    void mergingAccumulatorsOfDifferentRowWidthsMatchesColumnsByName() {
        WindowAccumulator full = aggregate(List.of(churn(T0, 10.0, "basic", 2, 0.12)));
        WindowAccumulator shortRows = aggregate(List.of(record(CHURN, T0 + 1, new Object[] {20.0, "basic"}, new Object[] {0.97})));
        full.merge(shortRows);

        Map<String, FeatureWindowStats> byName =
                EmitWindowSummary.summarize("ep-churn", new TimeWindow(T0, T0 + 60_000), full).statsByName();
        assertThat(full.records).isEqualTo(2);
        assertThat(byName.get("tenure").hist).containsExactly(hist(3, 5));
        assertThat(byName.get("support_calls").count).isEqualTo(1);
        assertThat(byName.get("churn_prob").hist).containsExactly(hist(3, 20));
    }

    @Test
    void emitWindowSummarySkipsEmptyAccumulators() {
        List<WindowSummary> out = new java.util.ArrayList<>();
        new EmitWindowSummary().process("ep-churn", null, List.of(new WindowAccumulator()),
                new org.apache.flink.api.common.functions.util.ListCollector<>(out));
        assertThat(out).isEmpty();
    }

}
