package dev.driftline.sinks.store.tdengine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.driftline.functions.model.EndpointActivity;
import dev.driftline.functions.model.InferenceError;
import dev.driftline.functions.model.MonitoringResult;
import dev.driftline.sinks.store.StoreSettings;
import dev.driftline.sinks.store.StoredResult;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.RestartStrategyOptions;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * End to end against a real TDengine server: a small Flink job writes results, metrics, endpoint activity and errors
 * through {@link TdengineSinks}; they are read back with {@link TdengineResultStore} and SQL; the same job runs again
 * and nothing is duplicated; awkward names come back verbatim.
 *
 * <p>Runs only when {@code DRIFTLINE_TDENGINE_URL} is set (e.g. {@code jdbc:TAOS-WS://localhost:6041/}), with
 * {@code DRIFTLINE_TDENGINE_USER} (default root) and {@code DRIFTLINE_TDENGINE_PASSWORD} if the server needs them.
 * It writes into a database of its own ({@code driftline_test_<random>}) and drops it at the end.
 */
class TdengineStoreTest {
    static final String SKIPPED = "TDengine tests skipped: DRIFTLINE_TDENGINE_URL is not set (e.g."
            + " jdbc:TAOS-WS://localhost:6041/; optional DRIFTLINE_TDENGINE_USER, DRIFTLINE_TDENGINE_PASSWORD)";

    static final String PROJECT = "proj-e2e";
    static final String EP = "ep-a";
    /** Quotes, a backslash, spaces, SQL and non-ASCII; 46 bytes, within BINARY(64). */
    static final String EP_AWKWARD = "ep 'q' \"dq\" \\ '; DROP TABLE x; -- \u6a21\u578b \u00fc\u2713";
    static final String APP = "drift";
    static final String APP_AWKWARD = "app 'x'; DROP TABLE app_results; --";
    static final String RESULT_AWKWARD = "drift \u00fc \"score\"";
    static final long T0 = 1_767_600_000_000L; // 2026-01-05T08:00:00Z
    static final long MIN = 60_000;
    static final ObjectMapper JSON = new ObjectMapper();

    static StoreSettings settings;

    @BeforeAll
    static void server() {
        String url = System.getenv("DRIFTLINE_TDENGINE_URL");
        if (url == null || url.isBlank()) {
            System.err.println(SKIPPED);
            return;
        }
        settings = new StoreSettings();
        settings.type = "tdengine";
        settings.url = url;
        String user = System.getenv("DRIFTLINE_TDENGINE_USER");
        settings.user = user == null || user.isBlank() ? "root" : user;
        settings.password = System.getenv("DRIFTLINE_TDENGINE_PASSWORD") == null
                ? null : "env:DRIFTLINE_TDENGINE_PASSWORD";
        settings.database = "driftline_test_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
    }

    /** Per test (not per class), so that each test is reported as skipped, with the reason. */
    @BeforeEach
    void requireServer() {
        Assumptions.assumeTrue(settings != null, SKIPPED);
    }

    @AfterAll
    static void dropDatabase() throws Exception {
        if (settings != null) {
            try (Connection c = TdengineConnector.of(settings).open().connection(); Statement s = c.createStatement()) {
                s.execute("DROP DATABASE IF EXISTS " + settings.database);
            }
        }
    }

    static List<MonitoringResult> results() {
        String bigExtra = "{\"drift_measures\":{\"tvd\":0.4},\"current_stats\":{\"amount\":\""
                + "s".repeat(2000) + "\"},\"reference\":\"ref-1\"}";
        return List.of(
                TestRows.result(PROJECT, EP, APP, "hellinger", T0, T0 + MIN, 0.25, 2, 1, "{\"k\":\"v\"}"),
                TestRows.result(PROJECT, EP, APP, "hellinger", T0 + MIN, T0 + 2 * MIN, 0.5, 2, 2, null),
                TestRows.metric(PROJECT, EP, APP, "rows", T0, T0 + MIN, 42),
                TestRows.result(PROJECT, EP_AWKWARD, APP_AWKWARD, RESULT_AWKWARD, T0, T0 + MIN, 1.5, 0, -1, bigExtra),
                TestRows.metric(PROJECT, EP_AWKWARD, APP_AWKWARD, "it's \\ \u2713", T0, T0 + MIN, Double.NaN));
    }

    static List<EndpointActivity> activity() {
        return List.of(
                TestRows.activity(PROJECT, EP, T0, 1500.0, "{\"acc\":0.9}", 12.5, 10),
                TestRows.activity(PROJECT, EP, T0 + MIN, Double.NaN, null, 3, 3),
                TestRows.activity(PROJECT, EP_AWKWARD, T0, 200.0, "{\"note\":\"it's \\\\ \u00fc\"}", 1, 1));
    }

    static List<InferenceError> errors() {
        return List.of(
                TestRows.error(PROJECT, EP, T0 + 1, "ValueError", "bad input"),
                TestRows.error(PROJECT, EP, T0 + 2, "ValueError", "bad input again"),
                TestRows.error(PROJECT, EP_AWKWARD, T0 + 3, "Err'; --", "it's \"broken\" \\ '; DROP TABLE errors; --"));
    }

    static void runJob() throws Exception {
        Configuration conf = new Configuration();
        conf.set(RestartStrategyOptions.RESTART_STRATEGY, "none");
        StreamExecutionEnvironment env = StreamExecutionEnvironment.createLocalEnvironment(1, conf);
        TdengineSinks.results(env.fromData(MonitoringResult.class, results().toArray(new MonitoringResult[0])), settings);
        TdengineSinks.predictions(env.fromData(EndpointActivity.class, activity().toArray(new EndpointActivity[0])),
                settings);
        TdengineSinks.errors(env.fromData(InferenceError.class, errors().toArray(new InferenceError[0])), settings);
        env.execute("TDengine store test");
    }

    /** Row counts per super table and endpoint, read with SQL. */
    static Map<String, Long> counts(Connection c) throws Exception {
        Map<String, Long> counts = new TreeMap<>();
        for (SuperTable table : TdengineSchema.SUPER_TABLES) {
            for (String ep : List.of(EP, EP_AWKWARD)) {
                counts.put(table.name() + "/" + ep, single(c, "SELECT COUNT(*) FROM " + settings.database + "."
                        + table.name() + " WHERE endpoint_id = " + TdengineSql.string(ep)).longValue());
            }
        }
        return counts;
    }

    static Number single(Connection c, String sql) throws Exception {
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            return rs.next() ? (Number) rs.getObject(1) : 0L;
        }
    }

    static List<String> strings(Connection c, String sql) throws Exception {
        List<String> out = new ArrayList<>();
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            while (rs.next()) {
                out.add(rs.getString(1));
            }
        }
        return out;
    }

    /** The query the writer reads the database's KEEP with, on a database it created: TDengine's default. */
    @Test
    void theDatabaseListsTheKeepTheWriterGoesBy() throws Exception {
        TdengineClient client = new TdengineClient(TdengineConnector.of(settings));
        try {
            String keep = client.queryOne(TdengineSchema.keepQuery(settings.database)); // connecting creates it
            assertThat(TdengineSchema.parseKeep(keep)).isEqualTo(TdengineSchema.DEFAULT_KEEP);
        } finally {
            client.close();
        }
    }

    @Test
    @Timeout(300)
    void writesReadsBackAndReplaysWithoutDuplicates() throws Exception {
        runJob();
        Map<String, Long> expected = Map.of(
                "app_results/" + EP, 2L, "app_results/" + EP_AWKWARD, 1L,
                "metrics/" + EP, 1L, "metrics/" + EP_AWKWARD, 1L,
                "predictions/" + EP, 2L, "predictions/" + EP_AWKWARD, 1L,
                "errors/" + EP, 2L, "errors/" + EP_AWKWARD, 1L);
        List<StoredResult> firstRead;
        try (Connection c = TdengineConnector.of(settings).open().connection();
             TdengineResultStore store = TdengineResultStore.open(settings)) {
            assertThat(counts(c)).isEqualTo(new TreeMap<>(expected));

            List<StoredResult> ep = store.results(EP, APP, 0);
            assertThat(ep).extracting(StoredResult::type, StoredResult::name, StoredResult::windowEnd)
                    .containsExactly(
                            org.assertj.core.groups.Tuple.tuple("metric", "rows", T0 + MIN),
                            org.assertj.core.groups.Tuple.tuple("result", "hellinger", T0 + MIN),
                            org.assertj.core.groups.Tuple.tuple("result", "hellinger", T0 + 2 * MIN));
            StoredResult first = ep.get(1);
            assertThat(first.project()).isEqualTo(PROJECT);
            assertThat(first.windowStart()).isEqualTo(T0);
            assertThat(first.value()).isCloseTo(0.25, within(1e-6));
            assertThat(first.kind()).isEqualTo(2);
            assertThat(first.status()).isEqualTo(1);
            assertThat(first.extraData()).isEqualTo("{\"k\":\"v\"}");
            assertThat(store.results(EP, null, T0 + 2 * MIN)).hasSize(1);
            assertThat(store.results(EP, "other-app", 0)).isEmpty();

            List<StoredResult> awkward = store.results(EP_AWKWARD, APP_AWKWARD, 0);
            assertThat(awkward).hasSize(2);
            assertThat(awkward).allSatisfy(r -> {
                assertThat(r.endpointId()).isEqualTo(EP_AWKWARD);
                assertThat(r.application()).isEqualTo(APP_AWKWARD);
            });
            assertThat(awkward).extracting(StoredResult::name)
                    .containsExactly("it's \\ \u2713", RESULT_AWKWARD);
            assertThat(awkward.get(0).value()).isNaN();
            JsonNode extra = JSON.readTree(awkward.get(1).extraData());
            assertThat(extra.path("truncated").asBoolean()).isTrue();
            assertThat(extra.has("current_stats")).isFalse();
            assertThat(extra.path("reference").asText()).isEqualTo("ref-1");

            assertThat(strings(c, "SELECT model_error FROM " + settings.database + ".errors WHERE endpoint_id = "
                    + TdengineSql.string(EP_AWKWARD)))
                    .containsExactly("it's \"broken\" \\ '; DROP TABLE errors; --");
            assertThat(strings(c, "SELECT error_type FROM " + settings.database + ".errors WHERE endpoint_id = "
                    + TdengineSql.string(EP_AWKWARD))).containsExactly("Err'; --");
            assertThat(strings(c, "SELECT custom_metrics FROM " + settings.database + ".predictions"
                    + " WHERE endpoint_id = " + TdengineSql.string(EP_AWKWARD)))
                    .containsExactly("{\"note\":\"it's \\\\ \u00fc\"}");
            assertThat(single(c, "SELECT COUNT(latency) FROM " + settings.database + ".predictions"
                    + " WHERE endpoint_id = " + TdengineSql.string(EP)).longValue()).isEqualTo(1);
            firstRead = store.results(EP_AWKWARD, null, 0);
        }

        // The same rows again, as after a restart that replays them: overwritten, not added.
        runJob();
        try (Connection c = TdengineConnector.of(settings).open().connection();
             TdengineResultStore store = TdengineResultStore.open(settings)) {
            assertThat(counts(c)).isEqualTo(new TreeMap<>(expected));
            assertThat(store.results(EP_AWKWARD, null, 0)).usingRecursiveComparison().isEqualTo(firstRead);
        }
    }
}
