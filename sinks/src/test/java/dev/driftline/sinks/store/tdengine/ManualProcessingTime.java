package dev.driftline.sinks.store.tdengine;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.Delayed;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.apache.flink.api.common.operators.ProcessingTimeService;

/** A processing time service whose clock moves only when told to; due timers fire on the calling thread. */
final class ManualProcessingTime implements ProcessingTimeService {
    private long now;
    private final List<Timer> timers = new ArrayList<>();

    @Override
    public long getCurrentProcessingTime() {
        return now;
    }

    @Override
    public ScheduledFuture<?> registerTimer(long timestamp, ProcessingTimeCallback callback) {
        Timer t = new Timer(timestamp, callback);
        timers.add(t);
        return t;
    }

    /** Moves the clock to {@code time}, firing every timer due by then (also ones registered while firing). */
    void advanceTo(long time) throws Exception {
        while (true) {
            Timer next = timers.stream().filter(t -> !t.cancelled && t.time <= time)
                    .min(Comparator.comparingLong(t -> t.time)).orElse(null);
            if (next == null) {
                break;
            }
            timers.remove(next);
            now = Math.max(now, next.time);
            next.callback.onProcessingTime(next.time);
        }
        now = time;
    }

    /** Timers registered and neither fired nor cancelled. */
    List<Long> pendingTimers() {
        return timers.stream().filter(t -> !t.cancelled).map(t -> t.time).sorted().toList();
    }

    private static final class Timer implements ScheduledFuture<Object> {
        final long time;
        final ProcessingTimeCallback callback;
        boolean cancelled;

        Timer(long time, ProcessingTimeCallback callback) {
            this.time = time;
            this.callback = callback;
        }

        @Override
        public long getDelay(TimeUnit unit) {
            return 0;
        }

        @Override
        public int compareTo(Delayed o) {
            return 0;
        }

        @Override
        public boolean cancel(boolean mayInterruptIfRunning) {
            cancelled = true;
            return true;
        }

        @Override
        public boolean isCancelled() {
            return cancelled;
        }

        @Override
        public boolean isDone() {
            return cancelled;
        }

        @Override
        public Object get() {
            return null;
        }

        @Override
        public Object get(long timeout, TimeUnit unit) {
            return null;
        }
    }
}
