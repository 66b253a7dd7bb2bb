package dev.driftline.sinks.store.sql;

import static dev.driftline.sinks.store.sql.SqlTestData.H09;
import static dev.driftline.sinks.store.sql.SqlTestData.H10;
import static dev.driftline.sinks.store.sql.SqlTestData.MIN10;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.entry;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.driftline.functions.model.EndpointActivity;
import dev.driftline.functions.model.InferenceError;
import dev.driftline.functions.model.MonitoringResult;
import dev.driftline.sinks.notify.SecretResolver;
import dev.driftline.sinks.store.EndpointRecord;
import dev.driftline.sinks.store.StoreSettings;
import dev.driftline.sinks.store.StoredResult;
import java.sql.Connection;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.RestartStrategyOptions;
import org.apache.flink.runtime.testutils.MiniClusterResourceConfiguration;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Small bounded Flink jobs (checkpointing on, no restarts) write through {@link SqlStoreSinks} into real MariaDB and
 * PostgreSQL servers; what is read back — with plain SQL, {@link SqlResultStore} and {@link EndpointStoreClient} —
 * must equal the inputs.
 */
@Timeout(180)
class SqlStoreSinksMiniClusterTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    static final SecretResolver NO_SECRETS = new SecretResolver(Map.of());

    @RegisterExtension
    static final MiniClusterExtension MINI_CLUSTER = new MiniClusterExtension(
            new MiniClusterResourceConfiguration.Builder()
                    .setConfiguration(noRestarts())
                    .setNumberTaskManagers(1)
                    .setNumberSlotsPerTaskManager(2)
                    .build());

    static Configuration noRestarts() {
        Configuration c = new Configuration();
        c.set(RestartStrategyOptions.RESTART_STRATEGY, "none");
        return c;
    }

    static final String EP_A = "ep-a";
    static final String EP_B = "ep-b";
    static final String APP = "my-app";

    static final MonitoringResult[] RESULTS = {
        SqlTestData.result(EP_A, APP, "accuracy", H09, H10, 0.123456789012345, 1, "{\"note\":  \"spaces kept\" }"),
        SqlTestData.result(EP_B, APP, "accuracy", H09, H10, 1e-300, 2, null),
        SqlTestData.metric(EP_A, APP, "hellinger_mean", H09, H10, 0.5),
        SqlTestData.metric(EP_A, APP, "kld_mean", H09 + 1, H10 + 1, Double.NaN), // stored as NULL
        SqlTestData.drift(EP_A, H09, H10, 2, "w10"),
    };
    static final EndpointActivity[] ACTIVITY = {
        SqlTestData.activity(EP_A, H09, H09 + 5, H09 + 500, 7, 1),
        SqlTestData.activity(EP_A, H09 + MIN10, H09 + 5, H09 + MIN10 + 900, 15, 2),
        SqlTestData.activity(EP_B, H09, H09 + 42, H09 + 43, 2, 0),
    };
    static final InferenceError[] ERRORS = {
        SqlTestData.error(EP_A, "ValueError", H09 + 123, "ValueError: bad input"),
        SqlTestData.error(EP_A, "KeyError", H09 + 123, "KeyError: 'x'"),
    };

    @ParameterizedTest
    @EnumSource(SqlDialect.class)
    void writesEveryTableAndAWriteAgainChangesNothing(SqlDialect dialect) throws Exception {
        StoreSettings store = EmbeddedDatabases.newStore(dialect);
        runJob(store, RESULTS, ACTIVITY, ERRORS);
        Snapshot first = snapshot(store);
        checkValues(store, first);

        runJob(store, RESULTS, ACTIVITY, ERRORS); // a restart replays the same records: one row each still
        Snapshot second = snapshot(store);
        assertThat(second.appResults).isEqualTo(first.appResults);
        assertThat(second.metrics).isEqualTo(first.metrics);
        assertThat(second.predictions).isEqualTo(first.predictions);
        assertThat(second.errors).isEqualTo(first.errors);
        assertThat(second.endpoints).hasSize(2);
    }

    private static void checkValues(StoreSettings store, Snapshot s) throws Exception {
        assertThat(s.appResults).hasSize(3);
        assertThat(s.metrics).hasSize(2);
        assertThat(s.predictions).hasSize(3);
        assertThat(s.errors).hasSize(2);

        try (SqlResultStore results = SqlResultStore.open(store, NO_SECRETS)) {
            List<StoredResult> a = results.results(EP_A, null, 0);
            assertThat(a).hasSize(4);
            // Oldest window first, then by application, results before metrics.
            assertThat(a.get(0).application()).isEqualTo(EndpointUpdates.DRIFT_APPLICATION);
            assertThat(a.get(0).extraData()).isEqualTo(RESULTS[4].extraData); // verbatim
            assertThat(a.get(0).status()).isEqualTo(2);
            assertThat(a.get(1)).isEqualTo(new StoredResult("proj", EP_A, APP, "result", "accuracy", H09, H10,
                    0.123456789012345, 0, 1, "{\"note\":  \"spaces kept\" }"));
            assertThat(a.get(2)).isEqualTo(new StoredResult("proj", EP_A, APP, "metric", "hellinger_mean", H09, H10,
                    0.5, -1, 0, null));
            assertThat(a.get(3).name()).isEqualTo("kld_mean");
            assertThat(a.get(3).value()).isNaN();
            assertThat(a.get(3).windowEnd()).isEqualTo(H10 + 1);
            assertThat(results.results(EP_A, APP, H10 + 1)).extracting(StoredResult::name).containsExactly("kld_mean");
            assertThat(results.results(EP_B, null, 0)).singleElement()
                    .satisfies(r -> assertThat(r.value()).isEqualTo(1e-300));
            assertThat(results.results("no-such-endpoint", null, 0)).isEmpty();
        }

        Map<String, Object> p = s.predictions.get(0);
        assertThat(p).containsExactly(entry("time", H09), entry("latency", 1234.5),
                entry("custom_metrics", "{\"acc\": 0.9}"), entry("estimated_prediction_count", 18.0),
                entry("effective_sample_count", 9L), entry("project", "proj"), entry("endpoint_id", EP_A));
        assertThat(s.predictions).extracting(r -> r.get("time")).containsExactly(H09, H09 + MIN10, H09);

        assertThat(s.errors.get(0)).containsExactly(entry("time", H09 + 123), entry("model_error", "KeyError: 'x'"),
                entry("project", "proj"), entry("endpoint_id", EP_A), entry("error_type", "KeyError"));
        assertThat(s.errors.get(1)).containsEntry("model_error", "ValueError: bad input");

        try (EndpointStoreClient endpoints = EndpointStoreClient.open(store, NO_SECRETS)) {
            EndpointRecord a = endpoints.get(EP_A).orElseThrow();
            assertThat(a.project()).isEqualTo("proj");
            assertThat(a.name()).isNull(); // never registered
            assertThat(a.firstRequest()).isEqualTo(Instant.ofEpochMilli(H09 + 5));
            assertThat(a.lastRequest()).isEqualTo(Instant.ofEpochMilli(H09 + MIN10 + 900));
            assertThat(a.errorCount()).isEqualTo(2);
            assertThat(a.metrics()).isEqualTo(JSON.readTree("{\"latency_avg_5m\": 1000.25, \"latency_avg_1h\": null,"
                    + " \"predictions_per_second\": 0.015, \"invocation_count\": 15}"));
            assertThat(a.driftStatus()).isEqualTo("DRIFT_DETECTED");
            assertThat(a.driftMeasures()).isEqualTo(JSON.readTree("{\"x\": {\"tvd\": 0.25, \"tag\": \"w10\"}}"));
            assertThat(a.currentStats()).isEqualTo(JSON.readTree("{\"x\": {\"count\": 10, \"tag\": \"w10\"}}"));
            assertThat(a.created()).isNotNull();
            assertThat(a.updated()).isNotNull();
            EndpointRecord b = endpoints.get(EP_B).orElseThrow();
            assertThat(b.driftStatus()).isNull();
            assertThat(b.errorCount()).isZero();
        }
    }

    /** Ids and names that break naive SQL are stored and read back verbatim; every table survives. */
    @ParameterizedTest
    @EnumSource(SqlDialect.class)
    void awkwardIdentifiersAreStoredVerbatim(SqlDialect dialect) throws Exception {
        List<String> ids = List.of("it's", "say \"hi\"", "back\\slash\\", "with space", "'; DROP TABLE app_results; --",
                "\\'; DROP TABLE model_endpoints; --", "ünïcødé ✓ \uD83D\uDE00", "EP-1", "ep-1");
        StoreSettings store = EmbeddedDatabases.newStore(dialect);
        List<MonitoringResult> results = new java.util.ArrayList<>();
        List<EndpointActivity> activity = new java.util.ArrayList<>();
        List<InferenceError> errors = new java.util.ArrayList<>();
        for (String id : ids) {
            String app = "app " + id;
            results.add(SqlTestData.result(id, app, "r", H09, H10, 1.0, 0, "{\"id\": " + JSON.writeValueAsString(id) + "}"));
            results.add(SqlTestData.metric(id, app, "m", H09, H10, 2.0));
            results.add(SqlTestData.drift(id, H09, H10, 1, id));
            activity.add(SqlTestData.activity(id, H09, H09 + 1, H09 + 2, 3, 4));
            errors.add(SqlTestData.error(id, "type " + id, H09, "error of " + id));
        }
        runJob(store, results.toArray(MonitoringResult[]::new), activity.toArray(EndpointActivity[]::new),
                errors.toArray(InferenceError[]::new));

        try (SqlResultStore read = SqlResultStore.open(store, NO_SECRETS);
             EndpointStoreClient endpoints = EndpointStoreClient.open(store, NO_SECRETS)) {
            for (String id : ids) {
                List<StoredResult> rows = read.results(id, "app " + id, 0);
                assertThat(rows).as(id).extracting(StoredResult::endpointId).containsOnly(id);
                assertThat(rows).as(id).extracting(StoredResult::name).containsExactly("r", "m");
                assertThat(rows.get(0).extraData()).isEqualTo("{\"id\": " + JSON.writeValueAsString(id) + "}");
                EndpointRecord e = endpoints.get(id).orElseThrow();
                assertThat(e.uid()).isEqualTo(id);
                assertThat(e.driftStatus()).isEqualTo("POSSIBLE_DRIFT");
                assertThat(e.driftMeasures().get("x").get("tag").asText()).isEqualTo(id);
                assertThat(e.errorCount()).isEqualTo(4);
            }
            assertThat(endpoints.list("proj")).extracting(EndpointRecord::uid).containsExactlyInAnyOrderElementsOf(ids);
        }
        try (Connection c = EmbeddedDatabases.connect(store)) {
            assertThat(SqlStoreSchemaTest.tables(c, dialect)).hasSize(5);
        }
        assertThat(SqlTestData.count(store, "app_results")).isEqualTo(ids.size() * 2L);
        assertThat(SqlTestData.count(store, "metrics")).isEqualTo(ids.size());
        assertThat(SqlTestData.count(store, "predictions")).isEqualTo(ids.size());
        assertThat(SqlTestData.rows(store, SqlTables.ERRORS, "endpoint_id")).extracting(r -> r.get("error_type"))
                .containsExactlyInAnyOrderElementsOf(ids.stream().map(id -> "type " + id).toList());
    }

    /**
     * The endpoint record follows the newest data whatever the order it arrives in: an older activity interval or
     * drift window never overwrites a newer one; first/last request keep the extremes; a registration keeps the job's
     * fields and the job keeps the registration's.
     */
    @ParameterizedTest
    @EnumSource(SqlDialect.class)
    void endpointRecordKeepsTheNewestActivityAndDrift(SqlDialect dialect) throws Exception {
        StoreSettings store = EmbeddedDatabases.newStore(dialect);
        String ep = "ep-registered";
        EndpointRecord definition = EndpointRecord.definition(ep, "proj", "churn", "proj/serving:latest", "churn-model",
                "sklearn.RandomForestClassifier", Map.of("team", "risk"), List.of("age", "income"), List.of("label"),
                JSON.readTree("{\"age\": {\"count\": 100, \"mean\": 41.5}}"), "enabled");
        try (EndpointStoreClient endpoints = EndpointStoreClient.open(store, NO_SECRETS)) {
            endpoints.register(definition);
        }
        long w1 = H09 + MIN10;
        long w2 = H09 + 2 * MIN10;
        runJob(store,
                new MonitoringResult[] {
                    SqlTestData.drift(ep, w1, w2, 2, "newer"), // newer window first
                    SqlTestData.drift(ep, H09, w1, 0, "older"), // then an older one: ignored
                    SqlTestData.result(ep, "other-app", "general_drift", w1, w2 + 1, 0.0, 0, "{}"), // not the drift app
                },
                new EndpointActivity[] {
                    SqlTestData.activity(ep, H09 + MIN10, H09 + 10, H09 + MIN10 + 5, 20, 3), // newest interval first
                    SqlTestData.activity(ep, H09, H09 + 10, H09 + 30, 8, 1), // an older interval: counts unchanged
                },
                new InferenceError[0]);

        try (EndpointStoreClient endpoints = EndpointStoreClient.open(store, NO_SECRETS)) {
            EndpointRecord r = endpoints.get(ep).orElseThrow();
            assertThat(r.name()).isEqualTo("churn");
            assertThat(r.model()).isEqualTo("churn-model");
            assertThat(r.modelClass()).isEqualTo("sklearn.RandomForestClassifier");
            assertThat(r.labels()).isEqualTo(Map.of("team", "risk"));
            assertThat(r.featureNames()).containsExactly("age", "income");
            assertThat(r.labelNames()).containsExactly("label");
            assertThat(r.featureStats()).isEqualTo(definition.featureStats());
            assertThat(r.monitoringMode()).isEqualTo("enabled");

            assertThat(r.driftStatus()).isEqualTo("DRIFT_DETECTED");
            assertThat(r.driftMeasures().get("x").get("tag").asText()).isEqualTo("newer");
            assertThat(r.currentStats().get("x").get("tag").asText()).isEqualTo("newer");
            assertThat(r.errorCount()).isEqualTo(3);
            assertThat(r.metrics().get("invocation_count").asLong()).isEqualTo(20);
            assertThat(r.firstRequest()).isEqualTo(Instant.ofEpochMilli(H09 + 10));
            assertThat(r.lastRequest()).isEqualTo(Instant.ofEpochMilli(H09 + MIN10 + 5));
            Instant created = r.created();

            // Registered again with another name: the job's fields stay.
            endpoints.register(EndpointRecord.definition(ep, "proj", "churn-v2", null, "churn-model", null, null,
                    List.of("age"), null, null, "disabled"));
            EndpointRecord again = endpoints.get(ep).orElseThrow();
            assertThat(again.name()).isEqualTo("churn-v2");
            assertThat(again.monitoringMode()).isEqualTo("disabled");
            assertThat(again.functionUri()).isNull();
            assertThat(again.driftStatus()).isEqualTo("DRIFT_DETECTED");
            assertThat(again.errorCount()).isEqualTo(3);
            assertThat(again.created()).isEqualTo(created);
            assertThat(JSON.readTree(JSON.writeValueAsString(again)).get("drift_status").asText())
                    .isEqualTo("DRIFT_DETECTED");
        }

        // A later drift window and activity interval do replace the fields.
        runJob(store, new MonitoringResult[] {SqlTestData.drift(ep, w2, w2 + MIN10, 0, "latest")},
                new EndpointActivity[] {SqlTestData.activity(ep, w2, H09 + 10, w2 + 1, 30, 4)}, new InferenceError[0]);
        try (EndpointStoreClient endpoints = EndpointStoreClient.open(store, NO_SECRETS)) {
            EndpointRecord r = endpoints.get(ep).orElseThrow();
            assertThat(r.driftStatus()).isEqualTo("NO_DRIFT");
            assertThat(r.currentStats().get("x").get("tag").asText()).isEqualTo("latest");
            assertThat(r.errorCount()).isEqualTo(4);
            assertThat(r.lastRequest()).isEqualTo(Instant.ofEpochMilli(w2 + 1));
            assertThat(endpoints.list("proj")).hasSize(1);
            assertThat(endpoints.list("other")).isEmpty();
            assertThat(endpoints.list(null)).hasSize(1);
        }
    }

    /** The whole pipeline of both stores (here one database) for the given inputs. */
    static void runJob(StoreSettings store, MonitoringResult[] results, EndpointActivity[] activity,
                       InferenceError[] errors) throws Exception {
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment(noRestarts());
        env.enableCheckpointing(200);
        env.setParallelism(2);
        SqlStoreSinks sinks = new SqlStoreSinks(store, () -> new SecretResolver(Map.of()), Backoff.DEFAULT);
        if (results.length > 0) {
            DataStream<MonitoringResult> r = env.fromData(results).uid("results").name("results");
            sinks.appResults(r);
            sinks.metrics(r);
            sinks.endpointDrift(r);
        }
        if (activity.length > 0) {
            DataStream<EndpointActivity> a = env.fromData(activity).uid("activity").name("activity");
            sinks.predictions(a);
            sinks.endpointActivity(a);
        }
        if (errors.length > 0) {
            sinks.errors(env.fromData(errors).uid("errors").name("errors"));
        }
        env.execute("sql-store-sinks-test");
    }

    record Snapshot(List<Map<String, Object>> appResults, List<Map<String, Object>> metrics,
                    List<Map<String, Object>> predictions, List<Map<String, Object>> errors,
                    List<Map<String, Object>> endpoints) {}

    static Snapshot snapshot(StoreSettings store) throws Exception {
        return new Snapshot(
                SqlTestData.rows(store, SqlTables.APP_RESULTS, "endpoint_id, application_name, result_name, end_infer_time"),
                SqlTestData.rows(store, SqlTables.METRICS, "endpoint_id, application_name, metric_name, end_infer_time"),
                SqlTestData.rows(store, SqlTables.PREDICTIONS, "endpoint_id, time"),
                SqlTestData.rows(store, SqlTables.ERRORS, "endpoint_id, error_type, time"),
                SqlTestData.rows(store, SqlTables.MODEL_ENDPOINTS, "uid"));
    }
}
