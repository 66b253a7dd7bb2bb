package dev.driftline.sinks.notify;

import static org.assertj.core.api.Assertions.assertThat;

import com.icegreen.greenmail.configuration.GreenMailConfiguration;
import com.icegreen.greenmail.junit5.GreenMailExtension;
import com.icegreen.greenmail.util.GreenMailUtil;
import com.icegreen.greenmail.util.ServerSetupTest;
import dev.driftline.functions.alerts.NotificationConfig;
import dev.driftline.functions.alerts.NotificationRequest;
import jakarta.mail.Message;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Duration;
import java.util.Arrays;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/** {@link EmailChannel} against a real SMTP server (GreenMail) with an authenticated user. */
@Timeout(60)
class EmailChannelTest {
    static final String USER = "alerts";
    static final String PASSWORD = "s3cret-pw-Q9";

    /** GreenMail's SMTP test setup on a free port (other builds on this machine may hold 3025). */
    @RegisterExtension
    static final GreenMailExtension GREEN_MAIL = new GreenMailExtension(ServerSetupTest.SMTP.dynamicPort())
            .withConfiguration(GreenMailConfiguration.aConfig().withUser("alerts@driftline.test", USER, PASSWORD));

    static ChannelResources resources;

    @BeforeAll
    static void createResources() {
        resources = ChannelResources.create(Duration.ofSeconds(3));
    }

    @AfterAll
    static void closeResources() {
        resources.close();
    }

    static int smtpPort() {
        return GREEN_MAIL.getSmtp().getPort();
    }

    static SecretResolver secrets(String password) {
        return new SecretResolver(Map.of("SMTP_USER", USER, "SMTP_PASSWORD", password));
    }

    @Test
    void sendsAuthenticatedMailWithSubjectRecipientsBodyAndMessageId() throws Exception {
        NotificationConfig cfg = TestRequests.email("oncall-mail", smtpPort(), "env:SMTP_USER", "env:SMTP_PASSWORD",
                "oncall@example.com", "ml-team@example.com");
        NotificationRequest req = TestRequests.request(TestRequests.alert(), cfg);

        Channels.forConfig(cfg, secrets(PASSWORD), resources).send(req).get(20, TimeUnit.SECONDS);

        assertThat(GREEN_MAIL.waitForIncomingEmail(10_000, 2)).isTrue();
        MimeMessage[] received = GREEN_MAIL.getReceivedMessages();
        assertThat(received).hasSize(2); // one copy per recipient mailbox
        MimeMessage m = received[0];
        assertThat(m.getSubject()).isEqualTo(
                "[high] drift-alert: Data drift detected on ep1.histogram-data-drift.result.general_drift in fraud");
        assertThat(Arrays.stream(m.getRecipients(Message.RecipientType.TO)).map(a -> ((InternetAddress) a).getAddress()))
                .containsExactly("oncall@example.com", "ml-team@example.com");
        assertThat(((InternetAddress) m.getFrom()[0]).getAddress()).isEqualTo("driftline@alerts.example.com");
        String expectedId = EmailChannel.messageId(req.idempotencyKey, "alerts.example.com");
        assertThat(m.getMessageID()).isEqualTo(expectedId).matches("<[0-9a-f]{32}\\.driftline@alerts\\.example\\.com>");
        assertThat(m.getHeader(EmailChannel.IDEMPOTENCY_HEADER, null)).isEqualTo(req.idempotencyKey);
        assertThat(m.getContentType()).startsWith("text/plain");
        String body = GreenMailUtil.getBody(m).replace("\r\n", "\n");
        assertThat(body)
                .contains("Alert: drift-alert\n")
                .contains("Project: fraud\n")
                .contains("Entity: ep1.histogram-data-drift.result.general_drift\n")
                .contains("Severity: high\n")
                .contains("Summary: Data drift detected on ep1.histogram-data-drift.result.general_drift in fraud\n")
                .contains("Time: 2026-01-05T10:15:30Z\n")
                .contains("  - ev-1 (data-drift-detected)\n")
                .contains("  - ev-2 (data-drift-suspected)\n")
                .contains("Idempotency key: " + req.idempotencyKey);

        // a resend carries the same Message-ID
        Channels.forConfig(cfg, secrets(PASSWORD), resources).send(req).get(20, TimeUnit.SECONDS);
        assertThat(GREEN_MAIL.waitForIncomingEmail(10_000, 4)).isTrue();
        assertThat(Arrays.stream(GREEN_MAIL.getReceivedMessages()).map(x -> {
            try {
                return x.getMessageID();
            } catch (Exception e) {
                throw new RuntimeException(e);
            }
        }).distinct()).containsExactly(expectedId);
    }

    @Test
    void wrongPasswordIsNotRetryableAndNeverShown() throws Exception {
        String wrong = "wrong-pw-SECRET-77";
        NotificationConfig cfg = TestRequests.email("oncall-mail", smtpPort(), "env:SMTP_USER", "env:SMTP_PASSWORD",
                "oncall@example.com");
        NotificationException e = (NotificationException) WebhookChannelTest.failure(
                Channels.forConfig(cfg, secrets(wrong), resources), TestRequests.request(TestRequests.alert(), cfg));
        assertThat(e.retryable()).isFalse();
        assertThat(e.getMessage()).contains("email notification 'oncall-mail'")
                .contains("127.0.0.1:" + smtpPort()).contains("authentication").doesNotContain(wrong);
        assertThat(GREEN_MAIL.getReceivedMessages()).isEmpty();
    }

    @Test
    void sendDoesNotBlockTheCallerOnASilentServer() throws Exception {
        // accepts connections but never sends the SMTP greeting
        try (ServerSocket silent = new ServerSocket(0, 5, InetAddress.getLoopbackAddress())) {
            Thread acceptor = new Thread(() -> {
                try (Socket s = silent.accept()) {
                    Thread.sleep(10_000);
                } catch (Exception ignored) {
                    // closed
                }
            });
            acceptor.setDaemon(true);
            acceptor.start();
            NotificationConfig cfg = TestRequests.email("m", silent.getLocalPort(), null, null, "a@example.com");
            NotificationChannel channel = Channels.forConfig(cfg, secrets(PASSWORD), resources);
            long start = System.nanoTime();
            CompletableFuture<Void> f = channel.send(TestRequests.request(TestRequests.alert(), cfg));
            assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofMillis(500));
            assertThat(f).isNotDone();
            NotificationException e = (NotificationException) WebhookChannelTest.failure(channel,
                    TestRequests.request(TestRequests.alert(), cfg));
            assertThat(e.retryable()).isTrue();
            assertThat(e.getMessage()).contains("email notification 'm'");
        }
    }

    @Test
    void invalidConfigurationsAreRejected() {
        NotificationConfig cfg = TestRequests.email("m", 25, "env:U", null, "a@example.com");
        assertThat(org.assertj.core.api.Assertions.catchThrowable(
                () -> Channels.forConfig(cfg, secrets(PASSWORD), resources)))
                .hasMessageContaining("smtp_username_ref and smtp_password_ref");
        NotificationConfig plain = TestRequests.email("m", 25, "env:U", PASSWORD, "a@example.com");
        Throwable t = org.assertj.core.api.Assertions.catchThrowable(
                () -> Channels.forConfig(plain, secrets(PASSWORD), resources));
        assertThat(t).hasMessageContaining("smtp_password_ref");
        assertThat(t.getMessage()).doesNotContain(PASSWORD);
        NotificationConfig sec = TestRequests.email("m", 25, null, null, "a@example.com");
        sec.smtpSecurity = "ssl3";
        assertThat(org.assertj.core.api.Assertions.catchThrowable(
                () -> Channels.forConfig(sec, secrets(PASSWORD), resources)))
                .hasMessageContaining("none, starttls or tls");
        NotificationConfig noTo = TestRequests.email("m", 25, null, null);
        assertThat(org.assertj.core.api.Assertions.catchThrowable(
                () -> Channels.forConfig(noTo, secrets(PASSWORD), resources)))
                .hasMessageContaining("to needs at least one address");
    }
}
