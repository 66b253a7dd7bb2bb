package dev.driftline.sinks.notify;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.driftline.functions.alerts.NotificationConfig;
import dev.driftline.functions.alerts.NotificationRequest;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** {@link WebhookChannel} against a real local HTTP receiver. */
@Timeout(60)
class WebhookChannelTest {
    static final ObjectMapper JSON = new ObjectMapper();
    static final String HMAC_KEY = "whsec-0123456789abcdef";
    static ChannelResources resources;

    @BeforeAll
    static void createResources() {
        resources = ChannelResources.create(Duration.ofSeconds(5));
    }

    @AfterAll
    static void closeResources() {
        resources.close();
    }

    @Test
    void postsBodyHeadersIdempotencyKeyAndSignature() throws Exception {
        try (TestHttpReceiver receiver = TestHttpReceiver.start()) {
            NotificationConfig cfg = TestRequests.webhook("ops-hook", receiver.url("/hooks/drift?token=abc"));
            cfg.headers.put("X-Team", "ml-platform");
            cfg.headers.put("Authorization", "Bearer t0ken");
            cfg.hmacSecretRef = "env:HOOK_HMAC";
            SecretResolver secrets = new SecretResolver(Map.of("HOOK_HMAC", HMAC_KEY));
            NotificationRequest req = TestRequests.request(TestRequests.alert(), cfg);

            Channels.forConfig(cfg, secrets, resources).send(req).get(10, TimeUnit.SECONDS);

            TestHttpReceiver.Received r = receiver.await(1, Duration.ofSeconds(5)).get(0);
            assertThat(r.method()).isEqualTo("POST");
            assertThat(r.path()).isEqualTo("/hooks/drift");
            assertThat(r.query()).isEqualTo("token=abc");
            assertThat(r.header("Content-Type")).startsWith("application/json");
            assertThat(r.header("X-Team")).isEqualTo("ml-platform");
            assertThat(r.header("Authorization")).isEqualTo("Bearer t0ken");
            assertThat(r.header("Idempotency-Key")).isEqualTo(req.idempotencyKey)
                    .isEqualTo("drift-alert|ep1.histogram-data-drift.result.general_drift|" + TestRequests.TIME
                            + "|ops-hook");

            JsonNode body = JSON.readTree(r.body());
            assertThat(body.get("idempotency_key").asText()).isEqualTo(req.idempotencyKey);
            assertThat(body.get("alert").asText()).isEqualTo("drift-alert");
            assertThat(body.get("project").asText()).isEqualTo("fraud");
            assertThat(body.get("entity").asText()).isEqualTo("ep1.histogram-data-drift.result.general_drift");
            assertThat(body.get("severity").asText()).isEqualTo("high");
            assertThat(body.get("summary").asText())
                    .isEqualTo("Data drift detected on ep1.histogram-data-drift.result.general_drift in fraud");
            assertThat(body.get("time").asText()).isEqualTo("2026-01-05T10:15:30Z");
            assertThat(JSON.convertValue(body.get("events"), List.class)).containsExactly("ev-1", "ev-2");
            assertThat(JSON.convertValue(body.get("event_kinds"), List.class))
                    .containsExactly("data-drift-detected", "data-drift-suspected");

            // recompute the signature over the exact bytes received
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(HMAC_KEY.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            StringBuilder hex = new StringBuilder();
            for (byte b : mac.doFinal(r.body())) {
                hex.append(String.format("%02x", b));
            }
            assertThat(r.header("X-Driftline-Signature")).isEqualTo("sha256=" + hex);
        }
    }

    @Test
    void noSignatureWithoutHmacRefAndUrlFromRef() throws Exception {
        try (TestHttpReceiver receiver = TestHttpReceiver.start()) {
            NotificationConfig cfg = TestRequests.webhook("w", receiver.url("/x"));
            cfg.url = null;
            cfg.urlRef = "env:HOOK_URL";
            SecretResolver secrets = new SecretResolver(Map.of("HOOK_URL", receiver.url("/from-ref").toString()));
            Channels.forConfig(cfg, secrets, resources)
                    .send(TestRequests.request(TestRequests.alert(), cfg)).get(10, TimeUnit.SECONDS);
            TestHttpReceiver.Received r = receiver.await(1, Duration.ofSeconds(5)).get(0);
            assertThat(r.path()).isEqualTo("/from-ref");
            assertThat(r.header("X-Driftline-Signature")).isNull();
        }
    }

    @Test
    void non2xxFailsNamingChannelAndStatusButNotUrlSecrets() throws Exception {
        try (TestHttpReceiver receiver = TestHttpReceiver.start().respond(n -> 503)) {
            NotificationConfig cfg = TestRequests.webhook("ops-hook", receiver.url("/T0SECRET/B0SECRET?sig=Q0SECRET"));
            Throwable t = failure(Channels.forConfig(cfg, new SecretResolver(Map.of()), resources),
                    TestRequests.request(TestRequests.alert(), cfg));
            assertThat(t).isInstanceOf(NotificationException.class);
            NotificationException e = (NotificationException) t;
            assertThat(e.retryable()).isTrue();
            assertThat(e.status()).isEqualTo(503);
            assertThat(e.getMessage())
                    .contains("webhook notification 'ops-hook'")
                    .contains("http://127.0.0.1:" + receiver.port())
                    .contains("HTTP 503")
                    // the receiver echoes the path in its answer: scrubbed
                    .doesNotContain("SECRET");
        }
    }

    @Test
    void clientErrorIsNotRetryable() throws Exception {
        try (TestHttpReceiver receiver = TestHttpReceiver.start().respond(n -> 404)) {
            NotificationConfig cfg = TestRequests.webhook("w", receiver.url("/missing"));
            NotificationException e = (NotificationException) failure(
                    Channels.forConfig(cfg, new SecretResolver(Map.of()), resources),
                    TestRequests.request(TestRequests.alert(), cfg));
            assertThat(e.retryable()).isFalse();
            assertThat(e.getMessage()).contains("HTTP 404");
        }
    }

    @Test
    void connectionRefusedIsRetryableIoError() throws Exception {
        int port = TestHttpReceiver.freePort();
        NotificationConfig cfg = TestRequests.webhook("w",
                java.net.URI.create("http://127.0.0.1:" + port + "/p4thSECRET?k=SECRET"));
        NotificationException e = (NotificationException) failure(
                Channels.forConfig(cfg, new SecretResolver(Map.of()), resources),
                TestRequests.request(TestRequests.alert(), cfg));
        assertThat(e.retryable()).isTrue();
        assertThat(e.getMessage()).contains("webhook notification 'w' to http://127.0.0.1:" + port)
                .contains("ConnectException").doesNotContain("SECRET");
    }

    @Test
    void plainHmacSecretIsRejectedWithoutEchoingIt() {
        NotificationConfig cfg = TestRequests.webhook("w", java.net.URI.create("http://127.0.0.1:1/x"));
        cfg.hmacSecretRef = HMAC_KEY;
        Throwable t = catchThrowable(() -> Channels.forConfig(cfg, new SecretResolver(Map.of()), resources));
        assertThat(t).isInstanceOf(SecretResolver.SecretResolutionException.class)
                .hasMessageContaining("hmac_secret_ref");
        assertThat(t.getMessage()).doesNotContain(HMAC_KEY);
    }

    @Test
    void invalidUrlsAreConfigurationErrorsWithoutTheUrl() {
        NotificationConfig cfg = TestRequests.webhook("w", java.net.URI.create("ftp://host/SECRETPATH"));
        Throwable t = catchThrowable(() -> Channels.forConfig(cfg, new SecretResolver(Map.of()), resources));
        assertThat(t).isInstanceOf(NotificationException.class).hasMessageContaining("http(s)");
        assertThat(t.getMessage()).doesNotContain("SECRETPATH");
        assertThat(((NotificationException) t).retryable()).isFalse();
        cfg.urlRef = "env:X";
        assertThat(catchThrowable(() -> Channels.forConfig(cfg, new SecretResolver(Map.of()), resources)))
                .hasMessageContaining("exactly one of url and url_ref");
    }

    static Throwable failure(NotificationChannel channel, NotificationRequest req) throws Exception {
        try {
            channel.send(req).get(20, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            return e.getCause();
        }
        throw new AssertionError("send succeeded");
    }
}
