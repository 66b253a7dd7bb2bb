package dev.driftline.functions.model;

/** An input that could not be monitored, with the reason and where it came from: {@code {reason, raw, topic, partition, offset, time}}. */
public class DeadLetter {
    /** Raw payloads are kept up to this many characters so a huge bad event cannot blow up the dead-letter topic. */
    public static final int MAX_RAW_CHARS = 64 * 1024;

    public String reason;
    public String raw;
    public String topic;
    public int partition;
    public long offset;
    /** Processing time (epoch ms) when the event was rejected. */
    public long time;

    public DeadLetter() {}

    public DeadLetter(String reason, String raw, String topic, int partition, long offset, long time) {
        this.reason = reason;
        this.raw = raw != null && raw.length() > MAX_RAW_CHARS ? raw.substring(0, MAX_RAW_CHARS) : raw;
        this.topic = topic;
        this.partition = partition;
        this.offset = offset;
        this.time = time;
    }

    public static DeadLetter of(String reason, RawEvent event, long now) {
        String raw = event.value == null ? null : new String(event.value, java.nio.charset.StandardCharsets.UTF_8);
        return new DeadLetter(reason, raw, event.topic, event.partition, event.offset, now);
    }
}
