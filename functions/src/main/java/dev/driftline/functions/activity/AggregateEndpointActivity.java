package dev.driftline.functions.activity;

import dev.driftline.functions.model.EndpointActivity;
import dev.driftline.functions.model.InferenceError;
import java.time.Duration;
import java.util.Iterator;
import java.util.Map;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.MapState;
import org.apache.flink.api.common.state.MapStateDescriptor;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.metrics.Counter;
import org.apache.flink.streaming.api.TimerService;
import org.apache.flink.streaming.api.functions.co.KeyedCoProcessFunction;
import org.apache.flink.util.Collector;

/**
 * The stream function's per-endpoint outputs (spec §5), computed in event time and keyed by endpoint id: one
 * {@link EndpointActivity} per endpoint and epoch-aligned interval {@code [k·interval, (k+1)·interval)} that saw rows
 * or errors, emitted when the watermark reaches the interval's end (a timer at {@code end − 1}, as Flink's windows
 * fire).
 *
 * <ul>
 *   <li>Rows arrive counted per minute by {@link PreAggregateActivity} ({@link ActivityPartial}s). A request
 *       (inference event) counts once, with its latency once, however many rows it has: only an event's first row
 *       starts a request (the decoder marks the others; a null id makes every row a request of its own); that is
 *       decided there. A request without latency ({@code microsec} absent) counts
 *       but adds no latency. An error is a failed request: an invocation and an error, with no latency and no
 *       rows.</li>
 *   <li>Several intervals may be open at once (inputs out of order within the watermark's bound); each is kept apart
 *       as its minutes ({@link OpenMinute}) until its own timer.</li>
 *   <li>Closing an interval folds its minutes into the endpoint's {@link RunningActivity}; the running fields are then
 *       read as of the interval's end, so open later intervals are not in them yet.</li>
 *   <li>An input whose interval end the watermark has already reached is late: it is folded straight into the
 *       running totals and counted in the {@value #LATE_METRIC} metric, and no past interval is emitted again.</li>
 * </ul>
 *
 * <p>State per endpoint is bounded whatever the traffic: the running totals with a 60-minute ring and the open
 * minutes (as many as the out-of-orderness spans). The number of endpoints is bounded too: an endpoint that has had no
 * interval for {@code expiry} (event time) is forgotten, so ids that show up once (a misconfigured producer, endpoints
 * deleted long ago) do not stay in state for ever. Should it come back, its totals ({@code invocation_count},
 * {@code error_count}, {@code first_request}) start again from that interval. Its expiry timer falls on a whole minute;
 * interval timers fall one millisecond before one, which tells them apart. (Checkpoints of earlier versions also hold
 * each endpoint's last few request ids here, {@link #LEGACY_RECENT}; each endpoint's copy is dropped with its first
 * input.) The interval is a whole number of minutes so that every interval end falls on a ring bucket boundary and the
 * 5-minute and 1-hour figures are exact.
 */
public class AggregateEndpointActivity
        extends KeyedCoProcessFunction<String, ActivityPartial, InferenceError, EndpointActivity> {
    private static final long serialVersionUID = 1L;

    /** Counter of inputs that arrived after their interval had closed. */
    public static final String LATE_METRIC = "lateActivity";

    static final long MINUTE_MS = RunningActivity.MINUTE_MS;
    static final int SHORT_SPAN_MINUTES = 5;
    static final int LONG_SPAN_MINUTES = 60;

    /** Open minutes by their start (epoch ms). */
    static final MapStateDescriptor<Long, OpenMinute> OPEN =
            new MapStateDescriptor<>("activity-open-minutes", Types.LONG, TypeInformation.of(OpenMinute.class));
    static final ValueStateDescriptor<RunningActivity> RUNNING =
            new ValueStateDescriptor<>("activity-running", TypeInformation.of(RunningActivity.class));

    /**
     * The last few request ids per endpoint, which earlier versions kept to count a request once; requests are now told
     * apart where rows are counted ({@link PreAggregateActivity}). Declared only to drop restored copies.
     */
    static final ValueStateDescriptor<RecentRequests> LEGACY_RECENT =
            new ValueStateDescriptor<>("activity-recent-requests", TypeInformation.of(RecentRequests.class));

    private final long intervalMs;
    /** 0: endpoints are never forgotten. */
    private final long expiryMs;

    private transient MapState<Long, OpenMinute> open;
    private transient ValueState<RunningActivity> running;
    private transient ValueState<RecentRequests> legacyRecent;
    private transient Counter late;

    /** Endpoints that are never forgotten. @see #AggregateEndpointActivity(Duration, Duration) */
    public AggregateEndpointActivity(Duration interval) {
        this(interval, Duration.ZERO);
    }

    /**
     * @param interval the activity interval, a positive whole number of minutes (e.g. 1 minute)
     * @param expiry how long after its last interval an endpoint is forgotten: a whole number of minutes, at least an
     *     hour (the figures span an hour), or zero for never
     */
    public AggregateEndpointActivity(Duration interval, Duration expiry) {
        long ms = interval.toMillis();
        if (ms <= 0 || ms % MINUTE_MS != 0) {
            throw new IllegalArgumentException("activity interval must be a positive whole number of minutes"
                    + " (the 5-minute and 1-hour figures are kept per minute), got " + interval);
        }
        long expiryMillis = expiry.toMillis();
        if (expiryMillis != 0 && (expiryMillis < LONG_SPAN_MINUTES * MINUTE_MS || expiryMillis % MINUTE_MS != 0)) {
            throw new IllegalArgumentException("activity expiry must be zero or a whole number of minutes of at least"
                    + " an hour, got " + expiry);
        }
        this.intervalMs = ms;
        this.expiryMs = expiryMillis;
    }

    @Override
    public void open(OpenContext openContext) {
        open = getRuntimeContext().getMapState(OPEN);
        running = getRuntimeContext().getState(RUNNING);
        legacyRecent = getRuntimeContext().getState(LEGACY_RECENT);
        late = getRuntimeContext().getMetricGroup().counter(LATE_METRIC);
    }

    @Override
    public void processElement1(ActivityPartial p, Context ctx, Collector<EndpointActivity> out) throws Exception {
        legacyRecent.clear(); // restored from an earlier version's checkpoint, unused since: dropped as endpoints show up
        OpenMinute m = openMinute(p.minute, ctx);
        if (m == null) {
            foldLate(p.minute, p.counts, p.counts.rows, ctx);
            return;
        }
        m.merge(p.counts);
        open.put(p.minute, m);
    }

    @Override
    public void processElement2(InferenceError e, Context ctx, Collector<EndpointActivity> out) throws Exception {
        long minute = Math.floorDiv(e.timestamp, MINUTE_MS) * MINUTE_MS;
        OpenMinute m = openMinute(minute, ctx);
        if (m == null) {
            OpenMinute alone = new OpenMinute();
            alone.addError(e);
            foldLate(minute, alone, 1, ctx);
            return;
        }
        m.addError(e);
        open.put(minute, m);
    }

    /**
     * The open minute starting at {@code minute}, created (with its interval's timer) when new; null when its
     * interval has already closed, i.e. the input is late.
     */
    private OpenMinute openMinute(long minute, Context ctx) throws Exception {
        long intervalEnd = Math.floorDiv(minute, intervalMs) * intervalMs + intervalMs;
        if (intervalEnd - 1 <= ctx.timerService().currentWatermark()) {
            return null;
        }
        // Also late: an interval at or before one already emitted. The watermark alone does not say so after a restore
        // (Flink starts it from nothing), when a replayed input that was late before the failure would re-open its
        // interval and emit it again with that input alone.
        RunningActivity run = running.value();
        if (run != null && intervalEnd <= run.lastIntervalEnd) {
            return null;
        }
        OpenMinute m = open.get(minute);
        if (m == null) {
            m = new OpenMinute();
            ctx.timerService().registerEventTimeTimer(intervalEnd - 1);
        }
        return m;
    }

    /** Folds inputs of an interval that has already closed into the running totals; {@code inputs} are counted late. */
    private void foldLate(long minute, OpenMinute alone, long inputs, Context ctx) throws Exception {
        RunningActivity run = runningOrNew();
        run.fold(minute / MINUTE_MS, alone);
        // an endpoint that only ever sends late inputs is forgotten too
        extendExpiry(run, Math.floorDiv(minute, intervalMs) * intervalMs + intervalMs, ctx.timerService());
        running.update(run);
        late.inc(inputs);
    }

    /**
     * Moves the endpoint's one expiry timer to {@code expiry} after {@code end} (an interval's end) if that is later
     * than where it is. Both are whole minutes, so the timer falls on one.
     */
    private void extendExpiry(RunningActivity run, long end, TimerService timers) {
        if (expiryMs <= 0) {
            return;
        }
        long due = end + expiryMs;
        if (due <= run.expiresAt) {
            return;
        }
        if (run.expiresAt != 0) {
            timers.deleteEventTimeTimer(run.expiresAt);
        }
        timers.registerEventTimeTimer(due);
        run.expiresAt = due;
    }

    @Override
    public void onTimer(long timestamp, OnTimerContext ctx, Collector<EndpointActivity> out) throws Exception {
        if (Math.floorMod(timestamp, MINUTE_MS) == 0) {
            expire(timestamp);
            return;
        }
        long end = timestamp + 1;
        RunningActivity run = runningOrNew();
        EndpointActivity a = new EndpointActivity();
        a.endpointId = ctx.getCurrentKey();
        a.intervalStart = end - intervalMs;
        a.intervalEnd = end;
        double latencySum = 0;
        long latencyCount = 0;
        long metricsTime = Long.MIN_VALUE;
        long projectMinute = Long.MIN_VALUE;
        boolean any = false;
        boolean laterOpen = false;
        // Every open minute before the end belongs to this interval, as earlier intervals' timers fired first. (Had
        // the interval changed across a restore, a stray earlier minute would be reported here rather than lost.)
        for (Iterator<Map.Entry<Long, OpenMinute>> it = open.iterator(); it.hasNext(); ) {
            Map.Entry<Long, OpenMinute> entry = it.next();
            long minute = entry.getKey();
            if (minute >= end) {
                laterOpen = true; // a later interval, still open
                continue;
            }
            OpenMinute m = entry.getValue();
            any = true;
            a.requests += m.requests;
            a.predictions += m.rows;
            a.errors += m.errors;
            latencySum += m.latencySum;
            latencyCount += m.latencyCount;
            a.estimatedPredictionCount += m.estimatedPredictions;
            if (m.customMetrics != null && m.customMetricsTime >= metricsTime) {
                a.customMetrics = m.customMetrics;
                metricsTime = m.customMetricsTime;
            }
            if (m.project != null && minute > projectMinute) {
                a.project = m.project;
                projectMinute = minute;
            }
            run.fold(minute / MINUTE_MS, m);
            it.remove();
        }
        if (!laterOpen) {
            open.clear(); // drops the emptied map itself, so a quiet endpoint keeps only its running state
        }
        if (!any) {
            return;
        }
        a.effectiveSampleCount = a.predictions;
        a.latencyAvgMicros = latencyCount == 0 ? Double.NaN : latencySum / latencyCount;
        if (a.project == null) {
            a.project = run.project;
        }
        long endMinute = end / MINUTE_MS;
        a.firstRequest = run.firstRequest == Long.MAX_VALUE ? 0 : run.firstRequest;
        a.lastRequest = run.lastRequest == Long.MIN_VALUE ? 0 : run.lastRequest;
        a.invocationCount = run.invocationCount;
        a.errorCount = run.errorCount;
        a.latencyAvg5mMicros = run.latencyAvg(endMinute, SHORT_SPAN_MINUTES);
        a.latencyAvg1hMicros = run.latencyAvg(endMinute, LONG_SPAN_MINUTES);
        a.predictionsPerSecond = run.estimatedPredictions(endMinute, SHORT_SPAN_MINUTES) / (SHORT_SPAN_MINUTES * 60.0);
        extendExpiry(run, end, ctx.timerService());
        run.lastIntervalEnd = Math.max(run.lastIntervalEnd, end);
        running.update(run);
        out.collect(a);
    }

    /** Forgets the endpoint, unless its expiry moved or an interval is open (its timer will move the expiry). */
    private void expire(long timestamp) throws Exception {
        RunningActivity run = running.value();
        if (run == null || run.expiresAt != timestamp || !open.isEmpty()) {
            return;
        }
        running.clear();
        legacyRecent.clear();
    }

    private RunningActivity runningOrNew() throws Exception {
        RunningActivity run = running.value();
        return run != null ? run : new RunningActivity();
    }

    /** The late-input counter, for tests. */
    Counter lateActivity() {
        return late;
    }
}
