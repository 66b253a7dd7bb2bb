package dev.driftline.sinks.notify;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SecretResolverTest {
    static final String SECRET = "hunter2-very-secret";

    @TempDir
    Path dir;

    @Test
    void resolvesEnvReferenceFromInjectedEnvironment() {
        SecretResolver r = new SecretResolver(Map.of("SLACK_URL", SECRET));
        assertThat(r.resolve("url_ref", "env:SLACK_URL")).isEqualTo(SECRET);
        assertThat(r.resolveOptional("url_ref", null)).isNull();
    }

    @Test
    void resolvesFileReferenceTrimmingTrailingNewline() throws Exception {
        Path file = dir.resolve("password");
        Files.writeString(file, SECRET + "\n");
        Path crlf = dir.resolve("crlf");
        Files.writeString(crlf, " a b \r\n\n");
        SecretResolver r = new SecretResolver(Map.of());
        assertThat(r.resolve("smtp_password_ref", "file:" + file)).isEqualTo(SECRET);
        // only line breaks are trimmed, other whitespace belongs to the secret
        assertThat(r.resolve("x", "file:" + crlf)).isEqualTo(" a b ");
    }

    @Test
    void missingVariableIsAClearErrorWithoutValues() {
        SecretResolver r = new SecretResolver(Map.of("OTHER", SECRET));
        Throwable t = catchThrowable(() -> r.resolve("hmac_secret_ref", "env:MISSING_VAR"));
        assertThat(t).isInstanceOf(SecretResolver.SecretResolutionException.class)
                .hasMessageContaining("hmac_secret_ref")
                .hasMessageContaining("MISSING_VAR")
                .hasMessageContaining("not set");
        assertThat(t.getMessage()).doesNotContain(SECRET);
    }

    @Test
    void missingAndEmptyFilesAreErrors() throws Exception {
        SecretResolver r = new SecretResolver(Map.of());
        assertThatThrownBy(() -> r.resolve("smtp_password_ref", "file:" + dir.resolve("nope")))
                .hasMessageContaining("smtp_password_ref").hasMessageContaining("does not exist");
        Path empty = dir.resolve("empty");
        Files.writeString(empty, "\n");
        assertThatThrownBy(() -> r.resolve("smtp_password_ref", "file:" + empty)).hasMessageContaining("is empty");
        assertThatThrownBy(() -> r.resolve("smtp_password_ref", "file:" + dir))
                .hasMessageContaining("cannot be read");
    }

    @Test
    void plainValueIsRejectedWithoutEchoingIt() {
        SecretResolver r = new SecretResolver(Map.of());
        Throwable t = catchThrowable(() -> r.resolve("hmac_secret_ref", SECRET));
        assertThat(t).isInstanceOf(SecretResolver.SecretResolutionException.class)
                .hasMessageContaining("hmac_secret_ref")
                .hasMessageContaining("env:VAR")
                .hasMessageContaining("file:/path");
        assertThat(t.getMessage()).doesNotContain(SECRET);
        Throwable t2 = catchThrowable(() -> SecretResolver.checkReference("smtp_password_ref", SECRET));
        assertThat(t2).isInstanceOf(SecretResolver.SecretResolutionException.class);
        assertThat(t2.getMessage()).doesNotContain(SECRET);
        assertThat(t2.toString()).doesNotContain(SECRET);
        assertThatThrownBy(() -> SecretResolver.checkReference("x", "env:")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> r.resolve("x", null)).hasMessageContaining("x is not set");
        assertThatThrownBy(() -> r.resolve("x", "env:")).hasMessageContaining("without a variable name");
    }

    @Test
    void toStringHidesTheEnvironment() {
        SecretResolver r = new SecretResolver(Map.of("TOKEN", SECRET, "URL", "https://hooks.example/x"));
        assertThat(r.toString()).doesNotContain(SECRET).doesNotContain("hooks.example").contains("2 variables");
    }

    @Test
    void emptyVariableIsAnError() {
        SecretResolver r = new SecretResolver(Map.of("EMPTY", ""));
        assertThatThrownBy(() -> r.resolve("x", "env:EMPTY")).hasMessageContaining("EMPTY is empty");
    }
}
