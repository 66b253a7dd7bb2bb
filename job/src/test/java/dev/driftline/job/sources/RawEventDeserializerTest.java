package dev.driftline.job.sources;

import static org.assertj.core.api.Assertions.assertThat;

import dev.driftline.functions.decode.DecodeResult;
import dev.driftline.functions.decode.DecoderSettings;
import dev.driftline.functions.decode.EventTimePeek;
import dev.driftline.functions.model.RawEvent;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.apache.flink.api.common.functions.util.ListCollector;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;

class RawEventDeserializerTest {
    static final long WHEN_MS = Instant.parse("2026-11-26T03:00:00.123Z").toEpochMilli();
    static final String GOOD = "{\"endpoint_id\":\"ep-1\",\"function_uri\":\"fraud/serving\",\"when\":\"2026-11-26 03:00:00.123456\","
            + "\"request\":{\"id\":\"r1\",\"inputs\":[[1,2],[3,4]]},\"resp\":{\"outputs\":[0,1]}}";
    static final String ERROR = "{\"endpoint_id\":\"ep-1\",\"function_uri\":\"fraud/serving\",\"when\":\"2026-11-26 03:00:00.123456\","
            + "\"request\":{\"id\":\"r2\",\"inputs\":[[1,2]]},\"error\":\"RuntimeError: boom\"}";

    private final RawEventDeserializer deserializer = new RawEventDeserializer(DecoderSettings.DEFAULTS);

    private RawEvent read(String value) {
        List<RawEvent> out = new ArrayList<>();
        byte[] bytes = value == null ? null : value.getBytes(StandardCharsets.UTF_8);
        deserializer.deserialize(new ConsumerRecord<>("mlrun-stream", 2, 41L, null, bytes), new ListCollector<>(out));
        assertThat(out).hasSize(1);
        RawEvent e = out.get(0);
        assertThat(e.topic).isEqualTo("mlrun-stream");
        assertThat(e.partition).isEqualTo(2);
        assertThat(e.offset).isEqualTo(41L);
        assertThat(e.value).isSameAs(bytes);
        return e;
    }

    @Test
    void aGoodEventIsDecodedOnceAndStampedWithItsRowsTime() {
        RawEvent e = read(GOOD);
        assertThat(e.decoded.kind()).isEqualTo(DecodeResult.Kind.RECORDS);
        assertThat(e.decoded.records()).hasSize(2).allSatisfy(r -> assertThat(r.timestamp).isEqualTo(WHEN_MS));
        assertThat(e.eventTime).isEqualTo(WHEN_MS);
    }

    @Test
    void aFailedRequestKeepsItsWhenForTheWatermark() {
        RawEvent e = read(ERROR);
        assertThat(e.decoded.kind()).isEqualTo(DecodeResult.Kind.ERROR);
        assertThat(e.eventTime).isEqualTo(WHEN_MS);
    }

    @Test
    void undecodableEventsAreHandedOnWithTheReasonNotThrown() {
        for (String bad : new String[] {null, "", "not json", "{\"endpoint_id\":\"ep-1\",\"when\":\"not a time\"}",
                "[" .repeat(100_000), "{\"when\":\"2026-11-26 03:00:00\",\"request\":{\"inputs\":[[1,2],[3]]}}"}) {
            RawEvent e = read(bad);
            assertThat(e.decoded.kind()).as(String.valueOf(bad).substring(0, Math.min(40, String.valueOf(bad).length())))
                    .isEqualTo(DecodeResult.Kind.FAILURE);
            assertThat(e.decoded.failureReason()).isNotBlank();
            assertThat(e.eventTime).isEqualTo(bad == null ? EventTimePeek.UNKNOWN : EventTimePeek.when(e.value));
        }
    }
}
