package dev.driftline.sinks.store.tdengine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.driftline.functions.model.EndpointActivity;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.apache.flink.metrics.SimpleCounter;
import org.junit.jupiter.api.Test;

/** The writer's batching, flushing and retrying, against a statement runner that records what it is given. */
class TdengineSinkWriterTest {
    static final String DB = "mlrun_model_monitoring";

    /** Records statements; fails the next {@link #failures} calls; answers queries with {@link #keep}. */
    static final class RecordingRunner implements StatementRunner {
        final List<String> statements = new ArrayList<>();
        final List<String> queries = new ArrayList<>();
        int failures;
        int queryFailures;
        int calls;
        boolean closed;
        /** The database's KEEP as TDengine 3 lists it; null: the database is not listed. */
        String keep = "3650d,3650d,3650d";

        @Override
        public String queryOne(String sql) throws Exception {
            queries.add(sql);
            if (queryFailures > 0) {
                queryFailures--;
                throw new SQLException("connection refused");
            }
            return keep;
        }

        @Override
        public void execute(String sql) throws Exception {
            calls++;
            if (failures > 0) {
                failures--;
                throw new SQLException("connection refused");
            }
            statements.add(sql);
        }

        @Override
        public void close() {
            closed = true;
        }
    }

    final ManualProcessingTime time = new ManualProcessingTime();
    final RecordingRunner runner = new RecordingRunner();
    final TdengineSinkWriter.Metrics metrics = new TdengineSinkWriter.Metrics(
            new SimpleCounter(), new SimpleCounter(), new SimpleCounter(), new SimpleCounter());
    final List<Long> sleeps = new ArrayList<>();
    long clock;

    TdengineSinkWriter<EndpointActivity> writer(int batchSize, long intervalMs, int maxSqlBytes, Duration maxOutage) {
        OutageRetry retry = new OutageRetry(maxOutage, Duration.ofMillis(100), Duration.ofSeconds(2), () -> clock,
                ms -> {
                    sleeps.add(ms);
                    clock += ms;
                });
        return new TdengineSinkWriter<>(TdengineRows.PREDICTIONS, new BatchBuffer(batchSize, intervalMs), DB,
                maxSqlBytes, runner, retry, time, metrics, "jdbc:TAOS-WS://tsdb:6041/");
    }

    TdengineSinkWriter<EndpointActivity> writer(int batchSize, long intervalMs) {
        return writer(batchSize, intervalMs, TdengineSql.DEFAULT_MAX_SQL_BYTES, Duration.ofMinutes(10));
    }

    static EndpointActivity activity(String endpoint, long start) {
        return TestRows.activity("proj", endpoint, start, 100.0, null, 1.0, 1);
    }

    @Test
    void writesWhenTheBatchIsFull() throws Exception {
        var w = writer(3, 1000);
        w.write(activity("ep", 1), null);
        w.write(activity("ep", 2), null);
        assertThat(runner.statements).isEmpty();
        w.write(activity("ep", 3), null);
        assertThat(runner.statements).hasSize(1);
        assertThat(runner.statements.get(0)).contains("VALUES (1, ").contains("(2, ").contains("(3, ");
        assertThat(metrics.rowsWritten().getCount()).isEqualTo(3);
        assertThat(metrics.statements().getCount()).isEqualTo(1);
    }

    @Test
    void writesWhenTheOldestRowHasWaitedTheInterval() throws Exception {
        var w = writer(100, 1000);
        time.advanceTo(500);
        w.write(activity("ep", 1), null);
        time.advanceTo(900);
        w.write(activity("ep", 2), null);
        assertThat(time.pendingTimers()).containsExactly(1500L);
        time.advanceTo(1499);
        assertThat(runner.statements).isEmpty();
        time.advanceTo(1500);
        assertThat(runner.statements).hasSize(1);
        assertThat(metrics.rowsWritten().getCount()).isEqualTo(2);
        assertThat(time.pendingTimers()).isEmpty();
    }

    @Test
    void aTimerLeftFromAnEarlierBatchWaitsForTheCurrentOne() throws Exception {
        var w = writer(2, 1000);
        w.write(activity("ep", 1), null);
        w.write(activity("ep", 2), null); // full: written, the timer for 1000 stays
        assertThat(runner.statements).hasSize(1);
        time.advanceTo(600);
        w.write(activity("ep", 3), null); // due at 1600
        time.advanceTo(1000);
        assertThat(runner.statements).hasSize(1);
        assertThat(time.pendingTimers()).containsExactly(1600L);
        time.advanceTo(1600);
        assertThat(runner.statements).hasSize(2);
    }

    @Test
    void flushWritesEverythingBuffered() throws Exception {
        var w = writer(100, 60_000);
        w.flush(false);
        assertThat(runner.calls).isZero();
        w.write(activity("a", 1), null);
        w.write(activity("b", 1), null);
        w.flush(false);
        assertThat(runner.statements).hasSize(1);
        assertThat(metrics.rowsWritten().getCount()).isEqualTo(2);
        w.flush(true);
        assertThat(runner.statements).hasSize(1);
    }

    @Test
    void aLargeBatchBecomesSeveralStatementsUnderTheLimit() throws Exception {
        var w = writer(100, 60_000, 250, Duration.ofMinutes(10));
        for (int i = 0; i < 20; i++) {
            w.write(activity("ep-" + (i % 2), i), null);
        }
        w.flush(false);
        assertThat(runner.statements).hasSizeGreaterThan(2)
                .allSatisfy(sql -> assertThat(TdengineSql.utf8Length(sql)).isLessThanOrEqualTo(250));
        assertThat(metrics.rowsWritten().getCount()).isEqualTo(20);
    }

    @Test
    void retriesThroughAShortOutage() throws Exception {
        var w = writer(1, 1000);
        runner.failures = 3;
        w.write(activity("ep", 1), null);
        assertThat(runner.calls).isEqualTo(4);
        assertThat(runner.statements).hasSize(1);
        assertThat(sleeps).containsExactly(100L, 200L, 400L);
        assertThat(metrics.retries().getCount()).isEqualTo(3);
        assertThat(metrics.rowsWritten().getCount()).isEqualTo(1);
    }

    @Test
    void failsAfterMaxOutageKeepingTheRowsUnwritten() throws Exception {
        var w = writer(10, 1000, TdengineSql.DEFAULT_MAX_SQL_BYTES, Duration.ofSeconds(5));
        w.write(activity("ep", 1), null);
        runner.failures = Integer.MAX_VALUE;
        assertThatThrownBy(() -> w.flush(false)).isInstanceOf(OutageRetry.StoreOutageException.class)
                .hasMessageStartingWith("store still failing after PT5S");
        assertThat(metrics.rowsWritten().getCount()).isZero();
        // The job restarts from the last checkpoint; until then the rows stay where they were.
        runner.failures = 0;
        w.flush(false);
        assertThat(runner.statements).hasSize(1);
    }

    @Test
    void rowsThatCannotBeStoredAreCountedAndSkipped() throws Exception {
        var w = writer(1, 1000);
        w.write(activity("e".repeat(65), 1), null);
        EndpointActivity noEndpoint = activity(null, 1);
        w.write(noEndpoint, null);
        assertThat(metrics.rowsRejected().getCount()).isEqualTo(1);
        assertThat(runner.statements).hasSize(1);
        assertThat(runner.statements.get(0)).contains("TAGS ('proj', NULL)");
    }

    @Test
    void aRowOlderThanTheDatabaseKeepsIsSkippedNotRetriedAsAnOutage() throws Exception {
        long now = java.time.Instant.parse("2026-11-27T00:00:00Z").toEpochMilli();
        time.advanceTo(now);
        var w = writer(1, 1000);
        w.write(activity("ep", java.time.Instant.parse("2010-01-01T00:00:00Z").toEpochMilli()), null);
        assertThat(metrics.rowsRejected().getCount()).isEqualTo(1);
        assertThat(runner.calls).as("never sent").isZero();
        w.write(activity("ep", now - Duration.ofDays(3000).toMillis()), null);
        assertThat(metrics.rowsRejected().getCount()).isEqualTo(1);
        assertThat(runner.statements).hasSize(1);
        assertThat(TdengineSinkWriter.tooOld(TdengineRows.PREDICTIONS.toRow(
                activity("ep", now - Duration.ofDays(3650).toMillis())), now, TdengineSchema.DEFAULT_KEEP))
                .contains("older than the database's KEEP of 3650 days");
    }

    @Test
    void theDatabasesOwnKeepIsReadBeforeTheFirstBatchAndAppliesToRowsAlreadyBuffered() throws Exception {
        long now = java.time.Instant.parse("2026-11-27T00:00:00Z").toEpochMilli();
        time.advanceTo(now);
        runner.keep = "30d,30d,30d"; // created by hand, with a short retention
        var w = writer(2, 1000);
        w.write(activity("ep", now - Duration.ofDays(40).toMillis()), null); // buffered: the KEEP is not known yet
        w.write(activity("ep", now - Duration.ofDays(20).toMillis()), null);

        assertThat(runner.queries).containsExactly(
                "SELECT `keep` FROM information_schema.ins_databases WHERE name = 'mlrun_model_monitoring'");
        assertThat(w.keep()).isEqualTo(Duration.ofDays(30));
        assertThat(metrics.rowsRejected().getCount()).isEqualTo(1);
        assertThat(runner.statements).hasSize(1);
        assertThat(runner.statements.get(0)).contains("(" + (now - Duration.ofDays(20).toMillis()) + ", ")
                .doesNotContain("(" + (now - Duration.ofDays(40).toMillis()) + ", ");
        assertThat(metrics.rowsWritten().getCount()).isEqualTo(1);

        w.write(activity("ep", now - Duration.ofDays(35).toMillis()), null); // now refused at once
        assertThat(metrics.rowsRejected().getCount()).isEqualTo(2);
        assertThat(runner.queries).as("read once").hasSize(1);
    }

    @Test
    void aKeepThatCannotBeReadIsTriedWithTheNextBatchesThenTheDefaultStands() throws Exception {
        runner.queryFailures = 5;
        var w = writer(1, 1000);
        for (int i = 1; i <= 4; i++) {
            w.write(activity("ep", i), null);
        }
        assertThat(runner.queries).hasSize(TdengineSinkWriter.KEEP_READ_ATTEMPTS);
        assertThat(w.keep()).isEqualTo(TdengineSchema.DEFAULT_KEEP);
        assertThat(runner.statements).as("the rows are written all the same").hasSize(4);
    }

    @Test
    void closeCancelsTheTimerAndClosesTheConnection() throws Exception {
        var w = writer(100, 1000);
        w.write(activity("ep", 1), null);
        w.close();
        assertThat(time.pendingTimers()).isEmpty();
        assertThat(runner.closed).isTrue();
        assertThat(runner.statements).isEmpty();
    }
}
