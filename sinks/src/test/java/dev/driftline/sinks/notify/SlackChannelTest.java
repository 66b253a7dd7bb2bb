package dev.driftline.sinks.notify;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.driftline.functions.alerts.FiredAlert;
import dev.driftline.functions.alerts.NotificationConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** {@link SlackChannel} against a real local HTTP receiver standing in for hooks.slack.com. */
@Timeout(60)
class SlackChannelTest {
    static final ObjectMapper JSON = new ObjectMapper();
    static ChannelResources resources;

    @TempDir
    Path dir;

    @BeforeAll
    static void createResources() {
        resources = ChannelResources.create(Duration.ofSeconds(5));
    }

    @AfterAll
    static void closeResources() {
        resources.close();
    }

    @Test
    void postsIncomingWebhookMessageToUrlFromSecretFile() throws Exception {
        try (TestHttpReceiver receiver = TestHttpReceiver.start()) {
            Path secret = dir.resolve("slack-url");
            Files.writeString(secret, receiver.url("/services/T000/B000/XXXX").toString() + "\n");
            NotificationConfig cfg = TestRequests.slack("team-slack", "file:" + secret);
            FiredAlert alert = TestRequests.alert();
            alert.summary = "Drift <b> & more";
            Channels.forConfig(cfg, new SecretResolver(Map.of()), resources)
                    .send(TestRequests.request(alert, cfg)).get(10, TimeUnit.SECONDS);

            TestHttpReceiver.Received r = receiver.await(1, Duration.ofSeconds(5)).get(0);
            assertThat(r.path()).isEqualTo("/services/T000/B000/XXXX");
            assertThat(r.header("Content-Type")).startsWith("application/json");
            JsonNode body = JSON.readTree(r.body());
            assertThat(body.get("text").asText()).isEqualTo("Drift <b> & more");
            JsonNode blocks = body.get("blocks");
            assertThat(blocks).hasSize(2);
            JsonNode section = blocks.get(0);
            assertThat(section.get("type").asText()).isEqualTo("section");
            assertThat(section.get("text").get("type").asText()).isEqualTo("mrkdwn");
            assertThat(section.get("text").get("text").asText()).isEqualTo("*Drift &lt;b&gt; &amp; more*");
            String fields = section.get("fields").toString();
            assertThat(fields).contains("*Severity:*\\nhigh")
                    .contains("*Entity:*\\nep1.histogram-data-drift.result.general_drift")
                    .contains("*Alert:*\\ndrift-alert");
            JsonNode context = blocks.get(1);
            assertThat(context.get("type").asText()).isEqualTo("context");
            assertThat(context.get("elements").get(0).get("text").asText())
                    .isEqualTo("*Time:* 2026-01-05T10:15:30Z");
            assertThat(context.get("elements").get(1).get("text").asText())
                    .isEqualTo("*Events:* ev-1 (data-drift-detected), ev-2 (data-drift-suspected)");
        }
    }

    @Test
    void failureNeverShowsTheSlackUrlPath() throws Exception {
        try (TestHttpReceiver receiver = TestHttpReceiver.start().respond(n -> 404)) {
            NotificationConfig cfg = TestRequests.slack("team-slack", "env:SLACK_URL");
            SecretResolver secrets = new SecretResolver(
                    Map.of("SLACK_URL", receiver.url("/services/TSECRET/BSECRET/XSECRET").toString()));
            NotificationException e = (NotificationException) WebhookChannelTest.failure(
                    Channels.forConfig(cfg, secrets, resources), TestRequests.request(TestRequests.alert(), cfg));
            assertThat(e.getMessage()).contains("slack notification 'team-slack'").contains("HTTP 404")
                    .contains("http://127.0.0.1:" + receiver.port()).doesNotContain("SECRET");
            assertThat(e.retryable()).isFalse();
        }
    }

    @Test
    void longEventListsAreCut() {
        FiredAlert alert = TestRequests.alert();
        alert.events.clear();
        alert.eventKinds.clear();
        for (int i = 0; i < 30; i++) {
            alert.events.add("ev-" + i);
            alert.eventKinds.add("data-drift-detected");
        }
        String events = NotificationPayloads.slackJson(TestRequests.request(alert, TestRequests.slack("s", "env:X")))
                .get("blocks").get(1).get("elements").get(1).get("text").asText();
        assertThat(events).contains("ev-19 (data-drift-detected)").doesNotContain("ev-20 ").endsWith("and 10 more");
    }
}
