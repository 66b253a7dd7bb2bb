package dev.driftline.functions.window;

import org.apache.flink.api.common.eventtime.WatermarkGenerator;
import org.apache.flink.api.common.eventtime.WatermarkOutput;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;

/**
 * Watermarks for control streams (endpoint definitions, alert commands) that are connected to event-time streams.
 * A source without watermarks would hold the connected operator's watermark at its minimum forever; a control stream
 * has no event time of its own, so it declares itself idle: the connected operator then follows its other input
 * alone, and is idle itself when that input is. (A {@code Long.MAX_VALUE} watermark, which this emitted before, says
 * the same while the other input is active, but once that input went idle the operator would pass the maximum on and
 * every later record would be late — the lesson of FLINK-8001. Enrichment follows a single source subtask, so its
 * events input is only as busy as that subtask's partitions.) Records of an idle control stream still flow.
 */
public final class NoEventTime<T> implements WatermarkGenerator<T> {
    private boolean idle;

    public static <T> WatermarkStrategy<T> strategy() {
        return WatermarkStrategy.forGenerator(ctx -> new NoEventTime<>());
    }

    @Override
    public void onEvent(T event, long eventTimestamp, WatermarkOutput output) {}

    @Override
    public void onPeriodicEmit(WatermarkOutput output) {
        if (!idle) {
            output.markIdle();
            idle = true;
        }
    }
}
