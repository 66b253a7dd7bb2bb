package dev.driftline.functions.alerts;

import static dev.driftline.functions.alerts.AlertFixtures.DETECTED;
import static dev.driftline.functions.alerts.AlertFixtures.EP1;
import static dev.driftline.functions.alerts.AlertFixtures.EP2;
import static dev.driftline.functions.alerts.AlertFixtures.HOUR;
import static dev.driftline.functions.alerts.AlertFixtures.MIN;
import static dev.driftline.functions.alerts.AlertFixtures.SUSPECTED;
import static dev.driftline.functions.alerts.AlertFixtures.T0;
import static dev.driftline.functions.alerts.AlertFixtures.config;
import static dev.driftline.functions.alerts.AlertFixtures.countJson;
import static dev.driftline.functions.alerts.AlertFixtures.delete;
import static dev.driftline.functions.alerts.AlertFixtures.keyedStateEntries;
import static dev.driftline.functions.alerts.AlertFixtures.match;
import static dev.driftline.functions.alerts.AlertFixtures.reset;
import static dev.driftline.functions.alerts.AlertFixtures.set;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.api.java.typeutils.PojoTypeInfo;
import org.apache.flink.runtime.checkpoint.OperatorSubtaskState;
import org.apache.flink.streaming.api.operators.co.CoBroadcastWithKeyedOperator;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.KeyedBroadcastOperatorTestHarness;
import org.apache.flink.streaming.util.ProcessFunctionTestHarnesses;
import org.junit.jupiter.api.AfterEach;
import org.apache.flink.util.InstantiationUtil;
import org.junit.jupiter.api.Test;

class EvaluateAlertTest {
    /** Three notifications with different cooldowns: 1h, 10m and none. */
    private static final String COOLED = """
            {"name": "cooled", "severity": "medium", "trigger_events": ["data-drift-detected"],
             "criteria": {"count": 1, "period": "10m"},
             "notifications": [
               {"name": "team-slack", "kind": "slack", "url_ref": "env:SLACK_WEBHOOK_URL", "cooldown_period": "1h"},
               {"name": "ops-hook", "kind": "webhook", "url": "https://hooks.example.com/ops", "cooldown_period": "10m"},
               {"kind": "console"}]}
            """;

    private KeyedBroadcastOperatorTestHarness<String, AlertMatch, AlertControl, FiredAlert> harness;

    @AfterEach
    void close() throws Exception {
        if (harness != null) {
            harness.close();
        }
    }

    private void open(String... initialJson) throws Exception {
        harness = ProcessFunctionTestHarnesses.forKeyedBroadcastProcessFunction(
                new EvaluateAlert(configs(initialJson)), EvaluateAlert.KEY, Types.STRING, EvaluateAlert.ALERTS);
    }

    private static List<AlertConfig> configs(String... json) {
        List<AlertConfig> list = new ArrayList<>();
        for (String j : json) {
            list.add(config(j));
        }
        return list;
    }

    private List<FiredAlert> send(AlertMatch m) throws Exception {
        harness.processElement(m, m.time);
        return fired();
    }

    private List<FiredAlert> fired() {
        List<FiredAlert> out = harness.extractOutputValues();
        harness.getOutput().clear();
        return out;
    }

    private List<NotificationRequest> notifications() {
        ConcurrentLinkedQueue<StreamRecord<NotificationRequest>> queue = harness.getSideOutput(EvaluateAlert.NOTIFICATIONS);
        List<NotificationRequest> out = new ArrayList<>();
        if (queue != null) {
            queue.forEach(r -> out.add(r.getValue()));
            queue.clear();
        }
        return out;
    }

    private List<String> notified(AlertMatch m) throws Exception {
        assertThat(send(m)).hasSize(1);
        return notifications().stream().map(n -> n.notification.effectiveName()).toList();
    }

    @Test
    void countWithinThePeriodFiresOnTheMatchThatReachesIt() throws Exception {
        open(countJson("drift-3", 3, "10m", "auto"));

        assertThat(send(match("drift-3", EP1, T0, "ev-1"))).isEmpty();
        assertThat(send(match("drift-3", EP1, T0 + 4 * MIN, "ev-2"))).isEmpty();
        List<FiredAlert> out = send(match("drift-3", EP1, T0 + 9 * MIN, "ev-3"));

        assertThat(out).hasSize(1);
        FiredAlert f = out.get(0);
        assertThat(f.id).isEqualTo("drift-3|" + EP1 + "|" + (T0 + 9 * MIN));
        assertThat(f.alert).isEqualTo("drift-3");
        assertThat(f.entity).isEqualTo(EP1);
        assertThat(f.project).isEqualTo("shop");
        assertThat(f.severity).isEqualTo("high");
        assertThat(f.resetPolicy).isEqualTo("auto");
        assertThat(f.time).isEqualTo(T0 + 9 * MIN);
        assertThat(f.summary).isEqualTo("drift-3: drift on " + EP1 + " in shop");
        assertThat(f.events).containsExactly("ev-1", "ev-2", "ev-3");
        assertThat(f.eventKinds).containsExactly(DETECTED, DETECTED, DETECTED);
        assertThat(notifications()).as("no notifications configured").isEmpty();

        // the period is inclusive: matches exactly 10 minutes apart still count together
        assertThat(send(match("drift-3", EP2, T0, "ev-4"))).isEmpty();
        assertThat(send(match("drift-3", EP2, T0 + 5 * MIN, "ev-5"))).isEmpty();
        assertThat(send(match("drift-3", EP2, T0 + 10 * MIN, "ev-6"))).extracting(a -> a.events)
                .containsExactly(List.of("ev-4", "ev-5", "ev-6"));
    }

    @Test
    void matchesSpreadOverMoreThanThePeriodDoNotFire() throws Exception {
        open(countJson("drift-3", 3, "10m", "auto"));

        assertThat(send(match("drift-3", EP1, T0, "ev-1"))).isEmpty();
        assertThat(send(match("drift-3", EP1, T0 + 6 * MIN, "ev-2"))).isEmpty();
        assertThat(send(match("drift-3", EP1, T0 + 12 * MIN, "ev-3"))).as("ev-1 is 12 minutes older").isEmpty();
        assertThat(send(match("drift-3", EP1, T0 + 17 * MIN, "ev-4"))).as("ev-2 is 11 minutes older").isEmpty();
        List<FiredAlert> out = send(match("drift-3", EP1, T0 + 20 * MIN, "ev-5"));
        assertThat(out).hasSize(1);
        assertThat(out.get(0).events).containsExactly("ev-3", "ev-4", "ev-5");
    }

    @Test
    void autoFiresAgainAfterAnotherCountOfMatches() throws Exception {
        open(countJson("drift-2", 2, "1h", "auto"));

        assertThat(send(match("drift-2", EP1, T0, "ev-1"))).isEmpty();
        assertThat(send(match("drift-2", EP1, T0 + MIN, "ev-2"))).extracting(f -> f.events).containsExactly(List.of("ev-1", "ev-2"));
        assertThat(send(match("drift-2", EP1, T0 + 2 * MIN, "ev-3"))).as("counting starts again").isEmpty();
        assertThat(send(match("drift-2", EP1, T0 + 3 * MIN, "ev-4"))).extracting(f -> f.events).containsExactly(List.of("ev-3", "ev-4"));
        assertThat(send(match("drift-2", EP1, T0 + 4 * MIN, "ev-5"))).isEmpty();
    }

    @Test
    void eachEntityCountsOnItsOwn() throws Exception {
        open(countJson("drift-2", 2, "1h", "auto"));
        assertThat(EvaluateAlert.key(match("drift-2", EP1, T0, "x"))).isEqualTo("drift-2\u0000" + EP1);

        assertThat(send(match("drift-2", EP1, T0, "ev-1"))).isEmpty();
        assertThat(send(match("drift-2", EP2, T0 + MIN, "ev-2"))).isEmpty();
        assertThat(send(match("drift-2", EP1, T0 + 2 * MIN, "ev-3"))).extracting(f -> f.entity + f.events)
                .containsExactly(EP1 + "[ev-1, ev-3]");
        assertThat(send(match("drift-2", EP2, T0 + 3 * MIN, "ev-4"))).extracting(f -> f.entity + f.events)
                .containsExactly(EP2 + "[ev-2, ev-4]");
    }

    @Test
    void manualFiresOnceAndAgainAfterAResetOfItsEntity() throws Exception {
        open(countJson("manual-1", 1, "10m", "manual"));

        List<FiredAlert> first = send(match("manual-1", EP1, T0, "ev-1"));
        assertThat(first).extracting(f -> f.resetPolicy).containsExactly("manual");
        assertThat(send(match("manual-1", EP1, T0 + MIN, "ev-2"))).isEmpty();
        assertThat(send(match("manual-1", EP1, T0 + 30 * MIN, "ev-3"))).as("stays active, also after the period").isEmpty();
        assertThat(send(match("manual-1", EP2, T0 + 31 * MIN, "ev-4"))).as("another entity has its own state").hasSize(1);

        harness.processBroadcastElement(reset("manual-1", EP1), T0 + 32 * MIN);
        assertThat(send(match("manual-1", EP1, T0 + 33 * MIN, "ev-5"))).extracting(f -> f.events).containsExactly(List.of("ev-5"));
        assertThat(send(match("manual-1", EP2, T0 + 34 * MIN, "ev-6"))).as("EP2 was not reset").isEmpty();
        assertThat(send(match("manual-1", EP1, T0 + 35 * MIN, "ev-7"))).as("active again").isEmpty();
    }

    @Test
    void aResetWithoutEntityResetsEveryEntityOfThatAlertOnly() throws Exception {
        open(countJson("manual", 2, "10m", "manual"), countJson("manual-2", 1, "10m", "manual"));

        send(match("manual", EP1, T0, "ev-1"));
        assertThat(send(match("manual", EP1, T0 + MIN, "ev-2"))).hasSize(1);
        send(match("manual", EP2, T0, "ev-3"));
        assertThat(send(match("manual", EP2, T0 + MIN, "ev-4"))).hasSize(1);
        assertThat(send(match("manual-2", EP1, T0, "ev-5"))).hasSize(1);
        // matches while active are not counted towards the next firing
        assertThat(send(match("manual", EP1, T0 + 2 * MIN, "ev-6"))).isEmpty();
        assertThat(send(match("manual", EP1, T0 + 3 * MIN, "ev-7"))).isEmpty();

        harness.processBroadcastElement(reset("manual", null), T0 + 4 * MIN);
        assertThat(send(match("manual", EP1, T0 + 5 * MIN, "ev-8"))).as("count 2: one is not enough").isEmpty();
        assertThat(send(match("manual", EP1, T0 + 6 * MIN, "ev-9"))).extracting(f -> f.events).containsExactly(List.of("ev-8", "ev-9"));
        send(match("manual", EP2, T0 + 5 * MIN, "ev-10"));
        assertThat(send(match("manual", EP2, T0 + 6 * MIN, "ev-11"))).hasSize(1);
        assertThat(send(match("manual-2", EP1, T0 + 7 * MIN, "ev-12"))).as("manual-2 is another alert: still active").isEmpty();
    }

    @Test
    void cooldownHoldsBackEachNotificationOnItsOwn() throws Exception {
        open(COOLED);

        assertThat(notified(match("cooled", EP1, T0, "ev-1"))).containsExactly("team-slack", "ops-hook", "console");
        assertThat(notified(match("cooled", EP1, T0 + 5 * MIN, "ev-2"))).as("within both cooldowns").containsExactly("console");
        assertThat(notified(match("cooled", EP1, T0 + 15 * MIN, "ev-3"))).as("past the 10m cooldown only")
                .containsExactly("ops-hook", "console");
        assertThat(notified(match("cooled", EP1, T0 + 20 * MIN, "ev-4"))).containsExactly("console");
        assertThat(notified(match("cooled", EP1, T0 + 60 * MIN, "ev-5"))).as("exactly one hour after the first")
                .containsExactly("team-slack", "ops-hook", "console");
        assertThat(notified(match("cooled", EP1, T0 + 62 * MIN, "ev-6"))).containsExactly("console");
        // the cooldown is per entity
        assertThat(notified(match("cooled", EP2, T0 + 62 * MIN, "ev-7"))).containsExactly("team-slack", "ops-hook", "console");
    }

    @Test
    void notificationRequestsCarryTheFiringAndAnIdempotencyKey() throws Exception {
        open(COOLED);
        List<FiredAlert> out = send(match("cooled", EP1, T0, "ev-1"));
        List<NotificationRequest> requests = notifications();
        String id = "cooled|" + EP1 + "|" + T0;
        assertThat(out).extracting(f -> f.id).containsExactly(id);
        assertThat(out.get(0).summary).as("default summary").isEqualTo("Alert cooled triggered on " + EP1);
        assertThat(requests).extracting(r -> r.idempotencyKey)
                .containsExactly(id + "|team-slack", id + "|ops-hook", id + "|console");
        assertThat(requests).allSatisfy(r -> assertThat(r.alert.id).isEqualTo(id));
        assertThat(requests.get(0).notification.urlRef).isEqualTo("env:SLACK_WEBHOOK_URL");
        assertThat(requests.get(1).notification.url).isEqualTo("https://hooks.example.com/ops");
    }

    @Test
    void templateSummaryIsFilledWithProjectEntityAndName() throws Exception {
        open("{\"name\": \"shop-drift\", \"template\": \"DataDriftSuspected\", \"project\": \"shop\"}");
        AlertMatch m = new AlertMatch("shop-drift", EP1, T0, "ev-1", SUSPECTED, "shop");
        List<FiredAlert> out = send(m);
        assertThat(out).hasSize(1);
        assertThat(out.get(0).summary).isEqualTo("Data drift suspected on " + EP1 + " in shop");
        assertThat(out.get(0).severity).isEqualTo("medium");
        assertThat(out.get(0).eventKinds).containsExactly(SUSPECTED);
        // a match of another project or kind (the alert changed in flight) or of an unknown alert does nothing
        assertThat(send(new AlertMatch("shop-drift", EP1, T0, "ev-2", SUSPECTED, "bank"))).isEmpty();
        assertThat(send(new AlertMatch("shop-drift", EP1, T0, "ev-3", DETECTED, "shop"))).isEmpty();
        assertThat(send(match("unknown", EP1, T0, "ev-4"))).isEmpty();
    }

    @Test
    void lateAndRedeliveredMatches() throws Exception {
        open(countJson("drift-2", 2, "10m", "auto"));

        assertThat(send(match("drift-2", EP1, T0 + 20 * MIN, "ev-1"))).isEmpty();
        assertThat(send(match("drift-2", EP1, T0 + 5 * MIN, "ev-2"))).as("15 minutes older than ev-1").isEmpty();
        assertThat(send(match("drift-2", EP1, T0 + 20 * MIN, "ev-1"))).as("redelivered ev-1 counts once").isEmpty();
        List<FiredAlert> out = send(match("drift-2", EP1, T0 + 15 * MIN, "ev-3"));
        assertThat(out).hasSize(1);
        assertThat(out.get(0).events).as("in event-time order").containsExactly("ev-3", "ev-1");
        assertThat(out.get(0).time).as("time of the match that met the criteria").isEqualTo(T0 + 15 * MIN);
    }

    @Test
    void anUpdatedAlertAppliesToTheNextMatchWithTheStateKept() throws Exception {
        open(countJson("drift", 3, "10m", "auto"));
        send(match("drift", EP1, T0, "ev-1"));
        send(match("drift", EP1, T0 + MIN, "ev-2"));

        harness.processBroadcastElement(set(countJson("drift", 2, "10m", "auto")), T0 + MIN);
        assertThat(send(match("drift", EP1, T0 + 2 * MIN, "ev-3"))).as("the newest two of three")
                .extracting(f -> f.events).containsExactly(List.of("ev-2", "ev-3"));

        harness.processBroadcastElement(set(countJson("drift", 1, "10m", "manual").replace("high", "low")), T0 + 3 * MIN);
        assertThat(send(match("drift", EP1, T0 + 4 * MIN, "ev-4"))).extracting(f -> f.severity + "/" + f.resetPolicy)
                .containsExactly("low/manual");
        assertThat(send(match("drift", EP1, T0 + 5 * MIN, "ev-5"))).isEmpty();
        // an invalid update is ignored: still manual
        harness.processBroadcastElement(set(countJson("drift", 0, "10m", "auto")), T0 + 5 * MIN);
        assertThat(send(match("drift", EP1, T0 + 6 * MIN, "ev-6"))).isEmpty();
    }

    @Test
    void aDeletedAlertStopsFiringAndItsStateIsCleared() throws Exception {
        open("""
                {"name": "drift", "severity": "high", "trigger_events": ["data-drift-detected"],
                 "criteria": {"count": 2, "period": "1h"}, "notifications": [{"kind": "console", "cooldown_period": "1h"}]}
                """, countJson("keep", 1, "10m", "manual"));
        send(match("drift", EP1, T0, "ev-1"));
        send(match("drift", EP2, T0, "ev-2"));
        assertThat(send(match("drift", EP2, T0 + MIN, "ev-3"))).hasSize(1);
        assertThat(notifications()).hasSize(1);
        assertThat(send(match("keep", EP1, T0, "ev-4"))).hasSize(1);
        // drift/EP1: counted + timer; drift/EP2: notified + timer; keep/EP1: active
        assertThat(keyedStateEntries(harness)).isEqualTo(5);

        harness.processBroadcastElement(delete("drift"), T0 + 2 * MIN);
        assertThat(keyedStateEntries(harness)).as("only keep's active flag is left").isEqualTo(1);
        assertThat(send(match("drift", EP1, T0 + 3 * MIN, "ev-5"))).isEmpty();
        assertThat(send(match("keep", EP1, T0 + 3 * MIN, "ev-6"))).as("keep is still active").isEmpty();

        // the same name configured again starts from nothing: no count, no cooldown
        harness.processBroadcastElement(set("""
                {"name": "drift", "severity": "high", "trigger_events": ["data-drift-detected"],
                 "criteria": {"count": 2, "period": "1h"}, "notifications": [{"kind": "console", "cooldown_period": "1h"}]}
                """), T0 + 4 * MIN);
        assertThat(send(match("drift", EP2, T0 + 5 * MIN, "ev-7"))).isEmpty();
        assertThat(send(match("drift", EP2, T0 + 6 * MIN, "ev-8"))).extracting(f -> f.events).containsExactly(List.of("ev-7", "ev-8"));
        assertThat(notifications()).as("the cooldown went with the deleted alert").hasSize(1);
        // stale timers of the deleted state fire without effect
        harness.watermark(T0 + 2 * HOUR);
        assertThat(fired()).isEmpty();
        assertThat(harness.numEventTimeTimers()).isZero();
        assertThat(keyedStateEntries(harness)).isEqualTo(1);
    }

    /** The resolved JSON that matching puts in its matches. */
    private static String resolved(String json) {
        return AlertTemplates.toJson(AlertTemplates.resolve(config(json)));
    }

    private static AlertMatch carrying(AlertMatch m, String json) {
        m.config = resolved(json);
        return m;
    }

    @Test
    void aMatchThatOvertakesItsAlertsConfigurationIsEvaluatedWithTheOneItCarries() throws Exception {
        open(); // the set control has reached matching, not yet evaluation
        String json = countJson("new-drift", 2, "10m", "auto");

        assertThat(send(carrying(match("new-drift", EP1, T0, "ev-1"), json))).isEmpty();
        assertThat(harness.numEventTimeTimers()).as("the count's cleanup timer").isEqualTo(1);
        assertThat(send(carrying(match("new-drift", EP1, T0 + MIN, "ev-2"), json)))
                .extracting(f -> f.events).containsExactly(List.of("ev-1", "ev-2"));

        // once the configuration arrives it is the one that counts: here it asks for three matches
        harness.processBroadcastElement(set(countJson("new-drift", 3, "10m", "auto")), T0 + 2 * MIN);
        assertThat(send(carrying(match("new-drift", EP1, T0 + 3 * MIN, "ev-3"), json))).isEmpty();
        assertThat(send(carrying(match("new-drift", EP1, T0 + 4 * MIN, "ev-4"), json))).isEmpty();
        assertThat(send(carrying(match("new-drift", EP1, T0 + 5 * MIN, "ev-5"), json))).hasSize(1);
        // a match without a configuration of an alert never heard of is still ignored
        assertThat(send(match("unknown", EP1, T0, "ev-6"))).isEmpty();
    }

    @Test
    void aDeletionWinsOverTheConfigurationCarriedByAMatchMadeBeforeIt() throws Exception {
        String json = countJson("drift-1", 1, "10m", "auto");
        open();
        harness.processBroadcastElement(set(json), T0);
        harness.processBroadcastElement(delete("drift-1"), T0 + MIN);
        // made by a matching instance that had not yet received the deletion
        assertThat(send(carrying(match("drift-1", EP1, T0 + 2 * MIN, "ev-1"), json))).isEmpty();
        assertThat(keyedStateEntries(harness)).isZero();

        // configured again, it fires again
        harness.processBroadcastElement(set(json), T0 + 3 * MIN);
        assertThat(send(carrying(match("drift-1", EP1, T0 + 4 * MIN, "ev-2"), json))).hasSize(1);
    }

    /** Checkpoints the harness and restores a new one from it, started with {@code initialJson}. */
    private void restart(String... initialJson) throws Exception {
        OperatorSubtaskState snapshot = harness.snapshot(1L, T0);
        harness.close();
        harness = new KeyedBroadcastOperatorTestHarness<>(
                new CoBroadcastWithKeyedOperator<>(new EvaluateAlert(configs(initialJson)), List.of(EvaluateAlert.ALERTS)),
                EvaluateAlert.KEY, Types.STRING, 1, 1, 0);
        harness.setup();
        harness.initializeState(snapshot);
        harness.open();
    }

    @Test
    void anAlertDeletedAtRunTimeComesBackWhenTheStartConfigurationsGainItsName() throws Exception {
        String json = countJson("later-in-yaml", 1, "10m", "auto");
        open();
        harness.processBroadcastElement(set(json), T0);
        harness.processBroadcastElement(delete("later-in-yaml"), T0);
        // the job restarts from a checkpoint with the alert now in its YAML
        restart(json);
        assertThat(send(match("later-in-yaml", EP1, T0 + MIN, "ev-1"))).hasSize(1);
    }

    @Test
    void stateRestoredFromASnapshotKeepsCountsActiveFlagsAndCooldowns() throws Exception {
        String[] initial = {countJson("count-2", 2, "1h", "auto"), countJson("manual-1", 1, "10m", "manual")};
        open(initial);
        harness.processBroadcastElement(set(COOLED), T0); // known only through the broadcast state
        send(match("count-2", EP1, T0, "ev-1"));
        assertThat(send(match("manual-1", EP1, T0, "ev-2"))).hasSize(1);
        assertThat(notified(match("cooled", EP1, T0, "ev-3"))).hasSize(3);
        int entries = keyedStateEntries(harness);
        int timers = harness.numEventTimeTimers();
        restart(initial);
        assertThat(keyedStateEntries(harness)).isEqualTo(entries);
        assertThat(harness.numEventTimeTimers()).isEqualTo(timers).isEqualTo(2);

        assertThat(send(match("count-2", EP1, T0 + MIN, "ev-4"))).extracting(f -> f.events).containsExactly(List.of("ev-1", "ev-4"));
        assertThat(send(match("manual-1", EP1, T0 + MIN, "ev-5"))).as("still active").isEmpty();
        assertThat(notified(match("cooled", EP1, T0 + 11 * MIN, "ev-6"))).containsExactly("ops-hook", "console");
        assertThat(notified(match("cooled", EP1, T0 + 61 * MIN, "ev-7"))).containsExactly("team-slack", "ops-hook", "console");
        harness.processBroadcastElement(reset("manual-1", EP1), T0 + 62 * MIN);
        assertThat(send(match("manual-1", EP1, T0 + 63 * MIN, "ev-8"))).hasSize(1);
    }

    @Test
    void timersClearTheStateOfQuietEntities() throws Exception {
        open(countJson("count-3", 3, "10m", "auto"), countJson("manual-1", 1, "10m", "manual"), COOLED);
        send(match("count-3", EP1, T0, "ev-1"));
        send(match("count-3", EP1, T0 + 2 * MIN, "ev-2"));
        assertThat(notified(match("cooled", EP1, T0 + MIN, "ev-3"))).hasSize(3);
        assertThat(send(match("manual-1", EP1, T0, "ev-4"))).hasSize(1);
        // count-3: counted + timer; cooled: notified (team-slack, ops-hook) + timer; manual-1: active
        assertThat(keyedStateEntries(harness)).isEqualTo(5);
        assertThat(harness.numEventTimeTimers()).isEqualTo(2);

        harness.watermark(T0 + 12 * MIN - 1);
        assertThat(keyedStateEntries(harness)).as("ops-hook's cooldown is over, team-slack's is not").isEqualTo(5);
        assertThat(harness.numEventTimeTimers()).isEqualTo(2);

        harness.watermark(T0 + 12 * MIN);
        assertThat(keyedStateEntries(harness)).as("count-3's matches are out of any future period").isEqualTo(3);
        assertThat(harness.numEventTimeTimers()).isEqualTo(1);

        harness.watermark(T0 + 61 * MIN);
        assertThat(keyedStateEntries(harness)).as("only manual-1's active flag stays until a reset").isEqualTo(1);
        assertThat(harness.numEventTimeTimers()).isZero();
        assertThat(fired()).isEmpty();

        // behaviour after the cleanup is the same as with the state kept
        assertThat(send(match("count-3", EP1, T0 + 70 * MIN, "ev-5"))).isEmpty();
        assertThat(send(match("count-3", EP1, T0 + 71 * MIN, "ev-6"))).isEmpty();
        assertThat(send(match("count-3", EP1, T0 + 72 * MIN, "ev-7"))).extracting(f -> f.events)
                .containsExactly(List.of("ev-5", "ev-6", "ev-7"));
        assertThat(notified(match("cooled", EP1, T0 + 70 * MIN, "ev-8"))).containsExactly("team-slack", "ops-hook", "console");
        assertThat(send(match("manual-1", EP1, T0 + 70 * MIN, "ev-9"))).isEmpty();

        harness.watermark(T0 + 3 * HOUR);
        assertThat(keyedStateEntries(harness)).isEqualTo(1);
        assertThat(harness.numEventTimeTimers()).isZero();
    }

    @Test
    void anAlertWithoutPeriodCountsWithoutTimeLimitAndNeedsNoTimer() throws Exception {
        open("{\"name\": \"ever\", \"template\": \"DataDriftDetected\", \"criteria\": {\"count\": 2, \"period\": null}}");
        assertThat(send(match("ever", EP1, T0, "ev-1"))).isEmpty();
        assertThat(harness.numEventTimeTimers()).isZero();
        assertThat(send(match("ever", EP1, T0 + 30 * 24 * HOUR, "ev-2"))).extracting(f -> f.events)
                .containsExactly(List.of("ev-1", "ev-2"));
    }

    @Test
    void functionsSerializeWithTheirStartConfigurationsAndRecordsArePojos() throws Exception {
        List<AlertConfig> initial = configs(COOLED);
        EvaluateAlert evaluate = InstantiationUtil.clone(new EvaluateAlert(initial));
        MatchAlerts matchAlerts = InstantiationUtil.clone(new MatchAlerts(initial));
        assertThat(evaluate).isNotNull();
        assertThat(matchAlerts).isNotNull();
        assertThat(InstantiationUtil.clone(EvaluateAlert.KEY).getKey(match("a", EP1, T0, "x"))).isEqualTo("a\u0000" + EP1);
        assertThat(TypeInformation.of(AlertMatch.class)).isInstanceOf(PojoTypeInfo.class);
        assertThat(TypeInformation.of(EvaluateAlert.Counted.class)).isInstanceOf(PojoTypeInfo.class);
    }
}
