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

/** The deployed records sink takes its row group size from the configuration. */
class ProductionSinksTest {
    @RegisterExtension
    static final MiniClusterExtension FLINK = new MiniClusterExtension(new MiniClusterResourceConfiguration.Builder()
            .setNumberTaskManagers(1).setNumberSlotsPerTaskManager(1).build());

    private static final int ROWS = 20_000;
    private static final long HOUR_START = Instant.parse("2026-11-27T10:00:00Z").toEpochMilli();

    @TempDir
    Path dir;

    /** Rows of 20 random numbers (about 200 bytes each in the file, which Snappy cannot shrink), in one hour. */
    private static List<MonitoredRecord> records() {
        String[] columns = new String[20];
        for (int i = 0; i < columns.length; i++) {
            columns[i] = String.format("num_%02d", i);
        }
        Random random = new Random(7);
        List<MonitoredRecord> out = new ArrayList<>(ROWS);
        for (int n = 0; n < ROWS; n++) {
            MonitoredRecord r = new MonitoredRecord();
            r.endpointId = "ep-" + (n % 3);
            r.project = "shop";
            r.requestId = "req-" + n;
            r.timestamp = HOUR_START + n;
            r.latencyMicros = 1000;
            r.columns = columns;
            r.featureCount = columns.length;
            r.numbers = random.doubles(columns.length).toArray();
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
}
