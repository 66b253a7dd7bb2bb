package dev.driftline.functions.alerts;

import static dev.driftline.functions.alerts.AlertFixtures.APP_FAILED;
import static dev.driftline.functions.alerts.AlertFixtures.DETECTED;
import static dev.driftline.functions.alerts.AlertFixtures.EP1;
import static dev.driftline.functions.alerts.AlertFixtures.EP2;
import static dev.driftline.functions.alerts.AlertFixtures.SUSPECTED;
import static dev.driftline.functions.alerts.AlertFixtures.T0;
import static dev.driftline.functions.alerts.AlertFixtures.config;
import static dev.driftline.functions.alerts.AlertFixtures.delete;
import static dev.driftline.functions.alerts.AlertFixtures.event;
import static dev.driftline.functions.alerts.AlertFixtures.reset;
import static dev.driftline.functions.alerts.AlertFixtures.set;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.driftline.functions.model.AlertEvent;
import java.util.List;
import org.apache.flink.runtime.checkpoint.OperatorSubtaskState;
import org.apache.flink.streaming.api.operators.co.CoBroadcastWithNonKeyedOperator;
import org.apache.flink.streaming.util.BroadcastOperatorTestHarness;
import org.apache.flink.streaming.util.ProcessFunctionTestHarnesses;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class MatchAlertsTest {
    private static final String ANY_DRIFT = "{\"name\": \"any-drift\", \"template\": \"DataDriftDetected\"}";
    private static final String EP1_DRIFT = """
            {"name": "ep1-drift", "severity": "medium", "entity": "%s",
             "trigger_events": ["data-drift-detected", "data-drift-suspected"]}
            """.formatted(EP1);
    private static final String OTHER_PROJECT = "{\"name\": \"other-project\", \"template\": \"DataDriftDetected\", \"project\": \"bank\"}";
    private static final String SHOP_FAILURES = """
            {"name": "shop-failures", "severity": "low", "project": "shop", "trigger_events": ["mm-app-failed"]}
            """;

    private BroadcastOperatorTestHarness<AlertEvent, AlertControl, AlertMatch> harness;

    @AfterEach
    void close() throws Exception {
        if (harness != null) {
            harness.close();
        }
    }

    private void open(List<AlertConfig> initial) throws Exception {
        harness = ProcessFunctionTestHarnesses.forBroadcastProcessFunction(new MatchAlerts(initial), MatchAlerts.ALERTS);
    }

    private List<AlertMatch> send(AlertEvent e) throws Exception {
        harness.getOutput().clear();
        harness.processElement(e, e.timestamp);
        List<AlertMatch> out = harness.extractOutputValues();
        harness.getOutput().clear();
        return out;
    }

    private List<String> alertsMatching(AlertEvent e) throws Exception {
        return send(e).stream().map(m -> m.alert).toList();
    }

    @Test
    void startConfigurationsMatchByKindEntityAndProject() throws Exception {
        open(List.of(config(ANY_DRIFT), config(EP1_DRIFT), config(OTHER_PROJECT), config(SHOP_FAILURES)));

        List<AlertMatch> out = send(event(DETECTED, EP1, "shop", T0 + 600_000, "ev-1"));
        assertThat(out).containsExactlyInAnyOrder(
                new AlertMatch("any-drift", EP1, T0 + 600_000, "ev-1", DETECTED, "shop"),
                new AlertMatch("ep1-drift", EP1, T0 + 600_000, "ev-1", DETECTED, "shop"));

        // each match carries its alert's resolved configuration, for an evaluation that has not received it yet
        assertThat(out).allSatisfy(m -> assertThat(ResolvedAlert.parse(m.config).name()).isEqualTo(m.alert));

        // `*` matches every entity, a specific entity only itself
        assertThat(alertsMatching(event(DETECTED, EP2, "shop", T0, "ev-2"))).containsExactly("any-drift");
        assertThat(alertsMatching(event(SUSPECTED, EP1, "shop", T0, "ev-3"))).containsExactly("ep1-drift");
        assertThat(alertsMatching(event(SUSPECTED, EP2, "shop", T0, "ev-4"))).isEmpty();
        // an alert of a project only sees that project's events
        assertThat(alertsMatching(event(DETECTED, EP2, "bank", T0, "ev-5"))).containsExactlyInAnyOrder("any-drift", "other-project");
        assertThat(alertsMatching(event(APP_FAILED, "ep-churn.histogram-data-drift", "shop", T0, "ev-6"))).containsExactly("shop-failures");
        assertThat(alertsMatching(event(APP_FAILED, "ep-churn.histogram-data-drift", "bank", T0, "ev-7"))).isEmpty();
        assertThat(alertsMatching(event("concept-drift-detected", EP1, "shop", T0, "ev-8"))).isEmpty();
        // the reset control is not this operator's business
        harness.processBroadcastElement(reset("any-drift", null), T0);
        assertThat(alertsMatching(event(DETECTED, EP2, "shop", T0, "ev-9"))).containsExactly("any-drift");
    }

    @Test
    void setUpdateAndDeleteThroughTheControlStream() throws Exception {
        open(List.of());
        assertThat(alertsMatching(event(DETECTED, EP1, "shop", T0, "ev-1"))).isEmpty();

        harness.processBroadcastElement(set(EP1_DRIFT), T0);
        assertThat(alertsMatching(event(DETECTED, EP1, "shop", T0, "ev-2"))).containsExactly("ep1-drift");
        assertThat(alertsMatching(event(DETECTED, EP2, "shop", T0, "ev-3"))).isEmpty();

        // update: the same name now watches the other endpoint
        harness.processBroadcastElement(set(EP1_DRIFT.replace(EP1, EP2)), T0);
        assertThat(alertsMatching(event(DETECTED, EP1, "shop", T0, "ev-4"))).isEmpty();
        assertThat(alertsMatching(event(DETECTED, EP2, "shop", T0, "ev-5"))).containsExactly("ep1-drift");

        harness.processBroadcastElement(delete("ep1-drift"), T0);
        assertThat(alertsMatching(event(DETECTED, EP2, "shop", T0, "ev-6"))).isEmpty();
        assertThat(harness.getBroadcastState(MatchAlerts.ALERTS).get("ep1-drift")).as("a deletion mark").isEqualTo(AlertBook.DELETED);
    }

    @Test
    void invalidSetsAreIgnoredAndKeepTheCurrentConfiguration() throws Exception {
        open(List.of());
        harness.processBroadcastElement(set(ANY_DRIFT), T0);
        String stored = harness.getBroadcastState(MatchAlerts.ALERTS).get("any-drift");

        harness.processBroadcastElement(set("{\"name\": \"any-drift\", \"template\": \"DataDriftDetected\", \"severity\": \"urgent\"}"), T0);
        harness.processBroadcastElement(set("{\"name\": \"any-drift\", \"criteria\": "), T0);
        harness.processBroadcastElement(set("{\"name\": \"bad name\", \"template\": \"DataDriftDetected\"}"), T0);
        AlertControl renamed = set("{\"name\": \"other\", \"template\": \"DataDriftDetected\"}");
        renamed.name = "any-drift";
        harness.processBroadcastElement(renamed, T0);
        harness.processBroadcastElement(set(null), T0);

        assertThat(harness.getBroadcastState(MatchAlerts.ALERTS).get("any-drift")).isSameAs(stored);
        assertThat(harness.getBroadcastState(MatchAlerts.ALERTS).entries()).extracting(java.util.Map.Entry::getKey).containsExactly("any-drift");
        assertThat(alertsMatching(event(DETECTED, EP1, "shop", T0, "ev-1"))).containsExactly("any-drift");

        // a set without a name in the JSON takes the control's
        AlertControl named = set("{\"template\": \"DataDriftSuspected\"}");
        named.name = "suspected";
        harness.processBroadcastElement(named, T0);
        assertThat(alertsMatching(event(SUSPECTED, EP1, "shop", T0, "ev-2"))).containsExactly("suspected");
    }

    @Test
    void broadcastStateHoldsTheResolvedConfiguration() throws Exception {
        open(List.of());
        harness.processBroadcastElement(set("{\"name\": \"drift\", \"template\": \"DataDriftDetected\", \"reset_policy\": \"MANUAL\"}"), T0);
        AlertConfig stored = AlertTemplates.fromJson(harness.getBroadcastState(MatchAlerts.ALERTS).get("drift"));
        assertThat(stored.severity).isEqualTo("high");
        assertThat(stored.triggerEvents).containsExactly(DETECTED);
        assertThat(stored.summary).isEqualTo("Data drift detected on {{entity}} in {{project}}");
        assertThat(stored.resetPolicy).isEqualTo("manual");
    }

    @Test
    void controlsOutliveARestoreIncludingTheDeletionOfAStartConfiguration() throws Exception {
        List<AlertConfig> initial = List.of(config(ANY_DRIFT), config(SHOP_FAILURES));
        open(initial);
        harness.processBroadcastElement(delete("any-drift"), T0);
        harness.processBroadcastElement(set(EP1_DRIFT), T0);
        assertThat(alertsMatching(event(DETECTED, EP1, "shop", T0, "ev-1"))).containsExactly("ep1-drift");
        OperatorSubtaskState snapshot = harness.snapshot(1L, T0);
        harness.close();

        harness = new BroadcastOperatorTestHarness<>(
                new CoBroadcastWithNonKeyedOperator<>(new MatchAlerts(initial), List.of(MatchAlerts.ALERTS)), 1, 1, 0);
        harness.setup();
        harness.initializeState(snapshot);
        harness.open();

        assertThat(alertsMatching(event(DETECTED, EP1, "shop", T0, "ev-2"))).containsExactly("ep1-drift");
        assertThat(alertsMatching(event(APP_FAILED, "ep-churn.histogram-data-drift", "shop", T0, "ev-3"))).containsExactly("shop-failures");
        // set again after the deletion: back
        harness.processBroadcastElement(set(ANY_DRIFT), T0);
        assertThat(alertsMatching(event(DETECTED, EP2, "shop", T0, "ev-4"))).containsExactly("any-drift");
    }

    @Test
    void anInvalidStartConfigurationIsRejectedAtOnce() {
        assertThatThrownBy(() -> new MatchAlerts(List.of(config("{\"name\": \"x\", \"template\": \"DataDriftDetected\", \"severity\": \"urgent\"}"))))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("alert 'x': severity 'urgent' must be low, medium or high");
    }
}
