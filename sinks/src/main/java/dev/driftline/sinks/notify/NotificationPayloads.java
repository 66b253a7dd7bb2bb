package dev.driftline.sinks.notify;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.driftline.functions.alerts.FiredAlert;
import dev.driftline.functions.alerts.NotificationRequest;
import java.time.Instant;
import java.util.List;

/** The texts the channels send: webhook JSON, Slack message, e-mail subject and body. */
public final class NotificationPayloads {
    static final ObjectMapper MAPPER = new ObjectMapper();
    /** Events listed in Slack messages and e-mails at most; the rest are counted. */
    static final int MAX_LISTED_EVENTS = 20;

    private NotificationPayloads() {}

    /**
     * The webhook body: {@code {idempotency_key, alert, project, entity, severity, summary, time, events,
     * event_kinds}}, {@code time} in ISO-8601 UTC.
     */
    public static ObjectNode webhookJson(NotificationRequest request) {
        FiredAlert a = alertOf(request);
        ObjectNode n = MAPPER.createObjectNode();
        n.put("idempotency_key", request.idempotencyKey);
        n.put("alert", a.alert);
        n.put("project", a.project);
        n.put("entity", a.entity);
        n.put("severity", a.severity);
        n.put("summary", a.summary);
        n.put("time", isoTime(a));
        ArrayNode events = n.putArray("events");
        if (a.events != null) {
            a.events.forEach(events::add);
        }
        ArrayNode kinds = n.putArray("event_kinds");
        if (a.eventKinds != null) {
            a.eventKinds.forEach(kinds::add);
        }
        return n;
    }

    /**
     * A Slack incoming-webhook message: {@code text} (the summary, shown in notifications), a section with severity,
     * entity and alert, and a context line with the time and the events.
     */
    public static ObjectNode slackJson(NotificationRequest request) {
        FiredAlert a = alertOf(request);
        ObjectNode n = MAPPER.createObjectNode();
        n.put("text", nullToEmpty(a.summary));
        ArrayNode blocks = n.putArray("blocks");

        ObjectNode section = blocks.addObject();
        section.put("type", "section");
        ObjectNode sectionText = section.putObject("text");
        sectionText.put("type", "mrkdwn");
        sectionText.put("text", Redaction.truncate("*" + slackEscape(a.summary) + "*", 2900));
        ArrayNode fields = section.putArray("fields");
        addField(fields, "Severity", a.severity);
        addField(fields, "Entity", a.entity);
        addField(fields, "Alert", a.alert);
        if (a.project != null) {
            addField(fields, "Project", a.project);
        }

        ObjectNode context = blocks.addObject();
        context.put("type", "context");
        ArrayNode elements = context.putArray("elements");
        ObjectNode time = elements.addObject();
        time.put("type", "mrkdwn");
        time.put("text", "*Time:* " + isoTime(a));
        ObjectNode events = elements.addObject();
        events.put("type", "mrkdwn");
        events.put("text", Redaction.truncate("*Events:* " + slackEscape(eventList(a, ", ")), 2900));
        return n;
    }

    private static void addField(ArrayNode fields, String label, String value) {
        ObjectNode f = fields.addObject();
        f.put("type", "mrkdwn");
        f.put("text", Redaction.truncate("*" + label + ":*\n" + slackEscape(nullToEmpty(value)), 1900));
    }

    /** {@code [<severity>] <alert>: <summary>} (line breaks folded into spaces). */
    public static String emailSubject(NotificationRequest request) {
        FiredAlert a = alertOf(request);
        return ("[" + nullToEmpty(a.severity) + "] " + nullToEmpty(a.alert) + ": " + nullToEmpty(a.summary))
                .replaceAll("[\\r\\n]+", " ");
    }

    /** The plain-text e-mail body: one line per field, then the events. */
    public static String emailText(NotificationRequest request) {
        FiredAlert a = alertOf(request);
        StringBuilder b = new StringBuilder();
        b.append("Alert: ").append(nullToEmpty(a.alert)).append('\n');
        b.append("Project: ").append(nullToEmpty(a.project)).append('\n');
        b.append("Entity: ").append(nullToEmpty(a.entity)).append('\n');
        b.append("Severity: ").append(nullToEmpty(a.severity)).append('\n');
        b.append("Summary: ").append(nullToEmpty(a.summary)).append('\n');
        b.append("Time: ").append(isoTime(a)).append('\n');
        b.append("Events:\n");
        List<String> ids = a.events == null ? List.of() : a.events;
        for (int i = 0; i < ids.size() && i < MAX_LISTED_EVENTS; i++) {
            b.append("  - ").append(ids.get(i));
            String kind = kindAt(a, i);
            if (kind != null) {
                b.append(" (").append(kind).append(')');
            }
            b.append('\n');
        }
        if (ids.size() > MAX_LISTED_EVENTS) {
            b.append("  ... and ").append(ids.size() - MAX_LISTED_EVENTS).append(" more\n");
        }
        b.append('\n').append("Idempotency key: ").append(nullToEmpty(request.idempotencyKey)).append('\n');
        return b.toString();
    }

    /** {@code id (kind), id (kind), ...}, at most {@link #MAX_LISTED_EVENTS}. */
    static String eventList(FiredAlert a, String sep) {
        List<String> ids = a.events == null ? List.of() : a.events;
        if (ids.isEmpty()) {
            return "none";
        }
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < ids.size() && i < MAX_LISTED_EVENTS; i++) {
            if (i > 0) {
                b.append(sep);
            }
            b.append(ids.get(i));
            String kind = kindAt(a, i);
            if (kind != null) {
                b.append(" (").append(kind).append(')');
            }
        }
        if (ids.size() > MAX_LISTED_EVENTS) {
            b.append(sep).append("... and ").append(ids.size() - MAX_LISTED_EVENTS).append(" more");
        }
        return b.toString();
    }

    private static String kindAt(FiredAlert a, int i) {
        return a.eventKinds != null && i < a.eventKinds.size() ? a.eventKinds.get(i) : null;
    }

    static String isoTime(FiredAlert a) {
        return Instant.ofEpochMilli(a.time).toString();
    }

    static byte[] bytes(ObjectNode json) {
        try {
            return MAPPER.writeValueAsBytes(json);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot serialise notification JSON", e);
        }
    }

    /** Slack mrkdwn control characters. */
    static String slackEscape(String s) {
        return nullToEmpty(s).replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
    }

    private static String nullToEmpty(String s) {
        return s == null ? "" : s;
    }

    private static FiredAlert alertOf(NotificationRequest request) {
        if (request == null || request.alert == null) {
            throw NotificationException.config("notification request without a fired alert");
        }
        return request.alert;
    }
}
