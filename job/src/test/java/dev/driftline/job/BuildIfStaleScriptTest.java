package dev.driftline.job;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * scripts/build-if-stale.sh, which scripts/bench.sh and scripts/driftline run before they start the jar: a jar that
 * exists but is older than the sources must be rebuilt, or a benchmark measures old code.
 */
class BuildIfStaleScriptTest {
    private static final Path SCRIPT = Path.of(System.getProperty("user.dir")).resolve("../scripts/build-if-stale.sh").normalize();

    @TempDir
    Path project;

    private Path jar;
    private Path source;

    @BeforeEach
    void aBuiltProject() throws IOException {
        Files.createDirectories(project.resolve("scripts"));
        Files.copy(SCRIPT, project.resolve("scripts/build-if-stale.sh"));
        Files.writeString(project.resolve("pom.xml"), "<project/>");
        source = write("functions/src/main/java/dev/driftline/functions/window/IdleAdvancingWatermarks.java", "class A {}");
        write("functions/src/test/java/dev/driftline/functions/window/IdleAdvancingWatermarksTest.java", "class T {}");
        write("functions/pom.xml", "<project/>");
        write("job/pom.xml", "<project/>");
        write("apps/pom.xml", "<project/>");
        write("sinks/pom.xml", "<project/>");
        jar = write("job/target/driftline-job.jar", "jar");
        write("job/target/local-classpath.txt", "");
        Instant built = Instant.now().minusSeconds(60);
        try (var files = Files.walk(project)) {
            for (Path p : files.filter(Files::isRegularFile).toList()) {
                Files.setLastModifiedTime(p, FileTime.from(built.minusSeconds(600)));
            }
        }
        Files.setLastModifiedTime(jar, FileTime.from(built));
    }

    @Test
    void aJarNewerThanEverySourceIsUsedAsItIs() throws Exception {
        assertThat(check()).isEqualTo("up to date");
    }

    @Test
    void aJarOlderThanAChangedSourceIsRebuilt() throws Exception {
        Files.setLastModifiedTime(source, FileTime.from(Instant.now()));

        assertThat(check()).startsWith("stale: functions/src/main/java/dev/driftline/functions/window/IdleAdvancingWatermarks.java");
    }

    @Test
    void aCheckoutThatChangedManySourcesIsRebuilt() throws Exception {
        // More changed paths than a pipe buffer holds: the script must stop at the first one, not die of SIGPIPE.
        Instant now = Instant.now();
        for (int i = 0; i < 2_000; i++) {
            Path p = write("apps/src/main/java/dev/driftline/apps/generated/with/a/long/package/name/Source" + i + ".java", "class S {}");
            Files.setLastModifiedTime(p, FileTime.from(now));
        }

        assertThat(check()).startsWith("stale: ");
    }

    @Test
    void aChangedPomCountsToo() throws Exception {
        Files.setLastModifiedTime(project.resolve("job/pom.xml"), FileTime.from(Instant.now()));

        assertThat(check()).startsWith("stale: job/pom.xml");
    }

    @Test
    void testsAndBuildOutputDoNotCount() throws Exception {
        Files.setLastModifiedTime(project.resolve("functions/src/test/java/dev/driftline/functions/window/IdleAdvancingWatermarksTest.java"),
                FileTime.from(Instant.now()));
        Files.setLastModifiedTime(project.resolve("job/target/local-classpath.txt"), FileTime.from(Instant.now()));

        assertThat(check()).isEqualTo("up to date");
    }

    @Test
    void aMissingJarIsBuilt() throws Exception {
        Files.delete(jar);

        assertThat(check()).isEqualTo("stale: not built yet");
    }

    private Path write(String relative, String text) throws IOException {
        Path p = project.resolve(relative);
        Files.createDirectories(p.getParent());
        Files.writeString(p, text);
        return p;
    }

    /** Runs the script with --check; its exit code must agree with what it says. */
    private String check() throws Exception {
        Process p = new ProcessBuilder("bash", project.resolve("scripts/build-if-stale.sh").toString(), "--check")
                .redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
        int code = p.waitFor();
        assertThat(code).as(out).isEqualTo(out.equals("up to date") ? 0 : 1);
        return out;
    }
}
