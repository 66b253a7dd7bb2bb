package dev.driftline.functions.alerts;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The built-in alert templates (spec §6), template resolution, validation of alert configurations and the duration
 * syntax they use ({@code 500ms}, {@code 30s}, {@code 10m}, {@code 1h}, {@code 1d} or ISO-8601 such as {@code PT10M}).
 */
public final class AlertTemplates {
    public static final String DATA_DRIFT_DETECTED = "DataDriftDetected";
    public static final String DATA_DRIFT_SUSPECTED = "DataDriftSuspected";

    public static final Set<String> SEVERITIES = Set.of("low", "medium", "high");
    public static final Set<String> RESET_POLICIES = Set.of("auto", "manual");
    public static final Set<String> NOTIFICATION_KINDS = Set.of("webhook", "slack", "email", "console");

    private static final Pattern NAME = Pattern.compile("[a-zA-Z0-9-]+");
    private static final Pattern SHORT_DURATION = Pattern.compile("(\\d+)\\s*(ms|s|m|h|d)");
    /** Shared, configured once; ObjectMapper is thread-safe for reading and writing. */
    static final ObjectMapper JSON = new ObjectMapper().configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false);

    private AlertTemplates() {}

    /** Names of the built-in templates. */
    public static List<String> names() {
        return List.of(DATA_DRIFT_DETECTED, DATA_DRIFT_SUSPECTED);
    }

    /** A fresh copy of the named built-in template (exact name first, then ignoring case), or null when unknown. */
    public static AlertConfig template(String name) {
        if (name == null) {
            return null;
        }
        String canonical = null;
        for (String n : names()) {
            if (n.equals(name) || (canonical == null && n.equalsIgnoreCase(name.trim()))) {
                canonical = n;
            }
        }
        if (canonical == null) {
            return null;
        }
        AlertConfig t = new AlertConfig();
        t.template = canonical;
        t.entity = "*";
        t.criteria = new AlertConfig.Criteria();
        t.criteria.count = 1;
        t.criteria.period = "10m";
        t.resetPolicy = "auto";
        if (canonical.equals(DATA_DRIFT_DETECTED)) {
            t.severity = "high";
            t.triggerEvents = new ArrayList<>(List.of("data-drift-detected"));
            t.summary = "Data drift detected on {{entity}} in {{project}}";
        } else {
            t.severity = "medium";
            t.triggerEvents = new ArrayList<>(List.of("data-drift-suspected"));
            t.summary = "Data drift suspected on {{entity}} in {{project}}";
        }
        return t;
    }

    /**
     * A copy of {@code config} with its unset fields (null, or an empty trigger list) filled from its template, then
     * from the defaults ({@code entity *}, count 1 in 10m, {@code auto}); severity and reset policy in lower case. The
     * argument is not changed. An unknown template leaves the fields as they are ({@link #validate} reports it).
     */
    public static AlertConfig resolve(AlertConfig config) {
        if (config == null) {
            return null;
        }
        AlertConfig c = copy(config);
        AlertConfig t = template(c.template);
        if (t != null) {
            c.template = t.template;
            if (c.summary == null) {
                c.summary = t.summary;
            }
            if (c.severity == null) {
                c.severity = t.severity;
            }
            if (c.entity == null) {
                c.entity = t.entity;
            }
            if (c.triggerEvents == null || c.triggerEvents.isEmpty()) {
                c.triggerEvents = new ArrayList<>(t.triggerEvents);
            }
            if (c.criteria == null) {
                c.criteria = t.criteria;
            }
            if (c.resetPolicy == null) {
                c.resetPolicy = t.resetPolicy;
            }
        }
        if (c.entity == null || c.entity.isBlank()) {
            c.entity = "*";
        }
        if (c.triggerEvents == null) {
            c.triggerEvents = new ArrayList<>();
        }
        if (c.criteria == null) {
            c.criteria = new AlertConfig.Criteria();
        }
        if (c.resetPolicy == null) {
            c.resetPolicy = "auto";
        }
        if (c.notifications == null) {
            c.notifications = new ArrayList<>();
        }
        if (c.severity != null) {
            c.severity = c.severity.trim().toLowerCase(Locale.ROOT);
        }
        c.resetPolicy = c.resetPolicy.trim().toLowerCase(Locale.ROOT);
        return c;
    }

    /**
     * What is wrong with {@code config} (normally a {@link #resolve resolved} one); empty when it is valid. Each
     * problem names the field, e.g. {@code "severity 'urgent' must be low, medium or high"}.
     */
    public static List<String> validate(AlertConfig config) {
        List<String> problems = new ArrayList<>();
        if (config == null) {
            problems.add("alert configuration is missing");
            return problems;
        }
        if (config.name == null || !NAME.matcher(config.name).matches()) {
            problems.add("name " + quote(config.name) + " must match [a-zA-Z0-9-]+");
        }
        if (config.template != null && template(config.template) == null) {
            problems.add("template " + quote(config.template) + " is unknown (built-in: " + String.join(", ", names()) + ")");
        }
        if (config.severity == null || !SEVERITIES.contains(config.severity)) {
            problems.add("severity " + quote(config.severity) + " must be low, medium or high");
        }
        if (config.resetPolicy == null || !RESET_POLICIES.contains(config.resetPolicy)) {
            problems.add("reset_policy " + quote(config.resetPolicy) + " must be auto or manual");
        }
        if (config.entity == null || config.entity.isBlank()) {
            problems.add("entity must be an entity id or *");
        }
        if (config.criteria == null) {
            problems.add("criteria are missing");
        } else {
            if (config.criteria.count < 1) {
                problems.add("criteria.count " + config.criteria.count + " must be at least 1");
            }
            if (config.criteria.period != null) {
                try {
                    Duration d = parseDuration(config.criteria.period);
                    if (d.isNegative() || d.isZero()) {
                        problems.add("criteria.period " + quote(config.criteria.period) + " must be positive");
                    }
                } catch (IllegalArgumentException e) {
                    problems.add("criteria.period " + quote(config.criteria.period) + " is not a duration (use e.g. 30s, 10m, 1h or PT10M)");
                }
            }
        }
        if (config.triggerEvents == null || config.triggerEvents.isEmpty()) {
            problems.add("trigger_events must name at least one event kind");
        } else if (config.triggerEvents.stream().anyMatch(k -> k == null || k.isBlank())) {
            problems.add("trigger_events must not contain empty event kinds");
        }
        Set<String> names = new HashSet<>();
        List<NotificationConfig> notifications = config.notifications == null ? List.of() : config.notifications;
        for (int i = 0; i < notifications.size(); i++) {
            NotificationConfig n = notifications.get(i);
            if (n == null) {
                problems.add("notifications[" + i + "] is empty");
                continue;
            }
            String label = n.effectiveName() != null ? "notification '" + n.effectiveName() + "'" : "notifications[" + i + "]";
            if (n.kind == null || !NOTIFICATION_KINDS.contains(n.kind)) {
                problems.add(label + ": kind " + quote(n.kind) + " must be webhook, slack, email or console");
            }
            String name = n.effectiveName();
            if (name != null && !names.add(name)) {
                problems.add("notification name '" + name + "' is used more than once");
            }
            if (n.cooldownPeriod != null) {
                try {
                    if (parseDuration(n.cooldownPeriod).isNegative()) {
                        problems.add(label + ": cooldown_period " + quote(n.cooldownPeriod) + " must not be negative");
                    }
                } catch (IllegalArgumentException e) {
                    problems.add(label + ": cooldown_period " + quote(n.cooldownPeriod) + " is not a duration");
                }
            }
        }
        return problems;
    }

    /**
     * Parses {@code 500ms}, {@code 30s}, {@code 10m}, {@code 1h}, {@code 1d}, {@code 0} or ISO-8601 ({@code PT10M},
     * {@code P1D}).
     *
     * @throws IllegalArgumentException when the text is empty or not a duration
     */
    public static Duration parseDuration(String text) {
        if (text == null || text.isBlank()) {
            throw new IllegalArgumentException("empty duration");
        }
        String t = text.trim().toLowerCase(Locale.ROOT);
        if (t.equals("0")) {
            return Duration.ZERO;
        }
        Matcher m = SHORT_DURATION.matcher(t);
        if (m.matches()) {
            long n;
            try {
                n = Long.parseLong(m.group(1));
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("duration out of range: '" + text + "'");
            }
            return switch (m.group(2)) {
                case "ms" -> Duration.ofMillis(n);
                case "s" -> Duration.ofSeconds(n);
                case "m" -> Duration.ofMinutes(n);
                case "h" -> Duration.ofHours(n);
                default -> Duration.ofDays(n);
            };
        }
        try {
            return Duration.parse(text.trim().toUpperCase(Locale.ROOT));
        } catch (Exception e) {
            throw new IllegalArgumentException("not a duration: '" + text + "' (use e.g. 500ms, 30s, 10m, 1h, 1d or PT10M)");
        }
    }

    /** Milliseconds of a duration text; {@code whenNull} when the text is null. */
    static long millis(String text, long whenNull) {
        return text == null ? whenNull : parseDuration(text).toMillis();
    }

    /** The configuration as JSON text (MLRun field names), as held in broadcast state. */
    public static String toJson(AlertConfig config) {
        try {
            return JSON.writeValueAsString(config);
        } catch (Exception e) {
            throw new IllegalStateException("cannot write alert configuration " + config.name, e);
        }
    }

    /** Reads an alert configuration from JSON text. */
    public static AlertConfig fromJson(String json) throws java.io.IOException {
        return JSON.readValue(json, AlertConfig.class);
    }

    /**
     * Resolves and validates each configuration (e.g. the ones of the job's YAML) and returns them as name → resolved
     * JSON, in order.
     *
     * @throws IllegalArgumentException listing every problem when one of them is invalid or two share a name
     */
    public static Map<String, String> resolveAll(List<AlertConfig> configs) {
        Map<String, String> out = new LinkedHashMap<>();
        List<String> problems = new ArrayList<>();
        for (AlertConfig config : configs == null ? Collections.<AlertConfig>emptyList() : configs) {
            AlertConfig resolved = resolve(config);
            List<String> own = validate(resolved);
            String label = "alert " + quote(config == null ? null : config.name);
            if (!own.isEmpty()) {
                own.forEach(p -> problems.add(label + ": " + p));
            } else if (out.containsKey(resolved.name)) {
                problems.add(label + " is configured more than once");
            } else {
                out.put(resolved.name, toJson(resolved));
            }
        }
        if (!problems.isEmpty()) {
            throw new IllegalArgumentException("invalid alert configuration: " + String.join("; ", problems));
        }
        return out;
    }

    private static AlertConfig copy(AlertConfig config) {
        try {
            return JSON.readValue(JSON.writeValueAsBytes(config), AlertConfig.class);
        } catch (Exception e) {
            throw new IllegalStateException("cannot copy alert configuration " + config.name, e);
        }
    }

    private static String quote(String s) {
        return s == null ? "(none)" : "'" + s + "'";
    }
}
