package dev.driftline.functions.decode;

import dev.driftline.functions.model.InferenceRecord;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.flink.api.common.operators.ProcessingTimeService.ProcessingTimeCallback;
import org.apache.flink.streaming.api.operators.AbstractStreamOperator;
import org.apache.flink.streaming.api.operators.OneInputStreamOperator;
import org.apache.flink.streaming.api.watermark.Watermark;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.runtime.watermarkstatus.WatermarkStatus;

/**
 * Hands decoded rows on grouped by endpoint: rows are held for at most {@code maxDelay} or {@code maxRows} rows, then
 * sent endpoint by endpoint, each endpoint's rows in arrival order.
 *
 * <p>Why: after decoding, every row touches its endpoint's working set — its resolved definition and bin edges, its
 * open window and activity partials (about 10 KB for 20 features) — and a busy topic interleaves hundreds of endpoints,
 * so nearly every row found that working set out of the core's cache. Rows of one endpoint in a run share it. The
 * holding happens here, on the source's thread, which has time to spare; enrichment, the records table and both
 * pre-aggregations, which run on the next thread, get the runs.
 *
 * <p>Nothing is held across a watermark (the rows go first, so no row becomes late because of the grouping), across
 * a checkpoint barrier ({@link #prepareSnapshotPreBarrier}: the operator has no state, the checkpoint has every row
 * downstream) or past the end of input. A row waits at most {@code maxDelay} of processing time.
 */
public class GroupByEndpoint extends AbstractStreamOperator<InferenceRecord>
        implements OneInputStreamOperator<InferenceRecord, InferenceRecord>, ProcessingTimeCallback {
    private static final long serialVersionUID = 1L;

    private final int maxRows;
    private final long maxDelayMillis;

    /** Held rows by endpoint; HashMap iteration order is fine, as only the order within an endpoint matters. */
    private transient Map<String, List<StreamRecord<InferenceRecord>>> held;
    private transient int heldRows;
    private transient boolean timerSet;

    /**
     * @param maxRows  rows held at most before all are handed on (1 hands every row on at once)
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
        held = new HashMap<>();
        heldRows = 0;
        timerSet = false;
    }

    @Override
    public void processElement(StreamRecord<InferenceRecord> element) throws Exception {
        if (maxRows == 1) {
            output.collect(element);
            return;
        }
        String endpoint = element.getValue().endpointId;
        held.computeIfAbsent(endpoint == null ? "" : endpoint, e -> new ArrayList<>())
                .add(element.copy(element.getValue())); // the upstream collector reuses its StreamRecord
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
        for (List<StreamRecord<InferenceRecord>> rows : held.values()) {
            for (StreamRecord<InferenceRecord> row : rows) {
                output.collect(row);
            }
        }
        held.clear();
        heldRows = 0;
    }
}
