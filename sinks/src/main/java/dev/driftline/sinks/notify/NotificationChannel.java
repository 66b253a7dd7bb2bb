package dev.driftline.sinks.notify;

import dev.driftline.functions.alerts.NotificationRequest;
import java.util.concurrent.CompletableFuture;

/**
 * A way to deliver one notification of a fired alert. Implementations are thread-safe and never block the caller
 * for network I/O: {@link #send} starts the delivery and returns at once.
 *
 * <p>The returned future completes normally when the receiver accepted the notification, or exceptionally, usually
 * with a {@link NotificationException} telling whether a retry may help. Exception messages never contain secrets
 * (URL paths and queries, passwords, HMAC keys).
 */
public interface NotificationChannel {

    /** Starts delivering {@code request}; never blocks for network I/O. */
    CompletableFuture<Void> send(NotificationRequest request);

    /** {@code webhook}, {@code slack}, {@code email} or {@code console}. */
    String kind();

    /** The notification's name. */
    String name();
}
