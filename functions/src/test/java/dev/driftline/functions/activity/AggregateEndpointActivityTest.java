package dev.driftline.functions.activity;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.driftline.functions.model.EndpointActivity;
import dev.driftline.functions.model.InferenceError;
import dev.driftline.functions.model.MonitoredRecord;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.api.java.functions.KeySelector;
import org.apache.flink.api.java.typeutils.GenericTypeInfo;
import org.apache.flink.api.java.typeutils.PojoTypeInfo;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.PipelineOptions;
import org.apache.flink.runtime.checkpoint.OperatorSubtaskState;
import org.apache.flink.streaming.api.operators.co.KeyedCoProcessOperator;
import org.apache.flink.streaming.api.watermark.Watermark;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;
import org.apache.flink.streaming.util.OneInputStreamOperatorTestHarness;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.streaming.api.operators.KeyedProcessOperator;
import org.apache.flink.util.Collector;
import org.apache.flink.streaming.util.KeyedTwoInputStreamOperatorTestHarness;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The stream function's activity outputs as the topology chains them: {@link PreAggregateActivity} after enrichment
 * counts rows per minute, {@link AggregateEndpointActivity} merges its partials and the failed requests. Each test
 * drives both harnesses, handing the first one's output (partials and watermarks, in order) to the second.
 */
class AggregateEndpointActivityTest {
    private static final long SEC = 1_000;
    private static final long MIN = 60_000;
    private static final long HOUR = 60 * MIN;
    /** On an hour boundary, so minute k of the hour is T0 + k·MIN. */
    private static final long T0 = Instant.parse("2026-11-26T03:00:00Z").toEpochMilli();
    private static final String EP = "ep-churn";
    private static final String EP2 = "ep-fraud";
    private static final KeySelector<MonitoredRecord, String> ROW_ENDPOINT = r -> r.endpointId;
    private static final KeySelector<ActivityPartial, String> PARTIAL_ENDPOINT = p -> p.endpointId;
    private static final KeySelector<InferenceError, String> ERROR_ENDPOINT = e -> e.endpointId;

    private AggregateEndpointActivity function;
    /** Not keyed: the pre-aggregation runs after enrichment, before the shuffle by endpoint. */
    private OneInputStreamOperatorTestHarness<MonitoredRecord, ActivityPartial> preAggregate;
    private KeyedTwoInputStreamOperatorTestHarness<String, ActivityPartial, InferenceError, EndpointActivity> harness;

    /** A checkpoint of both operators. */
    private record Snapshot(OperatorSubtaskState preAggregate, OperatorSubtaskState activity) {}

    @AfterEach
    void close() throws Exception {
        if (preAggregate != null) {
            preAggregate.close();
        }
        if (harness != null) {
            harness.close();
        }
    }

    // ------------------------------------------------------------------------------------------------- fixtures

    private void open(Duration interval) throws Exception {
        open(interval, null);
    }

    /** Harnesses with Kryo disabled: every state type must be serialized as a POJO (or a basic/array type). */
    private void open(Duration interval, Snapshot restoreFrom) throws Exception {
        open(interval, restoreFrom, 10_000);
    }

    private void open(Duration interval, Snapshot restoreFrom, int maxOpenPartials) throws Exception {
        open(interval, restoreFrom, maxOpenPartials, Duration.ZERO);
    }

    private void open(Duration interval, Snapshot restoreFrom, int maxOpenPartials, Duration expiry) throws Exception {
        Configuration noGenericTypes = new Configuration();
        noGenericTypes.set(PipelineOptions.GENERIC_TYPES, false);
        preAggregate = new OneInputStreamOperatorTestHarness<>(new PreAggregateActivity(interval, maxOpenPartials));
        preAggregate.getExecutionConfig().getSerializerConfig().configure(noGenericTypes, getClass().getClassLoader());
        preAggregate.setup();
        function = new AggregateEndpointActivity(interval, expiry);
        harness = new KeyedTwoInputStreamOperatorTestHarness<>(
                new KeyedCoProcessOperator<>(function), PARTIAL_ENDPOINT, ERROR_ENDPOINT, Types.STRING);
        harness.getExecutionConfig().getSerializerConfig().configure(noGenericTypes, getClass().getClassLoader());
        harness.setup();
        if (restoreFrom != null) {
            preAggregate.initializeState(restoreFrom.preAggregate());
            harness.initializeState(restoreFrom.activity());
        }
        preAggregate.open();
        harness.open();
    }

    /** Both operators checkpointed: partials leave before the barrier. */
    private Snapshot checkpoint(long id, long time) throws Exception {
        preAggregate.prepareSnapshotPreBarrier(id);
        handOn();
        return new Snapshot(preAggregate.snapshot(id, time), harness.snapshot(id, time));
    }

    /** Partials handed from the pre-aggregation to the activity operator so far. */
    private int partialsHandedOn;

    /** What the job does: the pre-aggregation's output, in order, crosses (serialized) to the activity operator. */
    @SuppressWarnings("unchecked")
    private void handOn() throws Exception {
        var serializer = TypeInformation.of(ActivityPartial.class).createSerializer(harness.getExecutionConfig().getSerializerConfig());
        for (Object o : new ArrayList<>(preAggregate.getOutput())) {
            if (o instanceof StreamRecord<?> r) {
                partialsHandedOn++;
                harness.processElement1(new StreamRecord<>(serializer.copy(((StreamRecord<ActivityPartial>) r).getValue()), r.getTimestamp()));
            } else if (o instanceof Watermark w) {
                harness.processWatermark1(w);
            }
        }
        preAggregate.getOutput().clear();
    }

    private static MonitoredRecord row(String endpoint, String requestId, long ts, double latencyMicros) {
        MonitoredRecord r = new MonitoredRecord();
        r.endpointId = endpoint;
        r.project = "shop";
        r.requestId = requestId;
        r.timestamp = ts;
        r.latencyMicros = latencyMicros;
        r.estimatedPredictionCount = 1;
        r.effectiveSampleCount = -1;
        return r;
    }

    /**
     * A request of {@code rows} rows, as the decoder sends it: rows sharing id, time and latency, all but the first
     * marked as continuing it.
     */
    private void request(String endpoint, String id, long ts, double latencyMicros, int rows) throws Exception {
        for (int i = 0; i < rows; i++) {
            send(i == 0 ? row(endpoint, id, ts, latencyMicros) : continued(row(endpoint, id, ts, latencyMicros)));
        }
    }

    /** Further rows of a request whose first row was sent before. */
    private void rest(String endpoint, String id, long ts, double latencyMicros, int rows) throws Exception {
        for (int i = 0; i < rows; i++) {
            send(continued(row(endpoint, id, ts, latencyMicros)));
        }
    }

    private static MonitoredRecord continued(MonitoredRecord r) {
        r.continuesRequest = true;
        return r;
    }

    private void request(String id, long ts, double latencyMicros, int rows) throws Exception {
        request(EP, id, ts, latencyMicros, rows);
    }

    private void send(MonitoredRecord r) throws Exception {
        preAggregate.processElement(r, r.timestamp);
        handOn();
    }

    private void error(String endpoint, long ts) throws Exception {
        InferenceError e = new InferenceError();
        e.endpointId = endpoint;
        e.project = "shop";
        e.requestId = "failed-" + ts;
        e.timestamp = ts;
        e.error = "ValueError: bad input";
        e.errorType = "ValueError";
        harness.processElement2(e, ts);
    }

    private List<EndpointActivity> watermark(long time) throws Exception {
        preAggregate.processWatermark(time);
        handOn();
        harness.processWatermark2(new Watermark(time));
        List<EndpointActivity> out = harness.extractOutputValues();
        harness.getOutput().clear();
        return out;
    }

    private long late() {
        return function.lateActivity().getCount();
    }

    // ---------------------------------------------------------------------------------------------------- tests

    @Test
    void anIntervalIsEmittedOnlyWhenTheWatermarkReachesItsEnd() throws Exception {
        open(Duration.ofMinutes(1));
        MonitoredRecord r = row(EP, "req-1", T0 + 10 * SEC, 1500);
        r.customMetrics = "{\"accuracy\":0.93}";
        send(r);

        assertThat(watermark(T0 + 10 * SEC)).isEmpty();
        assertThat(watermark(T0 + MIN - 2)).as("one millisecond before the end").isEmpty();
        List<EndpointActivity> out = watermark(T0 + MIN - 1);

        assertThat(out).hasSize(1);
        EndpointActivity a = out.get(0);
        assertThat(a.endpointId).isEqualTo(EP);
        assertThat(a.project).isEqualTo("shop");
        assertThat(a.intervalStart).isEqualTo(T0);
        assertThat(a.intervalEnd).isEqualTo(T0 + MIN);
        assertThat(a.requests).isEqualTo(1);
        assertThat(a.predictions).isEqualTo(1);
        assertThat(a.errors).isZero();
        assertThat(a.latencyAvgMicros).isEqualTo(1500.0);
        assertThat(a.estimatedPredictionCount).isEqualTo(1.0);
        assertThat(a.effectiveSampleCount).isEqualTo(1);
        assertThat(a.customMetrics).isEqualTo("{\"accuracy\":0.93}");
        assertThat(a.firstRequest).isEqualTo(T0 + 10 * SEC);
        assertThat(a.lastRequest).isEqualTo(T0 + 10 * SEC);
        assertThat(a.invocationCount).isEqualTo(1);
        assertThat(a.errorCount).isZero();
        assertThat(a.latencyAvg5mMicros).isEqualTo(1500.0);
        assertThat(a.latencyAvg1hMicros).isEqualTo(1500.0);
        assertThat(a.predictionsPerSecond).isCloseTo(1.0 / 300, within(1e-12));

        assertThat(watermark(T0 + 10 * MIN)).as("intervals without traffic produce nothing").isEmpty();
        assertThat(harness.numEventTimeTimers()).isZero();
        assertThat(harness.numKeyedStateEntries()).as("running totals only").isEqualTo(1);
    }

    @Test
    void anEndpointQuietForTheExpiryIsForgottenAndStartsAfreshWhenItComesBack() throws Exception {
        open(Duration.ofMinutes(1), null, 10_000, Duration.ofHours(1));
        request("req-1", T0 + 10 * SEC, 1500, 1);
        error(EP, T0 + 20 * SEC);
        assertThat(watermark(T0 + MIN - 1)).extracting(a -> a.invocationCount).containsExactly(2L);
        assertThat(harness.numEventTimeTimers()).as("the expiry timer").isEqualTo(1);

        request("req-2", T0 + 30 * MIN, 1500, 1);
        assertThat(watermark(T0 + 31 * MIN - 1)).extracting(a -> a.invocationCount).containsExactly(3L);
        assertThat(harness.numEventTimeTimers()).as("one expiry timer, moved after the newer interval").isEqualTo(1);

        assertThat(watermark(T0 + MIN + HOUR)).isEmpty();
        assertThat(harness.numKeyedStateEntries()).as("an hour after the first interval: kept").isEqualTo(1);
        assertThat(watermark(T0 + 31 * MIN + HOUR)).isEmpty();
        assertThat(harness.numKeyedStateEntries()).as("an hour after the last: forgotten").isZero();
        assertThat(harness.numEventTimeTimers()).isZero();

        request("req-3", T0 + 2 * HOUR, 900, 1);
        EndpointActivity back = watermark(T0 + 2 * HOUR + MIN - 1).get(0);
        assertThat(back.invocationCount).isEqualTo(1);
        assertThat(back.errorCount).isZero();
        assertThat(back.firstRequest).isEqualTo(T0 + 2 * HOUR);
        assertThat(back.latencyAvg1hMicros).isEqualTo(900.0);
    }

    @Test
    void anEndpointThatOnlySendsLateInputsIsForgottenToo() throws Exception {
        open(Duration.ofMinutes(1), null, 10_000, Duration.ofHours(1));
        assertThat(watermark(T0 + 3 * HOUR)).isEmpty();
        request("req-1", T0 + 10 * SEC, 1500, 1); // hours behind the watermark
        error(EP, T0 + 20 * SEC);
        assertThat(late()).isEqualTo(2);
        assertThat(harness.numKeyedStateEntries()).as("folded into the running totals").isEqualTo(1);
        assertThat(harness.numEventTimeTimers()).as("one expiry timer, already due").isEqualTo(1);

        watermark(T0 + 3 * HOUR + MIN);
        assertThat(harness.numKeyedStateEntries()).isZero();
        assertThat(harness.numEventTimeTimers()).isZero();
    }

    @Test
    void theExpiryIsAWholeNumberOfMinutesOfAtLeastAnHour() {
        assertThatThrownBy(() -> new AggregateEndpointActivity(Duration.ofMinutes(1), Duration.ofMinutes(59)))
                .hasMessageContaining("at least an hour");
        assertThatThrownBy(() -> new AggregateEndpointActivity(Duration.ofMinutes(1), Duration.ofSeconds(3601)))
                .hasMessageContaining("whole number of minutes");
    }

    @Test
    void twoOutOfOrderIntervalsAreKeptApartAndEachReportsTheRunningFiguresAsOfItsEnd() throws Exception {
        open(Duration.ofMinutes(1));
        request("req-b1", T0 + MIN + 5 * SEC, 4000, 2); // the second interval first
        request("req-a1", T0 + 30 * SEC, 1000, 1);
        request("req-b2", T0 + MIN + 50 * SEC, 6000, 1);
        request("req-a2", T0 + 40 * SEC, 2000, 3);
        checkpoint(1, T0); // hands the partials on: both intervals are open in the activity operator
        assertThat(harness.numEventTimeTimers()).isEqualTo(2);

        List<EndpointActivity> first = watermark(T0 + MIN - 1);
        assertThat(first).hasSize(1);
        EndpointActivity a = first.get(0);
        assertThat(a.intervalStart).isEqualTo(T0);
        assertThat(a.requests).isEqualTo(2);
        assertThat(a.predictions).isEqualTo(4);
        assertThat(a.latencyAvgMicros).isEqualTo(1500.0);
        assertThat(a.estimatedPredictionCount).isEqualTo(4.0);
        // the open second interval is not in the running figures yet
        assertThat(a.invocationCount).isEqualTo(2);
        assertThat(a.firstRequest).isEqualTo(T0 + 30 * SEC);
        assertThat(a.lastRequest).isEqualTo(T0 + 40 * SEC);
        assertThat(a.latencyAvg5mMicros).isEqualTo(1500.0);
        assertThat(a.predictionsPerSecond).isCloseTo(4.0 / 300, within(1e-12));

        List<EndpointActivity> second = watermark(T0 + 2 * MIN - 1);
        assertThat(second).hasSize(1);
        EndpointActivity b = second.get(0);
        assertThat(b.intervalStart).isEqualTo(T0 + MIN);
        assertThat(b.intervalEnd).isEqualTo(T0 + 2 * MIN);
        assertThat(b.requests).isEqualTo(2);
        assertThat(b.predictions).isEqualTo(3);
        assertThat(b.latencyAvgMicros).isEqualTo(5000.0);
        assertThat(b.invocationCount).isEqualTo(4);
        assertThat(b.firstRequest).isEqualTo(T0 + 30 * SEC);
        assertThat(b.lastRequest).isEqualTo(T0 + MIN + 50 * SEC);
        assertThat(b.latencyAvg5mMicros).isEqualTo((1000 + 2000 + 4000 + 6000) / 4.0);
        assertThat(b.predictionsPerSecond).isCloseTo(7.0 / 300, within(1e-12));
    }

    @Test
    void aRequestWithManyRowsCountsOnceWithItsLatencyOnce() throws Exception {
        open(Duration.ofMinutes(1));
        request("req-1", T0 + 5 * SEC, 900, 3);
        request("req-2", T0 + 6 * SEC, 100, 1);

        EndpointActivity a = watermark(T0 + MIN - 1).get(0);
        assertThat(a.requests).isEqualTo(2);
        assertThat(a.predictions).isEqualTo(4);
        assertThat(a.effectiveSampleCount).isEqualTo(4);
        assertThat(a.latencyAvgMicros).as("(900 + 100) / 2, not weighted by rows").isEqualTo(500.0);
        assertThat(a.invocationCount).isEqualTo(2);
        assertThat(a.latencyAvg5mMicros).isEqualTo(500.0);
        assertThat(a.latencyAvg1hMicros).isEqualTo(500.0);
    }

    @Test
    void eventsWithoutRequestIdCountOnceEachAndInterleavedRequestsStillCountOnce() throws Exception {
        open(Duration.ofMinutes(1));
        // two requests of the same endpoint whose rows were read interleaved (from two partitions)
        send(row(EP, "req-a", T0 + SEC, 1000));
        send(row(EP, "req-b", T0 + SEC, 3000));
        send(continued(row(EP, "req-a", T0 + SEC, 1000)));
        send(continued(row(EP, "req-b", T0 + SEC, 3000)));
        // no request id: every event is a request, however many rows it has
        send(row(EP, null, T0 + 2 * SEC, 5000));
        send(row(EP, null, T0 + 2 * SEC, 5000));
        request(EP, null, T0 + 5 * SEC, 7000, 3);
        // the same id at another event time is another request
        send(row(EP, "req-a", T0 + 3 * SEC, 2000));
        // no latency (microsec absent): counted as a request, not in the latency mean
        send(row(EP, "req-c", T0 + 4 * SEC, Double.NaN));

        EndpointActivity a = watermark(T0 + MIN - 1).get(0);
        assertThat(a.requests).isEqualTo(7);
        assertThat(a.predictions).isEqualTo(11);
        assertThat(a.latencyAvgMicros).isEqualTo((1000 + 3000 + 5000 + 5000 + 2000 + 7000) / 6.0);
        assertThat(a.invocationCount).isEqualTo(7);
    }

    @Test
    void errorsAreInvocationsAndErrors() throws Exception {
        open(Duration.ofMinutes(1));
        error(EP2, T0 + 3 * SEC);
        request("req-1", T0 + 10 * SEC, 800, 2);
        error(EP, T0 + 20 * SEC);
        error(EP, T0 + 25 * SEC);
        request("req-2", T0 + 30 * SEC, 1200, 1);
        error(EP, T0 + 59 * SEC);

        List<EndpointActivity> out = watermark(T0 + MIN - 1);
        assertThat(out).hasSize(2);
        EndpointActivity a = out.stream().filter(x -> x.endpointId.equals(EP)).findFirst().orElseThrow();
        assertThat(a.requests).isEqualTo(2);
        assertThat(a.errors).isEqualTo(3);
        assertThat(a.predictions).isEqualTo(3);
        assertThat(a.latencyAvgMicros).as("errors carry no latency").isEqualTo(1000.0);
        assertThat(a.invocationCount).isEqualTo(5);
        assertThat(a.errorCount).isEqualTo(3);
        assertThat(a.lastRequest).as("a failed request is not a request served").isEqualTo(T0 + 30 * SEC);

        EndpointActivity onlyErrors = out.stream().filter(x -> x.endpointId.equals(EP2)).findFirst().orElseThrow();
        assertThat(onlyErrors.project).isEqualTo("shop");
        assertThat(onlyErrors.requests).isZero();
        assertThat(onlyErrors.predictions).isZero();
        assertThat(onlyErrors.errors).isEqualTo(1);
        assertThat(onlyErrors.latencyAvgMicros).isNaN();
        assertThat(onlyErrors.invocationCount).isEqualTo(1);
        assertThat(onlyErrors.errorCount).isEqualTo(1);
        assertThat(onlyErrors.firstRequest).isZero();
        assertThat(onlyErrors.lastRequest).isZero();
        assertThat(onlyErrors.latencyAvg5mMicros).isNaN();
        assertThat(onlyErrors.latencyAvg1hMicros).isNaN();
        assertThat(onlyErrors.predictionsPerSecond).isZero();
    }

    @Test
    void fiveMinuteAndOneHourFiguresAcrossIntervals() throws Exception {
        open(Duration.ofMinutes(1));
        // minute: requests (latency µs × rows)
        request("m0", T0 + 10 * SEC, 1000, 2);               // 0: 1000 ×2
        request("m3", T0 + 3 * MIN + 10 * SEC, 2000, 1);     // 3: 2000 ×1
        request("m6a", T0 + 6 * MIN + 10 * SEC, 3000, 1);    // 6: 3000 ×1, 5000 ×1
        request("m6b", T0 + 6 * MIN + 20 * SEC, 5000, 1);
        request("m8", T0 + 8 * MIN + 10 * SEC, 4000, 4);     // 8: 4000 ×4
        request("m12", T0 + 12 * MIN + 10 * SEC, 6000, 1);   // 12: 6000 ×1
        request("m70", T0 + 70 * MIN + 10 * SEC, 10000, 1); // 70: 10000 ×1

        List<EndpointActivity> out = watermark(T0 + 2 * 60 * MIN);
        assertThat(out).extracting(a -> (a.intervalStart - T0) / MIN).containsExactly(0L, 3L, 6L, 8L, 12L, 70L);
        assertThat(out).extracting(a -> a.invocationCount).containsExactly(1L, 2L, 4L, 5L, 6L, 7L);

        // end 1: 5 min = 1h = minute 0
        assertFigures(out.get(0), 1000, 1000, 2);
        // end 4: minutes -1..3 / whole hour: 1000, 2000
        assertFigures(out.get(1), 1500, 1500, 3);
        // end 7: 5 min = minutes 2..6: 2000, 3000, 5000 (3 predictions); 1h adds minute 0's 1000
        assertFigures(out.get(2), 10000.0 / 3, 2750, 3);
        // end 9: 5 min = minutes 4..8: 3000, 5000, 4000 (2 + 4 predictions); 1h: all five requests so far
        assertFigures(out.get(3), 4000, 3000, 6);
        // end 13: 5 min = minutes 8..12: 4000, 6000 (4 + 1 predictions); 1h: all six
        assertFigures(out.get(4), 5000, 3500, 5);
        // end 71: 5 min = minutes 66..70: 10000; 1h = minutes 11..70: 6000, 10000 (minutes 0..8 have left the hour)
        assertFigures(out.get(5), 10000, 8000, 1);
        assertThat(out.get(5).firstRequest).isEqualTo(T0 + 10 * SEC);
        assertThat(out.get(5).lastRequest).isEqualTo(T0 + 70 * MIN + 10 * SEC);
        assertThat(harness.numKeyedStateEntries()).as("bounded: nothing open is left").isEqualTo(1);
    }

    private static void assertFigures(EndpointActivity a, double avg5m, double avg1h, double predictions5m) {
        assertThat(a.latencyAvg5mMicros).as("5-minute latency ending %d", a.intervalEnd).isCloseTo(avg5m, within(1e-9));
        assertThat(a.latencyAvg1hMicros).as("1-hour latency ending %d", a.intervalEnd).isCloseTo(avg1h, within(1e-9));
        assertThat(a.predictionsPerSecond).as("predictions/s ending %d", a.intervalEnd)
                .isCloseTo(predictions5m / 300, within(1e-12));
    }

    @Test
    void samplingEstimatesPredictionsBeyondTheRowsReceived() throws Exception {
        open(Duration.ofMinutes(1));
        // sampling_percentage 25, effective_sample_count 2, two rows: 2 × 100 / 25 = 8 predictions, 4 per row
        for (int i = 0; i < 2; i++) {
            MonitoredRecord r = row(EP, "sampled-25", T0 + SEC, 700);
            r.continuesRequest = i > 0;
            r.effectiveSampleCount = 2;
            r.estimatedPredictionCount = 4;
            send(r);
        }
        // sampling_percentage 50, one row: 2 predictions
        MonitoredRecord r = row(EP, "sampled-50", T0 + 2 * SEC, 300);
        r.effectiveSampleCount = 1;
        r.estimatedPredictionCount = 2;
        send(r);

        EndpointActivity a = watermark(T0 + MIN - 1).get(0);
        assertThat(a.predictions).isEqualTo(3);
        assertThat(a.effectiveSampleCount).isEqualTo(3);
        assertThat(a.estimatedPredictionCount).isEqualTo(10.0);
        assertThat(a.requests).isEqualTo(2);
        assertThat(a.predictionsPerSecond).isCloseTo(10.0 / 300, within(1e-12));
    }

    @Test
    void aLongerIntervalSumsItsMinutesAndKeepsTheLatestCustomMetrics() throws Exception {
        open(Duration.ofMinutes(5));
        MonitoredRecord later = row(EP, "req-late-in-interval", T0 + 4 * MIN, 3000);
        later.customMetrics = "{\"f1\":0.8}";
        send(later);
        MonitoredRecord earlier = row(EP, "req-early", T0 + MIN, 1000);
        earlier.customMetrics = "{\"f1\":0.5}";
        send(earlier);
        request("req-mid", T0 + 2 * MIN, 2000, 2);
        request("req-next", T0 + 5 * MIN, 9000, 1); // the next interval

        assertThat(watermark(T0 + 4 * MIN)).isEmpty();
        List<EndpointActivity> out = watermark(T0 + 5 * MIN - 1);
        assertThat(out).hasSize(1);
        EndpointActivity a = out.get(0);
        assertThat(a.intervalStart).isEqualTo(T0);
        assertThat(a.intervalEnd).isEqualTo(T0 + 5 * MIN);
        assertThat(a.requests).isEqualTo(3);
        assertThat(a.predictions).isEqualTo(4);
        assertThat(a.latencyAvgMicros).isEqualTo(2000.0);
        assertThat(a.customMetrics).as("the latest in event time, though it arrived first").isEqualTo("{\"f1\":0.8}");
        assertThat(a.invocationCount).isEqualTo(3);
        assertThat(a.latencyAvg5mMicros).isEqualTo(2000.0);
        assertThat(a.predictionsPerSecond).isCloseTo(4.0 / 300, within(1e-12));
        assertThat(a.lastRequest).isEqualTo(T0 + 4 * MIN);
    }

    @Test
    void lateInputIsFoldedIntoTheRunningTotalsAndCountedButNotEmitted() throws Exception {
        open(Duration.ofMinutes(1));
        send(row(EP, "req-1", T0 + 10 * SEC, 1000)); // the first of its two rows
        List<EndpointActivity> first = watermark(T0 + MIN - 1);
        assertThat(first).hasSize(1);
        assertThat(first.get(0).predictions).isEqualTo(1);
        assertThat(late()).isZero();

        send(continued(row(EP, "req-1", T0 + 10 * SEC, 1000))); // its second row, now late: not another request
        request("req-2", T0 + 20 * SEC, 3000, 2);
        error(EP, T0 + 30 * SEC);
        request("req-0", T0 - 3 * MIN + SEC, 500, 1); // an interval that never had traffic: late all the same
        assertThat(harness.extractOutputValues()).as("a past interval is not emitted again").isEmpty();
        assertThat(late()).isEqualTo(5);
        assertThat(harness.numEventTimeTimers()).isZero();

        request("req-3", T0 + MIN + 10 * SEC, 2000, 1);
        List<EndpointActivity> second = watermark(T0 + 2 * MIN - 1);
        assertThat(second).hasSize(1);
        EndpointActivity a = second.get(0);
        // the interval's own fields: only what arrived in time
        assertThat(a.intervalStart).isEqualTo(T0 + MIN);
        assertThat(a.requests).isEqualTo(1);
        assertThat(a.predictions).isEqualTo(1);
        assertThat(a.errors).isZero();
        assertThat(a.latencyAvgMicros).isEqualTo(2000.0);
        // the running fields: everything, late input included
        assertThat(a.invocationCount).as("req-1, req-2, the error, req-0, req-3").isEqualTo(5);
        assertThat(a.errorCount).isEqualTo(1);
        assertThat(a.firstRequest).isEqualTo(T0 - 3 * MIN + SEC);
        assertThat(a.lastRequest).isEqualTo(T0 + MIN + 10 * SEC);
        // minutes -3..1: latencies 500, 1000, 3000, 2000; predictions 1 + (2 + 2) + 1
        assertThat(a.latencyAvg5mMicros).isEqualTo(1625.0);
        assertThat(a.latencyAvg1hMicros).isEqualTo(1625.0);
        assertThat(a.predictionsPerSecond).isCloseTo(6.0 / 300, within(1e-12));
        assertThat(late()).isEqualTo(5);
    }

    @Test
    void aRestoredSnapshotContinuesTheRunningTotalsAndTheOpenIntervals() throws Exception {
        open(Duration.ofMinutes(1));
        request("req-1", T0 + 10 * SEC, 1000, 1);
        error(EP, T0 + 20 * SEC);
        assertThat(watermark(T0 + MIN - 1)).hasSize(1);
        request("req-2", T0 + MIN + 10 * SEC, 3000, 1); // the first of three rows; the interval stays open
        Snapshot snapshot = checkpoint(1L, T0 + MIN);
        close();

        open(Duration.ofMinutes(1), snapshot);
        assertThat(harness.numEventTimeTimers()).isEqualTo(1);
        rest(EP, "req-2", T0 + MIN + 10 * SEC, 3000, 2); // the rest of req-2: still one request
        error(EP, T0 + MIN + 30 * SEC);
        List<EndpointActivity> out = watermark(T0 + 2 * MIN - 1);

        assertThat(out).hasSize(1);
        EndpointActivity a = out.get(0);
        assertThat(a.intervalStart).isEqualTo(T0 + MIN);
        assertThat(a.requests).isEqualTo(1);
        assertThat(a.predictions).isEqualTo(3);
        assertThat(a.errors).isEqualTo(1);
        assertThat(a.latencyAvgMicros).isEqualTo(3000.0);
        assertThat(a.invocationCount).isEqualTo(4);
        assertThat(a.errorCount).isEqualTo(2);
        assertThat(a.firstRequest).isEqualTo(T0 + 10 * SEC);
        assertThat(a.lastRequest).isEqualTo(T0 + MIN + 10 * SEC);
        assertThat(a.latencyAvg5mMicros).isEqualTo(2000.0);
        assertThat(a.predictionsPerSecond).isCloseTo(4.0 / 300, within(1e-12));
    }

    /** Flink starts the watermark from nothing after a restore; an input replayed then is still late. */
    @Test
    void anInputOfAnIntervalEmittedBeforeARestoreIsLateAfterIt() throws Exception {
        open(Duration.ofMinutes(1));
        request("req-1", T0 + 10 * SEC, 1000, 1);
        assertThat(watermark(T0 + MIN - 1)).hasSize(1);
        Snapshot snapshot = checkpoint(1L, T0 + MIN);
        close();

        open(Duration.ofMinutes(1), snapshot);
        request("req-2", T0 + 20 * SEC, 3000, 1); // late before the failure, replayed after it
        error(EP, T0 + 30 * SEC);
        request("req-3", T0 + MIN + 10 * SEC, 2000, 1);
        checkpoint(2L, T0 + MIN); // hands the partials on
        assertThat(late()).isEqualTo(2);
        assertThat(harness.numEventTimeTimers()).as("only the next interval's").isEqualTo(1);

        List<EndpointActivity> out = watermark(T0 + 2 * MIN - 1);
        assertThat(out).as("the first interval is not emitted again").hasSize(1);
        assertThat(out.get(0).intervalStart).isEqualTo(T0 + MIN);
        assertThat(out.get(0).requests).isEqualTo(1);
        assertThat(out.get(0).invocationCount).as("the late ones are in the totals").isEqualTo(4);
        assertThat(out.get(0).errorCount).isEqualTo(1);
    }

    @Test
    void endpointsAreKeptApart() throws Exception {
        open(Duration.ofMinutes(1));
        request(EP, "req-1", T0 + 10 * SEC, 1000, 2);
        request(EP2, "req-1", T0 + 10 * SEC, 7000, 1); // the same request id and time on another endpoint
        request(EP2, "req-2", T0 + 50 * SEC, 9000, 1);
        error(EP2, T0 + 55 * SEC);

        List<EndpointActivity> out = watermark(T0 + MIN - 1);
        assertThat(out).hasSize(2);
        EndpointActivity one = out.stream().filter(x -> x.endpointId.equals(EP)).findFirst().orElseThrow();
        EndpointActivity two = out.stream().filter(x -> x.endpointId.equals(EP2)).findFirst().orElseThrow();
        assertThat(one.requests).isEqualTo(1);
        assertThat(one.predictions).isEqualTo(2);
        assertThat(one.errors).isZero();
        assertThat(one.latencyAvgMicros).isEqualTo(1000.0);
        assertThat(one.invocationCount).isEqualTo(1);
        assertThat(one.lastRequest).isEqualTo(T0 + 10 * SEC);
        assertThat(two.requests).isEqualTo(2);
        assertThat(two.predictions).isEqualTo(2);
        assertThat(two.errors).isEqualTo(1);
        assertThat(two.latencyAvgMicros).isEqualTo(8000.0);
        assertThat(two.invocationCount).isEqualTo(3);
        assertThat(two.errorCount).isEqualTo(1);
        assertThat(two.lastRequest).isEqualTo(T0 + 50 * SEC);
        assertThat(two.latencyAvg1hMicros).isEqualTo(8000.0);
    }

    /** Rows cross to the activity operator counted per endpoint and minute, not one by one. */
    @Test
    void rowsOfAMinuteCrossAsOnePartialPerEndpoint() throws Exception {
        open(Duration.ofMinutes(1));
        for (int i = 0; i < 100; i++) {
            request(EP, "req-" + i, T0 + i * 100, 1000 + i, 2);
            request(EP2, "other-" + i, T0 + 30 * SEC + i, 500, 1);
        }
        assertThat(partialsHandedOn).as("nothing crosses before the interval closes").isZero();
        List<EndpointActivity> out = watermark(T0 + MIN - 1);
        assertThat(partialsHandedOn).isEqualTo(2);
        EndpointActivity one = out.stream().filter(x -> x.endpointId.equals(EP)).findFirst().orElseThrow();
        assertThat(one.requests).isEqualTo(100);
        assertThat(one.predictions).isEqualTo(200);
        assertThat(one.latencyAvgMicros).isEqualTo(1049.5);
        assertThat(one.firstRequest).isEqualTo(T0);
        assertThat(one.lastRequest).isEqualTo(T0 + 99 * 100);
        EndpointActivity two = out.stream().filter(x -> x.endpointId.equals(EP2)).findFirst().orElseThrow();
        assertThat(two.requests).isEqualTo(100);
        assertThat(two.predictions).isEqualTo(100);
    }

    /** Requests whose rows straddle a checkpoint and a restore (as unaligned checkpoints allow) count once. */
    @Test
    void requestsOfSeveralEndpointsStraddlingARestoreCountOnce() throws Exception {
        open(Duration.ofMinutes(1));
        request(EP, "req-a", T0 + 10 * SEC, 1000, 1);
        request(EP2, "req-b", T0 + 20 * SEC, 2000, 1);
        Snapshot snapshot = checkpoint(1L, T0);
        close();

        open(Duration.ofMinutes(1), snapshot);
        rest(EP2, "req-b", T0 + 20 * SEC, 2000, 2);
        rest(EP, "req-a", T0 + 10 * SEC, 1000, 2);
        List<EndpointActivity> out = watermark(T0 + MIN - 1);
        assertThat(out).hasSize(2).allSatisfy(a -> {
            assertThat(a.requests).as(a.endpointId).isEqualTo(1);
            assertThat(a.predictions).as(a.endpointId).isEqualTo(3);
        });
    }

    /**
     * Checkpoints of earlier versions hold the keyed pre-aggregation's recent requests: they restore into the
     * pre-aggregation, which is no longer keyed and leaves them behind.
     */
    @Test
    void aCheckpointOfTheKeyedPreAggregationStillRestores() throws Exception {
        Snapshot earlier;
        try (var keyed = new KeyedOneInputStreamOperatorTestHarness<>(
                new KeyedProcessOperator<>(new KeyedProcessFunction<String, MonitoredRecord, ActivityPartial>() {
                    @Override
                    public void processElement(MonitoredRecord r, Context ctx, Collector<ActivityPartial> out) throws Exception {
                        RecentRequests recent = new RecentRequests();
                        recent.ids[0] = r.requestId;
                        recent.times[0] = r.timestamp;
                        getRuntimeContext().getState(AggregateEndpointActivity.LEGACY_RECENT).update(recent);
                    }
                }), ROW_ENDPOINT, Types.STRING)) {
            keyed.open();
            keyed.processElement(row(EP, "req-a", T0 + 10 * SEC, 1000), T0 + 10 * SEC);
            earlier = new Snapshot(keyed.snapshot(1L, T0), null);
            assertThat(earlier.preAggregate().getManagedKeyedState()).isNotEmpty();
        }

        open(Duration.ofMinutes(1), new Snapshot(earlier.preAggregate(), OperatorSubtaskState.builder().build()));
        request(EP, "req-b", T0 + 20 * SEC, 2000, 2);
        EndpointActivity a = watermark(T0 + MIN - 1).get(0);
        assertThat(a.requests).isEqualTo(1);
        assertThat(a.predictions).isEqualTo(2);
        assertThat(preAggregate.getOperator().getKeyedStateBackend()).isNull();
    }

    /** Over the cap, every partial is handed on at once; the figures are the same. */
    @Test
    void moreOpenPartialsThanAllowedAreHandedOnEarlyWithTheSameFigures() throws Exception {
        open(Duration.ofMinutes(1), null, 1);
        request(EP, "req-1", T0 + 10 * SEC, 1000, 2);
        request(EP2, "req-2", T0 + 20 * SEC, 3000, 1); // a second open partial: over the cap of one
        assertThat(partialsHandedOn).isEqualTo(2);
        request(EP, "req-3", T0 + 30 * SEC, 2000, 1);
        List<EndpointActivity> out = watermark(T0 + MIN - 1);
        EndpointActivity one = out.stream().filter(x -> x.endpointId.equals(EP)).findFirst().orElseThrow();
        assertThat(one.requests).isEqualTo(2);
        assertThat(one.predictions).isEqualTo(3);
        assertThat(one.latencyAvgMicros).isEqualTo(1500.0);
    }

    /** Before the rows' input is declared idle, nothing stays behind (the operator then follows the errors alone). */
    @Test
    void partialsLeaveBeforeTheRowsInputGoesIdle() throws Exception {
        open(Duration.ofMinutes(1));
        request(EP, "req-1", T0 + 10 * SEC, 1000, 1);
        preAggregate.processWatermarkStatus(org.apache.flink.streaming.runtime.watermarkstatus.WatermarkStatus.IDLE);
        handOn();
        assertThat(partialsHandedOn).isEqualTo(1);
    }

    /** A later partial's project and custom metrics win as a later row's would; ties in event time go to arrival. */
    @Test
    void mergingAMinuteTakesTheLaterProjectAndTheLatestCustomMetrics() {
        OpenMinute earlier = new OpenMinute();
        MonitoredRecord a = row(EP, "a", T0 + 5 * SEC, 1000);
        a.customMetrics = "{\"f1\":0.5}";
        earlier.addRow(a, true);
        OpenMinute later = new OpenMinute();
        MonitoredRecord b = row(EP, "b", T0 + 5 * SEC, 3000); // same event time: the later arrival wins
        b.project = "other";
        b.customMetrics = "{\"f1\":0.7}";
        later.addRow(b, true);
        MonitoredRecord c = row(EP, "c", T0 + SEC, 2000); // older, its metrics lose; it names no project
        c.customMetrics = "{\"f1\":0.1}";
        c.project = null;
        later.addRow(c, true);

        earlier.merge(later);
        assertThat(earlier.project).as("the latest input that named one").isEqualTo("other");
        assertThat(earlier.customMetrics).isEqualTo("{\"f1\":0.7}");
        assertThat(earlier.requests).isEqualTo(3);
        assertThat(earlier.latencySum / earlier.latencyCount).isEqualTo(2000.0);
        assertThat(earlier.firstRequest).isEqualTo(T0 + SEC);
        assertThat(earlier.lastRequest).isEqualTo(T0 + 5 * SEC);
    }

    @Test
    void stateTypesAreFlinkPojos() {
        for (Class<?> type : List.of(OpenMinute.class, RunningActivity.class, RecentRequests.class, EndpointActivity.class,
                ActivityPartial.class)) {
            TypeInformation<?> info = TypeInformation.of(type);
            assertThat(info).as(type.getSimpleName()).isInstanceOf(PojoTypeInfo.class);
            PojoTypeInfo<?> pojo = (PojoTypeInfo<?>) info;
            for (int i = 0; i < pojo.getArity(); i++) {
                assertThat(pojo.getPojoFieldAt(i).getTypeInformation())
                        .as("%s.%s", type.getSimpleName(), pojo.getPojoFieldAt(i).getField().getName())
                        .isNotInstanceOf(GenericTypeInfo.class);
            }
        }
    }

    @Test
    void theIntervalIsAWholeNumberOfMinutes() {
        assertThatThrownBy(() -> new AggregateEndpointActivity(Duration.ofSeconds(30)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("whole number of minutes");
        assertThatThrownBy(() -> new AggregateEndpointActivity(Duration.ZERO)).isInstanceOf(IllegalArgumentException.class);
        assertThat(new AggregateEndpointActivity(Duration.ofMinutes(10))).isNotNull();
    }
}
