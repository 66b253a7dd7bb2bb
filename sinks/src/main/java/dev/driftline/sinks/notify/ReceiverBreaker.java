package dev.driftline.sinks.notify;

import java.io.Serializable;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

/**
 * Stops trying a receiver that keeps failing, for a while. Deliveries are asynchronous but the operator holds a bounded
 * number of them; a receiver that never answers would otherwise keep every slot for the whole retry sequence (minutes),
 * and the full operator would back-pressure the job until its checkpoints time out. After {@code failureLimit} failed
 * attempts in a row across its requests, a receiver is paused for {@code pause}: its requests, new ones and retries
 * alike, end at once as not delivered, saying why. When the pause is over, attempts go through again; the next failure
 * pauses it again, the next success closes the count.
 *
 * <p>A receiver is one channel configuration (name and settings). Only failures that say the receiver is unavailable
 * count (timeouts, I/O errors, 5xx), not a final answer such as HTTP 404, nor HTTP 429 (too many requests: the
 * retries' backoff deals with that). Thread-safe: attempts end on
 * the HTTP client's, the SMTP executor's and the retry scheduler's threads. Only failing receivers are kept.
 */
final class ReceiverBreaker {
    /** The limit and the pause. */
    record Settings(int failureLimit, Duration pause) implements Serializable {
        static final Duration DEFAULT_PAUSE = Duration.ofMinutes(1);

        Settings {
            if (failureLimit < 1) {
                throw new IllegalArgumentException("the receiver failure limit must be >= 1, got " + failureLimit);
            }
            if (pause == null || pause.isNegative()) {
                throw new IllegalArgumentException("the receiver pause must not be negative, got " + pause);
            }
        }

        /** As many failures in a row as one request's attempts, then one minute's pause. */
        static Settings defaultsFor(RetryPolicy retry) {
            return new Settings(retry.maxAttempts(), DEFAULT_PAUSE);
        }
    }

    private static final class Failing {
        int inARow;
        long pausedUntil;
        String lastError;
    }

    private final Settings settings;
    private final Map<String, Failing> failing = new HashMap<>();

    ReceiverBreaker(Settings settings) {
        this.settings = settings;
    }

    /** Why the receiver may not be tried at {@code now}, or null when it may. */
    synchronized String refusal(String receiver, long now) {
        Failing f = failing.get(receiver);
        if (f == null || now >= f.pausedUntil) {
            return null;
        }
        return "receiver paused for " + (f.pausedUntil - now) + " ms more after " + f.inARow
                + " failed attempts in a row (last: " + f.lastError + ")";
    }

    /** Counts a failed attempt; returns whether it paused the receiver. */
    synchronized boolean failed(String receiver, long now, String error) {
        Failing f = failing.computeIfAbsent(receiver, r -> new Failing());
        f.inARow++;
        f.lastError = error;
        if (f.inARow >= settings.failureLimit() && now >= f.pausedUntil) {
            f.pausedUntil = now + settings.pause().toMillis();
            return true;
        }
        return false;
    }

    synchronized void succeeded(String receiver) {
        failing.remove(receiver);
    }
}
