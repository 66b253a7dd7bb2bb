package dev.driftline.job.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The command line as a user calls it: profile a training set, then score windows against it. */
class DriftCommandTest {
    static final ObjectMapper JSON = new ObjectMapper();

    private static String run(String... args) {
        ByteArrayOutputStream buffer = new ByteArrayOutputStream();
        PrintStream original = System.out;
        System.setOut(new PrintStream(buffer, true, StandardCharsets.UTF_8));
        try {
            assertThat(DriftlineCli.commandLine().execute(args)).isZero();
        } finally {
            System.setOut(original);
        }
        return buffer.toString(StandardCharsets.UTF_8);
    }

    @Test
    void identicalBinaryDataScoresZeroByDefaultAndPotentialDriftInMlrunCompatibleMode(@TempDir Path dir) throws Exception {
        Path data = dir.resolve("binary.csv");
        Files.writeString(data, "x\n0\n0\n1\n1\n1\n0.5\n");
        Path ref = dir.resolve("ref.json");
        run("profile", "--input", data.toString(), "--output", ref.toString());

        JsonNode byDefault = JSON.readTree(run("drift", "--reference", ref.toString(), "--input", data.toString()));
        assertThat(byDefault.get("general_drift").asDouble()).isEqualTo(0.0);
        assertThat(byDefault.get("status").asText()).isEqualTo("no_detection");

        JsonNode mlrun = JSON.readTree(run("drift", "--reference", ref.toString(), "--input", data.toString(),
                "--binning", "mlrun-compatible"));
        assertThat(mlrun.get("features").get("x").get("tvd").asDouble()).isCloseTo(0.5, within(1e-12));
        assertThat(mlrun.get("features").get("x").get("hellinger").asDouble()).isCloseTo(Math.sqrt(0.5), within(1e-12));
        assertThat(mlrun.get("general_drift").asDouble()).isCloseTo((0.5 + Math.sqrt(0.5)) / 2, within(1e-12));
        assertThat(mlrun.get("status").asText()).isEqualTo("potential_detection");
        assertThat(mlrun.get("tvd_mean").asDouble()).isCloseTo(0.5, within(1e-12));
        assertThat(mlrun.has("kld_mean")).isTrue();
    }

    @Test
    void aParquetTrainingSetProfilesLikeTheSameCsv(@TempDir Path dir) throws Exception {
        Path csv = dir.resolve("train.csv");
        new SyntheticTraffic(3).writeTrainingCsv(csv, 500);
        Path parquet = dir.resolve("train.parquet");
        try (Connection c = DriverManager.getConnection("jdbc:duckdb:")) {
            c.createStatement().execute("COPY (SELECT * FROM read_csv_auto('" + csv + "')) TO '" + parquet + "' (FORMAT PARQUET)");
        }
        JsonNode fromCsv = JSON.readTree(run("profile", "--input", csv.toString(), "--label-columns", "label"));
        JsonNode fromParquet = JSON.readTree(run("profile", "--input", parquet.toString(), "--label-columns", "label"));
        assertThat(fromParquet).isEqualTo(fromCsv);
        assertThat(fromCsv.get("age").get("hist").get(0)).hasSize(20);
        assertThat(fromCsv.get("age").get("hist").get(1)).hasSize(21);
        assertThat(fromCsv.get("age").get("count").asDouble()).isEqualTo(500);
        assertThat(fromCsv.get("segment").get("hist").get(1).get(0).isTextual()).isTrue();
    }
}
