package dev.driftline.sinks.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.sql.SQLException;
import java.util.List;
import org.junit.jupiter.api.Test;

class StoreRedactionTest {

    @Test
    void masksSecretUrlParameters() {
        assertThat(StoreRedaction.url("jdbc:mariadb://db:3306/mon?user=u&password=hunter2&sslMode=disable"))
                .isEqualTo("jdbc:mariadb://db:3306/mon?user=u&password=***&sslMode=disable");
        assertThat(StoreRedaction.url("jdbc:postgresql://pg/mon?sslpassword=p1;sslkey=/k.pem&PWD=x"))
                .isEqualTo("jdbc:postgresql://pg/mon?sslpassword=***;sslkey=***&PWD=***");
        assertThat(StoreRedaction.url("jdbc:mysql://h/db?trustCertificateKeyStorePassword=s3&connectTimeout=5"))
                .isEqualTo("jdbc:mysql://h/db?trustCertificateKeyStorePassword=***&connectTimeout=5");
        assertThat(StoreRedaction.url("jdbc:mariadb://root:topsecret@db/mon"))
                .isEqualTo("jdbc:mariadb://root:***@db/mon");
        assertThat(StoreRedaction.url("jdbc:mariadb://address=(host=h)(port=3306)(password=abc)/db"))
                .isEqualTo("jdbc:mariadb://address=(host=h)(port=3306)(password=***)/db");
        assertThat(StoreRedaction.urlSecrets("jdbc:x://h/d?password=hunter2&token=t0k3n"))
                .containsExactly("hunter2", "t0k3n");
        assertThat(StoreRedaction.url(null)).isNull();
    }

    @Test
    void settingsNeverShowSecrets() {
        StoreSettings s = new StoreSettings();
        s.type = "mysql";
        s.url = "jdbc:mariadb://db/mon?password=hunter2";
        s.password = "env:DB_PASSWORD";
        s.properties.put("sslKeyPassword", "file:/run/secrets/key");
        assertThat(s.toString()).doesNotContain("hunter2", "DB_PASSWORD", "/run/secrets/key")
                .contains("password=***", "sslKeyPassword");
    }

    @Test
    void sanitizedExceptionsKeepStateAndTraceButNoSecret() {
        String url = "jdbc:mariadb://db/mon?password=inurl-secret";
        SQLException original = new SQLException("connect to " + url + " with s3cr3t-value failed", "28000", 1045,
                new IOException("socket: s3cr3t-value"));
        SQLException clean = StoreRedaction.sanitize(original, url, List.of("s3cr3t-value"));
        assertThat(clean.getSQLState()).isEqualTo("28000");
        assertThat(clean.getErrorCode()).isEqualTo(1045);
        assertThat(clean.getStackTrace()).isEqualTo(original.getStackTrace());
        StringWriter all = new StringWriter();
        clean.printStackTrace(new PrintWriter(all));
        assertThat(all.toString()).doesNotContain("s3cr3t-value", "inurl-secret")
                .contains("password=***", "java.io.IOException: socket: ***");
    }
}
