package dev.driftline.functions.window;

import java.util.List;
import org.apache.flink.api.common.state.ListState;
import org.apache.flink.api.common.state.ListStateDescriptor;
import org.apache.flink.api.common.typeinfo.PrimitiveArrayTypeInfo;
import org.apache.flink.runtime.state.StateInitializationContext;

/**
 * The watermark a subtask had reached at the checkpoint it restores from. Flink does not checkpoint watermarks: after
 * a restore every operator starts again from none, until the sources have read enough to emit one. Records replayed in
 * the meantime would then count in windows that had closed before the failure; a record that was late then (its
 * window already fired) would re-open its window and fire it a second time, with that record alone. An operator that
 * decides lateness against its own subtask's watermark starts from this floor instead.
 *
 * <p>Each subtask checkpoints its watermark with its index and the parallelism, in operator list state. At an
 * unchanged parallelism Flink hands every subtask back its own entry, and the source hands it back its own partitions:
 * the floor is the watermark those partitions had reached, which is what lateness was judged against before the
 * failure. After a change of parallelism the partitions move, and there is no floor (as before this class).
 *
 * <p>Not union list state: Flink cannot complete a checkpoint of a vertex that uses union list state once some of its
 * subtasks have finished (bounded inputs), and this operator's subtasks finish one by one.
 */
public final class WatermarkFloor {
    private final ListState<long[]> state;
    private final long restored;
    private final int subtask;
    private final int parallelism;

    private WatermarkFloor(ListState<long[]> state, long restored, int subtask, int parallelism) {
        this.state = state;
        this.restored = restored;
        this.subtask = subtask;
        this.parallelism = parallelism;
    }

    /**
     * Reads the floor from the restored state ({@link Long#MIN_VALUE} without one) and keeps the state to update.
     *
     * @param subtask     this subtask's index
     * @param parallelism the operator's parallelism
     */
    public static WatermarkFloor initialize(StateInitializationContext context, String name, int subtask, int parallelism)
            throws Exception {
        ListState<long[]> state = context.getOperatorStateStore()
                .getListState(new ListStateDescriptor<>(name, PrimitiveArrayTypeInfo.LONG_PRIMITIVE_ARRAY_TYPE_INFO));
        long floor = Long.MIN_VALUE;
        if (context.isRestored()) {
            int entries = 0;
            long[] own = null;
            for (long[] e : state.get()) {
                entries++;
                own = e;
            }
            // none yet, or the end of input: a stop with --drain ends at the greatest watermark, and a job resumed from
            // that savepoint must still accept its new records
            if (entries == 1 && own.length == 3 && own[0] == parallelism && own[1] == subtask
                    && own[2] != Long.MAX_VALUE) {
                floor = own[2];
            }
        }
        return new WatermarkFloor(state, floor, subtask, parallelism);
    }

    /** The watermark to start from. */
    public long restored() {
        return restored;
    }

    /** Checkpoints this subtask's watermark. */
    public void snapshot(long watermark) throws Exception {
        state.update(List.of(new long[] {parallelism, subtask, watermark}));
    }
}
