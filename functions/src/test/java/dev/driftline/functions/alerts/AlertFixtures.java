package dev.driftline.functions.alerts;

import dev.driftline.functions.model.AlertEvent;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Map;
import org.apache.flink.runtime.state.KeyedStateBackend;
import org.apache.flink.runtime.state.heap.HeapKeyedStateBackend;
import org.apache.flink.streaming.util.AbstractStreamOperatorTestHarness;

/** Alert configurations, controls, events and state probes shared by the alert tests. */
final class AlertFixtures {
    /** 2023-11-14T22:13:20Z. */
    static final long T0 = 1_700_000_000_000L;
    static final long SEC = 1_000L;
    static final long MIN = 60_000L;
    static final long HOUR = 60 * MIN;

    static final String EP1 = "ep-churn.histogram-data-drift.result.general_drift";
    static final String EP2 = "ep-fraud.histogram-data-drift.result.general_drift";
    static final String DETECTED = "data-drift-detected";
    static final String SUSPECTED = "data-drift-suspected";
    static final String APP_FAILED = "mm-app-failed";

    private AlertFixtures() {}

    static AlertConfig config(String json) {
        try {
            return AlertTemplates.fromJson(json);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** {@code count} drift-detected events on any entity within {@code period}, reset {@code policy}, no notifications. */
    static String countJson(String name, int count, String period, String policy) {
        return """
                {"name": "%s", "severity": "high", "entity": "*", "trigger_events": ["data-drift-detected"],
                 "summary": "{{name}}: drift on {{entity}} in {{project}}",
                 "criteria": {"count": %d, "period": "%s"}, "reset_policy": "%s"}
                """.formatted(name, count, period, policy);
    }

    static AlertControl set(String json) {
        AlertControl c = new AlertControl();
        c.action = AlertControl.SET;
        c.json = json;
        c.time = T0;
        return c;
    }

    static AlertControl delete(String name) {
        AlertControl c = new AlertControl();
        c.action = AlertControl.DELETE;
        c.name = name;
        c.time = T0;
        return c;
    }

    static AlertControl reset(String name, String entity) {
        AlertControl c = new AlertControl();
        c.action = AlertControl.RESET;
        c.name = name;
        c.entity = entity;
        c.time = T0;
        return c;
    }

    static AlertMatch match(String alert, String entity, long time, String eventId) {
        return new AlertMatch(alert, entity, time, eventId, DETECTED, "shop");
    }

    static AlertEvent event(String kind, String entityId, String project, long time, String id) {
        AlertEvent e = new AlertEvent();
        e.id = id;
        e.kind = kind;
        e.project = project;
        e.entityKind = "model-endpoint-result";
        e.entityId = entityId;
        e.timestamp = time;
        e.value = Map.of("app_name", "histogram-data-drift", "result_value", 0.83);
        return e;
    }

    /** How many (key, state) entries the heap keyed state backend holds. */
    static int keyedStateEntries(AbstractStreamOperatorTestHarness<?> harness) {
        KeyedStateBackend<Object> backend = harness.getOperator().getKeyedStateBackend();
        return ((HeapKeyedStateBackend<?>) backend).numKeyValueStateEntries();
    }
}
