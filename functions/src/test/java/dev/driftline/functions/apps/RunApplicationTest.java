package dev.driftline.functions.apps;

import static dev.driftline.functions.apps.Fixtures.EP;
import static dev.driftline.functions.apps.Fixtures.MINUTE;
import static dev.driftline.functions.apps.Fixtures.farShifted;
import static dev.driftline.functions.apps.Fixtures.fraudJson;
import static dev.driftline.functions.apps.Fixtures.sameDistribution;
import static dev.driftline.functions.endpoint.TestEndpoints.T0;
import static dev.driftline.functions.endpoint.TestEndpoints.keyedStateEntries;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.driftline.apps.ApplicationContext;
import dev.driftline.apps.ApplicationOutput;
import dev.driftline.apps.DriftThresholds;
import dev.driftline.apps.EndpointInfo;
import dev.driftline.apps.MonitoringApplication;
import dev.driftline.apps.drift.DriftCalculator;
import dev.driftline.apps.drift.DriftReport;
import dev.driftline.apps.drift.HistogramDataDriftApp;
import dev.driftline.functions.endpoint.EndpointDefinitions;
import dev.driftline.functions.endpoint.EndpointCatalog;
import dev.driftline.functions.endpoint.TestEndpoints;
import dev.driftline.functions.model.AppNotice;
import dev.driftline.functions.model.EndpointDefinition;
import dev.driftline.functions.model.MonitoringResult;
import dev.driftline.functions.model.WindowSummary;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.api.java.functions.KeySelector;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.KeyedBroadcastOperatorTestHarness;
import org.apache.flink.streaming.util.ProcessFunctionTestHarnesses;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class RunApplicationTest {
    private static final long NOW = 5_000_000L;
    private static final KeySelector<WindowSummary, String> BY_ENDPOINT = s -> s.endpointId;
    private static final ObjectMapper JSON = new ObjectMapper();

    private KeyedBroadcastOperatorTestHarness<String, WindowSummary, EndpointDefinition, MonitoringResult> harness;

    @AfterEach
    void close() throws Exception {
        if (harness != null) {
            harness.close();
        }
    }

    private void open(MonitoringApplication app) throws Exception {
        open(app, null);
    }

    private void open(MonitoringApplication app, EndpointCatalog catalog) throws Exception {
        harness = ProcessFunctionTestHarnesses.forKeyedBroadcastProcessFunction(
                new RunApplication(app, catalog), BY_ENDPOINT, Types.STRING, EndpointDefinitions.ENDPOINTS, EndpointDefinitions.ENDPOINT_OFFSETS);
        harness.setProcessingTime(NOW);
    }

    /** Applications keep no keyed state and set no timers: a window is analysed when it arrives. */
    private void assertNothingHeldBack() {
        assertThat(keyedStateEntries(harness)).isZero();
        assertThat(harness.numProcessingTimeTimers()).isZero();
        assertThat(harness.numEventTimeTimers()).isZero();
    }

    private void register(String json) throws Exception {
        harness.processBroadcastElement(new EndpointDefinition(EP, json), 0);
    }

    private void send(WindowSummary s) throws Exception {
        harness.processElement(s, s.windowEnd - 1);
    }

    private List<MonitoringResult> drain() {
        List<MonitoringResult> out = harness.extractOutputValues();
        harness.getOutput().clear();
        return out;
    }

    private List<AppNotice> notices() {
        var side = harness.getSideOutput(RunApplication.NOTICES);
        if (side == null) {
            return List.of();
        }
        List<AppNotice> out = side.stream().map(StreamRecord::getValue).collect(Collectors.toList());
        side.clear();
        return out;
    }

    /** What the app must report, computed independently of the operator from the registered reference. */
    private static DriftReport expected(WindowSummary s) {
        EndpointInfo info = TestEndpoints.parse(fraudJson());
        return DriftCalculator.compute(info.featureStats, s.statsByName(), DriftThresholds.DEFAULT);
    }

    private static Map<String, MonitoringResult> metrics(List<MonitoringResult> out) {
        return out.stream().filter(r -> MonitoringResult.METRIC.equals(r.type))
                .collect(Collectors.toMap(r -> r.name, r -> r));
    }

    private static void assertMatches(List<MonitoringResult> out, WindowSummary s, DriftReport report, int status) throws Exception {
        assertThat(out).hasSize(4);
        List<MonitoringResult> results = out.stream().filter(r -> MonitoringResult.RESULT.equals(r.type)).toList();
        assertThat(results).hasSize(1);
        MonitoringResult r = results.get(0);
        assertThat(r.name).isEqualTo("general_drift");
        assertThat(r.kind).isEqualTo(0);
        assertThat(r.status).isEqualTo(status);
        assertThat(r.value).isEqualTo(report.generalDrift());
        assertThat(r.value).isCloseTo((report.hellingerMean() + report.tvdMean()) / 2, within(1e-15));
        assertThat(r.endpointId).isEqualTo(EP);
        assertThat(r.project).isEqualTo("bank");
        assertThat(r.model).isEqualTo("fraud:v1");
        assertThat(r.application).isEqualTo("histogram-data-drift");
        assertThat(r.windowStart).isEqualTo(s.windowStart);
        assertThat(r.windowEnd).isEqualTo(s.windowEnd);
        assertThat(r.id()).isEqualTo("ep-fraud.histogram-data-drift.result.general_drift");

        JsonNode extra = JSON.readTree(r.extraData);
        assertThat(extra.path("drift_measures").path("amount").path("tvd").asDouble())
                .isEqualTo(report.features().get("amount").tvd());
        assertThat(extra.path("drift_measures").has("score")).isTrue();
        assertThat(extra.path("current_stats").path("amount").path("count").asLong()).isEqualTo(s.stats[0].count);
        assertThat(extra.path("current_stats").path("amount").path("hist").get(0)).hasSize(22);

        Map<String, MonitoringResult> m = metrics(out);
        assertThat(m).containsOnlyKeys("hellinger_mean", "kld_mean", "tvd_mean");
        assertThat(m.get("hellinger_mean").value).isEqualTo(report.hellingerMean());
        assertThat(m.get("kld_mean").value).isEqualTo(report.kldMean());
        assertThat(m.get("tvd_mean").value).isEqualTo(report.tvdMean());
        assertThat(m.values()).allSatisfy(x -> {
            assertThat(x.kind).isEqualTo(-1);
            assertThat(x.extraData).isNull();
            assertThat(x.windowEnd).isEqualTo(s.windowEnd);
        });
    }

    @Test
    void sameDistributionIsNoDetection() throws Exception {
        open(new HistogramDataDriftApp());
        register(fraudJson());
        WindowSummary s = sameDistribution(EP, T0);
        send(s);

        DriftReport report = expected(s);
        assertThat(report.generalDrift()).isLessThan(0.5);
        assertThat(report.features().get("score").tvd()).as("score window is exactly the training distribution").isZero();
        assertMatches(drain(), s, report, 0);
        assertNothingHeldBack();
        assertThat(notices()).isEmpty();
    }

    @Test
    void farShiftedDataIsDetected() throws Exception {
        open(new HistogramDataDriftApp());
        register(fraudJson());
        WindowSummary s = farShifted(EP, T0);
        send(s);

        DriftReport report = expected(s);
        assertThat(report.tvdMean()).isEqualTo(1.0);
        assertThat(report.hellingerMean()).isEqualTo(1.0);
        assertThat(report.generalDrift()).isEqualTo(1.0);
        List<MonitoringResult> out = drain();
        assertMatches(out, s, report, 2);

        // Downstream, the detected result raises exactly one alert event; metrics raise none.
        List<dev.driftline.functions.model.AlertEvent> alerts = out.stream()
                .map(ToAlertEvents::fromResult).filter(java.util.Objects::nonNull).toList();
        assertThat(alerts).hasSize(1);
        assertThat(alerts.get(0).kind).isEqualTo("data-drift-detected");
        assertThat(alerts.get(0).entityId).isEqualTo("ep-fraud.histogram-data-drift.result.general_drift");
        assertThat(alerts.get(0).value).containsEntry("result_value", 1.0);
    }

    @Test
    void aFailingApplicationYieldsANoticeAndTheNextWindowIsStillProcessed() throws Exception {
        open(new FlakyApp());
        register(fraudJson());
        send(sameDistribution(EP, T0));

        assertThat(drain()).isEmpty();
        List<AppNotice> failed = notices();
        assertThat(failed).hasSize(1);
        AppNotice n = failed.get(0);
        assertThat(n.kind).isEqualTo("mm-app-failed");
        assertThat(n.application).isEqualTo("flaky");
        assertThat(n.endpointId).isEqualTo(EP);
        assertThat(n.project).isEqualTo("bank");
        assertThat(n.windowStart).isEqualTo(T0);
        assertThat(n.windowEnd).isEqualTo(T0 + 10 * MINUTE);
        assertThat(n.message).isEqualTo("java.lang.IllegalStateException: cannot score the first window");

        send(sameDistribution(EP, T0 + 10 * MINUTE));
        List<MonitoringResult> out = drain();
        assertThat(out).hasSize(1);
        assertThat(out.get(0).name).isEqualTo("records");
        assertThat(out.get(0).value).isEqualTo(500.0);
        assertThat(out.get(0).windowStart).isEqualTo(T0 + 10 * MINUTE);
        assertThat(notices()).isEmpty();
    }

    @Test
    void anApplicationThatReturnsNothingOrABadNameOrANullResultFails() throws Exception {
        open(new SloppyApp());
        register(fraudJson());
        send(sameDistribution(EP, T0));
        send(sameDistribution(EP, T0 + 10 * MINUTE));
        send(sameDistribution(EP, T0 + 20 * MINUTE));
        assertThat(drain()).isEmpty();
        assertThat(notices()).extracting(x -> x.kind).containsExactly("mm-app-failed", "mm-app-failed", "mm-app-failed");
        assertThat(notices()).isEmpty(); // drained
    }

    @Test
    void aWindowOfAnUnregisteredEndpointIsSkippedBecauseItHasNoReference() throws Exception {
        open(new HistogramDataDriftApp());
        send(sameDistribution("ep-unknown", T0));

        assertThat(drain()).isEmpty();
        List<AppNotice> skipped = notices();
        assertThat(skipped).hasSize(1);
        AppNotice n = skipped.get(0);
        assertThat(n.kind).isEqualTo("mm-app-skipped");
        assertThat(n.endpointId).isEqualTo("ep-unknown");
        assertThat(n.application).isEqualTo("histogram-data-drift");
        assertThat(n.project).isEqualTo("bank");
        assertThat(n.windowStart).isEqualTo(T0);
        assertThat(n.message).contains("ep-unknown").contains("no reference feature_stats");
        assertNothingHeldBack();

        send(sameDistribution("ep-unknown", T0 + 10 * MINUTE));
        assertThat(notices()).extracting(x -> x.kind).containsExactly("mm-app-skipped");
        assertNothingHeldBack();
    }

    @Test
    void aDefinitionFromTheCatalogIsUsedForTheFirstWindow() throws Exception {
        open(new HistogramDataDriftApp(), EndpointCatalog.of(Map.of(EP, fraudJson())));
        WindowSummary s = farShifted(EP, T0);
        send(s);
        assertMatches(drain(), s, expected(s), 2);
        assertThat(notices()).isEmpty();
        assertNothingHeldBack();
    }

    @Test
    void windowsAfterALateDefinitionAreAnalysed() throws Exception {
        open(new HistogramDataDriftApp());
        send(farShifted(EP, T0));
        assertThat(drain()).isEmpty();
        assertThat(notices()).extracting(x -> x.kind).containsExactly("mm-app-skipped");

        register(fraudJson());
        assertThat(drain()).as("nothing was held back, so nothing is released").isEmpty();
        WindowSummary s = farShifted(EP, T0 + 10 * MINUTE);
        send(s);
        assertMatches(drain(), s, expected(s), 2);
        assertThat(notices()).isEmpty();
        assertNothingHeldBack();
    }

    @Test
    void windowColumnsWithoutAnyReferenceAreSkippedWithTheReason() throws Exception {
        open(new HistogramDataDriftApp());
        register(fraudJson());
        WindowSummary s = sameDistribution(EP, T0);
        s.columns = new String[] {"f0", "p0"};
        send(s);
        assertThat(drain()).isEmpty();
        List<AppNotice> n = notices();
        assertThat(n).extracting(x -> x.kind).containsExactly("mm-app-skipped");
        assertThat(n.get(0).message).contains("no window column has a reference");
    }

    @Test
    void aDisabledEndpointIsNotAnalysed() throws Exception {
        open(new HistogramDataDriftApp());
        EndpointInfo info = Fixtures.fraudEndpoint();
        info.monitoringMode = "disabled";
        register(TestEndpoints.json(info));
        send(farShifted(EP, T0));
        send(sameDistribution(EP, T0 + 10 * MINUTE));

        assertThat(drain()).isEmpty();
        assertThat(notices()).isEmpty();
        assertNothingHeldBack();
    }

    /** Returns no output on the first window and a metric with an invalid name on the next. */
    static final class SloppyApp implements MonitoringApplication {
        private static final long serialVersionUID = 1L;

        @Override
        public String name() {
            return "sloppy";
        }

        @Override
        public ApplicationOutput run(ApplicationContext context) {
            if (context.startInferTime() == T0) {
                return null;
            }
            if (context.startInferTime() == T0 + 10 * MINUTE) {
                return ApplicationOutput.empty().metric("bad name!", 1);
            }
            ApplicationOutput output = ApplicationOutput.empty();
            output.results().add(null); // past the builder's check
            return output;
        }
    }

    /** Fails on the first window, reports a metric afterwards. */
    static final class FlakyApp implements MonitoringApplication {
        private static final long serialVersionUID = 1L;

        @Override
        public String name() {
            return "flaky";
        }

        @Override
        public ApplicationOutput run(ApplicationContext context) {
            if (context.startInferTime() == T0) {
                throw new IllegalStateException("cannot score the first window");
            }
            return ApplicationOutput.empty().metric("records", context.recordCount());
        }
    }
}
