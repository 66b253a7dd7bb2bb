package dev.driftline.sinks.store.tdengine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.driftline.sinks.store.StoreSettings;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.ServerSocket;
import java.sql.SQLException;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.flink.metrics.SimpleCounter;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** No password or secret property in any toString, exception message or stack trace. */
class TdengineSecretsTest {
    static final String PASSWORD = "s3cret-Pa55word";
    static final String TOKEN = "tok-9f8e7d6c5b";
    static final String URL_PASSWORD = "url-pw-4711";

    static StoreSettings settings(String url) {
        StoreSettings s = new StoreSettings();
        s.type = "tdengine";
        s.url = url;
        s.user = "root";
        s.password = "env:TD_PASSWORD";
        s.properties.put("token", "env:TD_TOKEN");
        s.properties.put("messageWaitTimeout", "3000");
        return s;
    }

    static HashMap<String, String> env() {
        HashMap<String, String> env = new HashMap<>();
        env.put("TD_PASSWORD", PASSWORD);
        env.put("TD_TOKEN", TOKEN);
        return env;
    }

    static String everything(Throwable t) {
        StringWriter out = new StringWriter();
        t.printStackTrace(new PrintWriter(out));
        return out.toString();
    }

    static int closedPort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    @Test
    void toStringsShowReferencesAtMost() {
        String url = "jdbc:TAOS-WS://tsdb:6041/?user=root&password=" + URL_PASSWORD;
        HashMap<String, String> env = env();
        TdengineSink<?> sink = new TdengineSink<>(settings(url), TdengineRows.ERRORS, () -> env, 1_000_000);
        for (String text : List.of(sink.toString(), sink.connector().toString(),
                new TdengineClient(sink.connector()).toString())) {
            assertThat(text).doesNotContain(PASSWORD).doesNotContain(TOKEN).doesNotContain(URL_PASSWORD)
                    .doesNotContain("env:TD_PASSWORD").contains("jdbc:TAOS-WS://tsdb:6041/?...");
        }
        assertThat(sink.toString()).contains("password=<reference>").contains("[token, messageWaitTimeout]");
    }

    @Test
    void aPlainPasswordIsRefusedWithoutShowingIt() {
        StoreSettings s = settings("jdbc:TAOS-WS://tsdb:6041/");
        s.password = PASSWORD;
        assertThatThrownBy(() -> new TdengineSink<>(s, TdengineRows.ERRORS))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("must be a reference")
                .hasMessageNotContaining(PASSWORD);
    }

    @Test
    void otherSettingsAreCheckedWhenTheSinkIsBuilt() {
        StoreSettings notTdengine = settings("jdbc:mariadb://db:3306/x");
        assertThatThrownBy(() -> new TdengineSink<>(notTdengine, TdengineRows.ERRORS))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("jdbc:TAOS-WS://");
        StoreSettings badDb = settings("jdbc:TAOS-WS://tsdb:6041/");
        badDb.database = "x; DROP DATABASE y";
        assertThatThrownBy(() -> new TdengineSink<>(badDb, TdengineRows.ERRORS))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("plain TDengine identifier");
        StoreSettings sql = settings("jdbc:TAOS-WS://tsdb:6041/");
        sql.type = "mysql";
        assertThatThrownBy(() -> new TdengineSink<>(sql, TdengineRows.ERRORS))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("not tdengine");
    }

    @Test
    void urlsAreRedactedForLogs() {
        assertThat(TdengineConnector.redact("jdbc:TAOS-WS://tsdb:6041/db?user=root&password=x"))
                .isEqualTo("jdbc:TAOS-WS://tsdb:6041/db?...");
        assertThat(TdengineConnector.redact("jdbc:TAOS-RS://root:pw@tsdb:6041/")).isEqualTo("jdbc:TAOS-RS://***@tsdb:6041/");
        assertThat(TdengineConnector.urlSecrets("jdbc:TAOS-RS://root:pw1@tsdb:6041/?password=pw2&a="))
                .containsExactlyInAnyOrder("pw2", "root:pw1", "pw1");
    }

    @Test
    void scrubbedErrorsKeepClassNamesAndStackTraces() {
        Secrets secrets = new Secrets(List.of(PASSWORD, "ab"));
        SQLException inner = new SQLException("auth failed for password " + PASSWORD);
        RuntimeException outer = new RuntimeException("connect(" + PASSWORD + ") failed, ab", inner);
        Secrets.Scrubbed s = secrets.scrub(outer);
        assertThat(s.getMessage()).isEqualTo("java.lang.RuntimeException: connect(***) failed, ab");
        assertThat(s.getCause().getMessage()).isEqualTo("java.sql.SQLException: auth failed for password ***");
        assertThat(s.getStackTrace()).isEqualTo(outer.getStackTrace());
        assertThat(everything(s)).doesNotContain(PASSWORD);
        assertThat(secrets.toString()).doesNotContain(PASSWORD);
        Secrets.Scrubbed twice = secrets.scrub(s);
        assertThat(twice.getMessage()).isEqualTo(s.getMessage());
        assertThat(twice.getCause().getMessage()).isEqualTo(s.getCause().getMessage());
    }

    @Test
    void aMissingSecretIsNamedNotShown() {
        HashMap<String, String> env = new HashMap<>();
        TdengineConnector connector = new TdengineConnector(settings("jdbc:TAOS-WS://127.0.0.1:1/"), () -> env);
        assertThatThrownBy(connector::open).isInstanceOf(SQLException.class)
                .hasMessageContaining("environment variable TD_PASSWORD is not set");
    }

    @Test
    @Timeout(60)
    void aFailedConnectionAndTheOutageErrorNeverShowTheSecrets() throws Exception {
        String url = "jdbc:TAOS-WS://127.0.0.1:" + closedPort() + "/?password=" + URL_PASSWORD;
        HashMap<String, String> env = env();
        TdengineConnector connector = new TdengineConnector(settings(url), () -> env);
        TdengineClient client = new TdengineClient(connector);

        Secrets.Scrubbed failure = org.junit.jupiter.api.Assertions.assertThrows(Secrets.Scrubbed.class,
                () -> client.execute("SELECT 1"));
        assertThat(failure.getMessage()).contains("cannot connect to TDengine at jdbc:TAOS-WS://127.0.0.1:");
        assertNoSecret(everything(failure));
        assertThat(client.isConnected()).isFalse();

        // Through the writer: one attempt (max-outage 0), then the outage error the job would fail with.
        TdengineSinkWriter<dev.driftline.functions.model.InferenceError> writer = new TdengineSinkWriter<>(
                TdengineRows.ERRORS, new BatchBuffer(1, 1000), "mlrun_model_monitoring", 1_000_000, client,
                OutageRetry.withDefaults(Duration.ZERO), new ManualProcessingTime(),
                new TdengineSinkWriter.Metrics(new SimpleCounter(), new SimpleCounter(), new SimpleCounter(),
                        new SimpleCounter()), connector.safeUrl());
        IOException outage = org.junit.jupiter.api.Assertions.assertThrows(IOException.class,
                () -> writer.write(TestRows.error("p", "e", 1, "t", "boom"), null));
        assertNoSecret(everything(outage));
        assertNoSecret(TdengineSinkWriter.describe(outage));
        writer.close();
    }

    private static void assertNoSecret(String text) {
        assertThat(text).doesNotContain(PASSWORD).doesNotContain(TOKEN).doesNotContain(URL_PASSWORD);
    }

    @Test
    void referencesInPropertiesAreResolvedOnlyAtConnect() {
        Map<String, String> env = new HashMap<>();
        // Building the sink reads nothing: an unset variable only matters on the task manager.
        StoreSettings s = settings("jdbc:TAOS-WS://tsdb:6041/");
        TdengineSink<?> sink = new TdengineSink<>(s, TdengineRows.ERRORS, () -> new HashMap<>(env), 1_000_000);
        assertThat(sink.connector().database()).isEqualTo("mlrun_model_monitoring");
    }
}
