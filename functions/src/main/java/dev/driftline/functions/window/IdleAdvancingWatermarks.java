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
 * as real time does). An input that has never seen an event is marked idle so it does not hold others back. Flink's
 * own {@code withIdleness} only marks an input idle, which stalls windows when every input is idle at once.
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
        if (eventTimestamp > maxTimestamp) {
            maxTimestamp = eventTimestamp;
        }
        lastEventWallClock = clock.millis();
    }

    @Override
    public void onPeriodicEmit(WatermarkOutput output) {
        long now = clock.millis();
        if (maxTimestamp == Long.MIN_VALUE) {
            if (now - createdWallClock >= idleTimeout) {
                output.markIdle();
            }
            return;
        }
        long watermark = maxTimestamp - outOfOrderness - 1;
        long quiet = now - lastEventWallClock;
        if (quiet > idleTimeout) {
            watermark += quiet - idleTimeout;
        }
        if (watermark > lastEmitted) {
            lastEmitted = watermark;
            output.emitWatermark(new Watermark(watermark));
        }
    }
}
