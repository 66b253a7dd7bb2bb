package dev.driftline.sinks.notify;

import dev.driftline.functions.alerts.FiredAlert;
import dev.driftline.functions.alerts.NotificationConfig;
import dev.driftline.functions.alerts.NotificationRequest;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Logs one INFO line per notification with alert, entity, severity and summary (for development and demos). */
public final class ConsoleChannel implements NotificationChannel {
    public static final String KIND = "console";
    private static final Logger LOG = LoggerFactory.getLogger(ConsoleChannel.class);

    private final String name;
    private final Consumer<String> out;

    public ConsoleChannel(NotificationConfig config) {
        this(config, LOG::info);
    }

    /** @param out where the line goes (tests); the public constructor logs at INFO. */
    ConsoleChannel(NotificationConfig config, Consumer<String> out) {
        this.name = config.effectiveName();
        this.out = out;
    }

    @Override
    public CompletableFuture<Void> send(NotificationRequest request) {
        try {
            out.accept(line(request));
            return CompletableFuture.completedFuture(null);
        } catch (RuntimeException e) {
            return CompletableFuture.failedFuture(e);
        }
    }

    static String line(NotificationRequest request) {
        FiredAlert a = request.alert;
        if (a == null) {
            throw NotificationException.config("console notification without a fired alert");
        }
        return ("ALERT alert=" + a.alert + " entity=" + a.entity + " severity=" + a.severity + " summary=" + a.summary
                + " project=" + a.project + " time=" + NotificationPayloads.isoTime(a)
                + " events=" + (a.events == null ? 0 : a.events.size())
                + " idempotency_key=" + request.idempotencyKey)
                .replaceAll("[\\r\\n]+", " ");
    }

    @Override
    public String kind() {
        return KIND;
    }

    @Override
    public String name() {
        return name;
    }
}
