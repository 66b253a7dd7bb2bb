package dev.driftline.functions.activity;

import dev.driftline.functions.model.MonitoredRecord;
import dev.driftline.functions.window.OpenPartials;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.streaming.api.operators.AbstractStreamOperator;
import org.apache.flink.streaming.api.operators.OneInputStreamOperator;
import org.apache.flink.streaming.api.watermark.Watermark;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.runtime.watermarkstatus.WatermarkStatus;

/**
 * Counts an endpoint's rows per minute in front of {@link AggregateEndpointActivity}, which has a second input (failed
 * requests) and so cannot be chained to enrichment: instead of every row crossing to it and touching its state, a few
 * {@link ActivityPartial}s per endpoint and minute do. Keyed by endpoint, chained after enrichment.
 *
 * <p>A request (rows sharing an id and event time) counts once: the endpoint's last few requests are remembered here
 * ({@link RecentRequests}), read from keyed state the first time an endpoint is seen after a checkpoint and written
 * back before the next one, so a request whose rows straddle a checkpoint or a restore still counts once.
 *
 * <p>A partial is handed on when the watermark passes the end of its minute (before the watermark itself, so an
 * interval never closes without it), before every checkpoint barrier, before this input is declared idle, when more
 * than {@code maxOpenPartials} are open, and at once for a row whose interval has already closed (the activity
 * operator folds it into the running totals and counts it as late).
 */
public class PreAggregateActivity extends AbstractStreamOperator<ActivityPartial>
        implements OneInputStreamOperator<MonitoredRecord, ActivityPartial> {
    private static final long serialVersionUID = 1L;

    /** The same state the activity operator kept before rows were pre-aggregated. */
    static final ValueStateDescriptor<RecentRequests> RECENT =
            new ValueStateDescriptor<>("activity-recent-requests", TypeInformation.of(RecentRequests.class));

    private final long intervalMs;
    private final int maxOpenPartials;

    private transient OpenPartials<OpenMinute> openPartials;
    /** Recent requests of the endpoints seen since the last checkpoint; the keyed state has them as of that checkpoint. */
    private transient Map<String, RecentRequests> recent;
    private transient ValueState<RecentRequests> recentState;
    private transient long watermark;

    /**
     * @param interval        the activity interval, as {@link AggregateEndpointActivity} has it
     * @param maxOpenPartials how many (endpoint, minute) partials may be open before all are handed on
     */
    public PreAggregateActivity(Duration interval, int maxOpenPartials) {
        if (interval.toMillis() <= 0 || interval.toMillis() % RunningActivity.MINUTE_MS != 0 || maxOpenPartials < 1) {
            throw new IllegalArgumentException("the activity interval must be a positive whole number of minutes and"
                    + " max open partials positive, got " + interval + " and " + maxOpenPartials);
        }
        this.intervalMs = interval.toMillis();
        this.maxOpenPartials = maxOpenPartials;
    }

    @Override
    public void open() throws Exception {
        super.open();
        openPartials = new OpenPartials<>();
        recent = new HashMap<>();
        recentState = getKeyedStateStore().getState(RECENT);
        watermark = Long.MIN_VALUE;
    }

    @Override
    public void processElement(StreamRecord<MonitoredRecord> element) throws Exception {
        MonitoredRecord r = element.getValue();
        boolean newRequest = startsRequest(r);
        long minute = Math.floorDiv(r.timestamp, RunningActivity.MINUTE_MS) * RunningActivity.MINUTE_MS;
        if (closes(minute) <= watermark) {
            OpenMinute alone = new OpenMinute();
            alone.addRow(r, newRequest);
            send(r.endpointId, minute, alone);
            return;
        }
        openPartials.slot(r.endpointId, minute, OpenMinute::new).value.addRow(r, newRequest);
        if (openPartials.size() > maxOpenPartials) {
            openPartials.removeAll(this::send);
        }
        if (recent.size() > maxOpenPartials) {
            writeBackRecent();
            setCurrentKey(r.endpointId);
        }
    }

    /** The watermark that closes the activity interval holding {@code minute}: the interval's last millisecond. */
    private long closes(long minute) {
        return Math.floorDiv(minute, intervalMs) * intervalMs + intervalMs - 1;
    }

    /** Whether the row starts a request, remembering it if so (the current key is the row's endpoint). */
    private boolean startsRequest(MonitoredRecord r) throws Exception {
        if (r.requestId == null) {
            return true;
        }
        RecentRequests seen = recent.get(r.endpointId);
        if (seen == null) {
            seen = recentState.value();
            if (seen == null) {
                seen = new RecentRequests();
            }
            recent.put(r.endpointId, seen);
        }
        if (seen.contains(r.requestId, r.timestamp)) {
            return false;
        }
        seen.add(r.requestId, r.timestamp);
        return true;
    }

    @Override
    public void processWatermark(Watermark mark) throws Exception {
        long upTo = mark.getTimestamp();
        // A minute leaves once the watermark has passed it (its interval may still be open: the activity operator
        // keeps it until the interval closes; a later row of it is another partial), so a long interval holds little.
        openPartials.removeClosed(minute -> minute + RunningActivity.MINUTE_MS - 1 <= upTo, this::send);
        watermark = Math.max(watermark, upTo);
        super.processWatermark(mark);
    }

    /**
     * The input is about to be declared idle: the activity operator then follows its other input's watermark alone,
     * so nothing may stay behind here.
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
        writeBackRecent(); // the checkpoint takes the recent requests from keyed state
        super.prepareSnapshotPreBarrier(checkpointId);
    }

    /**
     * Writes the cached recent requests back to keyed state and forgets them. Clearing matters: the heap backend keeps
     * the written objects by reference, and a later read during an asynchronous snapshot returns a copy, so only
     * objects read after this point are changed in place.
     */
    private void writeBackRecent() throws Exception {
        for (Map.Entry<String, RecentRequests> e : recent.entrySet()) {
            setCurrentKey(e.getKey());
            recentState.update(e.getValue());
        }
        recent.clear();
    }

    @Override
    public void finish() throws Exception {
        openPartials.removeAll(this::send);
        super.finish();
    }

    private void send(String endpoint, long minute, OpenMinute counts) {
        output.collect(new StreamRecord<>(new ActivityPartial(endpoint, minute, counts), minute));
    }
}
