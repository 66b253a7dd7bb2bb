package dev.driftline.job.topology;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.driftline.functions.model.DeadLetter;
import dev.driftline.functions.model.MonitoredRecord;
import dev.driftline.functions.window.WindowAccumulator;
import dev.driftline.job.config.DriftlineConfig;
import java.time.Instant;
import java.util.List;
import org.apache.flink.api.common.eventtime.Watermark;
import org.apache.flink.api.common.eventtime.WatermarkGenerator;
import org.apache.flink.api.common.eventtime.WatermarkOutput;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.runtime.testutils.MiniClusterResourceConfiguration;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.apache.flink.util.CloseableIterator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The window operator's own late partials become dead letters with their record count, not a silent drop. */
class EndpointWindowsTest {
    @RegisterExtension
    static final MiniClusterExtension FLINK = new MiniClusterExtension(new MiniClusterResourceConfiguration.Builder()
            .setNumberTaskManagers(1).setNumberSlotsPerTaskManager(1).build());

    private static final long T0 = Instant.parse("2026-11-27T10:00:00Z").toEpochMilli();
    private static final long MINUTE = 60_000L;

    /** A partial of {@code records} rows of endpoint ep-a, all at {@code ts}. */
    static WindowAccumulator partial(long ts, int records) {
        WindowAccumulator a = new WindowAccumulator();
        for (int i = 0; i < records; i++) {
            MonitoredRecord r = new MonitoredRecord();
            r.endpointId = "ep-a";
            r.project = "shop";
            r.requestId = "req-" + ts + "-" + i;
            r.timestamp = ts;
            r.latencyMicros = 1000;
            r.columns = new String[0];
            r.numbers = new double[0];
            r.texts = new String[0];
            r.bins = new int[0];
            r.estimatedPredictionCount = 1;
            r.effectiveSampleCount = -1;
            a.add(r);
        }
        return a;
    }

    /** Each partial moves the watermark to just before its own time: what an input that ran ahead would send. */
    static final class WatermarkAtEachPartial implements WatermarkGenerator<WindowAccumulator> {
        @Override
        public void onEvent(WindowAccumulator partial, long timestamp, WatermarkOutput output) {
            output.emitWatermark(new Watermark(timestamp - 1));
        }

        @Override
        public void onPeriodicEmit(WatermarkOutput output) {}
    }

    @Test
    void aPartialBehindTheWindowOperatorsWatermarkIsDeadLetteredWithItsRecordCount() throws Exception {
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        env.setParallelism(1);
        DataStream<WindowAccumulator> partials = env
                .fromData(TypeInformation.of(WindowAccumulator.class),
                        partial(T0 + MINUTE, 2),        // window [10:00, 10:10)
                        partial(T0 + 12 * MINUTE, 1),   // window [10:10, 10:20): the watermark passes 10:10
                        partial(T0 + 5 * MINUTE, 3))    // window [10:00, 10:10), which has fired: late
                .assignTimestampsAndWatermarks(WatermarkStrategy
                        .<WindowAccumulator>forGenerator(c -> new WatermarkAtEachPartial())
                        .withTimestampAssigner((p, previous) -> p.firstRequest));

        DriftlineTopology.EndpointWindows windows =
                DriftlineTopology.endpointWindows(partials, new DriftlineConfig().windows);

        List<DeadLetter> late;
        try (CloseableIterator<DeadLetter> it = windows.latePartials().executeAndCollect()) {
            late = new java.util.ArrayList<>();
            it.forEachRemaining(late::add);
        }
        assertThat(late).hasSize(1);
        DeadLetter d = late.get(0);
        assertThat(d.reason).startsWith("late records: 3 record(s) of endpoint ep-a with event times "
                + "2026-11-27T10:05:00Z to 2026-11-27T10:05:00Z reached the window operator after their window had fired");
        JsonNode raw = new ObjectMapper().readTree(d.raw);
        assertThat(raw.get("endpoint_id").asText()).isEqualTo("ep-a");
        assertThat(raw.get("records").asLong()).isEqualTo(3);
        assertThat(raw.get("first_timestamp").asText()).isEqualTo("2026-11-27T10:05:00Z");
    }
}
