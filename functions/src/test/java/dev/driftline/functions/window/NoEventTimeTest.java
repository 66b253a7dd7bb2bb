package dev.driftline.functions.window;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.apache.flink.api.common.eventtime.Watermark;
import org.apache.flink.api.common.eventtime.WatermarkOutput;
import org.junit.jupiter.api.Test;

/** A control stream never carries a watermark: it says once that it is idle, whatever records it has. */
class NoEventTimeTest {
    private final List<String> out = new ArrayList<>();
    private final WatermarkOutput output = new WatermarkOutput() {
        @Override
        public void emitWatermark(Watermark watermark) {
            out.add("watermark " + watermark.getTimestamp());
        }

        @Override
        public void markIdle() {
            out.add("idle");
        }

        @Override
        public void markActive() {
            out.add("active");
        }
    };

    @Test
    void itMarksItselfIdleOnceAndNeverEmitsAWatermark() {
        NoEventTime<String> generator = new NoEventTime<>();
        generator.onPeriodicEmit(output);
        generator.onEvent("a definition", 42L, output);
        generator.onPeriodicEmit(output);
        generator.onPeriodicEmit(output);
        assertThat(out).containsExactly("idle");
    }
}
