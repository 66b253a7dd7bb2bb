package dev.driftline.sinks.store.sql;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.ConnectException;
import java.sql.SQLException;
import java.sql.SQLInvalidAuthorizationSpecException;
import java.sql.SQLTransientConnectionException;
import org.junit.jupiter.api.Test;

class StoreConnectorTest {

    @Test
    void findsTheDriverOfEachUrl() throws Exception {
        assertThat(StoreConnector.driver("jdbc:mariadb://db:3306/mon").getClass().getName())
                .isEqualTo("org.mariadb.jdbc.Driver");
        assertThat(StoreConnector.driver("jdbc:postgresql://db/mon").getClass().getName())
                .isEqualTo("org.postgresql.Driver");
        assertThatThrownBy(() -> StoreConnector.driver("jdbc:nosuch://db/mon?password=hunter2"))
                .isInstanceOf(SQLException.class)
                .hasMessageContaining("use jdbc:mariadb://").hasMessageNotContaining("hunter2");
    }

    /** What is worth waiting for: the server is away. What is not: it answered no. */
    @Test
    void tellsAnOutageFromARefusal() {
        assertThat(StoreConnector.unreachable(new SQLException("refused", "08000"))).isTrue();
        assertThat(StoreConnector.unreachable(new SQLException("shutting down", "57P01"))).isTrue();
        assertThat(StoreConnector.unreachable(new SQLException("too many", "53300"))).isTrue();
        assertThat(StoreConnector.unreachable(new SQLTransientConnectionException("later"))).isTrue();
        assertThat(StoreConnector.unreachable(new SQLException("io", "HY000", new ConnectException("refused"))))
                .isTrue();
        assertThat(StoreConnector.unreachable(new SQLInvalidAuthorizationSpecException("denied", "28000"))).isFalse();
        assertThat(StoreConnector.unreachable(new SQLException("unknown database", "42000"))).isFalse();
        assertThat(StoreConnector.unreachable(new SQLException("no state"))).isFalse();
    }

    @Test
    void connectAndSocketTimeoutsAreSetInEachDriversUnitUnlessGiven() {
        java.util.Properties pg = new java.util.Properties();
        StoreConnector.timeoutDefaults("jdbc:postgresql://db:5432/mon", pg);
        assertThat(pg).containsEntry("connectTimeout", "10").containsEntry("socketTimeout", "60");

        java.util.Properties maria = new java.util.Properties();
        StoreConnector.timeoutDefaults("jdbc:mariadb://db:3306/mon", maria);
        assertThat(maria).containsEntry("connectTimeout", "10000").containsEntry("socketTimeout", "60000");

        // the user's own, in the properties or the URL, stay
        java.util.Properties own = new java.util.Properties();
        own.setProperty("sockettimeout", "5");
        StoreConnector.timeoutDefaults("jdbc:mysql://db:3306/mon?connectTimeout=2000&sslMode=verify-full", own);
        assertThat(own).containsOnlyKeys("sockettimeout");

        java.util.Properties other = new java.util.Properties();
        StoreConnector.timeoutDefaults("jdbc:TAOS-WS://tsdb:6041/", other);
        assertThat(other).isEmpty();
    }
}
