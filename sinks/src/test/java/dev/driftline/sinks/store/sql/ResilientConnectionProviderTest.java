package dev.driftline.sinks.store.sql;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.driftline.sinks.notify.SecretResolver;
import dev.driftline.sinks.store.StoreSettings;
import java.io.ByteArrayOutputStream;
import java.io.ObjectOutputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** The writers' connection provider against real servers: credentials, secrets, outages. */
@Timeout(120)
class ResilientConnectionProviderTest {
    static final String RIGHT = "Right-Pass-42";
    static final String WRONG = "Wr0ng-S3cret-xyz";
    static final Backoff QUICK = new Backoff(Duration.ofMillis(100), Duration.ofMillis(500));

    @ParameterizedTest
    @EnumSource(SqlDialect.class)
    void passwordFromReferenceConnectsAndCreatesTheTables(SqlDialect dialect) throws Exception {
        StoreSettings store = EmbeddedDatabases.asPasswordUser(dialect, EmbeddedDatabases.newStore(dialect), RIGHT,
                "env:DRIFTLINE_DB_PASSWORD");
        ResilientConnectionProvider p = new ResilientConnectionProvider(store,
                () -> new SecretResolver(Map.of("DRIFTLINE_DB_PASSWORD", RIGHT)), QUICK);
        try {
            Connection c = p.getOrEstablishConnection();
            assertThat(p.isConnectionValid()).isTrue();
            assertThat(p.getOrEstablishConnection()).isSameAs(c); // kept while valid
            assertThat(SqlStoreSchemaTest.tables(c, dialect)).hasSize(5);
            Connection again = p.reestablishConnection();
            assertThat(again).isNotSameAs(c);
            assertThat(c.isClosed()).isTrue();
        } finally {
            p.close();
        }
        assertThat(p.getConnection()).isNull();
    }

    /** A wrong password is not an outage: it fails at once, and nothing shows the password. */
    @ParameterizedTest
    @EnumSource(SqlDialect.class)
    void wrongPasswordFailsAtOnceWithoutShowingIt(SqlDialect dialect) throws Exception {
        StoreSettings store = EmbeddedDatabases.asPasswordUser(dialect, EmbeddedDatabases.newStore(dialect), RIGHT,
                "env:DRIFTLINE_DB_PASSWORD");
        store.properties.put("connectTimeout", "env:DRIFTLINE_CONNECT_TIMEOUT"); // a property from a reference too
        store.maxOutage = Duration.ofMinutes(1);
        ResilientConnectionProvider p = new ResilientConnectionProvider(store, () -> new SecretResolver(
                Map.of("DRIFTLINE_DB_PASSWORD", WRONG, "DRIFTLINE_CONNECT_TIMEOUT", "54321")), QUICK);
        long start = System.nanoTime();
        SQLException e = org.junit.jupiter.api.Assertions.assertThrows(SQLException.class, p::getOrEstablishConnection);
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(10));
        assertThat(e.getSQLState()).startsWith("28"); // invalid authorization

        String everything = stackTrace(e) + p + store;
        assertThat(everything).doesNotContain(WRONG, RIGHT, "54321");
        assertThat(p.toString()).contains("password=<reference>", store.url);
    }

    @Test
    void secretsAreResolvedOnlyWhenConnecting() throws Exception {
        StoreSettings store = EmbeddedDatabases.newStore(SqlDialect.POSTGRESQL);
        store.password = "env:DRIFTLINE_UNSET_VARIABLE";
        ResilientConnectionProvider p = new ResilientConnectionProvider(store); // no resolution yet
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
            out.writeObject(p); // what travels in the job graph: the reference, no value
        }
        assertThat(new String(bytes.toByteArray(), StandardCharsets.ISO_8859_1)).contains("env:DRIFTLINE_UNSET_VARIABLE");
        assertThatThrownBy(p::getOrEstablishConnection)
                .isInstanceOf(SecretResolver.SecretResolutionException.class)
                .hasMessageContaining("DRIFTLINE_UNSET_VARIABLE is not set");

        StoreSettings plain = EmbeddedDatabases.copy(store);
        plain.password = "hunter2";
        assertThatThrownBy(() -> new ResilientConnectionProvider(plain))
                .hasMessageContaining("must be a reference").hasMessageNotContaining("hunter2");
    }

    /** Nothing listens: the provider retries with backoff for max-outage, then gives up with the URL redacted. */
    @Test
    void givesUpAfterMaxOutage() throws Exception {
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        StoreSettings store = new StoreSettings();
        store.type = "mysql";
        store.url = "jdbc:mariadb://127.0.0.1:" + port + "/none?sslMode=disable&password=in-url-secret";
        store.user = "root";
        store.maxOutage = Duration.ofMillis(1500);
        ResilientConnectionProvider p = new ResilientConnectionProvider(store, () -> new SecretResolver(Map.of()), QUICK);
        long start = System.nanoTime();
        SQLException e = org.junit.jupiter.api.Assertions.assertThrows(SQLException.class, p::reestablishConnection);
        Duration took = Duration.ofNanos(System.nanoTime() - start);
        assertThat(took).isGreaterThanOrEqualTo(Duration.ofMillis(1500)).isLessThan(Duration.ofSeconds(10));
        assertThat((Throwable) e).hasMessageContaining("giving up after max-outage PT1.5S").hasMessageContaining("password=***");
        assertThat(stackTrace(e)).doesNotContain("in-url-secret");
    }

    /** The server goes down and comes back on the same port: a reconnect waits for it instead of failing. */
    @Test
    void waitsForAServerThatComesBack() throws Exception {
        StoreSettings store = EmbeddedDatabases.newStore(SqlDialect.MYSQL);
        ResilientConnectionProvider p = new ResilientConnectionProvider(store, () -> new SecretResolver(Map.of()), QUICK);
        p.getOrEstablishConnection();
        EmbeddedDatabases.stopMariaDb();
        CompletableFuture<Connection> reconnect;
        try {
            assertThat(p.isConnectionValid()).isFalse();
            reconnect = CompletableFuture.supplyAsync(() -> {
                try {
                    return p.reestablishConnection();
                } catch (SQLException e) {
                    throw new IllegalStateException(e);
                }
            });
            Thread.sleep(2_000);
            assertThat(reconnect).isNotDone(); // still waiting
        } finally {
            EmbeddedDatabases.startMariaDb();
        }
        Connection c = reconnect.get(30, TimeUnit.SECONDS);
        assertThat(c.isValid(5)).isTrue();
        p.close();
    }

    static String stackTrace(Throwable t) {
        StringWriter w = new StringWriter();
        t.printStackTrace(new PrintWriter(w));
        return w.toString();
    }
}
