package dev.driftline.sinks.store.sql;

import static org.assertj.core.api.Assertions.assertThat;

import dev.driftline.functions.model.EndpointActivity;
import dev.driftline.functions.model.MonitoringResult;
import dev.driftline.sinks.notify.SecretResolver;
import dev.driftline.sinks.store.StoreSettings;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.flink.api.common.JobStatus;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.runtime.testutils.MiniClusterResourceConfiguration;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** The writers when the store is down or refuses them. */
@Timeout(240)
class SqlStoreOutageMiniClusterTest {

    @RegisterExtension
    static final MiniClusterExtension MINI_CLUSTER = new MiniClusterExtension(
            new MiniClusterResourceConfiguration.Builder()
                    .setConfiguration(SqlStoreSinksMiniClusterTest.noRestarts())
                    .setNumberTaskManagers(1)
                    .setNumberSlotsPerTaskManager(2)
                    .build());

    static final int ROWS = 300;
    static final Duration DOWNTIME = Duration.ofSeconds(5);

    /**
     * MariaDB is stopped while the job writes and started again, on the same port and data directory, a few seconds
     * later: the writes wait (the job keeps running, no restart strategy to hide a failure) and every row arrives.
     */
    @Test
    void writesWaitForTheStoreAndEveryRowArrives() throws Exception {
        StoreSettings store = EmbeddedDatabases.newStore(SqlDialect.MYSQL);
        store.batchSize = 10;
        store.batchInterval = Duration.ofMillis(100);
        store.maxOutage = Duration.ofMinutes(1);
        try (java.sql.Connection c = EmbeddedDatabases.connect(store)) {
            SqlStoreSchema.ensure(c, SqlDialect.MYSQL); // so that the progress can be polled from the start
        }

        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment(
                SqlStoreSinksMiniClusterTest.noRestarts());
        env.enableCheckpointing(500);
        env.setParallelism(2);
        SqlStoreSinks sinks = new SqlStoreSinks(store, () -> new SecretResolver(Map.of()),
                new Backoff(Duration.ofMillis(200), Duration.ofSeconds(1)));
        // About 50 rows a second per table: the job writes for several seconds, through the outage.
        DataStream<Long> ticks = env.fromSequence(1, ROWS).uid("ticks").name("ticks")
                .map(i -> {
                    Thread.sleep(40);
                    return i;
                }).uid("slow").name("slow");
        sinks.metrics(ticks.map(SqlStoreOutageMiniClusterTest::metric).uid("to-metric").name("to-metric"));
        sinks.predictions(ticks.map(SqlStoreOutageMiniClusterTest::activity).uid("to-activity").name("to-activity"));
        JobClient job = env.executeAsync("sql-store-outage-test");

        waitFor(() -> SqlTestData.count(store, "metrics") >= 30, Duration.ofSeconds(60));
        long before = SqlTestData.count(store, "metrics");
        long down = System.nanoTime();
        EmbeddedDatabases.stopMariaDb();
        try {
            Thread.sleep(DOWNTIME.toMillis());
            assertThat(job.getJobStatus().get(10, TimeUnit.SECONDS)).isEqualTo(JobStatus.RUNNING);
        } finally {
            EmbeddedDatabases.startMariaDb();
        }
        long outageMs = (System.nanoTime() - down) / 1_000_000;

        job.getJobExecutionResult().get(180, TimeUnit.SECONDS); // throws if the job failed
        assertThat(before).isLessThan(ROWS);
        assertThat(outageMs).isGreaterThanOrEqualTo(DOWNTIME.toMillis());
        assertThat(SqlTestData.count(store, "metrics")).isEqualTo(ROWS);
        assertThat(SqlTestData.count(store, "predictions")).isEqualTo(ROWS);
        assertThat(SqlTestData.rows(store, SqlTables.METRICS, "end_infer_time"))
                .extracting(r -> r.get("metric_value"))
                .containsExactlyElementsOf(java.util.stream.LongStream.rangeClosed(1, ROWS)
                        .mapToObj(i -> (Object) (double) i).toList());
    }

    /** A wrong password fails the job (nothing to wait for), and no message on the way shows it. */
    @ParameterizedTest
    @EnumSource(SqlDialect.class)
    void wrongPasswordFailsTheJobWithoutShowingIt(SqlDialect dialect) throws Exception {
        String wrong = "Wr0ng-Job-S3cret";
        StoreSettings store = EmbeddedDatabases.asPasswordUser(dialect, EmbeddedDatabases.newStore(dialect),
                "Right-Pass-42", "env:DRIFTLINE_DB_PASSWORD");
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment(
                SqlStoreSinksMiniClusterTest.noRestarts());
        env.setParallelism(1);
        SqlStoreSinks sinks = new SqlStoreSinks(store,
                () -> new SecretResolver(Map.of("DRIFTLINE_DB_PASSWORD", wrong)), Backoff.DEFAULT);
        sinks.metrics(env.fromData(metric(1L)).uid("one").name("one"));
        long start = System.nanoTime();
        Throwable failure = null;
        try {
            env.execute("sql-store-wrong-password-test");
        } catch (Exception e) {
            failure = e;
        }
        assertThat(failure).isNotNull();
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(60));
        String trace = ResilientConnectionProviderTest.stackTrace(failure);
        assertThat(trace).contains("unable to open JDBC writer").doesNotContain(wrong, "Right-Pass-42");
    }

    static MonitoringResult metric(Long i) {
        return SqlTestData.metric("ep-outage", "app", "m", SqlTestData.H09 + i * 1000 - 1000,
                SqlTestData.H09 + i * 1000, i);
    }

    static EndpointActivity activity(Long i) {
        return SqlTestData.activity("ep-outage", SqlTestData.H09 + i * 1000, SqlTestData.H09, SqlTestData.H09 + i, i, 0);
    }

    interface Check {
        boolean ok() throws Exception;
    }

    static void waitFor(Check check, Duration timeout) throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!check.ok()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("condition not met within " + timeout);
            }
            Thread.sleep(100);
        }
    }
}
