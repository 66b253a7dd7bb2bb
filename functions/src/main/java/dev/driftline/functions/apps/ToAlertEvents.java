package dev.driftline.functions.apps;

import dev.driftline.apps.ResultKind;
import dev.driftline.apps.ResultStatus;
import dev.driftline.functions.model.AlertEvent;
import dev.driftline.functions.model.AppNotice;
import dev.driftline.functions.model.MonitoringResult;
import java.util.LinkedHashMap;
import java.util.Map;

/** Turns results with status 1/2 and application failures into alert events (spec §6). */
public final class ToAlertEvents {
    private ToAlertEvents() {}

    /** The alert event of a result, or null when its status raises none. */
    public static AlertEvent fromResult(MonitoringResult r) {
        if (!MonitoringResult.RESULT.equals(r.type)) {
            return null;
        }
        String suffix;
        if (r.status == ResultStatus.DETECTED.code()) {
            suffix = "-detected";
        } else if (r.status == ResultStatus.POTENTIAL_DETECTION.code()) {
            suffix = "-suspected";
        } else {
            return null;
        }
        AlertEvent e = new AlertEvent();
        e.kind = ResultKind.fromCode(r.kind).eventName() + suffix;
        e.project = r.project;
        e.entityKind = "model-endpoint-result";
        e.entityId = r.endpointId + "." + r.application + ".result." + r.name;
        e.timestamp = r.windowEnd;
        e.id = e.entityId + "@" + r.windowStart + ":" + e.kind;
        Map<String, Object> value = new LinkedHashMap<>();
        value.put("app_name", r.application);
        value.put("model", r.model);
        value.put("model_endpoint_id", r.endpointId);
        value.put("result_name", r.name);
        value.put("result_value", r.value);
        value.put("start_infer_time", r.windowStart);
        value.put("end_infer_time", r.windowEnd);
        e.value = value;
        return e;
    }

    /** The alert event of an application failure, or null for other notices. */
    public static AlertEvent fromNotice(AppNotice n) {
        if (!AppNotice.FAILED.equals(n.kind)) {
            return null;
        }
        AlertEvent e = new AlertEvent();
        e.kind = AppNotice.FAILED;
        e.project = n.project;
        e.entityKind = "model-monitoring-application";
        e.entityId = n.endpointId + "." + n.application;
        e.timestamp = n.windowEnd;
        e.id = e.entityId + "@" + n.windowStart + ":" + e.kind;
        Map<String, Object> value = new LinkedHashMap<>();
        value.put("app_name", n.application);
        value.put("model_endpoint_id", n.endpointId);
        value.put("error", n.message);
        value.put("start_infer_time", n.windowStart);
        value.put("end_infer_time", n.windowEnd);
        e.value = value;
        return e;
    }
}
