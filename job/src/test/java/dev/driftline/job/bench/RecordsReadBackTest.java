package dev.driftline.job.bench;

import static org.assertj.core.api.Assertions.assertThat;

import dev.driftline.functions.model.MonitoredRecord;
import dev.driftline.sinks.parquet.ParquetSinks;
import dev.driftline.sinks.parquet.RecordsLayout;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;
import org.apache.flink.api.common.serialization.BulkWriter;
import org.apache.flink.core.fs.FSDataOutputStream;
import org.apache.flink.core.fs.FileSystem;
import org.apache.flink.core.fs.local.LocalFileSystem;
import org.apache.parquet.hadoop.metadata.CompressionCodecName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The benchmark reads every committed records file back whole: a corrupt page shows, although the footer is whole. */
class RecordsReadBackTest {
    @TempDir
    Path dir;

    private Path write(String name, int rows) throws Exception {
        Path file = dir.resolve("records").resolve(name);
        Files.createDirectories(file.getParent());
        String[] columns = {"a", "b", "c", "p"};
        Random random = new Random(3);
        try (FSDataOutputStream out = LocalFileSystem.getSharedInstance()
                .create(new org.apache.flink.core.fs.Path(file.toUri()), FileSystem.WriteMode.NO_OVERWRITE)) {
            BulkWriter<MonitoredRecord> w = ParquetSinks.recordsWriter(CompressionCodecName.UNCOMPRESSED, RecordsLayout.HOUR)
                    .create(out);
            for (int i = 0; i < rows; i++) {
                MonitoredRecord r = new MonitoredRecord();
                r.endpointId = "ep-" + (i % 4);
                r.requestId = "req-" + i;
                r.timestamp = 1_767_607_199_000L + i;
                r.columns = columns;
                r.featureCount = 3;
                r.numbers = random.doubles(4).toArray();
                r.texts = new String[4];
                r.estimatedPredictionCount = 1;
                r.effectiveSampleCount = -1;
                w.addElement(r);
            }
            w.finish();
        }
        return file;
    }

    @Test
    void countsTheRowsOfWholeFilesAndNamesACorruptOne() throws Exception {
        write("part-a.parquet", 3_000);
        Path b = write("part-b.parquet", 2_000);
        Files.writeString(dir.resolve("records").resolve(".part-c.parquet.inprogress"), "not committed: not read");

        Benchmark.RecordsReadBack whole = Benchmark.RecordsReadBack.of(dir.resolve("records"));
        assertThat(whole.rows()).isEqualTo(5_000);
        assertThat(whole.unreadable()).isEmpty();
        assertThat(whole.notFinite()).isZero();

        // Overwrite part of the first column chunks (uncompressed doubles and levels) with 0xFF bytes: the footer,
        // and with it the row count, stays whole.
        try (RandomAccessFile f = new RandomAccessFile(b.toFile(), "rw")) {
            f.seek(4);
            byte[] junk = new byte[(int) Math.min(20_000, f.length() / 2)];
            java.util.Arrays.fill(junk, (byte) 0xFF);
            f.write(junk);
        }
        Benchmark.RecordsReadBack corrupt = Benchmark.RecordsReadBack.of(dir.resolve("records"));
        assertThat(Benchmark.parquetRows(dir.resolve("records"))[1]).as("footers").isEqualTo(5_000);
        assertThat(corrupt.unreadable().size() + corrupt.notFinite()).isPositive();
        assertThat(corrupt.unreadable()).allSatisfy(u -> assertThat(u).startsWith("part-b.parquet: "));
    }
}
