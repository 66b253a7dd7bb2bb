package dev.driftline.functions.endpoint;

import static dev.driftline.functions.endpoint.TestEndpoints.T0;
import static dev.driftline.functions.endpoint.TestEndpoints.churnJson;
import static dev.driftline.functions.endpoint.TestEndpoints.row;
import static org.assertj.core.api.Assertions.assertThat;

import dev.driftline.apps.EndpointInfo;
import dev.driftline.apps.stats.Binning;
import dev.driftline.functions.model.EndpointDefinition;
import dev.driftline.functions.model.EndpointRun;
import dev.driftline.functions.model.InferenceRecord;
import dev.driftline.functions.model.MonitoredRecord;
import dev.driftline.functions.model.Runs;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.flink.runtime.checkpoint.OperatorSubtaskState;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.api.functions.co.KeyedBroadcastProcessFunction;
import org.apache.flink.streaming.api.operators.co.CoBroadcastWithKeyedOperator;
import org.apache.flink.streaming.api.operators.co.CoBroadcastWithNonKeyedOperator;
import org.apache.flink.streaming.util.KeyedBroadcastOperatorTestHarness;
import org.apache.flink.util.Collector;
import org.apache.flink.streaming.util.BroadcastOperatorTestHarness;
import org.apache.flink.streaming.util.ProcessFunctionTestHarnesses;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class EnrichWithEndpointTest {
    private static final String EP = "ep-churn";
    private static final long NOW = 1_000_000L;

    /** Training edges of the resource definition: tenure 0,5,..,100; churn_prob 0,0.05,..,1. */
    private static final double[] TENURE_PADDED = Binning.padEdges(TestEndpoints.parse(churnJson()).featureStats.get("tenure").edges());
    private static final double[] PROB_PADDED = Binning.padEdges(TestEndpoints.parse(churnJson()).featureStats.get("churn_prob").edges());

    private BroadcastOperatorTestHarness<EndpointRun, EndpointDefinition, MonitoredRecord> harness;

    @AfterEach
    void close() throws Exception {
        if (harness != null) {
            harness.close();
        }
    }

    /** A decoded row, as decoding hands it on: a run of one. */
    private void sendRow(InferenceRecord in, long timestamp) throws Exception {
        harness.processElement(Runs.of(List.of(in)), timestamp);
    }

    private BroadcastOperatorTestHarness<EndpointRun, EndpointDefinition, MonitoredRecord> open(Binning binning, EndpointCatalog catalog) throws Exception {
        harness = ProcessFunctionTestHarnesses.forBroadcastProcessFunction(
                new EnrichWithEndpoint(binning, catalog), EndpointDefinitions.ENDPOINTS, EndpointDefinitions.ENDPOINT_OFFSETS);
        harness.setProcessingTime(NOW);
        return harness;
    }

    private BroadcastOperatorTestHarness<EndpointRun, EndpointDefinition, MonitoredRecord> open() throws Exception {
        return open(Binning.DEFAULT, null);
    }

    /** A catalog as the control topic's compacted content would give it at start. */
    private static EndpointCatalog catalog(Map<String, String> definitions) {
        return EndpointCatalog.of(new HashMap<>(definitions));
    }

    /**
     * Enrichment never holds records back: it is not keyed, so it has neither keyed state nor timers (a broadcast
     * function without a key cannot register one), whatever the endpoint.
     */
    private void assertNothingHeldBack() {
        assertThat(harness.getOperator().getKeyedStateBackend()).isNull();
    }

    private static InferenceRecord continued(InferenceRecord r) {
        r.continuesRequest = true;
        return r;
    }

    private static InferenceRecord churnRow(long ts, String requestId, double tenure, String plan, double calls, double prob) {
        return row(EP, ts, requestId, new Object[] {tenure, plan, calls}, new Object[] {prob});
    }

    private List<MonitoredRecord> drain() {
        List<MonitoredRecord> out = harness.extractOutputValues();
        harness.getOutput().clear();
        return out;
    }

    @Test
    void registeredEndpointNamesColumnsAndBinsEveryNumericValue() throws Exception {
        open();
        String json = churnJson();
        harness.processBroadcastElement(new EndpointDefinition(EP, json), 0);
        InferenceRecord in = churnRow(T0 + 1_500, "req-1", 42.0, "premium", 3.0, 0.37);
        in.latencyMicros = 812;
        in.estimatedPredictionCount = 4;
        in.effectiveSampleCount = 25;
        in.labels = Map.of("team", "growth");
        in.customMetrics = "{\"auc\":0.91}";
        sendRow(in, in.timestamp);

        List<MonitoredRecord> out = drain();
        assertThat(out).hasSize(1);
        MonitoredRecord r = out.get(0);
        assertThat(r.columns).containsExactly("tenure", "plan", "support_calls", "churn_prob");
        assertThat(r.featureCount).isEqualTo(3);
        assertThat(r.endpointId).isEqualTo(EP);
        assertThat(r.project).isEqualTo("shop");
        assertThat(r.requestId).isEqualTo("req-1");
        assertThat(r.timestamp).isEqualTo(T0 + 1_500);
        assertThat(r.latencyMicros).isEqualTo(812.0);
        assertThat(r.estimatedPredictionCount).isEqualTo(4.0);
        assertThat(r.effectiveSampleCount).isEqualTo(25);
        assertThat(r.labels).containsEntry("team", "growth");
        assertThat(r.customMetrics).isEqualTo("{\"auc\":0.91}");
        assertThat(r.definitionVersion).isEqualTo(ResolvedEndpoint.versionOf(json)).isNotZero();

        // Values: the string stays a string (NaN as number), numbers stay numbers.
        assertThat(r.numbers[0]).isEqualTo(42.0);
        assertThat(r.numbers[1]).isNaN();
        assertThat(r.texts).containsExactly(null, "premium", null, null);
        assertThat(r.numbers[2]).isEqualTo(3.0);
        assertThat(r.numbers[3]).isEqualTo(0.37);

        // tenure 42 is in training bin [40, 45) = real bin 8 = padded bin 9; churn_prob 0.37 in [0.35, 0.40) = padded 8.
        assertThat(r.bins[0]).isEqualTo(Binning.DEFAULT.binOf(42.0, TENURE_PADDED)).isEqualTo(9);
        assertThat(r.bins[3]).isEqualTo(Binning.DEFAULT.binOf(0.37, PROB_PADDED)).isEqualTo(8);
        // plan has a categorical reference and support_calls none: no numeric histogram for either.
        assertThat(r.bins[1]).isEqualTo(MonitoredRecord.NO_HISTOGRAM);
        assertThat(r.bins[2]).isEqualTo(MonitoredRecord.NO_HISTOGRAM);
        assertThat(harness.getOutput()).isEmpty();
    }

    /** Records of an endpoint share one id instance, registered or not, so later hash lookups compare by reference. */
    @Test
    void recordsOfAnEndpointShareOneIdInstance() throws Exception {
        open();
        harness.processBroadcastElement(new EndpointDefinition(EP, churnJson()), 0);
        for (String id : new String[] {new String(EP), new String(EP), new String("ep-unknown"), new String("ep-unknown")}) {
            InferenceRecord in = row(id, T0 + 1_000, "req", new Object[] {1.0, "basic", 2.0}, new Object[] {0.5});
            sendRow(in, in.timestamp);
        }
        List<MonitoredRecord> out = drain();
        assertThat(out).extracting(r -> r.endpointId).containsExactly(EP, EP, "ep-unknown", "ep-unknown");
        assertThat(out.get(1).endpointId).isSameAs(out.get(0).endpointId);
        assertThat(out.get(3).endpointId).isSameAs(out.get(2).endpointId);
    }

    @Test
    void valuesOutsideTheTrainingRangeLandInTheOverflowBinsAndNullsAreNotCounted() throws Exception {
        open();
        harness.processBroadcastElement(new EndpointDefinition(EP, churnJson()), 0);
        sendRow(churnRow(T0, "a", -3.0, "basic", 1, 1.0), T0);
        sendRow(churnRow(T0, "b", 250.0, null, Double.NaN, 0.0), T0);
        sendRow(churnRow(T0, "c", 100.0, "basic", 0, Double.NaN), T0);

        List<MonitoredRecord> out = drain();
        assertThat(out).extracting(r -> r.bins[0]).containsExactly(0, 21, 20);
        // churn_prob: training max 1.0 stays in the last real bin (default binning), 0.0 is real bin 0 = padded 1, NaN is -1.
        assertThat(out).extracting(r -> r.bins[3]).containsExactly(20, 1, -1);
        for (MonitoredRecord r : out) {
            assertThat(r.bins[0]).isEqualTo(Binning.DEFAULT.binOf(r.numbers[0], TENURE_PADDED));
        }
        assertThat(out.get(1).texts[1]).isNull();
        assertThat(out.get(1).numbers[1]).isNaN();
    }

    @Test
    void aRunsRowsAreEnrichedInOrderEachWithItsOwnTimeAndEndpoint() throws Exception {
        open();
        harness.processBroadcastElement(new EndpointDefinition(EP, churnJson()), 0);
        InferenceRecord other = churnRow(T0 + 2, "c", 7.0, "basic", 0, 0.5);
        other.endpointId = "ep-other"; // a run holds one endpoint, but a row of another is still enriched as its own
        harness.processElement(Runs.of(List.of(
                churnRow(T0, "a", -3.0, "basic", 1, 1.0),
                churnRow(T0 + 1, "b", 42.0, "basic", 0, 0.37),
                other,
                churnRow(T0 + 3, "d", 100.0, "basic", 0, 1.0))), T0 + 3);

        List<MonitoredRecord> out = drain();
        assertThat(out).extracting(r -> r.requestId).containsExactly("a", "b", "c", "d");
        assertThat(out).extracting(r -> r.timestamp).containsExactly(T0, T0 + 1, T0 + 2, T0 + 3);
        assertThat(out).extracting(r -> r.endpointId).containsExactly(EP, EP, "ep-other", EP);
        assertThat(out.get(1).bins[0]).isEqualTo(Binning.DEFAULT.binOf(42.0, TENURE_PADDED));
        assertThat(out.get(2).columns).as("no definition: generated names").isNotEqualTo(out.get(0).columns);
        assertThat(out.get(3).columns).isSameAs(out.get(0).columns);
    }

    @Test
    void mlrunCompatibleBinningPutsTheTrainingMaxInTheOverflowBin() throws Exception {
        open(Binning.MLRUN_COMPATIBLE, null);
        harness.processBroadcastElement(new EndpointDefinition(EP, churnJson()), 0);
        sendRow(churnRow(T0, "max", 100.0, "basic", 0, 1.0), T0);
        sendRow(churnRow(T0, "mid", 42.0, "basic", 0, 0.37), T0);

        List<MonitoredRecord> out = drain();
        assertThat(out.get(0).bins[0]).isEqualTo(21).isEqualTo(Binning.MLRUN_COMPATIBLE.binOf(100.0, TENURE_PADDED));
        assertThat(out.get(0).bins[3]).isEqualTo(21).isEqualTo(Binning.MLRUN_COMPATIBLE.binOf(1.0, PROB_PADDED));
        // Interior values bin the same in both modes.
        assertThat(out.get(1).bins[0]).isEqualTo(9);
        assertThat(out.get(1).bins[3]).isEqualTo(8);
    }

    @Test
    void definitionsFromTheCatalogAreKnownFromTheFirstRecord() throws Exception {
        String json = churnJson();
        open(Binning.DEFAULT, catalog(Map.of(EP, json)));
        sendRow(churnRow(T0, "first", 42.0, "basic", 1, 1.0), T0);

        MonitoredRecord r = drain().get(0);
        assertThat(r.columns).containsExactly("tenure", "plan", "support_calls", "churn_prob");
        assertThat(r.bins[0]).isEqualTo(9);
        assertThat(r.bins[3]).isEqualTo(20);
        assertThat(r.definitionVersion).isEqualTo(ResolvedEndpoint.versionOf(json));
        assertThat(harness.getBroadcastState(EndpointDefinitions.ENDPOINTS).contains(EP))
                .as("the catalog is not copied into broadcast state").isFalse();
        assertNothingHeldBack();
    }

    @Test
    void anUnknownEndpointIsMonitoredAtOnceWithGeneratedNames() throws Exception {
        open();
        sendRow(row("ep-ghost", T0, "g1", new Object[] {1.5, "x", 7}, new Object[] {0.1, 0.9}), T0);

        List<MonitoredRecord> out = drain();
        assertThat(out).as("nothing waits for a definition").hasSize(1);
        MonitoredRecord r = out.get(0);
        assertThat(r.columns).containsExactly("f0", "f1", "f2", "p0", "p1");
        assertThat(r.featureCount).isEqualTo(3);
        assertThat(r.definitionVersion).isZero();
        assertThat(r.bins).containsOnly(MonitoredRecord.NO_HISTOGRAM);
        assertThat(r.texts[1]).isEqualTo("x");
        assertThat(r.numbers).containsExactly(1.5, Double.NaN, 7.0, 0.1, 0.9);
        assertThat(r.project).isEqualTo("shop");
        assertNothingHeldBack();

        // Rows of another width get their own generated names.
        sendRow(row("ep-ghost", T0 + 1, "g2", new Object[] {2.5}, new Object[] {0.2}), T0 + 1);
        assertThat(drain().get(0).columns).containsExactly("f0", "p0");
    }

    @Test
    void aDefinitionArrivingLaterReplacesTheGeneratedNamesForLaterRecords() throws Exception {
        open();
        sendRow(churnRow(T0, "before", 12.0, "basic", 1, 0.2), T0);
        assertThat(drain()).extracting(r -> r.definitionOffset).as("a stand-in orders below any definition").containsExactly(-1L);

        String json = churnJson();
        harness.processBroadcastElement(new EndpointDefinition(EP, json, 41L), 0);
        assertThat(harness.getOutput()).as("nothing was held back, so nothing is released").isEmpty();

        sendRow(churnRow(T0 + 1, "after", 12.0, "basic", 1, 0.2), T0 + 1);
        MonitoredRecord r = drain().get(0);
        assertThat(r.columns).containsExactly("tenure", "plan", "support_calls", "churn_prob");
        assertThat(r.bins[0]).isEqualTo(3);
        assertThat(r.definitionVersion).isEqualTo(ResolvedEndpoint.versionOf(json));
        assertThat(r.definitionOffset).as("the definition's place on the control topic").isEqualTo(41L);
        assertThat(r.continuesRequest).isFalse();
        sendRow(continued(churnRow(T0 + 1, "after", 12.0, "basic", 1, 0.2)), T0 + 1);
        assertThat(drain().get(0).continuesRequest).as("a request's further rows stay marked").isTrue();
        assertNothingHeldBack();
    }

    @Test
    void theBroadcastDefinitionWinsOverTheCatalog() throws Exception {
        String v1 = churnJson();
        EndpointInfo info = TestEndpoints.parse(v1);
        info.featureNames = List.of("months", "plan", "support_calls");
        info.featureStats.put("months", info.featureStats.remove("tenure"));
        String v2 = TestEndpoints.json(info);

        open(Binning.DEFAULT, catalog(Map.of(EP, v1)));
        sendRow(churnRow(T0, "catalog", 42.0, "basic", 1, 0.2), T0);
        harness.processBroadcastElement(new EndpointDefinition(EP, v2), 0);
        sendRow(churnRow(T0 + 1, "broadcast", 42.0, "basic", 1, 0.2), T0 + 1);

        List<MonitoredRecord> out = drain();
        assertThat(out.get(0).columns[0]).isEqualTo("tenure");
        assertThat(out.get(1).columns[0]).isEqualTo("months");
        assertThat(out.get(1).definitionVersion).isEqualTo(ResolvedEndpoint.versionOf(v2));
    }

    @Test
    void aCatalogDefinitionThatDoesNotParseMakesTheEndpointUnregisteredWithoutFailing() throws Exception {
        open(Binning.DEFAULT, catalog(Map.of(EP, "{\"feature_names\": 12, ", "ep-ok", churnJson())));
        sendRow(churnRow(T0, "bad", 42.0, "basic", 1, 0.2), T0);
        sendRow(row("ep-ok", T0, "ok", new Object[] {42.0, "basic", 1}, new Object[] {0.2}), T0);

        List<MonitoredRecord> out = drain();
        assertThat(out.get(0).columns).containsExactly("f0", "f1", "f2", "p0");
        assertThat(out.get(1).columns).containsExactly("tenure", "plan", "support_calls", "churn_prob");

        // A good definition on the control topic then repairs it.
        harness.processBroadcastElement(new EndpointDefinition(EP, churnJson()), 0);
        sendRow(churnRow(T0 + 1, "repaired", 42.0, "basic", 1, 0.2), T0 + 1);
        assertThat(drain().get(0).columns[0]).isEqualTo("tenure");
    }

    @Test
    void aDefinitionConcernsOnlyItsOwnEndpoint() throws Exception {
        open();
        harness.processBroadcastElement(new EndpointDefinition(EP, churnJson()), 0);
        sendRow(churnRow(T0, "mine", 12.0, "basic", 1, 0.2), T0);
        sendRow(row("ep-other", T0, "theirs", new Object[] {1.0}, new Object[] {0.0}), T0);

        List<MonitoredRecord> out = drain();
        assertThat(out).extracting(r -> r.requestId).containsExactly("mine", "theirs");
        assertThat(out.get(0).columns[0]).isEqualTo("tenure");
        assertThat(out.get(1).columns).containsExactly("f0", "p0");
    }

    @Test
    void aTombstoneRemovesTheDefinition() throws Exception {
        open();
        harness.processBroadcastElement(new EndpointDefinition(EP, churnJson(), 5L), 0);
        sendRow(churnRow(T0, "registered", 12.0, "basic", 1, 0.2), T0);
        assertThat(drain()).extracting(r -> r.columns[0]).containsExactly("tenure");

        harness.processBroadcastElement(new EndpointDefinition(EP, null, 9L), 0);
        assertThat(harness.getBroadcastState(EndpointDefinitions.ENDPOINTS).contains(EP)).isFalse();

        sendRow(churnRow(T0 + 1, "after-delete", 12.0, "basic", 1, 0.2), T0 + 1);
        MonitoredRecord r = drain().get(0);
        assertThat(r.columns).as("a deleted endpoint is monitored as unregistered").containsExactly("f0", "f1", "f2", "p0");
        assertThat(r.definitionVersion).isZero();
        assertThat(r.definitionOffset).as("the deletion is later than the definition it deleted").isEqualTo(9L);
        assertNothingHeldBack();
    }

    @Test
    void aTombstoneAlsoRemovesADefinitionReadFromTheCatalogAtStart() throws Exception {
        open(Binning.DEFAULT, catalog(Map.of(EP, churnJson())));
        sendRow(churnRow(T0, "known", 12.0, "basic", 1, 0.2), T0);
        harness.processBroadcastElement(new EndpointDefinition(EP, null), 0);
        sendRow(churnRow(T0 + 1, "deleted", 12.0, "basic", 1, 0.2), T0 + 1);

        List<MonitoredRecord> out = drain();
        assertThat(out.get(0).columns[0]).isEqualTo("tenure");
        assertThat(out.get(1).columns[0]).isEqualTo("f0");
        assertThat(out.get(1).bins).containsOnly(MonitoredRecord.NO_HISTOGRAM);
    }

    @Test
    void aDefinitionThatDoesNotParseIsIgnoredAndKeepsThePreviousOne() throws Exception {
        open();
        String good = churnJson();
        harness.processBroadcastElement(new EndpointDefinition(EP, good), 0);
        harness.processBroadcastElement(new EndpointDefinition(EP, "{\"feature_names\": [\"tenure\", "), 0);
        harness.processBroadcastElement(new EndpointDefinition(EP, "{\"feature_stats\": {\"tenure\": 12}}"), 0);
        assertThat(harness.getBroadcastState(EndpointDefinitions.ENDPOINTS).get(EP)).isEqualTo(good);

        sendRow(churnRow(T0, "r", 42.0, "basic", 1, 0.2), T0);
        MonitoredRecord r = drain().get(0);
        assertThat(r.columns).containsExactly("tenure", "plan", "support_calls", "churn_prob");
        assertThat(r.bins[0]).isEqualTo(9);
        assertThat(r.definitionVersion).isEqualTo(ResolvedEndpoint.versionOf(good));

        // A bad first definition registers nothing.
        harness.processBroadcastElement(new EndpointDefinition("ep-bad", "not json"), 0);
        assertThat(harness.getBroadcastState(EndpointDefinitions.ENDPOINTS).contains("ep-bad")).isFalse();
        // A definition without id is ignored as a whole.
        harness.processBroadcastElement(new EndpointDefinition(null, good), 0);
        harness.processBroadcastElement(null, 0);
    }

    @Test
    void anUpdatedDefinitionRenamesAndRebinsWithANewVersion() throws Exception {
        open();
        String v1 = churnJson();
        harness.processBroadcastElement(new EndpointDefinition(EP, v1), 0);
        sendRow(churnRow(T0, "v1", 42.0, "basic", 1, 0.2), T0);

        EndpointInfo info = TestEndpoints.parse(v1);
        info.featureNames = List.of("months", "plan", "support_calls");
        info.featureStats.put("months", info.featureStats.remove("tenure"));
        String v2 = TestEndpoints.json(info);
        harness.processBroadcastElement(new EndpointDefinition(EP, v2), 0);
        sendRow(churnRow(T0, "v2", 42.0, "basic", 1, 0.2), T0);

        List<MonitoredRecord> out = drain();
        assertThat(out.get(0).columns[0]).isEqualTo("tenure");
        assertThat(out.get(1).columns[0]).isEqualTo("months");
        assertThat(out.get(1).bins[0]).isEqualTo(9);
        assertThat(out.get(1).definitionVersion).isEqualTo(ResolvedEndpoint.versionOf(v2)).isNotEqualTo(out.get(0).definitionVersion);
    }

    /**
     * Earlier versions ran enrichment keyed by endpoint (a keyed broadcast operator under the same uid): its
     * checkpoints' broadcast state restores into the unkeyed operator, and its keyed part (it had none but the timer
     * service's) is left behind.
     */
    @Test
    void aCheckpointOfTheKeyedEnrichmentRestores() throws Exception {
        String json = churnJson();
        OperatorSubtaskState keyedSnapshot;
        var keyedFunction = new KeyedBroadcastProcessFunction<String, InferenceRecord, EndpointDefinition, MonitoredRecord>() {
            @Override
            public void processElement(InferenceRecord r, ReadOnlyContext ctx, Collector<MonitoredRecord> out) {
            }

            @Override
            public void processBroadcastElement(EndpointDefinition d, Context ctx, Collector<MonitoredRecord> out) throws Exception {
                ctx.getBroadcastState(EndpointDefinitions.ENDPOINTS).put(d.id, d.json); // as the keyed version kept it
                ctx.getBroadcastState(EndpointDefinitions.ENDPOINT_OFFSETS).put(d.id, d.offset);
            }
        };
        try (var keyed = new KeyedBroadcastOperatorTestHarness<>(
                new CoBroadcastWithKeyedOperator<>(keyedFunction,
                        List.of(EndpointDefinitions.ENDPOINTS, EndpointDefinitions.ENDPOINT_OFFSETS)),
                (InferenceRecord r) -> r.endpointId, Types.STRING, 1, 1, 0)) {
            keyed.setup();
            keyed.open();
            keyed.processBroadcastElement(new EndpointDefinition(EP, json, 12L), 0);
            keyed.processElement(churnRow(T0, "before", 42.0, "basic", 1, 0.2), T0);
            keyedSnapshot = keyed.snapshot(1L, NOW);
        }

        restore(keyedSnapshot, null);
        sendRow(churnRow(T0 + 5, "after-restore", 42.0, "basic", 1, 0.2), T0 + 5);
        MonitoredRecord r = drain().get(0);
        assertThat(r.columns).containsExactly("tenure", "plan", "support_calls", "churn_prob");
        assertThat(r.definitionVersion).isEqualTo(ResolvedEndpoint.versionOf(json));
        assertThat(r.definitionOffset).isEqualTo(12L);
        assertNothingHeldBack();
    }

    @Test
    void restoredStateStillKnowsTheEndpoint() throws Exception {
        open();
        String json = churnJson();
        harness.processBroadcastElement(new EndpointDefinition(EP, json), 0);
        harness.processBroadcastElement(new EndpointDefinition("ep-gone", json), 0);
        harness.processBroadcastElement(new EndpointDefinition("ep-gone", null), 0);
        OperatorSubtaskState snapshot = harness.snapshot(1L, NOW);
        harness.close();

        // Restored without any catalog: the definitions come from the checkpointed broadcast state alone.
        restore(snapshot, null);

        assertThat(harness.getBroadcastState(EndpointDefinitions.ENDPOINTS).get(EP)).isEqualTo(json);
        sendRow(churnRow(T0 + 5, "after-restore", 42.0, "basic", 1, 0.2), T0 + 5);
        sendRow(row("ep-gone", T0 + 5, "gone", new Object[] {42.0, "basic", 1}, new Object[] {0.2}), T0 + 5);
        List<MonitoredRecord> out = drain();
        assertThat(out.get(0).columns).containsExactly("tenure", "plan", "support_calls", "churn_prob");
        assertThat(out.get(0).bins[0]).isEqualTo(9);
        assertThat(out.get(0).definitionVersion).isEqualTo(ResolvedEndpoint.versionOf(json));
        assertThat(out.get(1).columns[0]).as("a tombstone before the snapshot stays applied").isEqualTo("f0");
        assertNothingHeldBack();
    }

    @Test
    void withACatalogCheckpointsHoldOffsetsButNotDefinitions() throws Exception {
        open(Binning.DEFAULT, catalog(Map.of()));
        harness.processBroadcastElement(new EndpointDefinition(EP, churnJson(), 7), 0);
        sendRow(churnRow(T0, "streamed", 42.0, "basic", 1, 0.2), T0);
        assertThat(drain().get(0).columns[0]).as("a definition from the stream is used at once").isEqualTo("tenure");
        assertThat(harness.getBroadcastState(EndpointDefinitions.ENDPOINTS).contains(EP))
                .as("the catalog can read it again, so it is not checkpointed").isFalse();
        assertThat(harness.getBroadcastState(EndpointDefinitions.ENDPOINT_OFFSETS).get(EP)).isEqualTo(7L);
        OperatorSubtaskState snapshot = harness.snapshot(1L, NOW);
        harness.close();

        // After a restart the catalog reads the compacted topic again: here it has a newer version (offset 9).
        String v2 = renamedTenure(churnJson(), "months");
        restore(snapshot, () -> Map.of(EP, new EndpointDefinition(EP, v2, 9)));
        sendRow(churnRow(T0 + 5, "after-restart", 42.0, "basic", 1, 0.2), T0 + 5);

        MonitoredRecord r = drain().get(0);
        assertThat(r.columns[0]).isEqualTo("months");
        assertThat(r.bins[0]).isEqualTo(9);
        assertThat(r.definitionVersion).isEqualTo(ResolvedEndpoint.versionOf(v2));
        assertNothingHeldBack();
    }

    @Test
    void afterARestartWithoutNewDefinitionsTheCatalogGivesBackTheSameOne() throws Exception {
        String json = churnJson();
        open(Binning.DEFAULT, () -> Map.of(EP, new EndpointDefinition(EP, json, 7)));
        harness.processBroadcastElement(new EndpointDefinition(EP, json, 7), 0); // the stream catches up with the catalog
        OperatorSubtaskState snapshot = harness.snapshot(1L, NOW);
        harness.close();

        // The topic has not changed: the catalog reads the very definition the checkpoint saw last (offset 7).
        restore(snapshot, () -> Map.of(EP, new EndpointDefinition(EP, json, 7)));
        sendRow(churnRow(T0, "after-restart", 42.0, "basic", 1, 0.2), T0);

        MonitoredRecord r = drain().get(0);
        assertThat(r.columns).containsExactly("tenure", "plan", "support_calls", "churn_prob");
        assertThat(r.definitionVersion).isEqualTo(ResolvedEndpoint.versionOf(json));
    }

    @Test
    void aDefinitionCheckpointedByAnEarlierVersionGivesWayToTheCatalogAndIsDroppedOnUpdate() throws Exception {
        open(); // no catalog: the definition itself is checkpointed, as earlier versions always did
        String v1 = churnJson();
        harness.processBroadcastElement(new EndpointDefinition(EP, v1, 3), 0);
        OperatorSubtaskState snapshot = harness.snapshot(1L, NOW);
        harness.close();

        String v2 = renamedTenure(v1, "months");
        restore(snapshot, () -> Map.of(EP, new EndpointDefinition(EP, v2, 5)));
        sendRow(churnRow(T0, "catalog-wins", 42.0, "basic", 1, 0.2), T0);
        assertThat(drain().get(0).columns[0]).as("the catalog's copy is newer than the checkpointed one").isEqualTo("months");

        String v3 = renamedTenure(v1, "tenure_months");
        harness.processBroadcastElement(new EndpointDefinition(EP, v3, 8), 0);
        sendRow(churnRow(T0 + 1, "streamed", 42.0, "basic", 1, 0.2), T0 + 1);
        assertThat(drain().get(0).columns[0]).isEqualTo("tenure_months");
        assertThat(harness.getBroadcastState(EndpointDefinitions.ENDPOINTS).contains(EP)).isFalse();
    }

    /** The definition with its first feature renamed (and its reference moved with it). */
    private static String renamedTenure(String json, String name) {
        EndpointInfo info = TestEndpoints.parse(json);
        info.featureNames = List.of(name, "plan", "support_calls");
        info.featureStats.put(name, info.featureStats.remove("tenure"));
        return TestEndpoints.json(info);
    }

    /** A new harness restored from a snapshot, as after a restart, with the catalog the restarted job would read. */
    private void restore(OperatorSubtaskState snapshot, EndpointCatalog catalog) throws Exception {
        harness = new BroadcastOperatorTestHarness<>(
                new CoBroadcastWithNonKeyedOperator<>(new EnrichWithEndpoint(Binning.DEFAULT, catalog),
                        List.of(EndpointDefinitions.ENDPOINTS, EndpointDefinitions.ENDPOINT_OFFSETS)),
                1, 1, 0);
        harness.setup();
        harness.initializeState(snapshot);
        harness.open();
    }
}
