package dev.driftline.functions.window;

import dev.driftline.functions.model.MonitoredRecord;
import java.time.Duration;
import org.apache.flink.metrics.Counter;
import org.apache.flink.runtime.state.StateInitializationContext;
import org.apache.flink.runtime.state.StateSnapshotContext;
import org.apache.flink.streaming.api.operators.AbstractStreamOperator;
import org.apache.flink.streaming.api.operators.OneInputStreamOperator;
import org.apache.flink.streaming.api.watermark.Watermark;
import org.apache.flink.streaming.api.windowing.windows.TimeWindow;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.runtime.watermarkstatus.WatermarkStatus;
import org.apache.flink.util.OutputTag;

/**
 * Folds records into partial aggregates per (endpoint, window) in front of the window operator, which then merges a
 * few partials per window instead of handling every record. Per record the window operator reads and writes its state
 * and registers two timers (the window's end and its clean-up); here a record costs one hash lookup.
 *
 * <p>A partial is handed on
 * <ul>
 *   <li>when the watermark reaches its window's end, before the watermark itself, so the window closes with it;</li>
 *   <li>before this subtask is declared idle (the window operator would otherwise close windows without it; as wired,
 *       enrichment is idle only when its source subtask is, which the source never declares while it has
 *       traffic);</li>
 *   <li>before every checkpoint barrier ({@link #prepareSnapshotPreBarrier}): the checkpoint then holds every record
 *       in the window operator's state, and this operator keeps only its watermark ({@link WatermarkFloor});</li>
 *   <li>all at once when more than {@code maxOpenPartials} are open, which bounds the heap whatever the number of
 *       endpoints;</li>
 *   <li>on its own, before a record of another endpoint definition or a string value its full categories would count
 *       as "other": a partial then holds one definition's statistics and no "other" of its own
 *       ({@link WindowAccumulator#merge} decides between definitions).</li>
 * </ul>
 *
 * <p>Not keyed: it runs chained to enrichment, over every endpoint of its source subtask's partitions, and the partials
 * are shuffled by endpoint to the window operator, which merges those of every subtask.
 *
 * <p>Lateness is decided here, with the window operator's rule (a window is closed once the watermark has reached its
 * last millisecond), against this subtask's watermark (its source subtask's partitions'): a late record goes to
 * {@code lateRecords} as it is. After a restore the watermark starts from the one this subtask had checkpointed
 * ({@link WatermarkFloor}), not from none. Partials are not late downstream, because the window operator's watermark is the
 * lowest of the active subtasks' and due partials leave before this subtask's own watermark (a subtask that had been
 * idle could bring partials of windows closed meanwhile, which the window operator drops; see the idle hand-on).
 */
public class PreAggregateWindows extends AbstractStreamOperator<WindowAccumulator>
        implements OneInputStreamOperator<MonitoredRecord, WindowAccumulator> {
    private static final long serialVersionUID = 1L;

    /** Counter of partial aggregates handed to the window operator. */
    public static final String PARTIALS_METRIC = "windowPartials";

    private final long size;
    private final long offset;
    private final int maxOpenPartials;
    private final OutputTag<MonitoredRecord> lateRecords;

    /** Open partial aggregates by endpoint and window start. */
    private transient OpenPartials<WindowAccumulator> openPartials;
    private transient long watermark;
    private transient WatermarkFloor floor;
    private transient Counter partials;

    /**
     * @param size            the tumbling windows' length (base period), as the window operator's assigner has it
     * @param offset          the windows' offset, as the assigner has it
     * @param maxOpenPartials how many partials may be open before all are handed on
     * @param lateRecords     where records of already closed windows go
     */
    public PreAggregateWindows(Duration size, Duration offset, int maxOpenPartials, OutputTag<MonitoredRecord> lateRecords) {
        if (size.toMillis() <= 0 || maxOpenPartials < 1) {
            throw new IllegalArgumentException("window size and max open partials must be positive, got "
                    + size + " and " + maxOpenPartials);
        }
        this.size = size.toMillis();
        this.offset = offset.toMillis();
        this.maxOpenPartials = maxOpenPartials;
        this.lateRecords = lateRecords;
    }

    @Override
    public void initializeState(StateInitializationContext context) throws Exception {
        super.initializeState(context);
        floor = WatermarkFloor.initialize(context, "pre-aggregate-windows-watermark",
                getRuntimeContext().getTaskInfo().getIndexOfThisSubtask(),
                getRuntimeContext().getTaskInfo().getNumberOfParallelSubtasks());
    }

    @Override
    public void snapshotState(StateSnapshotContext context) throws Exception {
        super.snapshotState(context);
        floor.snapshot(watermark);
    }

    @Override
    public void open() throws Exception {
        super.open();
        openPartials = new OpenPartials<>();
        watermark = floor.restored(); // not from scratch after a restore: see WatermarkFloor
        partials = getMetricGroup().counter(PARTIALS_METRIC);
        getMetricGroup().gauge("openWindowPartials", () -> openPartials.size());
    }

    @Override
    public void processElement(StreamRecord<MonitoredRecord> element) throws Exception {
        MonitoredRecord r = element.getValue();
        // The record's own event time: enrichment emits a run's rows under the run's stream timestamp.
        long timestamp = r.timestamp;
        long start = TimeWindow.getWindowStartWithOffset(timestamp, offset, size);
        if (start + size - 1 <= watermark) {
            output.collect(lateRecords, element);
            return;
        }
        OpenPartials.Slot<WindowAccumulator> p = openPartials.slot(r.endpointId, start, WindowAccumulator::new);
        if (p.value.stats != null
                && (r.definitionVersion != p.value.definitionVersion || p.value.wouldSpillCategory(r))) {
            // Each partial holds one definition and no "other" category of its own: the window operator's merge then
            // decides between definitions (the later on the control topic wins), and a value is counted under a name
            // the window already has.
            send(p.start, p.value);
            p.value = new WindowAccumulator();
        }
        p.value.add(r);
        if (openPartials.size() > maxOpenPartials) {
            openPartials.removeAll(this::send);
        }
    }

    @Override
    public void processWatermark(Watermark mark) throws Exception {
        long upTo = mark.getTimestamp();
        openPartials.removeClosed(start -> start + size - 1 <= upTo, this::send);
        watermark = Math.max(watermark, upTo);
        super.processWatermark(mark);
    }

    /**
     * This subtask is about to be declared idle: the window operator then follows the other subtasks' watermarks
     * alone and may close a window before this subtask's partial of it arrives, so nothing may stay behind here.
     */
    @Override
    public void processWatermarkStatus(WatermarkStatus status) throws Exception {
        if (status.isIdle()) {
            openPartials.removeAll(this::send);
        }
        super.processWatermarkStatus(status);
    }

    @Override
    public void prepareSnapshotPreBarrier(long checkpointId) throws Exception {
        openPartials.removeAll(this::send);
        super.prepareSnapshotPreBarrier(checkpointId);
    }

    @Override
    public void finish() throws Exception {
        openPartials.removeAll(this::send);
        super.finish();
    }

    private void send(String endpoint, long windowStart, WindowAccumulator partial) {
        send(windowStart, partial);
    }

    private void send(long windowStart, WindowAccumulator partial) {
        // Stamped with the window's start, so the window operator's assigner puts it in the same window.
        output.collect(new StreamRecord<>(partial, windowStart));
        partials.inc();
    }
}
