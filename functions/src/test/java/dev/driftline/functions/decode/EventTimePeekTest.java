package dev.driftline.functions.decode;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class EventTimePeekTest {
    private static long peek(String json) {
        return EventTimePeek.when(json.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void readsTheTopLevelWhenWhereverItIs() {
        long expected = Instant.parse("2026-11-26T03:00:00.123456Z").toEpochMilli();
        assertThat(peek("{\"when\": \"2026-11-26 03:00:00.123456\", \"request\": {\"inputs\": [[1, 2]]}}")).isEqualTo(expected);
        assertThat(peek("{\"request\": {\"inputs\": [[1, {\"when\": \"1999-01-01 00:00:00\"}]]}, \"when\": \"2026-11-26T03:00:00.123456Z\"}"))
                .as("a nested 'when' is not the event's").isEqualTo(expected);
    }

    @Test
    void anythingOddIsUnknown() {
        assertThat(peek("{\"endpoint_id\": \"broken")).isEqualTo(EventTimePeek.UNKNOWN);
        assertThat(peek("[1, 2]")).isEqualTo(EventTimePeek.UNKNOWN);
        assertThat(peek("{\"when\": 1764126000}")).isEqualTo(EventTimePeek.UNKNOWN);
        assertThat(peek("{\"when\": \"yesterday\"}")).isEqualTo(EventTimePeek.UNKNOWN);
        assertThat(peek("{\"request\": {}}")).isEqualTo(EventTimePeek.UNKNOWN);
        assertThat(EventTimePeek.when(null)).isEqualTo(EventTimePeek.UNKNOWN);
    }
}
