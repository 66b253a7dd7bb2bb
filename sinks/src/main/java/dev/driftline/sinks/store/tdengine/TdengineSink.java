package dev.driftline.sinks.store.tdengine;

import dev.driftline.sinks.store.StoreSettings;
import java.io.IOException;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import org.apache.flink.api.connector.sink2.Sink;
import org.apache.flink.api.connector.sink2.SinkWriter;
import org.apache.flink.api.connector.sink2.WriterInitContext;
import org.apache.flink.metrics.MetricGroup;
import org.apache.flink.metrics.groups.SinkWriterMetricGroup;
import org.apache.flink.util.function.SerializableSupplier;

/**
 * Writes a stream into TDengine, at least once: a Sink V2 whose writer buffers rows (up to {@code batch-size} rows or
 * {@code batch-interval}), writes them as multi-table INSERTs with auto-created subtables, stores everything buffered
 * before each checkpoint completes, and waits through store outages of up to {@code max-outage} (retrying with capped
 * exponential backoff and reconnecting) before failing the job. Replayed rows overwrite themselves, so a restart
 * leaves no duplicates (see {@link TdengineSchema}).
 *
 * <p>One sink class serves every table: the {@link TdengineRowMapper} decides what an element becomes
 * ({@link TdengineRows} has those of results and metrics, predictions and errors; {@link TdengineSinks} wires them).
 * The database and super tables are created when a writer first connects.
 *
 * <p>Secrets: the sink holds the password and secret properties as references only; they are resolved on the task
 * manager when a connection is opened, and no log line, exception message or {@link #toString()} contains them.
 *
 * <p>Limits: a wait for the store blocks the task, and with it checkpoints — keep {@code max-outage} below the
 * checkpoint timeout (or tolerate failed checkpoints), else an outage fails checkpoints before it fails the writer.
 */
public final class TdengineSink<T> implements Sink<T> {
    private static final long serialVersionUID = 1L;

    private final TdengineConnector connector;
    private final TdengineRowMapper<T> mapper;
    private final int batchSize;
    private final long batchIntervalMs;
    private final Duration maxOutage;
    private final int maxSqlBytes;

    /**
     * @throws IllegalArgumentException if the settings are not a usable TDengine configuration (messages never show a
     *     secret)
     */
    public TdengineSink(StoreSettings settings, TdengineRowMapper<T> mapper) {
        this(settings, mapper, System::getenv, TdengineSql.DEFAULT_MAX_SQL_BYTES);
    }

    /** @param environment where {@code env:} references are resolved (tests pass their own) */
    TdengineSink(StoreSettings settings, TdengineRowMapper<T> mapper,
                 SerializableSupplier<Map<String, String>> environment, int maxSqlBytes) {
        Objects.requireNonNull(settings, "settings");
        if (!"tdengine".equals(settings.kind())) {
            throw new IllegalArgumentException("store type is " + settings.kind() + ", not tdengine");
        }
        this.connector = new TdengineConnector(settings, environment);
        this.mapper = Objects.requireNonNull(mapper, "mapper");
        this.batchSize = settings.batchSize;
        this.batchIntervalMs = settings.batchInterval == null ? 0 : settings.batchInterval.toMillis();
        this.maxOutage = settings.maxOutage == null ? Duration.ZERO : settings.maxOutage;
        this.maxSqlBytes = maxSqlBytes;
        // Fail at job build time, not on the task managers.
        new BatchBuffer(batchSize, batchIntervalMs);
        if (maxOutage.isNegative()) {
            throw new IllegalArgumentException("max-outage must not be negative");
        }
    }

    @Override
    public SinkWriter<T> createWriter(WriterInitContext context) throws IOException {
        SinkWriterMetricGroup group = context.metricGroup();
        MetricGroup tdengine = group.addGroup("tdengine");
        TdengineSinkWriter.Metrics metrics = new TdengineSinkWriter.Metrics(
                group.getNumRecordsSendCounter(), group.getNumRecordsOutErrorsCounter(),
                tdengine.counter("statements"), tdengine.counter("retries"));
        return new TdengineSinkWriter<>(mapper, new BatchBuffer(batchSize, batchIntervalMs), connector.database(),
                maxSqlBytes, new TdengineClient(connector), OutageRetry.withDefaults(maxOutage),
                context.getProcessingTimeService(), metrics, connector.safeUrl());
    }

    TdengineConnector connector() {
        return connector;
    }

    /** Never shows a secret. */
    @Override
    public String toString() {
        return "TdengineSink{" + connector + ", batchSize=" + batchSize + ", batchIntervalMs=" + batchIntervalMs
                + ", maxOutage=" + maxOutage + "}";
    }
}
