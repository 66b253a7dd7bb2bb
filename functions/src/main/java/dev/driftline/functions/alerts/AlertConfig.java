package dev.driftline.functions.alerts;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;

/**
 * An alert configuration (spec §6): which events of which entity trigger it, how many within what period, how it
 * resets, and whom it notifies. JSON/YAML with MLRun's names; held as JSON text in broadcast state.
 */
@JsonIgnoreProperties(ignoreUnknown = true)
@JsonInclude(JsonInclude.Include.NON_NULL)
public class AlertConfig implements Serializable {
    private static final long serialVersionUID = 1L;

    /** {@code [a-zA-Z0-9-]+}. */
    @JsonProperty("name")
    public String name;
    /** Built-in template to start from ({@code DataDriftDetected}, {@code DataDriftSuspected}); fields set here win. */
    @JsonProperty("template")
    public String template;
    /** Project the alert belongs to; events of other projects do not trigger it (null: any project). */
    @JsonProperty("project")
    public String project;
    /** Templated with {@code {{project}}}, {@code {{entity}}}, {@code {{name}}}. */
    @JsonProperty("summary")
    public String summary;
    /** {@code low}, {@code medium} or {@code high}. */
    @JsonProperty("severity")
    public String severity;
    /** One entity id (e.g. {@code ep.app.result.general_drift}) or {@code *}. */
    @JsonProperty("entity")
    public String entity = "*";
    /** Event kinds that count, e.g. {@code data-drift-detected}, {@code mm-app-failed}, {@code monitoring-lag}. */
    @JsonProperty("trigger_events")
    public List<String> triggerEvents = new ArrayList<>();
    @JsonProperty("criteria")
    public Criteria criteria = new Criteria();
    /** {@code auto}: fire each time the criteria are met; {@code manual}: fire once, stay active until reset. */
    @JsonProperty("reset_policy")
    public String resetPolicy = "auto";
    @JsonProperty("notifications")
    public List<NotificationConfig> notifications = new ArrayList<>();

    @JsonIgnoreProperties(ignoreUnknown = true)
    public static class Criteria implements Serializable {
        private static final long serialVersionUID = 1L;
        @JsonProperty("count")
        public int count = 1;
        /** Duration text ({@code 10m}, {@code 30s}, ISO-8601); null: no time limit... within one firing. */
        @JsonProperty("period")
        public String period = "10m";
    }
}
