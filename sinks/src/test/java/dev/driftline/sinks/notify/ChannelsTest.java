package dev.driftline.sinks.notify;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import dev.driftline.functions.alerts.NotificationConfig;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class ChannelsTest {
    final SecretResolver secrets = new SecretResolver(Map.of());

    @Test
    void createsChannelByKind() {
        assertThat(Channels.forConfig(TestRequests.webhook("w", URI.create("http://127.0.0.1:9/x")), secrets))
                .isInstanceOf(WebhookChannel.class);
        assertThat(Channels.forConfig(TestRequests.slack("s", "env:SLACK"), secrets)).isInstanceOf(SlackChannel.class);
        assertThat(Channels.forConfig(TestRequests.email("e", 25, null, null, "a@example.com"), secrets))
                .isInstanceOf(EmailChannel.class);
        NotificationConfig console = TestRequests.console(null);
        console.kind = " Console ";
        NotificationChannel c = Channels.forConfig(console, secrets);
        assertThat(c).isInstanceOf(ConsoleChannel.class);
        assertThat(c.name()).isEqualTo(" Console ");
        assertThat(c.kind()).isEqualTo("console");
    }

    @Test
    void unknownOrMissingKindIsAClearError() {
        NotificationConfig cfg = TestRequests.console("pager");
        cfg.kind = "pagerduty";
        Throwable t = catchThrowable(() -> Channels.forConfig(cfg, secrets));
        assertThat(t).isInstanceOf(NotificationException.class)
                .hasMessageContaining("unknown notification kind 'pagerduty'")
                .hasMessageContaining("'pager'")
                .hasMessageContaining("webhook, slack, email, console");
        assertThat(((NotificationException) t).retryable()).isFalse();
        cfg.kind = null;
        assertThat(catchThrowable(() -> Channels.forConfig(cfg, secrets))).hasMessageContaining("has no kind");
    }

    @Test
    void consoleLogsOneLineWithAlertEntitySeveritySummary() throws Exception {
        List<String> lines = new ArrayList<>();
        var alert = TestRequests.alert();
        alert.summary = "two\nlines";
        new ConsoleChannel(TestRequests.console("c"), lines::add)
                .send(TestRequests.request(alert, TestRequests.console("c"))).get(1, TimeUnit.SECONDS);
        assertThat(lines).hasSize(1);
        assertThat(lines.get(0)).contains("alert=drift-alert")
                .contains("entity=ep1.histogram-data-drift.result.general_drift")
                .contains("severity=high").contains("summary=two lines").doesNotContain("\n");
        // the public constructor logs (INFO) and completes
        Channels.forConfig(TestRequests.console("c"), secrets)
                .send(TestRequests.request(alert, TestRequests.console("c"))).get(1, TimeUnit.SECONDS);
    }

    @Test
    void retryPolicyBackoffs() {
        RetryPolicy p = RetryPolicy.defaults();
        assertThat(p.maxAttempts()).isEqualTo(8);
        assertThat(p.backoffAfter(1).toMillis()).isEqualTo(1000);
        assertThat(p.backoffAfter(2).toMillis()).isEqualTo(2000);
        assertThat(p.backoffAfter(6).toMillis()).isEqualTo(32_000);
        assertThat(p.backoffAfter(7).toMillis()).isEqualTo(60_000);
        assertThat(p.backoffAfter(30).toMillis()).isEqualTo(60_000);
        assertThat(p.totalBackoff().toSeconds()).isEqualTo(123);
        assertThat(p.recommendedAsyncTimeout().toSeconds()).isEqualTo(123 + 8 * 30 + 10);
        assertThat(catchThrowable(() -> new RetryPolicy(0, p.initialBackoff(), p.maxBackoff(), 2)))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
