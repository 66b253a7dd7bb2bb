package dev.driftline.sinks.notify;

import dev.driftline.functions.alerts.FiredAlert;
import dev.driftline.functions.alerts.NotificationConfig;
import dev.driftline.functions.alerts.NotificationRequest;
import java.net.URI;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;

/** Fired alerts and notification configurations for the tests (mutable collections, as Jackson would build). */
final class TestRequests {
    static final long TIME = Instant.parse("2026-01-05T10:15:30Z").toEpochMilli();

    private TestRequests() {}

    static FiredAlert alert(String name, String entity) {
        FiredAlert a = new FiredAlert();
        a.alert = name;
        a.project = "fraud";
        a.entity = entity;
        a.severity = "high";
        a.summary = "Data drift detected on " + entity + " in fraud";
        a.time = TIME;
        a.id = name + "|" + entity + "|" + TIME;
        a.events = new ArrayList<>(List.of("ev-1", "ev-2"));
        a.eventKinds = new ArrayList<>(List.of("data-drift-detected", "data-drift-suspected"));
        a.resetPolicy = "auto";
        return a;
    }

    static FiredAlert alert() {
        return alert("drift-alert", "ep1.histogram-data-drift.result.general_drift");
    }

    static NotificationConfig webhook(String name, URI url) {
        NotificationConfig c = new NotificationConfig();
        c.name = name;
        c.kind = "webhook";
        c.url = url.toString();
        c.headers = new LinkedHashMap<>();
        return c;
    }

    static NotificationConfig slack(String name, String urlRef) {
        NotificationConfig c = new NotificationConfig();
        c.name = name;
        c.kind = "slack";
        c.urlRef = urlRef;
        return c;
    }

    static NotificationConfig console(String name) {
        NotificationConfig c = new NotificationConfig();
        c.name = name;
        c.kind = "console";
        return c;
    }

    static NotificationConfig email(String name, int port, String userRef, String passwordRef, String... to) {
        NotificationConfig c = new NotificationConfig();
        c.name = name;
        c.kind = "email";
        c.smtpHost = "127.0.0.1";
        c.smtpPort = port;
        c.smtpSecurity = "none";
        c.smtpUsernameRef = userRef;
        c.smtpPasswordRef = passwordRef;
        c.from = "driftline@alerts.example.com";
        c.to = new ArrayList<>(List.of(to));
        return c;
    }

    static NotificationRequest request(FiredAlert alert, NotificationConfig config) {
        return new NotificationRequest(alert, config);
    }
}
