package dev.driftline.sinks.notify;

import static org.assertj.core.api.Assertions.assertThat;

import com.icegreen.greenmail.configuration.GreenMailConfiguration;
import com.icegreen.greenmail.junit5.GreenMailExtension;
import com.icegreen.greenmail.util.ServerSetupTest;
import dev.driftline.functions.alerts.DeliveryOutcome;
import dev.driftline.functions.alerts.FiredAlert;
import dev.driftline.functions.alerts.NotificationConfig;
import dev.driftline.functions.alerts.NotificationRequest;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.RestartStrategyOptions;
import org.apache.flink.metrics.Counter;
import org.apache.flink.metrics.Metric;
import org.apache.flink.metrics.MetricGroup;
import org.apache.flink.runtime.testutils.InMemoryReporter;
import org.apache.flink.runtime.testutils.MiniClusterResourceConfiguration;
import org.apache.flink.streaming.api.datastream.AsyncDataStream;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * {@link DeliverNotifications} inside a Flink job on a MiniCluster, wired with {@code AsyncDataStream.unorderedWait}
 * as the topology does, against real receivers: local HTTP servers and GreenMail SMTP.
 */
class DeliverNotificationsMiniClusterTest {
    static final String HMAC = "whsec-mini-cluster";
    static final String SMTP_PASSWORD = "mc-pw-8812";

    static final InMemoryReporter REPORTER = InMemoryReporter.createWithRetainedMetrics();

    private static Configuration clusterConfig() {
        Configuration c = new Configuration();
        c.set(RestartStrategyOptions.RESTART_STRATEGY, "none");
        return REPORTER.addToConfiguration(c);
    }

    @RegisterExtension
    @Order(1)
    static final MiniClusterExtension MINI_CLUSTER = new MiniClusterExtension(
            new MiniClusterResourceConfiguration.Builder()
                    .setConfiguration(clusterConfig())
                    .setNumberTaskManagers(1)
                    .setNumberSlotsPerTaskManager(2)
                    .build());

    @RegisterExtension
    @Order(2)
    static final GreenMailExtension GREEN_MAIL = new GreenMailExtension(ServerSetupTest.SMTP.dynamicPort())
            .withConfiguration(GreenMailConfiguration.aConfig().withUser("alerts@driftline.test", "alerts",
                    SMTP_PASSWORD));

    /** Short backoffs so the test runs in seconds: 4 attempts, 50 ms, 200 ms max, ×2, 5 s per attempt. */
    static final RetryPolicy FAST = new RetryPolicy(4, Duration.ofMillis(50), Duration.ofMillis(200), 2.0,
            Duration.ofSeconds(5));

    /** Counted down when the late-receiver job's request reaches the operator before the async one. */
    static final CountDownLatch LATE_JOB_RUNNING = new CountDownLatch(1);

    static List<DeliveryOutcome> run(String jobName, List<NotificationRequest> requests, DeliverNotifications fn,
            long asyncTimeoutMs) throws Exception {
        return run(jobName, requests, fn, asyncTimeoutMs, false);
    }

    static List<DeliveryOutcome> run(String jobName, List<NotificationRequest> requests, DeliverNotifications fn,
            long asyncTimeoutMs, boolean signalLateJob) throws Exception {
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        env.setParallelism(1);
        DataStream<NotificationRequest> in = env.fromData(requests);
        if (signalLateJob) {
            // same JVM: the MiniCluster runs in-process
            in = in.map(r -> {
                LATE_JOB_RUNNING.countDown();
                return r;
            }).returns(NotificationRequest.class);
        }
        DataStream<DeliveryOutcome> out = AsyncDataStream.unorderedWait(in, fn, asyncTimeoutMs, TimeUnit.MILLISECONDS,
                10);
        List<DeliveryOutcome> outcomes = new ArrayList<>();
        try (var it = out.executeAndCollect(jobName)) {
            it.forEachRemaining(outcomes::add);
        }
        return outcomes;
    }

    static Map<String, DeliveryOutcome> byNotification(List<DeliveryOutcome> outcomes) {
        return outcomes.stream().collect(Collectors.toMap(o -> o.notification, Function.identity()));
    }

    /** Sum of a counter over the operator groups of one job. */
    static long counter(String jobName, String name) {
        long sum = 0;
        for (Map.Entry<MetricGroup, Map<String, Metric>> e : REPORTER.getMetricsByGroup().entrySet()) {
            if (!jobName.equals(e.getKey().getAllVariables().get("<job_name>"))) {
                continue;
            }
            Metric m = e.getValue().get(name);
            if (m instanceof Counter) {
                sum += ((Counter) m).getCount();
            }
        }
        return sum;
    }

    @Test
    @Timeout(180)
    void deliversRetriesAndReportsFailuresPerNotification() throws Exception {
        try (TestHttpReceiver flaky = TestHttpReceiver.start().failFirst(2, 503);
                TestHttpReceiver dead = TestHttpReceiver.start().respond(n -> 500);
                TestHttpReceiver gone = TestHttpReceiver.start().respond(n -> 404);
                TestHttpReceiver slack = TestHttpReceiver.start()) {
            FiredAlert alert = TestRequests.alert();

            NotificationConfig flakyHook = TestRequests.webhook("flaky-hook", flaky.url("/hook"));
            flakyHook.hmacSecretRef = "env:HOOK_HMAC";
            flakyHook.headers.put("X-Team", "ml");
            NotificationConfig deadHook = TestRequests.webhook("dead-hook", dead.url("/d34dSECRET?key=SECRET"));
            NotificationConfig goneHook = TestRequests.webhook("gone-hook", gone.url("/gone"));
            NotificationConfig slackCfg = TestRequests.slack("team-slack", "env:SLACK_URL");
            NotificationConfig email = TestRequests.email("oncall-mail", GREEN_MAIL.getSmtp().getPort(),
                    "env:SMTP_USER", "env:SMTP_PASSWORD", "oncall@example.com");
            NotificationConfig console = TestRequests.console("console");
            NotificationConfig unknown = TestRequests.console("pager");
            unknown.kind = "pagerduty";

            List<NotificationRequest> requests = new ArrayList<>();
            for (NotificationConfig c : List.of(flakyHook, deadHook, goneHook, slackCfg, email, console, unknown)) {
                requests.add(TestRequests.request(alert, c));
            }
            String slackUrl = slack.url("/services/T1/B2/SECRET3").toString();
            DeliverNotifications fn = new DeliverNotifications(FAST, () -> Map.of(
                    "HOOK_HMAC", HMAC, "SLACK_URL", slackUrl, "SMTP_USER", "alerts", "SMTP_PASSWORD", SMTP_PASSWORD));

            String job = "notify-mixed";
            List<DeliveryOutcome> outcomes = run(job, requests, fn, FAST.recommendedAsyncTimeout().toMillis());

            assertThat(outcomes).hasSize(requests.size());
            Map<String, DeliveryOutcome> by = byNotification(outcomes);

            // 503, 503, 200: delayed, not lost; every attempt with the same key and body
            DeliveryOutcome f = by.get("flaky-hook");
            assertThat(f.delivered).isTrue();
            assertThat(f.attempts).isEqualTo(3);
            assertThat(f.error).isNull();
            assertThat(f.kind).isEqualTo("webhook");
            assertThat(f.alert).isEqualTo("drift-alert");
            assertThat(f.entity).isEqualTo(alert.entity);
            assertThat(f.idempotencyKey).isEqualTo(alert.id + "|flaky-hook");
            List<TestHttpReceiver.Received> got = flaky.received();
            assertThat(got).hasSize(3);
            assertThat(got).extracting(r -> r.header("Idempotency-Key")).containsOnly(f.idempotencyKey);
            assertThat(got).extracting(TestHttpReceiver.Received::bodyText).containsOnly(got.get(0).bodyText());
            assertThat(got.get(2).header("X-Team")).isEqualTo("ml");
            assertThat(got.get(2).header("X-Driftline-Signature"))
                    .isEqualTo("sha256=" + WebhookChannel.hmacSha256Hex(HMAC, got.get(2).body()));

            // always 500: gives up after maxAttempts, other channels of the same run still deliver
            DeliveryOutcome d = by.get("dead-hook");
            assertThat(d.delivered).isFalse();
            assertThat(d.attempts).isEqualTo(FAST.maxAttempts());
            assertThat(d.error).contains("webhook notification 'dead-hook'").contains("HTTP 500")
                    .contains("gave up after 4 attempts").doesNotContain("SECRET");
            assertThat(dead.received()).hasSize(4);

            // 404 is final: not retried
            DeliveryOutcome g = by.get("gone-hook");
            assertThat(g.delivered).isFalse();
            assertThat(g.attempts).isEqualTo(1);
            assertThat(g.error).contains("HTTP 404").contains("not retried");

            DeliveryOutcome s = by.get("team-slack");
            assertThat(s.delivered).isTrue();
            assertThat(s.attempts).isEqualTo(1);
            assertThat(slack.received()).hasSize(1);
            assertThat(slack.received().get(0).bodyText()).contains("\"blocks\"").contains(alert.summary);

            DeliveryOutcome m = by.get("oncall-mail");
            assertThat(m.delivered).as("email outcome: %s", m.error).isTrue();
            assertThat(GREEN_MAIL.getReceivedMessages()).hasSize(1);
            assertThat(GREEN_MAIL.getReceivedMessages()[0].getMessageID())
                    .isEqualTo(EmailChannel.messageId(m.idempotencyKey, "alerts.example.com"));

            assertThat(by.get("console").delivered).isTrue();

            DeliveryOutcome u = by.get("pager");
            assertThat(u.delivered).isFalse();
            assertThat(u.attempts).isEqualTo(1);
            assertThat(u.error).contains("unknown notification kind 'pagerduty'");

            assertThat(counter(job, "notificationsDelivered")).isEqualTo(4);
            assertThat(counter(job, "notificationsFailed")).isEqualTo(3);
            assertThat(counter(job, "notificationRetries")).isEqualTo(2 + 3);
        }
    }

    @Test
    @Timeout(180)
    void receiverStartedLateStillGetsTheNotification() throws Exception {
        int port = TestHttpReceiver.freePort();
        NotificationConfig hook = TestRequests.webhook("late-hook", URI.create("http://127.0.0.1:" + port + "/late"));
        NotificationRequest request = TestRequests.request(TestRequests.alert(), hook);
        // connection refused until the receiver comes up 1 s after the request reached the job
        CompletableFuture<TestHttpReceiver> late = CompletableFuture.supplyAsync(() -> {
            try {
                assertThat(LATE_JOB_RUNNING.await(120, TimeUnit.SECONDS)).isTrue();
                Thread.sleep(1000);
                return TestHttpReceiver.startOn(port);
            } catch (Exception e) {
                throw new RuntimeException(e);
            }
        });
        RetryPolicy policy = new RetryPolicy(12, Duration.ofMillis(100), Duration.ofMillis(500), 2.0,
                Duration.ofSeconds(5));
        try {
            List<DeliveryOutcome> outcomes = run("notify-late", List.of(request),
                    new DeliverNotifications(policy, Map::of), policy.recommendedAsyncTimeout().toMillis(), true);
            assertThat(outcomes).hasSize(1);
            DeliveryOutcome o = outcomes.get(0);
            assertThat(o.delivered).as("outcome error: %s", o.error).isTrue();
            assertThat(o.attempts).isGreaterThan(1);
            TestHttpReceiver receiver = late.get(10, TimeUnit.SECONDS);
            assertThat(receiver.received()).hasSize(1);
            assertThat(receiver.received().get(0).header("Idempotency-Key")).isEqualTo(request.idempotencyKey);
            assertThat(counter("notify-late", "notificationRetries")).isEqualTo(o.attempts - 1L);
        } finally {
            late.get(10, TimeUnit.SECONDS).close();
        }
    }

    @Test
    @Timeout(180)
    void operatorTimeoutYieldsAFailedOutcome() throws Exception {
        try (TestHttpReceiver hanging = TestHttpReceiver.start().hang()) {
            NotificationConfig hook = TestRequests.webhook("slow-hook", hanging.url("/slow"));
            RetryPolicy policy = RetryPolicy.defaults(); // 30 s per attempt: the 1 s operator timeout fires first
            List<DeliveryOutcome> outcomes = run("notify-timeout",
                    List.of(TestRequests.request(TestRequests.alert(), hook)),
                    new DeliverNotifications(policy, Map::of), 1000);
            assertThat(outcomes).hasSize(1);
            DeliveryOutcome o = outcomes.get(0);
            assertThat(o.delivered).isFalse();
            assertThat(o.notification).isEqualTo("slow-hook");
            assertThat(o.error).contains("timed out in the async operator after 1 attempt(s)");
            assertThat(counter("notify-timeout", "notificationsFailed")).isEqualTo(1);
        }
    }

    @Test
    @Timeout(180)
    void aReceiverThatNeverAnswersIsPausedInsteadOfHoldingTheOperatorFull() throws Exception {
        try (TestHttpReceiver hanging = TestHttpReceiver.start().hang()) {
            NotificationConfig hook = TestRequests.webhook("hanging-hook", hanging.url("/hook"));
            List<NotificationRequest> requests = new ArrayList<>();
            for (int i = 0; i < 30; i++) {
                requests.add(TestRequests.request(TestRequests.alert("drift-alert", "ep" + i + ".app.result.drift"), hook));
            }
            // 3 attempts of 300 ms each; paused after 3 failures in a row, for longer than the test
            RetryPolicy policy = new RetryPolicy(3, Duration.ofMillis(50), Duration.ofMillis(100), 2.0, Duration.ofMillis(300));
            String job = "notify-paused";
            List<DeliveryOutcome> outcomes = run(job, requests,
                    new DeliverNotifications(policy, new ReceiverBreaker.Settings(3, Duration.ofMinutes(5)), Map::of),
                    policy.recommendedAsyncTimeout().toMillis());

            assertThat(outcomes).hasSize(30).allSatisfy(o -> assertThat(o.delivered).isFalse());
            // the operator holds 10: the first ones are tried once each; their retries and every later request
            // end at once instead of trying the receiver 3 times each
            List<DeliveryOutcome> notTried = outcomes.stream().filter(o -> o.error.startsWith("not tried: receiver paused")).toList();
            assertThat(notTried).hasSizeGreaterThanOrEqualTo(20);
            assertThat(notTried.get(0).error).contains("failed attempts in a row (last: attempt timed out after 300 ms)");
            assertThat(outcomes.stream().mapToInt(o -> o.attempts).sum()).isLessThanOrEqualTo(12);
            assertThat(hanging.received()).hasSizeLessThanOrEqualTo(12);
            assertThat(counter(job, "notificationsNotTried")).isEqualTo(notTried.size());
            assertThat(counter(job, "notificationsFailed")).isEqualTo(30);
        }
    }

    @Test
    @Timeout(180)
    void tooManyRequestsAnswersAreRetriedWithoutPausingTheReceiver() throws Exception {
        try (TestHttpReceiver limited = TestHttpReceiver.start().respond(n -> n <= 12 ? 429 : 200)) {
            NotificationConfig hook = TestRequests.webhook("limited-hook", limited.url("/hook"));
            List<NotificationRequest> requests = new ArrayList<>();
            for (int i = 0; i < 10; i++) {
                requests.add(TestRequests.request(TestRequests.alert("drift-alert", "ep" + i + ".app.result.drift"), hook));
            }
            RetryPolicy policy = new RetryPolicy(4, Duration.ofMillis(50), Duration.ofMillis(100), 2.0, Duration.ofSeconds(5));
            List<DeliveryOutcome> outcomes = run("notify-rate-limited", requests,
                    new DeliverNotifications(policy, new ReceiverBreaker.Settings(3, Duration.ofMinutes(5)), Map::of),
                    policy.recommendedAsyncTimeout().toMillis());

            assertThat(outcomes).hasSize(10).allSatisfy(o -> assertThat(o.delivered).as(o.error).isTrue());
            assertThat(limited.received()).hasSize(22); // 12 answered 429, then one 200 each
            assertThat(counter("notify-rate-limited", "notificationsNotTried")).isZero();
        }
    }
}
