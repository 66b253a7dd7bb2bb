package dev.driftline.functions.window;

import static dev.driftline.functions.endpoint.TestEndpoints.T0;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.flink.api.common.eventtime.Watermark;
import org.apache.flink.api.common.eventtime.WatermarkOutput;
import org.junit.jupiter.api.Test;

class IdleAdvancingWatermarksTest {
    private static final Duration OUT_OF_ORDERNESS = Duration.ofSeconds(5);
    private static final Duration IDLE = Duration.ofSeconds(30);
    /** Wall clock at creation: unrelated to event time on purpose (a replay of older traffic). */
    private static final long WALL = 1_900_000_000_000L;

    private final AtomicLong clock = new AtomicLong(WALL);
    private final Recording out = new Recording();
    private final IdleAdvancingWatermarks<String> generator =
            new IdleAdvancingWatermarks<>(OUT_OF_ORDERNESS, IDLE, clock::get);

    /** Records what the generator tells Flink. */
    static final class Recording implements WatermarkOutput {
        final List<Long> watermarks = new ArrayList<>();
        int idleMarks;
        int activeMarks;

        @Override
        public void emitWatermark(Watermark watermark) {
            watermarks.add(watermark.getTimestamp());
        }

        @Override
        public void markIdle() {
            idleMarks++;
        }

        @Override
        public void markActive() {
            activeMarks++;
        }

        Long last() {
            return watermarks.isEmpty() ? null : watermarks.get(watermarks.size() - 1);
        }
    }

    private void event(long timestamp) {
        generator.onEvent("e", timestamp, out);
    }

    private void tick(long wallMillis) {
        clock.addAndGet(wallMillis);
        generator.onPeriodicEmit(out);
    }

    @Test
    void boundedOutOfOrdernessWhileEventsFlow() {
        event(T0 + 10_000);
        tick(200);
        assertThat(out.last()).isEqualTo(T0 + 10_000 - 5_000 - 1);

        event(T0 + 7_000); // out of order: does not pull the watermark back
        tick(200);
        assertThat(out.watermarks).containsExactly(T0 + 4_999);

        event(T0 + 12_000);
        tick(200);
        assertThat(out.watermarks).containsExactly(T0 + 4_999, T0 + 6_999);
        assertThat(out.idleMarks).isZero();
    }

    @Test
    void afterIdleTimeoutWithoutEventsTheWatermarkAdvancesWithTheWallClock() {
        event(T0 + 10_000);
        tick(0);
        long base = T0 + 4_999;
        assertThat(out.last()).isEqualTo(base);

        // Quiet, but not for longer than the idle timeout: the watermark holds.
        tick(IDLE.toMillis());
        assertThat(out.last()).isEqualTo(base);
        assertThat(out.watermarks).hasSize(1);

        // Beyond it, event time is assumed to go on like the wall clock.
        tick(1_000);
        assertThat(out.last()).isEqualTo(base + 1_000);
        tick(59_000);
        assertThat(out.last()).isEqualTo(base + 60_000);
        assertThat(out.idleMarks).as("the input is not idle: it keeps driving the watermark").isZero();

        // A one-minute window that held the last record now closes: the watermark passed its end.
        assertThat(out.last()).isGreaterThanOrEqualTo(T0 + 60_000 - 1);
    }

    @Test
    void anInputThatNeverSawAnEventFollowsTheWallClockOnceIdle() {
        // E.g. a subtask restored with open windows whose endpoints send nothing any more: they must still close.
        tick(IDLE.toMillis() - 1);
        assertThat(out.watermarks).isEmpty();

        tick(1);
        assertThat(out.last()).isEqualTo(WALL + IDLE.toMillis() - IDLE.toMillis() - 5_000 - 1);
        tick(10_000);
        assertThat(out.last()).isEqualTo(WALL + 10_000 - 5_000 - 1);
        assertThat(out.idleMarks).isZero();

        // An old event arriving later does not pull the watermark back.
        event(T0);
        tick(200);
        assertThat(out.last()).isEqualTo(WALL + 10_000 - 5_000 - 1);
    }

    @Test
    void aTimestampInTheFutureCountsAsNowForTheWatermark() {
        event(WALL + 24L * 3600 * 1000); // a day ahead: a skewed serving clock
        tick(0);
        assertThat(out.last()).as("clamped to now").isEqualTo(WALL - 5_000 - 1);
        event(WALL - 4_000); // ordinary traffic 4 s behind the wall clock keeps its out-of-orderness allowance
        tick(0);
        assertThat(out.last()).as("not past the ordinary record").isLessThan(WALL - 4_000);
    }

    @Test
    void aFewSecondsOfForwardSkewDoNotEatTheAllowance() {
        event(WALL + 2_000); // a serving pod whose clock runs 2 s fast
        tick(0);
        assertThat(out.last()).isEqualTo(WALL - 5_000 - 1);
        event(WALL - 3_000); // a record of the same moment from an accurate pod, delivered 3 s later
        tick(0);
        assertThat(out.last()).isLessThan(WALL - 3_000);
    }

    @Test
    void watermarksNeverGoBackwards() {
        event(T0 + 10_000);
        tick(0);
        tick(IDLE.toMillis() + 120_000); // idle advance: +120 s
        long advanced = out.last();
        assertThat(advanced).isEqualTo(T0 + 4_999 + 120_000);

        // Traffic resumes with event times behind the advanced watermark: nothing goes back.
        event(T0 + 20_000);
        tick(100);
        tick(100);
        assertThat(out.last()).isEqualTo(advanced);

        // It moves again once event time passes it.
        event(T0 + 200_000);
        tick(100);
        assertThat(out.last()).isEqualTo(T0 + 194_999);

        for (int i = 1; i < out.watermarks.size(); i++) {
            assertThat(out.watermarks.get(i)).isGreaterThan(out.watermarks.get(i - 1));
        }
    }

    @Test
    void eachEventRestartsTheIdleClock() {
        event(T0);
        tick(IDLE.toMillis() - 1);
        event(T0 + 1_000);
        tick(IDLE.toMillis() - 1);
        assertThat(out.last()).isEqualTo(T0 + 1_000 - 5_001);
        tick(11);
        assertThat(out.last()).isEqualTo(T0 + 1_000 - 5_001 + 10);
    }

    // ---- A source subtask: one generator per Kafka partition plus the main output, sharing their activity ----

    /** An activity clock that Flink pauses while the source is back-pressured; here it moves only when told. */
    private final AtomicLong activity = new AtomicLong(0);
    private final IdleAdvancingWatermarks.SubtaskActivity subtask = new IdleAdvancingWatermarks.SubtaskActivity();

    private IdleAdvancingWatermarks<String> inSubtask() {
        return new IdleAdvancingWatermarks<>(OUT_OF_ORDERNESS, IDLE, clock::get, activity::get, subtask);
    }

    @Test
    void aBackPressuredBacklogIsNotQuiet() {
        // Replaying old traffic: event time far behind the wall clock, and downstream too slow to keep up.
        IdleAdvancingWatermarks<String> split = inSubtask();
        split.onEvent("e", T0 + 10_000, out);
        split.onPeriodicEmit(out);
        assertThat(out.last()).isEqualTo(T0 + 4_999);

        // Two minutes of wall clock pass while the source is back-pressured: its activity clock stands still.
        clock.addAndGet(120_000);
        split.onPeriodicEmit(out);
        assertThat(out.watermarks).as("no advance past records still waiting to be read").containsExactly(T0 + 4_999);

        // Only time the source could have read but got nothing counts as quiet.
        activity.addAndGet(IDLE.toMillis() + 1_000);
        split.onPeriodicEmit(out);
        assertThat(out.last()).isEqualTo(T0 + 4_999 + 1_000);
    }

    @Test
    void theMainOutputNeverRunsAheadOfPartitionsThatCarryTraffic() {
        // The Kafka source emits every record through a partition's output; the main output sees none, and Flink
        // combines it with the partitions by the maximum. It must not advance while the partitions replay history.
        IdleAdvancingWatermarks<String> main = inSubtask();
        IdleAdvancingWatermarks<String> split = inSubtask();
        Recording mainOut = new Recording();
        for (int second = 0; second < 300; second++) {
            split.onEvent("e", T0 + second * 1_000L, out);
            activity.addAndGet(1_000);
            clock.addAndGet(1_000);
            main.onPeriodicEmit(mainOut);
            split.onPeriodicEmit(out);
        }
        assertThat(mainOut.watermarks).as("five minutes in, far past the idle timeout").isEmpty();
        assertThat(mainOut.idleMarks).as("idle, so it holds nothing back either").isEqualTo(1);
        assertThat(out.last()).isEqualTo(T0 + 299_000 - 5_001);
    }

    @Test
    void anInputWithoutEventsAdvancesOnceTheWholeSubtaskIsQuiet() {
        IdleAdvancingWatermarks<String> empty = inSubtask();
        IdleAdvancingWatermarks<String> split = inSubtask();
        Recording emptyOut = new Recording();
        split.onEvent("e", T0 + 10_000, out);
        empty.onPeriodicEmit(emptyOut); // periodic emits notice the subtask's events (every 200 ms in a job)
        activity.addAndGet(IDLE.toMillis() - 1);
        empty.onPeriodicEmit(emptyOut);
        assertThat(emptyOut.watermarks).isEmpty();
        assertThat(emptyOut.idleMarks).isEqualTo(1);

        // The subtask's last event was an idle timeout ago: event time goes on from the subtask's newest event.
        activity.addAndGet(1 + 2_000);
        empty.onPeriodicEmit(emptyOut);
        split.onPeriodicEmit(out);
        assertThat(emptyOut.last()).isEqualTo(T0 + 4_999 + 2_000);
        assertThat(out.last()).isEqualTo(T0 + 4_999 + 2_000);

        // Traffic again: the input without events goes back to idle instead of holding the partition back.
        split.onEvent("e", T0 + 60_000, out);
        activity.addAndGet(200);
        empty.onPeriodicEmit(emptyOut);
        assertThat(emptyOut.idleMarks).isEqualTo(2);
    }
}
