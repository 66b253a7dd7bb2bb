package dev.driftline.functions.decode;

import dev.driftline.functions.model.EndpointRun;
import dev.driftline.functions.model.InferenceRecord;
import dev.driftline.functions.model.InferenceRecordSerializer;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.apache.flink.api.common.operators.ProcessingTimeService.ProcessingTimeCallback;
import org.apache.flink.core.memory.DataOutputSerializer;
import org.apache.flink.streaming.api.operators.AbstractStreamOperator;
import org.apache.flink.streaming.api.operators.OneInputStreamOperator;
import org.apache.flink.streaming.api.watermark.Watermark;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.runtime.watermarkstatus.WatermarkStatus;

/**
 * Hands decoded rows on as runs of one endpoint: each row is serialized into its endpoint's run as it arrives, and the
 * runs leave together after at most {@code maxDelay} or {@code maxRows} rows, each run's rows in arrival order.
 *
 * <p>Why: after decoding, every row touches its endpoint's working set — its resolved definition and bin edges, its
 * open window and activity partials (about 10 KB for 20 features) — and a busy topic interleaves hundreds of endpoints,
 * so nearly every row found that working set out of the cache. Rows of one endpoint in a run share it. The rows are
 * serialized at once, while they are in the cache: held as objects until their run leaves, they went cold, and
 * serializing them then cost what the runs saved.
 *
 * <p>Nothing is held across a watermark (the runs go first, so no row becomes late because of the grouping), across
 * a checkpoint barrier ({@link #prepareSnapshotPreBarrier}: the operator has no state, the checkpoint has every row
 * downstream) or past the end of input. A row waits at most {@code maxDelay} of processing time.
 */
public class GroupByEndpoint extends AbstractStreamOperator<EndpointRun>
        implements OneInputStreamOperator<InferenceRecord, EndpointRun>, ProcessingTimeCallback {
    private static final long serialVersionUID = 1L;

    /** Endpoints whose run buffers are kept between hand-ons; beyond this many, the buffers are let go. */
    private static final int MAX_KEPT_RUNS = 10_000;

    private final int maxRows;
    private final long maxDelayMillis;

    /** An endpoint's run being built. */
    private static final class Run {
        final String endpointId;
        final DataOutputSerializer bytes = new DataOutputSerializer(4096);
        int rows;
        long maxTimestamp = Long.MIN_VALUE;
        /**
         * The endpoint id, project, model and function of the run's last row so far: the next row leaves out what it
         * shares with them. Only these four are kept, not the row: the decoder hands out one instance per value
         * ({@code CanonicalStrings}), so the compare usually stops at {@code ==} without reading either string, and
         * the row itself is not held until the run leaves.
         */
        final InferenceRecord lastIdentity = new InferenceRecord();

        Run(String endpointId) {
            this.endpointId = endpointId;
        }
    }

    private transient Map<String, Run> runs;
    private transient int heldRows;
    private transient boolean timerSet;
    private transient StreamRecord<EndpointRun> reuse;

    /**
     * @param maxRows  rows held at most before all runs are handed on (1: every row at once, as a run of one)
     * @param maxDelay how long a row may be held, in processing time
     */
    public GroupByEndpoint(int maxRows, Duration maxDelay) {
        if (maxRows < 1 || maxDelay.isNegative()) {
            throw new IllegalArgumentException("group rows must be at least 1 and the delay not negative, got "
                    + maxRows + " and " + maxDelay);
        }
        this.maxRows = maxRows;
        this.maxDelayMillis = maxDelay.toMillis();
    }

    @Override
    public void open() throws Exception {
        super.open();
        runs = new HashMap<>();
        heldRows = 0;
        timerSet = false;
        reuse = new StreamRecord<>(null);
    }

    @Override
    public void processElement(StreamRecord<InferenceRecord> element) throws Exception {
        InferenceRecord r = element.getValue();
        String endpoint = r.endpointId == null ? "" : r.endpointId;
        Run run = runs.get(endpoint);
        if (run == null) {
            run = new Run(r.endpointId);
            runs.put(endpoint, run);
        }
        InferenceRecordSerializer.INSTANCE.serializeInRun(r, run.rows == 0 ? null : run.lastIdentity, run.bytes);
        run.lastIdentity.endpointId = r.endpointId;
        run.lastIdentity.project = r.project;
        run.lastIdentity.model = r.model;
        run.lastIdentity.functionUri = r.functionUri;
        run.rows++;
        run.maxTimestamp = Math.max(run.maxTimestamp, element.hasTimestamp() ? element.getTimestamp() : r.timestamp);
        if (++heldRows >= maxRows) {
            handOn();
        } else if (!timerSet) {
            timerSet = true;
            getProcessingTimeService().registerTimer(
                    getProcessingTimeService().getCurrentProcessingTime() + maxDelayMillis, this);
        }
    }

    @Override
    public void onProcessingTime(long time) throws Exception {
        timerSet = false;
        handOn();
    }

    @Override
    public void processWatermark(Watermark mark) throws Exception {
        handOn();
        super.processWatermark(mark);
    }

    @Override
    public void processWatermarkStatus(WatermarkStatus status) throws Exception {
        if (status.isIdle()) {
            handOn();
        }
        super.processWatermarkStatus(status);
    }

    @Override
    public void prepareSnapshotPreBarrier(long checkpointId) throws Exception {
        handOn();
        super.prepareSnapshotPreBarrier(checkpointId);
    }

    @Override
    public void finish() throws Exception {
        handOn();
        super.finish();
    }

    private void handOn() {
        if (heldRows == 0) {
            return;
        }
        for (Run run : runs.values()) {
            if (run.rows == 0) {
                continue;
            }
            // Stamped with its latest row's time; each row keeps its own event time in the record.
            output.collect(reuse.replace(new EndpointRun(run.endpointId, run.rows, run.bytes.getCopyOfBuffer()),
                    run.maxTimestamp));
            run.bytes.clear();
            run.rows = 0;
            run.maxTimestamp = Long.MIN_VALUE;
        }
        if (runs.size() > MAX_KEPT_RUNS) {
            runs.clear(); // bounded: endpoints come and go
        }
        heldRows = 0;
    }
}
