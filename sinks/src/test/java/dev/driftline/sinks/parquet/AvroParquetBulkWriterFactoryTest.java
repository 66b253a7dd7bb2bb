package dev.driftline.sinks.parquet;

import static org.assertj.core.api.Assertions.assertThat;

import dev.driftline.functions.model.MonitoredRecord;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.apache.flink.api.common.serialization.BulkWriter;
import org.apache.flink.core.fs.FSDataOutputStream;
import org.apache.flink.core.fs.FileSystem;
import org.apache.flink.core.fs.local.LocalFileSystem;
import org.apache.parquet.hadoop.metadata.CompressionCodecName;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** Writes with the factory directly (no Flink job) and reads the file back with DuckDB, for each codec offered. */
class AvroParquetBulkWriterFactoryTest {

    @TempDir
    Path dir;

    @ParameterizedTest
    @EnumSource(value = CompressionCodecName.class, names = {"SNAPPY", "UNCOMPRESSED", "LZ4_RAW", "GZIP"})
    void roundTripsThroughDuckDb(CompressionCodecName codec) throws Exception {
        AvroParquetBulkWriterFactory<MonitoredRecord> factory = serialisedCopy(
                new AvroParquetBulkWriterFactory<>(ParquetSchemas.RECORDS, AvroConverters::record, codec));
        Path file = dir.resolve("rows-" + codec + ".parquet");
        try (FSDataOutputStream out = LocalFileSystem.getSharedInstance()
                .create(new org.apache.flink.core.fs.Path(file.toUri()), FileSystem.WriteMode.NO_OVERWRITE)) {
            BulkWriter<MonitoredRecord> w = factory.create(out);
            w.addElement(TestData.record("ep-1", "r1", 1_767_607_199_500L, 42.0, "Paris"));
            w.addElement(TestData.record("ep-1", "r2", 1_767_607_200_000L, 7.0, "Oslo"));
            w.flush();
            w.finish();
        }
        assertThat(Files.size(file)).isPositive();

        try (DuckDb db = new DuckDb()) {
            String t = DuckDb.parquet(file.toString());
            List<Map<String, Object>> rows = db.query("SELECT request_id, epoch_ms(\"timestamp\") AS ts, "
                    + "features['age'] AS age, features['income'] AS income, string_features['city'] AS city, "
                    + "string_predictions['label'] AS label, latency_microsec, effective_sample_count, "
                    + "labels['team'] AS team FROM " + t + " ORDER BY request_id");
            assertThat(rows).hasSize(2);
            assertThat(rows.get(0)).containsEntry("request_id", "r1").containsEntry("ts", 1_767_607_199_500L)
                    .containsEntry("age", 42.0).containsEntry("income", null).containsEntry("city", "Paris")
                    .containsEntry("label", "yes").containsEntry("latency_microsec", 1500.0)
                    .containsEntry("effective_sample_count", null).containsEntry("team", "risk");
            assertThat(rows.get(1)).containsEntry("request_id", "r2").containsEntry("age", 7.0)
                    .containsEntry("city", "Oslo");

            List<Map<String, Object>> codecs = db.query("SELECT DISTINCT compression FROM parquet_metadata('"
                    + file + "')");
            assertThat(codecs).extracting(m -> String.valueOf(m.get("compression")).toUpperCase())
                    .containsOnly(codec.name());
        }
    }

    @SuppressWarnings("unchecked")
    private static <T> T serialisedCopy(T o) throws Exception {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
            out.writeObject(o);
        }
        try (ObjectInputStream in = new ObjectInputStream(new ByteArrayInputStream(bytes.toByteArray()))) {
            return (T) in.readObject();
        }
    }
}
