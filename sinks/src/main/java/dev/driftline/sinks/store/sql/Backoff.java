package dev.driftline.sinks.store.sql;

import java.io.Serializable;
import java.time.Duration;

/** Capped exponential backoff: {@code initial}, twice that, four times … never more than {@code max}. */
public record Backoff(Duration initial, Duration max) implements Serializable {
    /** Quick first retries (a restarting server is back in about a second), then at most every 10 s. */
    public static final Backoff DEFAULT = new Backoff(Duration.ofMillis(250), Duration.ofSeconds(10));

    public Backoff {
        if (initial.isNegative() || initial.isZero() || max.compareTo(initial) < 0) {
            throw new IllegalArgumentException("backoff needs 0 < initial <= max");
        }
    }

    /** The wait before retry number {@code attempt} (0 for the first retry). */
    public long delayMillis(int attempt) {
        long max = this.max.toMillis();
        long d = initial.toMillis();
        for (int i = 0; i < attempt && d < max; i++) {
            d *= 2;
        }
        return Math.min(d, max);
    }
}
