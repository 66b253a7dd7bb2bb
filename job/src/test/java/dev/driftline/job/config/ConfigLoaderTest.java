package dev.driftline.job.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConfigLoaderTest {
    @Test
    void defaultsWithoutAFile() throws Exception {
        DriftlineConfig c = ConfigLoader.load(null, List.of());
        assertThat(c.windows.basePeriod).isEqualTo(Duration.ofMinutes(10));
        assertThat(c.enabledApplications()).containsExactly("histogram-data-drift");
        assertThat(c.applications.get("histogram-data-drift").binning).isEqualTo("default");
    }

    @Test
    void theShippedExampleLoadsAndOverridesWin() throws Exception {
        Path example = Path.of(System.getProperty("user.dir")).resolve("../flink-conf/driftline.yaml").normalize();
        DriftlineConfig c = ConfigLoader.load(example, List.of(
                "windows.base-period=30s",
                "kafka.bootstrap-servers=broker:9093",
                "kafka.properties.security.protocol=SASL_SSL",
                "applications.histogram-data-drift.binning=mlrun-compatible",
                "parallelism=4"));
        assertThat(c.windows.basePeriod).isEqualTo(Duration.ofSeconds(30));
        assertThat(c.windows.outOfOrderness).isEqualTo(Duration.ofSeconds(30));
        assertThat(c.kafka.bootstrapServers).isEqualTo("broker:9093");
        assertThat(c.kafka.properties).containsEntry("security.protocol", "SASL_SSL");
        assertThat(c.applications.get("histogram-data-drift").binning).isEqualTo("mlrun-compatible");
        assertThat(c.parallelism).isEqualTo(4);
    }

    @Test
    void applicationsCanBeDisabled(@TempDir Path dir) throws Exception {
        Path f = dir.resolve("c.yaml");
        Files.writeString(f, "applications:\n  histogram-data-drift:\n    enabled: false\n");
        assertThat(ConfigLoader.load(f, List.of()).enabledApplications()).isEmpty();
    }

    @Test
    void durations() {
        assertThat(ConfigLoader.parseDuration("500ms")).isEqualTo(Duration.ofMillis(500));
        assertThat(ConfigLoader.parseDuration("10m")).isEqualTo(Duration.ofMinutes(10));
        assertThat(ConfigLoader.parseDuration("1h")).isEqualTo(Duration.ofHours(1));
        assertThat(ConfigLoader.parseDuration("PT2M")).isEqualTo(Duration.ofMinutes(2));
        assertThatThrownBy(() -> ConfigLoader.parseDuration("soon")).hasMessageContaining("not a duration");
    }

    @Test
    void unknownKeysAreRejectedWithTheirName(@TempDir Path dir) throws Exception {
        Path f = dir.resolve("c.yaml");
        Files.writeString(f, "windows:\n  base-periode: 5m\n");
        assertThatThrownBy(() -> ConfigLoader.load(f, List.of())).hasMessageContaining("base-periode");
    }
}
