package dev.driftline.functions.model;

import java.util.Map;

/**
 * An event that alerts react to (spec §6): {@code {kind}-suspected}/{@code -detected} for results with status 1/2,
 * or {@code mm-app-failed}. {@code id} is stable per (entity, window, kind) so consumers can de-duplicate.
 */
public class AlertEvent {
    public String id;
    /** e.g. {@code data-drift-detected}, {@code data-drift-suspected}, {@code mm-app-failed}. */
    public String kind;
    public String project;
    /** {@code model-endpoint-result}, {@code model-monitoring-application} or {@code monitoring}. */
    public String entityKind;
    /** {@code {endpoint_id}.{app}.result.{result_name}} for results; {@code {endpoint_id}.{app}} for app failures. */
    public String entityId;
    /** Event time of the event: the end of the window it is about (epoch ms). */
    public long timestamp;
    public Map<String, Object> value;

    public AlertEvent() {}
}
