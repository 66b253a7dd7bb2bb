package dev.driftline.sinks.notify;

import java.io.Serializable;
import java.time.Duration;
import java.util.Objects;

/**
 * How {@link DeliverNotifications} retries a failed delivery: at most {@code maxAttempts} attempts, waiting
 * {@code initialBackoff * multiplier^(n-1)} (capped at {@code maxBackoff}) after the n-th failed attempt; each attempt
 * may take at most {@code attemptTimeout}. Defaults: 8 attempts, 1 s, 60 s, ×2, 30 s per attempt.
 */
public final class RetryPolicy implements Serializable {
    private static final long serialVersionUID = 1L;

    public static final int DEFAULT_MAX_ATTEMPTS = 8;
    public static final Duration DEFAULT_INITIAL_BACKOFF = Duration.ofSeconds(1);
    public static final Duration DEFAULT_MAX_BACKOFF = Duration.ofSeconds(60);
    public static final double DEFAULT_MULTIPLIER = 2.0;
    public static final Duration DEFAULT_ATTEMPT_TIMEOUT = ChannelResources.DEFAULT_ATTEMPT_TIMEOUT;
    /** Added to the worst-case delivery time in {@link #recommendedAsyncTimeout()}. */
    static final Duration ASYNC_TIMEOUT_MARGIN = Duration.ofSeconds(10);

    private final int maxAttempts;
    private final Duration initialBackoff;
    private final Duration maxBackoff;
    private final double multiplier;
    private final Duration attemptTimeout;

    public RetryPolicy(int maxAttempts, Duration initialBackoff, Duration maxBackoff, double multiplier) {
        this(maxAttempts, initialBackoff, maxBackoff, multiplier, DEFAULT_ATTEMPT_TIMEOUT);
    }

    public RetryPolicy(
            int maxAttempts, Duration initialBackoff, Duration maxBackoff, double multiplier, Duration attemptTimeout) {
        if (maxAttempts < 1) {
            throw new IllegalArgumentException("maxAttempts must be >= 1, got " + maxAttempts);
        }
        Objects.requireNonNull(initialBackoff, "initialBackoff");
        Objects.requireNonNull(maxBackoff, "maxBackoff");
        Objects.requireNonNull(attemptTimeout, "attemptTimeout");
        if (initialBackoff.isNegative() || maxBackoff.compareTo(initialBackoff) < 0) {
            throw new IllegalArgumentException("need 0 <= initialBackoff <= maxBackoff");
        }
        if (!(multiplier >= 1.0) || Double.isInfinite(multiplier)) {
            throw new IllegalArgumentException("multiplier must be >= 1, got " + multiplier);
        }
        if (attemptTimeout.isZero() || attemptTimeout.isNegative()) {
            throw new IllegalArgumentException("attemptTimeout must be positive");
        }
        this.maxAttempts = maxAttempts;
        this.initialBackoff = initialBackoff;
        this.maxBackoff = maxBackoff;
        this.multiplier = multiplier;
        this.attemptTimeout = attemptTimeout;
    }

    /** 8 attempts, 1 s initial backoff, 60 s max, multiplier 2, 30 s per attempt. */
    public static RetryPolicy defaults() {
        return new RetryPolicy(DEFAULT_MAX_ATTEMPTS, DEFAULT_INITIAL_BACKOFF, DEFAULT_MAX_BACKOFF, DEFAULT_MULTIPLIER);
    }

    public RetryPolicy withAttemptTimeout(Duration timeout) {
        return new RetryPolicy(maxAttempts, initialBackoff, maxBackoff, multiplier, timeout);
    }

    public int maxAttempts() {
        return maxAttempts;
    }

    public Duration initialBackoff() {
        return initialBackoff;
    }

    public Duration maxBackoff() {
        return maxBackoff;
    }

    public double multiplier() {
        return multiplier;
    }

    public Duration attemptTimeout() {
        return attemptTimeout;
    }

    /** The wait after the {@code failedAttempts}-th failed attempt (1-based) before the next one. */
    public Duration backoffAfter(int failedAttempts) {
        if (failedAttempts < 1) {
            return Duration.ZERO;
        }
        double ms = initialBackoff.toMillis() * Math.pow(multiplier, failedAttempts - 1);
        return ms >= maxBackoff.toMillis() ? maxBackoff : Duration.ofMillis((long) ms);
    }

    /** Sum of all waits between attempts (defaults: 1+2+4+8+16+32+60 = 123 s). */
    public Duration totalBackoff() {
        Duration total = Duration.ZERO;
        for (int i = 1; i < maxAttempts; i++) {
            total = total.plus(backoffAfter(i));
        }
        return total;
    }

    /** The longest one delivery can take: all waits plus every attempt running into its timeout. */
    public Duration worstCaseDeliveryTime() {
        return totalBackoff().plus(attemptTimeout.multipliedBy(maxAttempts));
    }

    /**
     * The timeout to give {@code AsyncDataStream.unorderedWait}: {@link #worstCaseDeliveryTime()} plus a margin
     * (defaults: 123 s + 8 × 30 s + 10 s = 373 s), so the operator timeout never cuts a retry sequence short.
     */
    public Duration recommendedAsyncTimeout() {
        return worstCaseDeliveryTime().plus(ASYNC_TIMEOUT_MARGIN);
    }

    @Override
    public String toString() {
        return "RetryPolicy{maxAttempts=" + maxAttempts + ", initialBackoff=" + initialBackoff + ", maxBackoff="
                + maxBackoff + ", multiplier=" + multiplier + ", attemptTimeout=" + attemptTimeout + "}";
    }
}
