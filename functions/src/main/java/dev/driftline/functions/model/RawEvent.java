package dev.driftline.functions.model;

/**
 * One Kafka record of the inference stream, undecoded. Decoding happens in a Flink function (not in the
 * deserializer) so that a bad payload becomes a dead letter with its Kafka coordinates instead of a source failure.
 */
public class RawEvent {
    public String topic;
    public int partition;
    public long offset;
    /** Kafka record timestamp (ms); used only in diagnostics, event time comes from the payload's {@code when}. */
    public long kafkaTimestamp;
    public byte[] value;
    /** The payload's {@code when} (epoch ms) as peeked at the source, or Long.MIN_VALUE when it has none. */
    public long eventTime = Long.MIN_VALUE;

    public RawEvent() {}

    public RawEvent(String topic, int partition, long offset, long kafkaTimestamp, byte[] value) {
        this.topic = topic;
        this.partition = partition;
        this.offset = offset;
        this.kafkaTimestamp = kafkaTimestamp;
        this.value = value;
    }
}
