package dev.driftline.functions.window;

import java.util.List;
import org.apache.flink.api.common.state.ListState;
import org.apache.flink.api.common.state.ListStateDescriptor;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.runtime.state.StateInitializationContext;
import org.apache.flink.runtime.state.StateSnapshotContext;

/**
 * The watermark an operator had reached at the checkpoint it restores from. Flink does not checkpoint watermarks: after
 * a restore every operator starts again from none, until the sources have read enough to emit one. Records replayed in
 * the meantime would then count in windows that had closed before the failure; a record that was late then (its
 * window already fired) would re-open its window and fire it a second time, with that record alone. An operator that
 * decides lateness starts from this floor instead.
 *
 * <p>Every subtask checkpoints its own watermark in union list state; after a restore (also at another parallelism)
 * each starts from the lowest of them, leaving out subtasks that had none and the end-of-input watermark. That is never above what the operator
 * downstream had reached, which follows the lowest of its active inputs, so no record is taken for late that was not.
 */
public final class WatermarkFloor {
    private final ListState<Long> state;
    private final long restored;

    private WatermarkFloor(ListState<Long> state, long restored) {
        this.state = state;
        this.restored = restored;
    }

    /** Reads the floor from the restored state ({@link Long#MIN_VALUE} without one) and keeps the state to update. */
    public static WatermarkFloor initialize(StateInitializationContext context, String name) throws Exception {
        ListState<Long> state = context.getOperatorStateStore().getUnionListState(new ListStateDescriptor<>(name, Types.LONG));
        long floor = Long.MAX_VALUE;
        if (context.isRestored()) {
            for (Long w : state.get()) {
                // none yet, or the end of input: a stop with --drain ends at the greatest watermark, and a job
                // resumed from that savepoint must still accept its new records
                if (w != null && w != Long.MIN_VALUE && w != Long.MAX_VALUE) {
                    floor = Math.min(floor, w);
                }
            }
        }
        return new WatermarkFloor(state, floor == Long.MAX_VALUE ? Long.MIN_VALUE : floor);
    }

    /** The watermark to start from. */
    public long restored() {
        return restored;
    }

    /** Checkpoints this subtask's watermark. */
    public void snapshot(StateSnapshotContext context, long watermark) throws Exception {
        state.update(List.of(watermark));
    }
}
