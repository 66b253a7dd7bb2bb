package dev.driftline.sinks.store.tdengine;

import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.ScheduledFuture;
import org.apache.flink.api.common.operators.ProcessingTimeService;
import org.apache.flink.api.connector.sink2.SinkWriter;
import org.apache.flink.metrics.Counter;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Buffers rows and writes them as multi-table INSERTs (see {@link BatchBuffer} for when, {@link InsertStatements} for
 * how), retrying through outages ({@link OutageRetry}).
 *
 * <p>Everything runs on the task thread: {@link #write}, {@link #flush} and the batch-interval timer, whose callbacks
 * Flink's processing time service runs through the task's mailbox. A write that waits for the store therefore holds
 * the task (back-pressure upstream) instead of buffering without bound.
 *
 * <p>At-least-once: {@link #flush} runs before each checkpoint barrier is passed on, so a checkpoint completes only
 * once every row before it is stored. Rows buffered after it are lost on a failure and replayed from the sources on
 * restore; rows written but not yet covered by a checkpoint are written again — and overwrite themselves, as a row's
 * timestamp is its identity within its subtable ({@link TdengineSchema}): no duplicates after a restart.
 */
final class TdengineSinkWriter<T> implements SinkWriter<T> {
    private static final Logger LOG = LoggerFactory.getLogger(TdengineSinkWriter.class);
    /** Rejected rows are logged for the first few, then every this many (a bad producer must not flood the log). */
    static final long REJECTION_LOG_EVERY = 1000;
    private static final int FIRST_REJECTIONS_LOGGED = 10;

    /** The writer's counters. */
    record Metrics(Counter rowsWritten, Counter rowsRejected, Counter statements, Counter retries) {}

    private final TdengineRowMapper<T> mapper;
    private final BatchBuffer buffer;
    private final String database;
    private final int maxSqlBytes;
    private final StatementRunner runner;
    private final OutageRetry retry;
    private final ProcessingTimeService time;
    private final Metrics metrics;
    private final String storeName;
    private ScheduledFuture<?> timer;
    private long rejected;

    TdengineSinkWriter(TdengineRowMapper<T> mapper, BatchBuffer buffer, String database, int maxSqlBytes,
                       StatementRunner runner, OutageRetry retry, ProcessingTimeService time, Metrics metrics,
                       String storeName) {
        this.mapper = Objects.requireNonNull(mapper, "mapper");
        this.buffer = Objects.requireNonNull(buffer, "buffer");
        this.database = TdengineSchema.database(database);
        this.maxSqlBytes = maxSqlBytes;
        this.runner = Objects.requireNonNull(runner, "runner");
        this.retry = Objects.requireNonNull(retry, "retry");
        this.time = Objects.requireNonNull(time, "time");
        this.metrics = Objects.requireNonNull(metrics, "metrics");
        this.storeName = storeName;
    }

    @Override
    public void write(T element, Context context) throws IOException, InterruptedException {
        // Mapped at once into an immutable row: safe with object reuse.
        TdengineRow row = mapper.toRow(element);
        if (row == null) {
            return;
        }
        String problem = row.problem();
        if (problem == null) {
            problem = tooOld(row, time.getCurrentProcessingTime());
        }
        if (problem != null) {
            reject(row, problem);
            return;
        }
        if (buffer.add(row, time.getCurrentProcessingTime())) {
            writeBuffered();
        } else {
            scheduleTimer();
        }
    }

    /** Called before every checkpoint and at the end of input: everything buffered is stored before it returns. */
    @Override
    public void flush(boolean endOfInput) throws IOException, InterruptedException {
        writeBuffered();
    }

    private void onTimer(long now) throws IOException, InterruptedException {
        timer = null;
        if (buffer.isDue(now)) {
            writeBuffered();
        } else {
            scheduleTimer();
        }
    }

    private void scheduleTimer() {
        if (timer == null && !buffer.isEmpty()) {
            timer = time.registerTimer(buffer.deadline(), this::onTimer);
        }
    }

    private void writeBuffered() throws IOException, InterruptedException {
        if (buffer.isEmpty()) {
            return;
        }
        List<TdengineRow> rows = List.copyOf(buffer.rows());
        for (String sql : InsertStatements.build(database, rows, maxSqlBytes)) {
            retry.run(() -> runner.execute(sql), this::onFailure);
            metrics.statements().inc();
        }
        metrics.rowsWritten().inc(rows.size());
        buffer.clear();
    }

    private void onFailure(Exception error, int attempt, long nextWaitMs) {
        metrics.retries().inc();
        if (nextWaitMs < 0) {
            LOG.error("Writing to TDengine {} failed {} times in a row; giving up (max-outage reached): {}", storeName,
                    attempt, describe(error));
        } else {
            LOG.warn("Writing to TDengine {} failed (attempt {}), retrying in {} ms: {}", storeName, attempt,
                    nextWaitMs, describe(error));
        }
    }

    /**
     * TDengine refuses a row older than its database's KEEP ("Timestamp data out of range") and fails the whole
     * statement. Sent, such a row (an event stamped years ago, an old backlog) would look like an outage: retried until
     * max-outage, then the job fails, and the replay brings the same row again. The database is created with
     * TDengine's default KEEP of 3,650 days; a row older than that, less a day of margin, is not sent.
     */
    static final long KEEP_MS = Duration.ofDays(3650 - 1).toMillis();

    static String tooOld(TdengineRow row, long now) {
        if (now - row.timestamp() > KEEP_MS) {
            return "timestamp " + java.time.Instant.ofEpochMilli(row.timestamp()) + " is older than the database's "
                    + "KEEP of 3650 days, which TDengine refuses";
        }
        return null;
    }

    private void reject(TdengineRow row, String problem) {
        metrics.rowsRejected().inc();
        rejected++;
        if (rejected <= FIRST_REJECTIONS_LOGGED || rejected % REJECTION_LOG_EVERY == 0) {
            LOG.warn("Not storing a {} row in TDengine {} ({} rejected so far): {}", row.table().name(), storeName,
                    rejected, problem);
        }
    }

    /** The messages of an error and its causes (already scrubbed by the runner), on one line. */
    static String describe(Throwable error) {
        StringBuilder sb = new StringBuilder();
        for (Throwable t = error; t != null && sb.length() < 2000; t = t.getCause()) {
            if (sb.length() > 0) {
                sb.append(" <- ");
            }
            sb.append(t instanceof Secrets.Scrubbed ? t.getMessage() : t.getClass().getName() + ": " + t.getMessage());
        }
        return sb.toString();
    }

    /** Unwritten rows are dropped: a close without a flush is a cancellation, and the rows will be replayed. */
    @Override
    public void close() {
        if (timer != null) {
            timer.cancel(false);
            timer = null;
        }
        runner.close();
    }
}
