package dev.driftline.functions.window;

import org.apache.flink.api.common.eventtime.Watermark;
import org.apache.flink.api.common.eventtime.WatermarkGenerator;
import org.apache.flink.api.common.eventtime.WatermarkOutput;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;

/**
 * Watermarks for control streams (endpoint definitions, alert commands) that are connected to event-time streams.
 * A source without watermarks would hold the connected operator's watermark at its minimum forever; a control stream
 * has no event time of its own, so it declares that it never holds event time back.
 */
public final class NoEventTime<T> implements WatermarkGenerator<T> {
    private boolean emitted;

    public static <T> WatermarkStrategy<T> strategy() {
        return WatermarkStrategy.forGenerator(ctx -> new NoEventTime<>());
    }

    @Override
    public void onEvent(T event, long eventTimestamp, WatermarkOutput output) {}

    @Override
    public void onPeriodicEmit(WatermarkOutput output) {
        if (!emitted) {
            output.emitWatermark(new Watermark(Long.MAX_VALUE));
            emitted = true;
        }
    }
}
