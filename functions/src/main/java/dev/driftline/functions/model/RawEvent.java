package dev.driftline.functions.model;

import dev.driftline.functions.decode.DecodeResult;
import org.apache.flink.api.common.typeinfo.TypeInfo;

/**
 * One Kafka record of the inference stream. The source decodes it once, for its event time, and hands the result on
 * in {@link #decoded}; the decode function turns that into records, a failed request or a dead letter with the Kafka
 * coordinates (a bad payload must never fail the source).
 */
@TypeInfo(RawEventSerializer.Factory.class)
public class RawEvent {
    public String topic;
    public int partition;
    public long offset;
    /** Kafka record timestamp (ms); used only in diagnostics, event time comes from the payload's {@code when}. */
    public long kafkaTimestamp;
    public byte[] value;
    /** The payload's {@code when} (epoch ms) as read at the source, or Long.MIN_VALUE when it has none. */
    public long eventTime = Long.MIN_VALUE;
    /**
     * The payload decoded at the source, or null (then the decode function decodes it). Not part of the wire form: it
     * travels only by reference between chained operators, and nothing changes it once made.
     */
    public transient DecodeResult decoded;

    public RawEvent() {}

    public RawEvent(String topic, int partition, long offset, long kafkaTimestamp, byte[] value) {
        this.topic = topic;
        this.partition = partition;
        this.offset = offset;
        this.kafkaTimestamp = kafkaTimestamp;
        this.value = value;
    }
}
