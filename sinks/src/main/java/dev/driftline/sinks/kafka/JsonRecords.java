package dev.driftline.sinks.kafka;

import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.core.StreamWriteFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.driftline.apps.ResultKind;
import dev.driftline.apps.ResultStatus;
import dev.driftline.functions.model.AlertEvent;
import dev.driftline.functions.model.AppNotice;
import dev.driftline.functions.model.DeadLetter;
import dev.driftline.functions.model.MonitoringResult;
import java.time.Instant;

/** The JSON wire formats of the results, alert, notice and dead-letter topics (snake_case, as MLRun's). */
public final class JsonRecords {
    /** Results, summaries and alerts carry many doubles: Jackson's shortest-text double writer, not Double.toString. */
    private static final ObjectMapper MAPPER = JsonMapper.builder().enable(StreamWriteFeature.USE_FAST_DOUBLE_WRITER).build();

    private JsonRecords() {}

    public static ObjectNode result(MonitoringResult r) {
        ObjectNode n = MAPPER.createObjectNode();
        n.put("type", r.type);
        n.put("endpoint_id", r.endpointId);
        n.put("project", r.project);
        n.put("model", r.model);
        n.put("application", r.application);
        n.put("name", r.name);
        n.put("id", r.id());
        n.put("full_name", r.fullName());
        n.put("start_infer_time", Instant.ofEpochMilli(r.windowStart).toString());
        n.put("end_infer_time", Instant.ofEpochMilli(r.windowEnd).toString());
        n.put("start_infer_time_ms", r.windowStart);
        n.put("end_infer_time_ms", r.windowEnd);
        putNumber(n, "value", r.value);
        if (MonitoringResult.RESULT.equals(r.type)) {
            n.put("kind", ResultKind.fromCode(r.kind).wireName());
            n.put("kind_code", r.kind);
            n.put("status", ResultStatus.fromCode(r.status).wireName());
            n.put("status_code", r.status);
            if (r.extraData == null) {
                n.putNull("extra_data");
            } else {
                // Written by the application runner as JSON already: embedded as is, not parsed and written again.
                n.putRawValue("extra_data", new com.fasterxml.jackson.databind.util.RawValue(r.extraData));
            }
        }
        return n;
    }

    public static ObjectNode alert(AlertEvent e) {
        ObjectNode n = MAPPER.createObjectNode();
        n.put("id", e.id);
        n.put("kind", e.kind);
        n.put("project", e.project);
        ObjectNode entity = n.putObject("entity");
        entity.put("kind", e.entityKind);
        entity.put("id", e.entityId);
        n.put("timestamp", Instant.ofEpochMilli(e.timestamp).toString());
        n.set("value", MAPPER.valueToTree(e.value));
        return n;
    }

    public static ObjectNode notice(AppNotice a) {
        ObjectNode n = MAPPER.createObjectNode();
        n.put("kind", a.kind);
        n.put("endpoint_id", a.endpointId);
        n.put("project", a.project);
        n.put("application", a.application);
        n.put("start_infer_time", Instant.ofEpochMilli(a.windowStart).toString());
        n.put("end_infer_time", Instant.ofEpochMilli(a.windowEnd).toString());
        n.put("message", a.message);
        return n;
    }

    public static ObjectNode deadLetter(DeadLetter d) {
        ObjectNode n = MAPPER.createObjectNode();
        n.put("reason", d.reason);
        n.put("raw", d.raw);
        n.put("topic", d.topic);
        n.put("partition", d.partition);
        n.put("offset", d.offset);
        n.put("time", Instant.ofEpochMilli(d.time).toString());
        return n;
    }

    public static ObjectNode firedAlert(dev.driftline.functions.alerts.FiredAlert a) {
        ObjectNode n = MAPPER.createObjectNode();
        n.put("id", a.id);
        n.put("alert", a.alert);
        n.put("project", a.project);
        n.put("entity", a.entity);
        n.put("severity", a.severity);
        n.put("summary", a.summary);
        n.put("time", Instant.ofEpochMilli(a.time).toString());
        n.put("reset_policy", a.resetPolicy);
        var events = n.putArray("events");
        for (int i = 0; i < a.events.size(); i++) {
            ObjectNode e = events.addObject();
            e.put("id", a.events.get(i));
            e.put("kind", i < a.eventKinds.size() ? a.eventKinds.get(i) : null);
        }
        return n;
    }

    public static ObjectNode deliveryOutcome(dev.driftline.functions.alerts.DeliveryOutcome o) {
        ObjectNode n = MAPPER.createObjectNode();
        n.put("idempotency_key", o.idempotencyKey);
        n.put("alert", o.alert);
        n.put("entity", o.entity);
        n.put("notification", o.notification);
        n.put("kind", o.kind);
        n.put("delivered", o.delivered);
        n.put("attempts", o.attempts);
        n.put("error", o.error);
        return n;
    }

    public static byte[] bytes(JsonNode node) {
        try {
            return MAPPER.writeValueAsBytes(node);
        } catch (Exception e) {
            throw new IllegalStateException("cannot serialise " + node.getClass().getSimpleName(), e);
        }
    }

    private static void putNumber(ObjectNode n, String field, double v) {
        if (Double.isNaN(v) || Double.isInfinite(v)) {
            n.putNull(field); // JSON has no NaN
        } else {
            n.put(field, v);
        }
    }
}
