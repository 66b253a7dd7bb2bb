package dev.driftline.functions.window;

import java.time.Duration;
import org.apache.flink.api.common.eventtime.Watermark;
import org.apache.flink.api.common.eventtime.WatermarkGenerator;
import org.apache.flink.api.common.eventtime.WatermarkOutput;

/**
 * Bounded out-of-orderness watermarks that keep moving when traffic stops, so the last windows still close.
 *
 * <p>While events flow the watermark is {@code maxTimestamp − outOfOrderness − 1}. Once no event has arrived for
 * {@code idleTimeout} of wall-clock time, it advances with the wall clock from there (event time is assumed to go on
 * as real time does); an input that has seen no event at all does the same once idle. Flink's own
 * {@code withIdleness} only marks an input idle, which stalls windows when every input is idle at once. Timestamps
 * in the future count as at most {@code now + outOfOrderness} for the watermark.
 */
public class IdleAdvancingWatermarks<T> implements WatermarkGenerator<T> {
    /** Wall clock, replaceable in tests. */
    public interface Clock extends java.io.Serializable {
        long millis();
    }

    private final long outOfOrderness;
    private final long idleTimeout;
    private final Clock clock;

    private long maxTimestamp = Long.MIN_VALUE;
    private long lastEventWallClock = Long.MIN_VALUE;
    private long lastEmitted = Long.MIN_VALUE;
    private final long createdWallClock;

    public IdleAdvancingWatermarks(Duration outOfOrderness, Duration idleTimeout, Clock clock) {
        this.outOfOrderness = outOfOrderness.toMillis();
        this.idleTimeout = idleTimeout.toMillis();
        this.clock = clock;
        this.createdWallClock = clock.millis();
    }

    @Override
    public void onEvent(T event, long eventTimestamp, WatermarkOutput output) {
        long now = clock.millis();
        if (eventTimestamp == Long.MIN_VALUE) {
            return; // no event time (a payload the decoder will reject): it neither moves nor refreshes the watermark
        }
        // A record stamped in the future (a skewed clock, a naive local time read as UTC) must not drag the
        // watermark ahead and make every other endpoint on this subtask late: it counts at most as "now".
        long bounded = Math.min(eventTimestamp, now + outOfOrderness);
        if (bounded > maxTimestamp) {
            maxTimestamp = bounded;
        }
        lastEventWallClock = now;
    }

    @Override
    public void onPeriodicEmit(WatermarkOutput output) {
        long now = clock.millis();
        long watermark;
        if (maxTimestamp == Long.MIN_VALUE) {
            // No event yet (a quiet subtask, or one restored with open windows): once idle, event time follows the
            // wall clock, so windows restored from a checkpoint still close when no traffic comes.
            if (now - createdWallClock < idleTimeout) {
                return;
            }
            watermark = now - idleTimeout - outOfOrderness - 1;
        } else {
            watermark = maxTimestamp - outOfOrderness - 1;
            long quiet = now - lastEventWallClock;
            if (quiet > idleTimeout) {
                watermark += quiet - idleTimeout;
            }
        }
        if (watermark > lastEmitted) {
            lastEmitted = watermark;
            output.emitWatermark(new Watermark(watermark));
        }
    }
}
