package dev.driftline.sinks.store.tdengine;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
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
    /** The database's KEEP: TDengine's default until it has been read from the database. */
    private Duration keep = TdengineSchema.DEFAULT_KEEP;
    private boolean keepKnown;
    private int keepReadFailures;

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
            problem = tooOld(row, time.getCurrentProcessingTime(), keep);
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
        readKeep();
        long now = time.getCurrentProcessingTime();
        List<TdengineRow> rows = new ArrayList<>(buffer.rows().size());
        for (TdengineRow row : buffer.rows()) {
            String problem = tooOld(row, now, keep); // again: buffered before the database's own KEEP was known
            if (problem == null) {
                rows.add(row);
            } else {
                reject(row, problem);
            }
        }
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
     * max-outage, then the job fails, and the replay brings the same row again. Such a row is not sent: one older than
     * the KEEP less a margin (a tenth of it, at most a day) for the clocks of this machine and the server.
     */
    static String tooOld(TdengineRow row, long now, Duration keep) {
        long keepMs = keep.toMillis();
        if (now - row.timestamp() > keepMs - Math.min(Duration.ofDays(1).toMillis(), keepMs / 10)) {
            return "timestamp " + java.time.Instant.ofEpochMilli(row.timestamp()) + " is older than the database's "
                    + "KEEP of " + describe(keep) + ", which TDengine refuses";
        }
        return null;
    }

    /** Attempts before the writer settles for TDengine's default KEEP. */
    static final int KEEP_READ_ATTEMPTS = 3;

    /**
     * Reads the database's KEEP before the first batch (a database created by hand may keep rows for less than the
     * default). A failure is tried again with the next batch, up to {@value #KEEP_READ_ATTEMPTS} times; then the
     * default stands, said once in the log.
     */
    private void readKeep() {
        if (keepKnown) {
            return;
        }
        try {
            String text = runner.queryOne(TdengineSchema.keepQuery(database));
            if (text != null) {
                keep = TdengineSchema.parseKeep(text);
            }
            keepKnown = true;
            LOG.info("TDengine {}: database {} keeps rows for {}{}", storeName, database, describe(keep),
                    text == null ? " (not listed; TDengine's default assumed)" : "");
        } catch (Exception e) {
            if (++keepReadFailures >= KEEP_READ_ATTEMPTS) {
                keepKnown = true;
                LOG.warn("TDengine {}: could not read the KEEP of database {} ({} attempts), assuming TDengine's default"
                        + " of {}: {}", storeName, database, keepReadFailures, describe(keep), describe(e));
            }
        }
    }

    static String describe(Duration keep) {
        return keep.toMinutes() % (24 * 60) == 0 ? keep.toDays() + " days" : keep.toMinutes() + " minutes";
    }

    /** The KEEP the writer goes by, for tests. */
    Duration keep() {
        return keep;
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
