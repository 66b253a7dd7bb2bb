package dev.driftline.sinks.store.sql;

import dev.driftline.functions.model.EndpointActivity;
import dev.driftline.functions.model.InferenceError;
import dev.driftline.functions.model.MonitoringResult;
import dev.driftline.sinks.notify.SecretResolver;
import dev.driftline.sinks.store.StoreSettings;
import java.util.Objects;
import org.apache.flink.connector.jdbc.JdbcExecutionOptions;
import org.apache.flink.connector.jdbc.JdbcStatementBuilder;
import org.apache.flink.connector.jdbc.core.datastream.sink.JdbcSink;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.datastream.DataStreamSink;
import org.apache.flink.util.function.SerializableFunction;
import org.apache.flink.util.function.SerializableSupplier;

/**
 * Attaches the SQL store writers to the job's streams: Flink JDBC sinks (at-least-once, batched by
 * {@code batch-size}/{@code batch-interval}) whose statements are idempotent upserts, so rows written again after a
 * restart replace themselves. Each writer connects through a {@link ResilientConnectionProvider}, which waits out an
 * outage of up to {@code max-outage} whenever the connector retries a failed batch.
 *
 * <p>One instance per store: the time-series store ({@link #appResults}, {@link #metrics}, {@link #predictions},
 * {@link #errors}) and the model endpoint store ({@link #endpointActivity}, {@link #endpointDrift}); they may be the
 * same database. Operator uids are stable (savepoint compatibility): do not change them.
 *
 * <p>Batches are sent as JDBC batches of single-row upserts. Do not turn on driver options that rewrite a batch into
 * one multi-row statement (PostgreSQL's {@code reWriteBatchedInserts}): an upsert that meets the same key twice in one
 * statement fails in PostgreSQL, and the endpoint writers do send several updates of one endpoint in a batch.
 *
 * <p>Limits: while a writer waits for the store it holds its task, so checkpoints cannot complete either — keep
 * {@code max-outage} below the checkpoint timeout (or allow that many failed checkpoints), or the job fails over
 * before the store is back. The wait is not interruptible by a job cancellation that happens meanwhile; it ends when
 * the store is back or {@code max-outage} has passed.
 */
public final class SqlStoreSinks {
    /**
     * Batch retries of the connector. Each retry that finds the connection broken waits (in the provider) up to
     * max-outage for the store, so a few retries ride out an outage; more only cover a store that flaps.
     */
    static final int MAX_RETRIES = 5;

    private final StoreSettings settings;
    private final SerializableSupplier<SecretResolver> secrets;
    private final Backoff backoff;
    private final SqlDialect dialect;

    /** Resolves secret references from the task managers' environment. */
    public SqlStoreSinks(StoreSettings settings) {
        this(settings, SecretResolver::system, Backoff.DEFAULT);
    }

    public SqlStoreSinks(StoreSettings settings, SerializableSupplier<SecretResolver> secrets, Backoff backoff) {
        this.settings = Objects.requireNonNull(settings, "settings");
        this.secrets = Objects.requireNonNull(secrets, "secrets");
        this.backoff = Objects.requireNonNull(backoff, "backoff");
        this.dialect = SqlDialect.of(settings);
    }

    /** Application results (type result) → {@code app_results}. */
    public DataStreamSink<MonitoringResult> appResults(DataStream<MonitoringResult> results) {
        DataStream<MonitoringResult> only = results
                .filter(r -> MonitoringResult.RESULT.equals(r.type))
                .uid("sql-app-results-filter").name("SQL app_results: results only");
        return tableSink(only, SqlTables.APP_RESULTS, TimeSeriesRows::appResult, "sql-app-results",
                "SQL app_results");
    }

    /** Application metrics (type metric) → {@code metrics}. */
    public DataStreamSink<MonitoringResult> metrics(DataStream<MonitoringResult> results) {
        DataStream<MonitoringResult> only = results
                .filter(r -> MonitoringResult.METRIC.equals(r.type))
                .uid("sql-metrics-filter").name("SQL metrics: metrics only");
        return tableSink(only, SqlTables.METRICS, TimeSeriesRows::metric, "sql-metrics", "SQL metrics");
    }

    /** One row per endpoint and activity interval → {@code predictions}. */
    public DataStreamSink<EndpointActivity> predictions(DataStream<EndpointActivity> activity) {
        return tableSink(activity, SqlTables.PREDICTIONS, TimeSeriesRows::prediction, "sql-predictions",
                "SQL predictions");
    }

    /** Failed requests → {@code errors}. */
    public DataStreamSink<InferenceError> errors(DataStream<InferenceError> errors) {
        return tableSink(errors, SqlTables.ERRORS, TimeSeriesRows::error, "sql-errors", "SQL errors");
    }

    /**
     * Keeps each endpoint's record current: first/last request, error count and the metrics JSON. Keyed by endpoint
     * so that one writer owns each row (no lock contention between writers, updates in order).
     */
    public DataStreamSink<EndpointActivity> endpointActivity(DataStream<EndpointActivity> activity) {
        DataStream<EndpointActivity> byEndpoint = activity.keyBy(a -> String.valueOf(a.endpointId));
        return attach(byEndpoint, jdbcSink(EndpointStatements.activity(dialect),
                new EndpointUpdates.ActivityBinder(dialect)), "sql-endpoint-activity", "SQL model_endpoints: activity");
    }

    /**
     * The default application's {@code general_drift} results → the endpoint's drift status, drift measures and
     * current stats, never replaced by an older window's.
     */
    public DataStreamSink<MonitoringResult> endpointDrift(DataStream<MonitoringResult> results) {
        DataStream<MonitoringResult> drift = results
                .filter(EndpointUpdates::isDriftResult)
                .uid("sql-endpoint-drift-filter").name("SQL model_endpoints: drift results only")
                .keyBy(r -> String.valueOf(r.endpointId));
        return attach(drift, jdbcSink(EndpointStatements.drift(dialect),
                new EndpointUpdates.DriftBinder(dialect)), "sql-endpoint-drift", "SQL model_endpoints: drift");
    }

    /** The connector's batching and retries from the store settings. */
    public static JdbcExecutionOptions executionOptions(StoreSettings s) {
        return JdbcExecutionOptions.builder()
                .withBatchSize(Math.max(1, s.batchSize))
                .withBatchIntervalMs(s.batchInterval == null ? 0 : s.batchInterval.toMillis())
                .withMaxRetries(MAX_RETRIES)
                .build();
    }

    /** The upsert of every column of a time-series table, with the element's values in column order. */
    private <T> DataStreamSink<T> tableSink(DataStream<T> in, SqlTable table, SerializableFunction<T, Object[]> values,
                                            String uid, String name) {
        return attach(in, jdbcSink(dialect.upsert(table), new TableRowBinder<>(table, dialect, values)), uid, name);
    }

    private <T> JdbcSink<T> jdbcSink(String sql, JdbcStatementBuilder<T> binder) {
        return JdbcSink.<T>builder()
                .withQueryStatement(sql, binder)
                .withExecutionOptions(executionOptions(settings))
                .buildAtLeastOnce(new ResilientConnectionProvider(settings, secrets, backoff));
    }

    private static <T> DataStreamSink<T> attach(DataStream<T> in, JdbcSink<T> sink, String uid, String name) {
        return in.sinkTo(sink).uid(uid).name(name);
    }
}
