package dev.driftline.functions.decode;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;

/**
 * Reads only the top-level {@code when} of a serving event, without building the event: enough for the Kafka source to
 * stamp each record and generate watermarks per partition. (Watermarks made after the keyed shuffle would mix
 * partitions that progress at different speeds, and a partition that is behind would find its records late.)
 * Full validation happens in the decoder; here anything odd just yields "unknown".
 */
public final class EventTimePeek {
    /** No usable {@code when}: the record does not move the watermark (it is dead-lettered by the decoder). */
    public static final long UNKNOWN = Long.MIN_VALUE;

    private static final JsonFactory FACTORY = new JsonFactory();

    private EventTimePeek() {}

    public static long when(byte[] payload) {
        if (payload == null || payload.length == 0) {
            return UNKNOWN;
        }
        try (JsonParser p = FACTORY.createParser(payload)) {
            if (p.nextToken() != JsonToken.START_OBJECT) {
                return UNKNOWN;
            }
            JsonToken t;
            while ((t = p.nextToken()) == JsonToken.FIELD_NAME) {
                String field = p.currentName();
                JsonToken value = p.nextToken();
                if ("when".equals(field)) {
                    return value == JsonToken.VALUE_STRING ? WhenTimestamps.epochMillis(p.getText()) : UNKNOWN;
                }
                p.skipChildren();
            }
            return UNKNOWN;
        } catch (Exception e) {
            return UNKNOWN;
        }
    }
}
