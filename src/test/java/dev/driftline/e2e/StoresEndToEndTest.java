package dev.driftline.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.driftline.functions.model.EndpointDefinition;
import dev.driftline.functions.model.RawEvent;
import dev.driftline.job.cli.DriftlineCli;
import dev.driftline.job.cli.SyntheticTraffic;
import dev.driftline.job.config.DriftlineConfig;
import dev.driftline.job.topology.DriftlineJob;
import dev.driftline.job.topology.DriftlineTopology;
import dev.driftline.job.topology.JobSettings;
import dev.driftline.job.topology.ProductionSinks;
import dev.driftline.sinks.store.StoreSettings;
import dev.driftline.sinks.store.sql.EmbeddedDatabases;
import dev.driftline.sinks.store.sql.SqlDialect;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.flink.api.common.functions.RichMapFunction;
import org.apache.flink.api.common.state.CheckpointListener;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.RestartStrategyOptions;
import org.apache.flink.runtime.testutils.MiniClusterResourceConfiguration;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.logging.log4j.Level;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.core.Appender;
import org.apache.logging.log4j.core.LoggerContext;
import org.apache.logging.log4j.core.appender.WriterAppender;
import org.apache.logging.log4j.core.config.LoggerConfig;
import org.apache.logging.log4j.core.layout.PatternLayout;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The job writing where MLRun users look — the time-series tables and the model endpoint store — on real MariaDB
 * and PostgreSQL servers, with a real Kafka broker: rows equal the results topic one for one, the endpoint records
 * show the right counts, requests and drift status, a restart duplicates nothing, an endpoint id full of quotes and
 * SQL is stored verbatim, and no secret shows in the logs or the job graph.
 */
class StoresEndToEndTest {
    @RegisterExtension
    static final MiniClusterExtension FLINK = new MiniClusterExtension(new MiniClusterResourceConfiguration.Builder()
            .setNumberTaskManagers(1)
            .setNumberSlotsPerTaskManager(2)
            .build());

    static final ObjectMapper JSON = new ObjectMapper();
    /** An endpoint id that would break any SQL written by string concatenation. */
    static final String AWKWARD = "ep 'credit'; DROP TABLE app_results; --";
    static EmbeddedKafka kafka;

    @BeforeAll
    static void startKafka() throws Exception {
        kafka = EmbeddedKafka.start();
    }

    @AfterAll
    static void stopKafka() throws Exception {
        if (kafka != null) {
            kafka.close();
        }
    }

    private DriftlineConfig config(String name, Path dir, StoreSettings store) throws Exception {
        DriftlineConfig c = TestJobs.config(kafka, name, dir);
        c.sinks.parquetPath = "";
        c.stores.tsdb = store;
        c.stores.endpointStore = EmbeddedDatabases.copy(store);
        return c;
    }

    /** The command line, on this test's broker and store, capturing what it prints. */
    private static String cli(DriftlineConfig c, String... args) {
        List<String> all = new ArrayList<>(List.of(args));
        StoreSettings s = c.stores.endpointStore;
        all.addAll(List.of("--set", "kafka.bootstrap-servers=" + c.kafka.bootstrapServers,
                "--set", "topics.endpoints=" + c.topics.endpoints,
                "--set", "stores.endpoint-store.type=" + s.type, "--set", "stores.endpoint-store.url=" + s.url,
                "--set", "stores.endpoint-store.user=" + s.user,
                "--set", "stores.tsdb.type=" + c.stores.tsdb.type, "--set", "stores.tsdb.url=" + c.stores.tsdb.url,
                "--set", "stores.tsdb.user=" + c.stores.tsdb.user));
        ByteArrayOutputStream buffer = new ByteArrayOutputStream();
        PrintStream original = System.out;
        System.setOut(new PrintStream(buffer, true, StandardCharsets.UTF_8));
        try {
            int code = DriftlineCli.commandLine().execute(all.toArray(String[]::new));
            assertThat(code).as(String.join(" ", args)).isZero();
        } finally {
            System.setOut(original);
        }
        return buffer.toString(StandardCharsets.UTF_8);
    }

    private static void register(DriftlineConfig c, String id, Path reference) {
        cli(c, "endpoints", "register", "--id", id, "--project", "demo", "--model", "demo-model",
                "--feature-names", String.join(",", SyntheticTraffic.FEATURES),
                "--label-names", String.join(",", SyntheticTraffic.LABELS), "--reference", reference.toString());
    }

    private static void produce(DriftlineConfig c, Scenario s) throws Exception {
        try (KafkaProducer<byte[], byte[]> producer = kafka.producer()) {
            // Both endpoints interleaved in event-time order (they may share a partition).
            for (String event : s.events) {
                for (String id : List.of(Scenario.ENDPOINT, AWKWARD)) {
                    byte[] key = id.getBytes(StandardCharsets.UTF_8);
                    String e = event.replace("\"" + Scenario.ENDPOINT + "\"", JSON.writeValueAsString(id));
                    producer.send(new ProducerRecord<>(c.topics.inference, key, e.getBytes(StandardCharsets.UTF_8)));
                }
            }
            producer.send(new ProducerRecord<>(c.topics.inference, Scenario.ENDPOINT.getBytes(StandardCharsets.UTF_8),
                    Scenario.errorEvent().getBytes(StandardCharsets.UTF_8)));
            producer.flush();
        }
    }

    /** Fails each job once, after a checkpoint has completed and part of the input has gone through. */
    static class FailOnceAfterCheckpoint extends RichMapFunction<RawEvent, RawEvent> implements CheckpointListener {
        static final Set<String> FAILED = ConcurrentHashMap.newKeySet();
        private final String job;
        private boolean checkpointed;
        private long seen;

        FailOnceAfterCheckpoint(String job) {
            this.job = job;
        }

        @Override
        public RawEvent map(RawEvent e) throws Exception {
            seen++;
            Thread.sleep(2); // spread the input over several checkpoints
            if (checkpointed && seen > 150 && FAILED.add(job)) {
                throw new IllegalStateException("injected failure after a completed checkpoint");
            }
            return e;
        }

        @Override
        public void notifyCheckpointComplete(long checkpointId) {
            checkpointed = true;
        }
    }

    private static StreamExecutionEnvironment buildWithOneFailure(DriftlineConfig c) {
        Configuration conf = new Configuration();
        conf.set(RestartStrategyOptions.RESTART_STRATEGY, "fixed-delay");
        conf.set(RestartStrategyOptions.RESTART_STRATEGY_FIXED_DELAY_ATTEMPTS, 3);
        conf.set(RestartStrategyOptions.RESTART_STRATEGY_FIXED_DELAY_DELAY, Duration.ofMillis(200));
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment(conf);
        DriftlineJob.configure(env, c);
        DataStream<RawEvent> inference = env.fromSource(DriftlineJob.inferenceSource(c, true),
                        DriftlineJob.inferenceWatermarks(c), "Inference events")
                .uid(DriftlineJob.UID_INFERENCE_SOURCE)
                .map(new FailOnceAfterCheckpoint(c.jobName)).uid("inject-failure").name("Inject failure");
        DataStream<EndpointDefinition> endpoints = env.fromSource(DriftlineJob.endpointsSource(c, true),
                        dev.driftline.functions.window.NoEventTime.strategy(), "Endpoint definitions")
                .uid(DriftlineJob.UID_ENDPOINTS_SOURCE);
        DriftlineTopology.build(c, inference, endpoints, DriftlineJob.catalog(c), JobSettings.applications(c),
                new ProductionSinks(c));
        return env;
    }

    private static List<JsonNode> read(String topic) throws Exception {
        List<JsonNode> out = new ArrayList<>();
        for (String s : kafka.readCommitted(topic)) {
            out.add(JSON.readTree(s));
        }
        return out;
    }

    private static long millis(ResultSet rs, String column) throws Exception {
        Timestamp t = rs.getTimestamp(column, java.util.Calendar.getInstance(java.util.TimeZone.getTimeZone("UTC")));
        return t.getTime();
    }

    @ParameterizedTest
    @EnumSource(SqlDialect.class)
    void rowsMatchTheResultsAndEndpointRecordsAreCurrentAfterARestart(SqlDialect dialect, @TempDir Path dir)
            throws Exception {
        String name = "e2e-stores-" + dialect.name().toLowerCase();
        DriftlineConfig c = config(name, dir, EmbeddedDatabases.newStore(dialect));
        Scenario s = new Scenario(dir, 3, 200);
        Path reference = dir.resolve("ref.json");
        register(c, Scenario.ENDPOINT, reference);
        register(c, AWKWARD, reference);
        produce(c, s);

        StreamExecutionEnvironment env = buildWithOneFailure(c);
        env.execute(c.jobName);
        assertThat(FailOnceAfterCheckpoint.FAILED).contains(c.jobName);

        // The results topic, read committed: 2 endpoints × 3 windows, one result and three metrics each.
        assertThat(read(c.topics.deadLetters)).as("dead letters").isEmpty();
        List<JsonNode> results = read(c.topics.results);
        assertThat(results).hasSize(2 * 3 * 4);
        try (Connection db = EmbeddedDatabases.connect(c.stores.tsdb)) {
            Map<String, double[]> stored = new HashMap<>();
            try (ResultSet rs = db.createStatement().executeQuery("SELECT endpoint_id, application_name, result_name, "
                    + "end_infer_time, start_infer_time, result_value, result_status, result_kind FROM app_results")) {
                while (rs.next()) {
                    stored.put(rs.getString(1) + "|" + rs.getString(2) + "|result|" + rs.getString(3) + "|"
                                    + millis(rs, "end_infer_time"),
                            new double[] {rs.getDouble(6), rs.getInt(7), rs.getInt(8), millis(rs, "start_infer_time")});
                }
            }
            try (ResultSet rs = db.createStatement().executeQuery("SELECT endpoint_id, application_name, metric_name, "
                    + "end_infer_time, start_infer_time, metric_value FROM metrics")) {
                while (rs.next()) {
                    stored.put(rs.getString(1) + "|" + rs.getString(2) + "|metric|" + rs.getString(3) + "|"
                                    + millis(rs, "end_infer_time"),
                            new double[] {rs.getDouble(6), 0, -1, millis(rs, "start_infer_time")});
                }
            }
            // One row per result on the topic, no more (a restart rewrote some, it duplicated none), equal values.
            assertThat(stored).hasSize(results.size());
            for (JsonNode r : results) {
                String key = r.get("endpoint_id").asText() + "|" + r.get("application").asText() + "|"
                        + r.get("type").asText() + "|" + r.get("name").asText() + "|" + r.get("end_infer_time_ms").asLong();
                assertThat(stored).as(key).containsKey(key);
                double[] row = stored.get(key);
                assertThat(row[0]).as(key).isEqualTo(r.get("value").asDouble());
                assertThat((long) row[3]).isEqualTo(r.get("start_infer_time_ms").asLong());
                if (r.get("type").asText().equals("result")) {
                    assertThat((int) row[1]).isEqualTo(r.get("status_code").asInt());
                }
            }
            assertThat(stored.keySet()).anyMatch(k -> k.startsWith(AWKWARD + "|histogram-data-drift|result|general_drift|"));

            // Predictions: every row of each endpoint counted once in its activity intervals, nothing twice.
            for (String id : List.of(Scenario.ENDPOINT, AWKWARD)) {
                try (var ps = db.prepareStatement("SELECT count(*), sum(effective_sample_count) FROM predictions "
                        + "WHERE endpoint_id = ?")) {
                    ps.setString(1, id);
                    try (ResultSet rs = ps.executeQuery()) {
                        rs.next();
                        assertThat(rs.getLong(2)).as(id).isEqualTo(s.validRows);
                        assertThat(rs.getLong(1)).as("one row per one-minute interval with traffic").isEqualTo(3);
                    }
                }
            }
            try (ResultSet rs = db.createStatement().executeQuery(
                    "SELECT endpoint_id, error_type, model_error, time FROM errors")) {
                assertThat(rs.next()).isTrue();
                assertThat(rs.getString(1)).isEqualTo(Scenario.ENDPOINT);
                assertThat(rs.getString(2)).isEqualTo("ValueError");
                assertThat(rs.getString(3)).contains("input has NaN");
                assertThat(millis(rs, "time")).isEqualTo(Instant.parse("2026-11-26T00:00:40Z").toEpochMilli());
                assertThat(rs.next()).as("one error, written once").isFalse();
            }
        }

        // The endpoint records, through the command line: the registered definition and what the job keeps current.
        long lastRequest = s.windowStart(2) + 199 * (50_000L / 200);
        for (String id : List.of(Scenario.ENDPOINT, AWKWARD)) {
            JsonNode e = JSON.readTree(cli(c, "endpoints", "get", "--id", id));
            assertThat(e.get("uid").asText()).isEqualTo(id);
            assertThat(e.get("project").asText()).isEqualTo("demo");
            assertThat(e.get("feature_names")).hasSize(SyntheticTraffic.FEATURES.size());
            assertThat(e.get("feature_stats").has("age")).isTrue();
            assertThat(e.get("first_request").asText()).isEqualTo(Scenario.T0.toString());
            assertThat(Instant.parse(e.get("last_request").asText()).toEpochMilli()).isEqualTo(lastRequest);
            assertThat(e.get("error_count").asLong()).isEqualTo(id.equals(Scenario.ENDPOINT) ? 1 : 0);
            assertThat(e.get("drift_status").asText()).isEqualTo("DRIFT_DETECTED");
            assertThat(e.get("drift_measures").has("age")).isTrue();
            assertThat(e.get("current_stats").has("age")).isTrue();
            assertThat(e.get("metrics").get("invocation_count").asLong())
                    .isEqualTo(s.events.size() + (id.equals(Scenario.ENDPOINT) ? 1 : 0));
        }
        String list = cli(c, "endpoints", "list");
        assertThat(list).contains(AWKWARD).contains(Scenario.ENDPOINT).contains("DRIFT_DETECTED");

        // driftline results reads the same rows back.
        String table = cli(c, "results", "--endpoint", AWKWARD, "--since", "2026-11-25", "--app", "histogram-data-drift");
        assertThat(table.lines().filter(l -> l.contains("general_drift"))).hasSize(3);
        assertThat(table).contains("detected").contains("no_detection");
    }

    @Test
    void noSecretInTheLogsOrTheJobGraph(@TempDir Path dir) throws Exception {
        String dbPassword = "Db-Secret-" + System.nanoTime();
        String kafkaPassword = "Kafka-Secret-" + System.nanoTime();
        Path dbSecret = dir.resolve("db-password");
        Files.writeString(dbSecret, dbPassword + "\n");
        Path kafkaSecret = dir.resolve("truststore-password");
        Files.writeString(kafkaSecret, kafkaPassword);
        StoreSettings admin = EmbeddedDatabases.newStore(SqlDialect.MYSQL);
        StoreSettings store = EmbeddedDatabases.asPasswordUser(SqlDialect.MYSQL, admin, dbPassword, "file:" + dbSecret);
        DriftlineConfig c = config("e2e-secrets", dir, store);
        // A secret Kafka property the PLAINTEXT listener ignores but every client is configured with.
        c.kafka.properties.put("ssl.truststore.password", "file:" + kafkaSecret);
        Scenario s = new Scenario(dir, 1, 50);
        kafka.send(c.topics.endpoints, Scenario.ENDPOINT, s.endpointJson);
        try (KafkaProducer<byte[], byte[]> producer = kafka.producer()) {
            for (String event : s.events) {
                producer.send(new ProducerRecord<>(c.topics.inference, event.getBytes(StandardCharsets.UTF_8)));
            }
        }

        StringWriter logs = new StringWriter();
        LoggerContext context = (LoggerContext) LogManager.getContext(false);
        LoggerConfig root = context.getConfiguration().getRootLogger();
        Level level = root.getLevel();
        Map<String, Appender> appenders = new HashMap<>(root.getAppenders());
        Appender capture = WriterAppender.newBuilder().setName("capture").setTarget(logs)
                .setLayout(PatternLayout.newBuilder().withPattern("%c %m %ex%n").build()).build();
        capture.start();
        appenders.keySet().forEach(root::removeAppender);
        root.addAppender(capture, Level.ALL, null);
        root.setLevel(Level.DEBUG);
        context.updateLoggers();
        String plan;
        try {
            Configuration conf = new Configuration();
            conf.set(RestartStrategyOptions.RESTART_STRATEGY, "none");
            StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment(conf);
            DriftlineJob.configure(env, c);
            DriftlineJob.build(env, c, true);
            plan = env.getExecutionPlan();
            env.execute(c.jobName);
        } finally {
            root.removeAppender("capture");
            appenders.values().forEach(a -> root.addAppender(a, null, null));
            root.setLevel(level);
            context.updateLoggers();
            capture.stop();
        }

        // The secrets were used: the password user wrote the rows.
        try (Connection db = EmbeddedDatabases.connect(admin);
             ResultSet rs = db.createStatement().executeQuery("SELECT count(*) FROM app_results")) {
            rs.next();
            assertThat(rs.getLong(1)).isEqualTo(1);
        }
        String logged = logs.toString();
        assertThat(logged).as("the job logged at DEBUG").contains("Endpoint windows");
        assertThat(logged).doesNotContain(dbPassword).doesNotContain(kafkaPassword);
        assertThat(plan).contains("Enrich with endpoint").doesNotContain(dbPassword).doesNotContain(kafkaPassword);
        assertThat(c.stores.tsdb.toString()).doesNotContain(dbPassword);
    }
}
