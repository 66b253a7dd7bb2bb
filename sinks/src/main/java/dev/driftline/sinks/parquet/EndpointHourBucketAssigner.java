package dev.driftline.sinks.parquet;

import dev.driftline.functions.model.MonitoredRecord;
import java.io.Serializable;
import java.nio.charset.StandardCharsets;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.Objects;
import org.apache.flink.core.io.SimpleVersionedSerializer;
import org.apache.flink.streaming.api.functions.sink.filesystem.BucketAssigner;
import org.apache.flink.streaming.api.functions.sink.filesystem.bucketassigners.SimpleVersionedStringSerializer;

/**
 * Buckets elements as MLRun partitions its offline store: {@code key=<endpoint_id>/year=YYYY/month=MM/day=DD/hour=HH}
 * (UTC, from the element's own event time, never the processing time). The endpoint id is made path-safe: every byte
 * of its UTF-8 form outside {@code [A-Za-z0-9._-]} is percent-encoded ({@code %2F} for '/', {@code %20} for ' ', ...),
 * so no id can leave its directory or add levels; a null id becomes the empty string.
 */
public class EndpointHourBucketAssigner<T> implements BucketAssigner<T, String> {
    private static final long serialVersionUID = 1L;
    private static final char[] HEX = "0123456789ABCDEF".toCharArray();

    /** The endpoint id of an element. */
    @FunctionalInterface
    public interface EndpointOf<T> extends Serializable {
        String endpointId(T element);
    }

    /** The event time of an element, epoch ms. */
    @FunctionalInterface
    public interface TimeOf<T> extends Serializable {
        long epochMillis(T element);
    }

    private final EndpointOf<T> endpointOf;
    private final TimeOf<T> timeOf;

    public EndpointHourBucketAssigner(EndpointOf<T> endpointOf, TimeOf<T> timeOf) {
        this.endpointOf = Objects.requireNonNull(endpointOf, "endpointOf");
        this.timeOf = Objects.requireNonNull(timeOf, "timeOf");
    }

    /** Records by their event time. */
    public static EndpointHourBucketAssigner<MonitoredRecord> forRecords() {
        return new EndpointHourBucketAssigner<>(r -> r.endpointId, r -> r.timestamp);
    }

    @Override
    public String getBucketId(T element, Context context) {
        return bucketId(endpointOf.endpointId(element), timeOf.epochMillis(element));
    }

    @Override
    public SimpleVersionedSerializer<String> getSerializer() {
        return SimpleVersionedStringSerializer.INSTANCE;
    }

    /** {@code key=<escaped id>/year=YYYY/month=MM/day=DD/hour=HH} for an id and an epoch-ms time (UTC). */
    public static String bucketId(String endpointId, long epochMillis) {
        StringBuilder sb = new StringBuilder(64);
        sb.append("key=").append(escape(endpointId)).append('/');
        appendHour(sb, epochMillis);
        return sb.toString();
    }

    /** Appends {@code year=YYYY/month=MM/day=DD/hour=HH} of an epoch-ms time (UTC). */
    static void appendHour(StringBuilder sb, long epochMillis) {
        LocalDateTime t = LocalDateTime.ofEpochSecond(Math.floorDiv(epochMillis, 1000L), 0, ZoneOffset.UTC);
        sb.append("year=");
        pad(sb, t.getYear(), 4);
        sb.append("/month=");
        pad(sb, t.getMonthValue(), 2);
        sb.append("/day=");
        pad(sb, t.getDayOfMonth(), 2);
        sb.append("/hour=");
        pad(sb, t.getHour(), 2);
    }

    /** Percent-encodes (upper-case hex, UTF-8 bytes) everything outside {@code [A-Za-z0-9._-]}; null → "". */
    public static String escape(String id) {
        if (id == null) {
            return "";
        }
        StringBuilder sb = null;
        for (int i = 0; i < id.length(); i++) {
            if (!safe(id.charAt(i))) {
                sb = new StringBuilder(id.length() + 16);
                break;
            }
        }
        if (sb == null) {
            return id;
        }
        for (byte b : id.getBytes(StandardCharsets.UTF_8)) {
            char c = (char) (b & 0xFF);
            if (safe(c)) {
                sb.append(c);
            } else {
                sb.append('%').append(HEX[(b >> 4) & 0xF]).append(HEX[b & 0xF]);
            }
        }
        return sb.toString();
    }

    private static boolean safe(char c) {
        return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9')
                || c == '.' || c == '_' || c == '-';
    }

    private static void pad(StringBuilder sb, int v, int width) {
        String s = Integer.toString(v);
        for (int i = s.length(); i < width; i++) {
            sb.append('0');
        }
        sb.append(s);
    }

    @Override
    public String toString() {
        return "EndpointHourBucketAssigner";
    }
}
