package dev.driftline.functions.alerts;

import java.util.Objects;

/** One alert event that one alert reacts to: the input of {@link EvaluateAlert}, keyed by alert and entity. */
public class AlertMatch {
    /** Name of the alert. */
    public String alert;
    /** Id of the event's entity (never {@code *}). */
    public String entity;
    /** Event time of the event (epoch ms). */
    public long time;
    public String eventId;
    /** Kind of the event, e.g. {@code data-drift-detected}. */
    public String kind;
    /** Project of the event. */
    public String project;
    /**
     * The alert's resolved configuration (JSON) as it was when the match was made. The configuration reaches matching
     * and evaluation over separate broadcast inputs, so evaluation may see a match before the configuration that made
     * it; it then evaluates the match with this one. Not part of the match's identity ({@link #equals}).
     */
    public String config;

    public AlertMatch() {}

    public AlertMatch(String alert, String entity, long time, String eventId, String kind, String project) {
        this.alert = alert;
        this.entity = entity;
        this.time = time;
        this.eventId = eventId;
        this.kind = kind;
        this.project = project;
    }

    /** A match made under the alert configuration {@code config} (resolved JSON). */
    public AlertMatch(String alert, String entity, long time, String eventId, String kind, String project, String config) {
        this(alert, entity, time, eventId, kind, project);
        this.config = config;
    }

    @Override
    public boolean equals(Object o) {
        if (this == o) {
            return true;
        }
        if (!(o instanceof AlertMatch m)) {
            return false;
        }
        return time == m.time && Objects.equals(alert, m.alert) && Objects.equals(entity, m.entity)
                && Objects.equals(eventId, m.eventId) && Objects.equals(kind, m.kind) && Objects.equals(project, m.project);
    }

    @Override
    public int hashCode() {
        return Objects.hash(alert, entity, time, eventId, kind, project);
    }

    @Override
    public String toString() {
        return "AlertMatch{" + alert + " " + entity + " @" + time + " " + kind + " " + eventId + " " + project + "}";
    }
}
