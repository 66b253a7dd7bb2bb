package dev.driftline.functions.window;

import java.time.Duration;
import org.apache.flink.api.common.eventtime.SerializableTimestampAssigner;
import org.apache.flink.api.common.eventtime.Watermark;
import org.apache.flink.api.common.eventtime.WatermarkGenerator;
import org.apache.flink.api.common.eventtime.WatermarkGeneratorSupplier;
import org.apache.flink.api.common.eventtime.WatermarkOutput;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import java.util.function.LongSupplier;

/**
 * Bounded out-of-orderness watermarks that keep moving when traffic stops, so the last windows still close.
 *
 * <p>While events flow the watermark is {@code maxTimestamp − outOfOrderness − 1}. Once an input has emitted no event
 * for {@code idleTimeout}, it advances from there as time goes on (event time is assumed to go on as real time does).
 * Flink's own {@code withIdleness} only marks an input idle, which stalls windows when every input is idle at once.
 * Timestamps in the future count as at most {@code now + outOfOrderness} for the watermark.
 *
 * <p>"No event for {@code idleTimeout}" is measured on the input's activity clock, which Flink pauses while the
 * source is back-pressured: a backlog that is merely waiting for slow operators downstream is not a quiet input, and
 * advancing past it would make its records late when they finally come.
 *
 * <p>A source subtask has one generator per Kafka partition (split) plus one for its main output, through which the
 * Kafka source never emits records. Flink combines the split generators by their minimum but the main output by the
 * maximum, so an input that has never seen an event (the main output, an empty partition) must not advance while
 * other inputs of the subtask carry traffic: it marks itself idle instead, and advances only once the whole subtask
 * has been quiet for {@code idleTimeout} — from the subtask's newest event time, or from the wall clock when the
 * subtask has seen nothing at all (a job restored with open windows and no traffic since).
 */
public class IdleAdvancingWatermarks<T> implements WatermarkGenerator<T> {
    /** Wall clock, replaceable in tests. */
    public interface Clock extends java.io.Serializable {
        long millis();
    }

    /** What the generators of one source subtask share (they all run on its task thread). */
    public static final class SubtaskActivity {
        long events;
        long maxTimestamp = Long.MIN_VALUE;
    }

    private final long outOfOrderness;
    private final long idleTimeout;
    private final Clock wallClock;
    /** Milliseconds on the input's activity clock (Flink's {@code getInputActivityClock()}). */
    private final LongSupplier activityClock;
    private final SubtaskActivity subtask;

    private long maxTimestamp = Long.MIN_VALUE;
    /** Activity-clock time of this input's last event. */
    private long lastEventActivity;
    private long lastEmitted = Long.MIN_VALUE;
    /** For an input without events: the subtask's event count last seen, and since when (activity clock) it stayed. */
    private long subtaskEventsSeen;
    private long subtaskQuietSince;
    private boolean markedIdle;

    /** A generator that is alone in its subtask and measures quiet time on {@code wallClock} (tests, simple sources). */
    public IdleAdvancingWatermarks(Duration outOfOrderness, Duration idleTimeout, Clock wallClock) {
        this(outOfOrderness, idleTimeout, wallClock, wallClock::millis, new SubtaskActivity());
    }

    public IdleAdvancingWatermarks(Duration outOfOrderness, Duration idleTimeout, Clock wallClock,
                                   LongSupplier activityClock, SubtaskActivity subtask) {
        this.outOfOrderness = outOfOrderness.toMillis();
        this.idleTimeout = idleTimeout.toMillis();
        this.wallClock = wallClock;
        this.activityClock = activityClock;
        this.subtask = subtask;
        this.subtaskEventsSeen = subtask.events;
        this.subtaskQuietSince = activityClock.getAsLong();
    }

    /**
     * The strategy for a source: each generator gets its input's activity clock, and the generators of one subtask
     * share their activity (the supplier is deserialized once per subtask, so its transient state is per subtask).
     */
    public static <T> WatermarkStrategy<T> strategy(Duration outOfOrderness, Duration idleTimeout, Clock wallClock,
                                                    SerializableTimestampAssigner<T> timestamps) {
        return WatermarkStrategy.forGenerator(new Supplier<T>(outOfOrderness, idleTimeout, wallClock))
                .withTimestampAssigner(timestamps);
    }

    static final class Supplier<T> implements WatermarkGeneratorSupplier<T> {
        private static final long serialVersionUID = 1L;
        private final Duration outOfOrderness;
        private final Duration idleTimeout;
        private final Clock wallClock;
        private transient SubtaskActivity subtask;

        Supplier(Duration outOfOrderness, Duration idleTimeout, Clock wallClock) {
            this.outOfOrderness = outOfOrderness;
            this.idleTimeout = idleTimeout;
            this.wallClock = wallClock;
        }

        @Override
        public WatermarkGenerator<T> createWatermarkGenerator(Context context) {
            if (subtask == null) {
                subtask = new SubtaskActivity();
            }
            org.apache.flink.util.clock.RelativeClock activity = context.getInputActivityClock();
            return new IdleAdvancingWatermarks<>(outOfOrderness, idleTimeout, wallClock, activity::relativeTimeMillis,
                    subtask);
        }
    }

    @Override
    public void onEvent(T event, long eventTimestamp, WatermarkOutput output) {
        if (eventTimestamp == Long.MIN_VALUE) {
            return; // no event time (a payload the decoder will reject): it neither moves nor refreshes the watermark
        }
        // A record stamped in the future (a skewed clock, a naive local time read as UTC) must not drag the
        // watermark ahead and make every other endpoint on this subtask late: it counts at most as "now", so the
        // watermark stays the full out-of-orderness behind the wall clock and ordinary traffic keeps its allowance.
        long bounded = Math.min(eventTimestamp, wallClock.millis());
        if (bounded > maxTimestamp) {
            maxTimestamp = bounded;
        }
        if (bounded > subtask.maxTimestamp) {
            subtask.maxTimestamp = bounded;
        }
        subtask.events++;
        lastEventActivity = activityClock.getAsLong();
    }

    @Override
    public void onPeriodicEmit(WatermarkOutput output) {
        long now = activityClock.getAsLong();
        long watermark;
        if (maxTimestamp != Long.MIN_VALUE) {
            watermark = maxTimestamp - outOfOrderness - 1;
            long quiet = now - lastEventActivity;
            if (quiet > idleTimeout) {
                watermark += quiet - idleTimeout;
            }
        } else {
            if (subtask.events != subtaskEventsSeen) {
                subtaskEventsSeen = subtask.events;
                subtaskQuietSince = now;
            }
            long quiet = now - subtaskQuietSince;
            if (quiet < idleTimeout) {
                if (subtask.events > 0 && !markedIdle) {
                    // Other inputs of this subtask carry traffic: do not hold them back, do not run ahead of them.
                    markedIdle = true;
                    output.markIdle();
                }
                return;
            }
            watermark = subtask.maxTimestamp == Long.MIN_VALUE
                    ? wallClock.millis() - idleTimeout - outOfOrderness - 1
                    : subtask.maxTimestamp - outOfOrderness - 1 + quiet - idleTimeout;
        }
        if (watermark > lastEmitted) {
            lastEmitted = watermark;
            markedIdle = false;
            output.emitWatermark(new Watermark(watermark));
        }
    }
}
