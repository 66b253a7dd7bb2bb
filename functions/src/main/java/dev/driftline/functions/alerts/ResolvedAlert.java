package dev.driftline.functions.alerts;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/** A valid, resolved alert configuration with its durations parsed; built from the JSON held in broadcast state. */
final class ResolvedAlert {
    /** The period when {@code criteria.period} is null: no time limit. */
    static final long UNBOUNDED = Long.MAX_VALUE;

    final AlertConfig config;
    /** The JSON text it was read from (to tell whether the broadcast state changed). */
    final String json;
    final int count;
    final long periodMs;
    final boolean manual;
    final List<Notification> notifications;

    record Notification(String name, long cooldownMs, NotificationConfig config) {}

    private ResolvedAlert(AlertConfig config, String json) {
        this.config = config;
        this.json = json;
        this.count = config.criteria.count;
        this.periodMs = AlertTemplates.millis(config.criteria.period, UNBOUNDED);
        this.manual = "manual".equals(config.resetPolicy);
        List<Notification> list = new ArrayList<>();
        for (NotificationConfig n : config.notifications) {
            list.add(new Notification(n.effectiveName(), Math.max(0L, AlertTemplates.millis(n.cooldownPeriod, 0L)), n));
        }
        this.notifications = Collections.unmodifiableList(list);
    }

    /**
     * Reads resolved JSON, resolving and validating it again.
     *
     * @throws IllegalArgumentException when it does not parse or is not valid
     */
    static ResolvedAlert parse(String json) {
        AlertConfig config;
        try {
            config = AlertTemplates.resolve(AlertTemplates.fromJson(json));
        } catch (Exception e) {
            throw new IllegalArgumentException("does not parse: " + e.getMessage(), e);
        }
        List<String> problems = AlertTemplates.validate(config);
        if (!problems.isEmpty()) {
            throw new IllegalArgumentException(String.join("; ", problems));
        }
        return new ResolvedAlert(config, json);
    }

    String name() {
        return config.name;
    }

    /** Whether an event of this kind, entity and project counts for this alert. */
    boolean matches(String kind, String entityId, String project) {
        return kind != null
                && config.triggerEvents.contains(kind)
                && ("*".equals(config.entity) || config.entity.equals(entityId))
                && (config.project == null || config.project.equals(project));
    }
}
