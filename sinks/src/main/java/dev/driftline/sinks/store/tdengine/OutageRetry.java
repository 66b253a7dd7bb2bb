package dev.driftline.sinks.store.tdengine;

import java.io.IOException;
import java.time.Duration;
import java.util.function.LongSupplier;

/**
 * Runs a store operation until it succeeds or the store has been failing for longer than {@code maxOutage}, waiting
 * between attempts with capped exponential backoff ({@code initial}, ×2, ..., at most {@code max}; never past the
 * outage deadline). The job thereby waits for a store that is down or restarting instead of failing at once; only a
 * longer outage fails the job (which then restarts from its last checkpoint and writes the replayed rows again).
 *
 * <p>The outage is measured from the start of the first failed attempt of one {@link #run} call. Every exception
 * counts as a failure: a store that is down shows up as many different exception types (connection refused, timeouts,
 * driver runtime errors, a not yet ready database), and a permanent error costs at most {@code maxOutage}.
 */
final class OutageRetry {
    /** Backoff defaults: 200 ms doubling up to 30 s. */
    static final Duration DEFAULT_INITIAL_BACKOFF = Duration.ofMillis(200);
    static final Duration DEFAULT_MAX_BACKOFF = Duration.ofSeconds(30);

    /** The operation. */
    @FunctionalInterface
    interface Attempt {
        void run() throws Exception;
    }

    /** Told of each failed attempt before the wait (to drop a broken connection, log, count). */
    @FunctionalInterface
    interface FailureListener {
        void failed(Exception error, int attempt, long nextWaitMs);
    }

    /** Waits; {@link Thread#sleep} in production. */
    @FunctionalInterface
    interface Sleeper {
        void sleep(long ms) throws InterruptedException;
    }

    private final long maxOutageMs;
    private final long initialBackoffMs;
    private final long maxBackoffMs;
    private final LongSupplier clockMs;
    private final Sleeper sleeper;

    OutageRetry(Duration maxOutage, Duration initialBackoff, Duration maxBackoff, LongSupplier clockMs,
                Sleeper sleeper) {
        if (maxOutage.isNegative() || initialBackoff.isNegative() || maxBackoff.compareTo(initialBackoff) < 0) {
            throw new IllegalArgumentException("need max-outage >= 0 and 0 <= initial backoff <= max backoff");
        }
        this.maxOutageMs = maxOutage.toMillis();
        this.initialBackoffMs = initialBackoff.toMillis();
        this.maxBackoffMs = maxBackoff.toMillis();
        this.clockMs = clockMs;
        this.sleeper = sleeper;
    }

    /** With the default backoff, the system clock and {@link Thread#sleep}. */
    static OutageRetry withDefaults(Duration maxOutage) {
        return new OutageRetry(maxOutage, DEFAULT_INITIAL_BACKOFF, DEFAULT_MAX_BACKOFF, System::currentTimeMillis,
                Thread::sleep);
    }

    /** The wait after the n-th consecutive failure (1-based). */
    long backoffMs(int failures) {
        long wait = initialBackoffMs;
        for (int i = 1; i < failures && wait < maxBackoffMs; i++) {
            wait *= 2;
        }
        return Math.min(wait, maxBackoffMs);
    }

    /**
     * Runs {@code attempt} until it succeeds.
     *
     * @throws StoreOutageException when it still fails after {@code maxOutage} (the cause is the last error)
     * @throws InterruptedException when the thread is interrupted (the task is being cancelled); never retried
     */
    void run(Attempt attempt, FailureListener listener) throws IOException, InterruptedException {
        long start = clockMs.getAsLong();
        int failures = 0;
        while (true) {
            try {
                attempt.run();
                return;
            } catch (InterruptedException e) {
                throw e;
            } catch (Exception e) {
                if (Thread.currentThread().isInterrupted()) {
                    throw new InterruptedException("interrupted while writing to the store");
                }
                failures++;
                long elapsed = clockMs.getAsLong() - start;
                long left = maxOutageMs - elapsed;
                long wait = Math.min(backoffMs(failures), Math.max(0, left));
                listener.failed(e, failures, left <= 0 ? -1 : wait);
                if (left <= 0) {
                    throw new StoreOutageException(failures, Duration.ofMillis(elapsed), e);
                }
                sleeper.sleep(wait);
            }
        }
    }

    /**
     * The store kept failing for longer than max-outage. The message says for how long and how often; the cause is
     * the last error as given (callers pass an already scrubbed one, see {@link Secrets}).
     */
    static final class StoreOutageException extends IOException {
        private static final long serialVersionUID = 1L;
        private final int attempts;

        StoreOutageException(int attempts, Duration elapsed, Exception last) {
            super("store still failing after " + elapsed + " and " + attempts + " attempts", last);
            this.attempts = attempts;
        }

        int attempts() {
            return attempts;
        }
    }
}
