package dev.driftline.functions.window;

import static org.assertj.core.api.Assertions.assertThat;

import dev.driftline.functions.activity.PreAggregateActivity;
import dev.driftline.functions.model.MonitoredRecord;
import dev.driftline.functions.model.MonitoredRecordSerializer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.flink.streaming.util.OneInputStreamOperatorTestHarness;
import org.apache.flink.util.OutputTag;
import org.junit.jupiter.api.Test;

/**
 * Copies of an enriched record between chained operators share its arrays and labels
 * ({@link MonitoredRecordSerializer}); that is only sound while every consumer leaves them as they came. This runs
 * records through both pre-aggregations (windows closed, partials handed on, a checkpoint taken) and compares.
 */
class RecordsStayUnchangedTest {
    static final OutputTag<MonitoredRecord> LATE = new OutputTag<>("late") {};

    @Test
    void thePreAggregationsLeaveTheRecordsTheyReceiveAsTheyCame() throws Exception {
        List<MonitoredRecord> records = new ArrayList<>();
        for (int i = 0; i < 200; i++) {
            MonitoredRecord r = Records.churn(60_000L * (i / 50) + i, i % 7 == 0 ? Double.NaN : i, i % 3 == 0 ? null : "plan-" + (i % 5),
                    i % 4, (i % 10) / 10.0);
            r.labels = i % 2 == 0 ? Map.of("team", "t" + i) : null;
            records.add(r);
        }
        records.add(Records.churn(10, 1, "late", 1, 0.5)); // late by then: goes to the side output as it is
        List<MonitoredRecord> before = records.stream().map(RecordsStayUnchangedTest::deepCopy).toList();

        try (var windows = new OneInputStreamOperatorTestHarness<>(
                new PreAggregateWindows(Duration.ofMinutes(1), Duration.ZERO, 3, LATE));
             var activity = new OneInputStreamOperatorTestHarness<>(new PreAggregateActivity(Duration.ofMinutes(1), 3))) {
            windows.open();
            activity.open();
            long checkpoint = 1;
            for (MonitoredRecord r : records) {
                windows.processElement(r, r.timestamp);
                activity.processElement(r, r.timestamp);
                if (r.timestamp % 50 == 0) {
                    windows.processWatermark(r.timestamp - 1);
                    activity.processWatermark(r.timestamp - 1);
                    windows.prepareSnapshotPreBarrier(checkpoint);
                    activity.prepareSnapshotPreBarrier(checkpoint);
                    activity.snapshot(checkpoint, checkpoint);
                    checkpoint++;
                }
            }
            windows.processWatermark(Long.MAX_VALUE);
            activity.processWatermark(Long.MAX_VALUE);
            assertThat(windows.extractOutputValues()).isNotEmpty();
            assertThat(windows.getSideOutput(LATE)).hasSize(1);
        }
        for (int i = 0; i < records.size(); i++) {
            assertThat(records.get(i)).as("record %d", i).usingRecursiveComparison()
                    .withEqualsForType(Double::equals, Double.class).isEqualTo(before.get(i)); // NaN equals NaN
        }
    }

    /** An independent copy of everything a record refers to (the serializer's copy would share the arrays). */
    static MonitoredRecord deepCopy(MonitoredRecord r) {
        MonitoredRecord c = MonitoredRecordSerializer.INSTANCE.copy(r);
        c.columns = r.columns.clone();
        c.numbers = r.numbers.clone();
        c.texts = r.texts.clone();
        c.bins = r.bins.clone();
        c.labels = r.labels == null ? null : new java.util.HashMap<>(r.labels);
        return c;
    }
}
