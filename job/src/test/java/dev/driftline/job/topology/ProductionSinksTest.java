package dev.driftline.job.topology;

import static org.assertj.core.api.Assertions.assertThat;

import dev.driftline.functions.model.MonitoredRecord;
import dev.driftline.job.config.DriftlineConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import org.apache.flink.api.common.RuntimeExecutionMode;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.runtime.testutils.MiniClusterResourceConfiguration;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.apache.parquet.hadoop.ParquetFileReader;
import org.apache.parquet.hadoop.metadata.BlockMetaData;
import org.apache.parquet.io.LocalInputFile;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** The deployed records sink: its row group size comes from the configuration; subtasks' files keep their own values. */
class ProductionSinksTest {
    @RegisterExtension
    static final MiniClusterExtension FLINK = new MiniClusterExtension(new MiniClusterResourceConfiguration.Builder()
            .setNumberTaskManagers(1).setNumberSlotsPerTaskManager(2).build());

    private static final int ROWS = 20_000;
    private static final long HOUR_START = Instant.parse("2026-11-27T10:00:00Z").toEpochMilli();

    @TempDir
    Path dir;

    /** Rows of 20 random numbers (about 200 bytes each in the file, which Snappy cannot shrink), in one hour. */
    private static List<MonitoredRecord> records() {
        return records(ROWS);
    }

    /** Row {@code n}'s numbers: its own random sequence, so any row can be checked on its own. */
    private static double[] numbersOf(int n, int columns) {
        return new Random(n * 7919L + 1).doubles(columns).toArray();
    }

    private static List<MonitoredRecord> records(int rows) {
        String[] columns = new String[20];
        for (int i = 0; i < columns.length; i++) {
            columns[i] = String.format("num_%02d", i);
        }
        List<MonitoredRecord> out = new ArrayList<>(rows);
        for (int n = 0; n < rows; n++) {
            MonitoredRecord r = new MonitoredRecord();
            r.endpointId = "ep-" + (n % 3);
            r.project = "shop";
            r.requestId = "req-" + n;
            r.timestamp = HOUR_START + n;
            r.latencyMicros = 1000;
            r.columns = columns;
            r.featureCount = columns.length;
            r.numbers = numbersOf(n, columns.length);
            r.texts = new String[columns.length];
            r.bins = new int[columns.length];
            r.estimatedPredictionCount = 1;
            r.effectiveSampleCount = -1;
            out.add(r);
        }
        return out;
    }

    /** Runs the records sink of {@link ProductionSinks} over {@link #records()}; the row groups of each file written. */
    private List<List<Long>> rowGroupsWritten(String name, Integer rowGroupMib) throws Exception {
        DriftlineConfig config = new DriftlineConfig();
        Path parquet = dir.resolve(name);
        config.sinks.parquetPath = parquet.toUri().toString();
        if (rowGroupMib != null) {
            config.sinks.recordsRowGroupMib = rowGroupMib;
        }
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        env.setParallelism(1);
        env.setRuntimeMode(RuntimeExecutionMode.BATCH); // one part file, committed at the end of input
        new ProductionSinks(config).records(env.fromData(TypeInformation.of(MonitoredRecord.class), records()
                .toArray(MonitoredRecord[]::new)));
        env.execute("records row groups");

        List<List<Long>> files = new ArrayList<>();
        try (Stream<Path> paths = Files.walk(parquet.resolve("records"))) {
            for (Path file : paths.filter(p -> p.getFileName().toString().endsWith(".parquet")).toList()) {
                try (ParquetFileReader reader = ParquetFileReader.open(new LocalInputFile(file))) {
                    files.add(reader.getFooter().getBlocks().stream().map(BlockMetaData::getRowCount).toList());
                }
            }
        }
        return files;
    }

    @Test
    void theRecordsFilesWriteRowGroupsOfTheConfiguredSize() throws Exception {
        List<List<Long>> configured = rowGroupsWritten("one-mib", 1);
        List<List<Long>> byDefault = rowGroupsWritten("default", null);

        assertThat(configured).hasSize(1);
        // 1 MiB holds about 5,000 such rows; the size is looked at every 1,024 rows.
        assertThat(configured.get(0)).hasSizeBetween(3, 5).allSatisfy(rows -> assertThat(rows).isLessThanOrEqualTo(7_168));
        assertThat(configured.get(0).stream().mapToLong(Long::longValue).sum()).isEqualTo(ROWS);
        assertThat(byDefault).containsExactly(List.of((long) ROWS)); // 32 MiB: about 4 MB of rows fit in one
    }

    /**
     * Two subtasks write records files at the same time, each with several row groups, while the other opens and fills
     * its own: every row reads back (with DuckDB, not parquet-java) exactly once, with exactly its own numbers.
     *
     * <p>Not a test of the race of apache/parquet-java#3497 (a JVM-wide values-writer factory that gave one file's later
     * row groups another file's buffers): with Parquet 1.15.2 and the records files' own factory removed, this still
     * passed — that race needed the benchmark's millions of rows to show. {@code RecordsWriterFactoryTest} pins the
     * mechanism; this pins the records path end to end with more than one subtask.
     */
    @Test
    void twoSubtasksWritingManyRowGroupsAtOnceEachKeepTheirOwnValues() throws Exception {
        int rows = 80_000; // about 8 row groups of 1 MiB per subtask
        DriftlineConfig config = new DriftlineConfig();
        Path parquet = dir.resolve("two-subtasks");
        config.sinks.parquetPath = parquet.toUri().toString();
        config.sinks.recordsRowGroupMib = 1;
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        env.setParallelism(2);
        env.setRuntimeMode(RuntimeExecutionMode.BATCH);
        new ProductionSinks(config).records(env.fromData(TypeInformation.of(MonitoredRecord.class),
                records(rows).toArray(MonitoredRecord[]::new)).rebalance());
        env.execute("records from two subtasks");

        List<Path> files;
        try (Stream<Path> paths = Files.walk(parquet.resolve("records"))) {
            files = paths.filter(p -> p.getFileName().toString().endsWith(".parquet")).toList();
        }
        assertThat(files).as("one file per subtask").hasSize(2);
        for (Path file : files) {
            try (ParquetFileReader reader = ParquetFileReader.open(new LocalInputFile(file))) {
                assertThat(reader.getFooter().getBlocks()).as("row groups of %s", file).hasSizeGreaterThan(3);
            }
        }
        StringBuilder columns = new StringBuilder("request_id");
        for (int i = 0; i < 20; i++) {
            columns.append(String.format(", features.num_%02d", i));
        }
        int read = 0;
        java.util.BitSet seen = new java.util.BitSet(rows);
        try (java.sql.Connection db = java.sql.DriverManager.getConnection("jdbc:duckdb:");
             java.sql.ResultSet rs = db.createStatement().executeQuery("SELECT " + columns + " FROM read_parquet('"
                     + parquet.resolve("records") + "/**/*.parquet')")) {
            while (rs.next()) {
                int n = Integer.parseInt(rs.getString(1).substring("req-".length()));
                if (seen.get(n)) {
                    throw new AssertionError("row " + n + " read twice");
                }
                seen.set(n);
                double[] expected = numbersOf(n, 20);
                for (int i = 0; i < 20; i++) {
                    double value = rs.getDouble(i + 2);
                    if (value != expected[i]) {
                        throw new AssertionError("row " + n + " column num_" + i + ": " + value + ", written " + expected[i]);
                    }
                }
                read++;
            }
        }
        assertThat(read).isEqualTo(rows);
    }
}
