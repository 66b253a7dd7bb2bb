package dev.driftline.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import dev.driftline.functions.alerts.AlertConfig;
import dev.driftline.functions.alerts.NotificationConfig;
import dev.driftline.job.cli.DriftlineCli;
import dev.driftline.job.cli.SyntheticTraffic;
import dev.driftline.job.config.DriftlineConfig;
import dev.driftline.job.topology.DriftlineJob;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Predicate;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.RestartStrategyOptions;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.runtime.testutils.MiniClusterResourceConfiguration;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Alerts on the running job with a real broker: drifted windows fire an auto alert once per detected window and
 * notify a real local webhook; a manual alert fires once, stays quiet, and fires again after a reset sent through
 * the control topic with the command line.
 */
class AlertsEndToEndTest {
    @RegisterExtension
    static final MiniClusterExtension FLINK = new MiniClusterExtension(new MiniClusterResourceConfiguration.Builder()
            .setNumberTaskManagers(1).setNumberSlotsPerTaskManager(2).build());

    static final ObjectMapper JSON = new ObjectMapper();
    static final long WINDOW = 10_000;
    static EmbeddedKafka kafka;
    static HttpServer webhook;
    static final List<JsonNode> received = new CopyOnWriteArrayList<>();

    @BeforeAll
    static void start() throws Exception {
        kafka = EmbeddedKafka.start();
        webhook = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        webhook.createContext("/hook", exchange -> {
            received.add(JSON.readTree(exchange.getRequestBody().readAllBytes()));
            exchange.sendResponseHeaders(200, -1);
            exchange.close();
        });
        webhook.start();
    }

    @AfterAll
    static void stop() throws Exception {
        if (webhook != null) {
            webhook.stop(0);
        }
        if (kafka != null) {
            kafka.close();
        }
    }

    private static AlertConfig alert(String name, String resetPolicy, NotificationConfig... notifications) {
        AlertConfig a = new AlertConfig();
        a.name = name;
        a.template = "DataDriftDetected";
        a.entity = "*";
        a.resetPolicy = resetPolicy;
        a.notifications = new java.util.ArrayList<>(List.of(notifications));
        return a;
    }

    private static void sendWindow(DriftlineConfig c, SyntheticTraffic traffic, long from, long to, boolean shifted) throws Exception {
        try (KafkaProducer<byte[], byte[]> producer = kafka.producer()) {
            for (long t = from; t < to; t += 200) {
                producer.send(new ProducerRecord<>(c.topics.inference, Scenario.ENDPOINT.getBytes(StandardCharsets.UTF_8),
                        traffic.event(Scenario.ENDPOINT, t, shifted, 1).getBytes(StandardCharsets.UTF_8)));
            }
        }
    }

    private static List<JsonNode> waitFor(String topic, Predicate<List<JsonNode>> done) throws Exception {
        long deadline = System.currentTimeMillis() + 90_000;
        List<JsonNode> out = List.of();
        while (System.currentTimeMillis() < deadline) {
            out = kafka.readCommitted(topic).stream().map(s -> {
                try {
                    return JSON.readTree(s);
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            }).toList();
            if (done.test(out)) {
                return out;
            }
            Thread.sleep(500);
        }
        return out;
    }

    private static long count(List<JsonNode> fired, String alert) {
        return fired.stream().filter(f -> f.get("alert").asText().equals(alert)).count();
    }

    private static long detected(List<JsonNode> results) {
        return results.stream().filter(r -> r.get("name").asText().equals("general_drift")
                && r.get("status").asText().equals("detected")).count();
    }

    @Test
    void autoAlertsFirePerDetectedWindowAndManualAlertsWaitForAReset(@TempDir Path dir) throws Exception {
        String name = "e2e-alerts";
        DriftlineConfig c = new DriftlineConfig();
        c.jobName = name;
        c.parallelism = 2;
        c.kafka.bootstrapServers = kafka.bootstrapServers();
        c.kafka.startingOffsets = "earliest";
        c.kafka.groupId = name;
        c.kafka.transactionalIdPrefix = name;
        c.windows.basePeriod = Duration.ofMillis(WINDOW);
        c.windows.outOfOrderness = Duration.ofMillis(500);
        c.windows.idleTimeout = Duration.ofSeconds(2);
        c.checkpoints.interval = Duration.ofMillis(500);
        c.sinks.parquetPath = dir.resolve("parquet").toUri().toString();
        NotificationConfig hook = new NotificationConfig();
        hook.kind = "webhook";
        hook.url = "http://127.0.0.1:" + webhook.getAddress().getPort() + "/hook";
        c.alerts.definitions = List.of(alert("drift-auto", "auto", hook), alert("drift-manual", "manual"));
        for (String t : List.of(c.topics.inference, c.topics.results, c.topics.alerts, c.topics.notices, c.topics.deadLetters,
                c.topics.firedAlerts, c.topics.notifications)) {
            kafka.createTopic(t, 2, Map.of());
        }
        kafka.createTopic(c.topics.endpoints, 1, Map.of("cleanup.policy", "compact"));
        kafka.createTopic(c.topics.alertControl, 1, Map.of("cleanup.policy", "compact"));

        Scenario s = new Scenario(dir, 1, 1); // the endpoint definition and its reference
        kafka.send(c.topics.endpoints, Scenario.ENDPOINT, s.endpointJson);
        SyntheticTraffic traffic = new SyntheticTraffic(11);
        long base = Math.floorDiv(System.currentTimeMillis() - 60_000, WINDOW) * WINDOW;
        sendWindow(c, traffic, base, base + WINDOW, false);
        sendWindow(c, traffic, base + WINDOW, base + 2 * WINDOW, true);
        sendWindow(c, traffic, base + 2 * WINDOW, base + 3 * WINDOW, true);

        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment(
                new Configuration().set(RestartStrategyOptions.RESTART_STRATEGY, "none"));
        DriftlineJob.configure(env, c);
        DriftlineJob.build(env, c, false);
        JobClient job = env.executeAsync(name);
        try {
            // Phase 1: two detected windows → the auto alert fires twice, the manual one once.
            List<JsonNode> fired = waitFor(c.topics.firedAlerts, f -> count(f, "drift-auto") >= 2 && count(f, "drift-manual") >= 1);
            assertThat(detected(kafka.readCommitted(c.topics.results).stream().map(AlertsEndToEndTest::parse).toList())).isEqualTo(2);
            assertThat(count(fired, "drift-auto")).isEqualTo(2);
            assertThat(count(fired, "drift-manual")).isEqualTo(1);
            JsonNode first = fired.stream().filter(f -> f.get("alert").asText().equals("drift-auto")).findFirst().orElseThrow();
            assertThat(first.get("severity").asText()).isEqualTo("high");
            assertThat(first.get("entity").asText()).isEqualTo(Scenario.ENDPOINT + ".histogram-data-drift.result.general_drift");
            assertThat(first.get("events").get(0).get("kind").asText()).isEqualTo("data-drift-detected");

            // The webhook got one request per auto firing, with the idempotency key of the firing.
            List<JsonNode> outcomes = waitFor(c.topics.notifications, o -> o.size() >= 2);
            assertThat(outcomes).allSatisfy(o -> assertThat(o.get("delivered").asBoolean()).isTrue());
            assertThat(received).hasSize(2);
            assertThat(received).allSatisfy(r -> {
                assertThat(r.get("alert").asText()).isEqualTo("drift-auto");
                assertThat(r.get("idempotency_key").asText()).startsWith("drift-auto|");
            });

            // Phase 2: reset the manual alert through the control topic, then one more drifted stretch.
            int code = DriftlineCli.commandLine().execute("alerts", "reset", "--name", "drift-manual",
                    "--set", "kafka.bootstrap-servers=" + kafka.bootstrapServers());
            assertThat(code).isZero();
            Thread.sleep(3_000); // the reset travels on its own stream; give it time to arrive first
            long now = System.currentTimeMillis();
            sendWindow(c, traffic, now - 3_000, now, true);
            // The stretch may span one or two windows: every detected window fires the auto alert once.
            long deadline = System.currentTimeMillis() + 90_000;
            long detectedWindows;
            do {
                Thread.sleep(500);
                fired = kafka.readCommitted(c.topics.firedAlerts).stream().map(AlertsEndToEndTest::parse).toList();
                detectedWindows = detected(kafka.readCommitted(c.topics.results).stream().map(AlertsEndToEndTest::parse).toList());
            } while (System.currentTimeMillis() < deadline
                    && !(count(fired, "drift-manual") >= 2 && detectedWindows >= 3 && count(fired, "drift-auto") == detectedWindows));
            assertThat(detectedWindows).isGreaterThanOrEqualTo(3);
            assertThat(count(fired, "drift-auto")).isEqualTo(detectedWindows);
            assertThat(count(fired, "drift-manual")).as("fired once before the reset and once after").isEqualTo(2);

            // The command line sees what the control topics hold.
            String bootstrap = "kafka.bootstrap-servers=" + kafka.bootstrapServers();
            assertThat(DriftlineCli.commandLine().execute("alerts", "set", "--name", "suspected-any", "--template",
                    "DataDriftSuspected", "--set", bootstrap)).isZero();
            assertThat(cli("alerts", "list", "--set", bootstrap)).contains("suspected-any").contains("medium");
            assertThat(cli("endpoints", "list", "--set", bootstrap)).contains(Scenario.ENDPOINT);
        } finally {
            job.cancel().get();
        }
    }

    private static String cli(String... args) {
        java.io.ByteArrayOutputStream buffer = new java.io.ByteArrayOutputStream();
        java.io.PrintStream original = System.out;
        System.setOut(new java.io.PrintStream(buffer, true, StandardCharsets.UTF_8));
        try {
            assertThat(DriftlineCli.commandLine().execute(args)).isZero();
        } finally {
            System.setOut(original);
        }
        return buffer.toString(StandardCharsets.UTF_8);
    }

    private static JsonNode parse(String s) {
        try {
            return JSON.readTree(s);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
