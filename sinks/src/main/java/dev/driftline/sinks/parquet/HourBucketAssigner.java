package dev.driftline.sinks.parquet;

import dev.driftline.functions.model.InferenceError;
import dev.driftline.functions.model.MonitoredRecord;
import dev.driftline.functions.model.MonitoringResult;
import java.util.Objects;
import org.apache.flink.core.io.SimpleVersionedSerializer;
import org.apache.flink.streaming.api.functions.sink.filesystem.BucketAssigner;
import org.apache.flink.streaming.api.functions.sink.filesystem.bucketassigners.SimpleVersionedStringSerializer;

/**
 * Buckets a table by hour only: {@code year=YYYY/month=MM/day=DD/hour=HH} (UTC, from the element's own event time),
 * with {@code endpoint_id} a column. Bulk part files roll on every checkpoint, so a per-endpoint layout makes one file
 * per endpoint × hour × checkpoint holding a handful of rows — thousands of files, each paying a Parquet writer's
 * fixed cost. Results and errors always use it; records by default ({@link RecordsLayout#HOUR}), or MLRun's
 * {@code key=<endpoint_id>} layout ({@link EndpointHourBucketAssigner}) when configured.
 */
public class HourBucketAssigner<T> implements BucketAssigner<T, String> {
    private static final long serialVersionUID = 1L;

    private static final long HOUR_MS = 3_600_000L;

    private final EndpointHourBucketAssigner.TimeOf<T> timeOf;
    /**
     * The last hour's bucket id: rows come hour after hour, so most get the same id, and the same instance lets the
     * sink find its bucket without building and hashing a new string per row. Transient: a deserialized assigner
     * starts without an id (and hour 0), which {@link #getBucketId} tells by the missing id.
     */
    private transient long lastHour;
    private transient String lastId;

    public HourBucketAssigner(EndpointHourBucketAssigner.TimeOf<T> timeOf) {
        this.timeOf = Objects.requireNonNull(timeOf, "timeOf");
    }

    /** Records by their event time. */
    public static HourBucketAssigner<MonitoredRecord> forRecords() {
        return new HourBucketAssigner<>(r -> r.timestamp);
    }

    /** Results and metrics by their window's end. */
    public static HourBucketAssigner<MonitoringResult> forResults() {
        return new HourBucketAssigner<>(r -> r.windowEnd);
    }

    /** Errors by their event time. */
    public static HourBucketAssigner<InferenceError> forErrors() {
        return new HourBucketAssigner<>(e -> e.timestamp);
    }

    @Override
    public String getBucketId(T element, Context context) {
        long time = timeOf.epochMillis(element);
        long hour = Math.floorDiv(time, HOUR_MS);
        if (hour != lastHour || lastId == null) {
            lastId = bucketId(time);
            lastHour = hour;
        }
        return lastId;
    }

    /** {@code year=YYYY/month=MM/day=DD/hour=HH} of an epoch-ms time (UTC). */
    public static String bucketId(long epochMillis) {
        StringBuilder sb = new StringBuilder(40);
        EndpointHourBucketAssigner.appendHour(sb, epochMillis);
        return sb.toString();
    }

    @Override
    public SimpleVersionedSerializer<String> getSerializer() {
        return SimpleVersionedStringSerializer.INSTANCE;
    }

    @Override
    public String toString() {
        return "HourBucketAssigner";
    }
}
