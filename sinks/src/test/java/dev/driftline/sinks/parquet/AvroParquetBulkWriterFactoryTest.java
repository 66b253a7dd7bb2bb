package dev.driftline.sinks.parquet;

import static org.assertj.core.api.Assertions.assertThat;

import dev.driftline.functions.model.MonitoringResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.apache.flink.api.common.serialization.BulkWriter;
import org.apache.flink.core.fs.FSDataOutputStream;
import org.apache.flink.core.fs.FileSystem;
import org.apache.flink.core.fs.local.LocalFileSystem;
import org.apache.flink.util.InstantiationUtil;
import org.apache.parquet.hadoop.metadata.CompressionCodecName;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Writes results with the factory directly (no Flink job) and reads the file back with DuckDB, for each codec offered.
 */
class AvroParquetBulkWriterFactoryTest {

    @TempDir
    Path dir;

    @ParameterizedTest
    @EnumSource(value = CompressionCodecName.class, names = {"SNAPPY", "UNCOMPRESSED", "LZ4_RAW", "GZIP"})
    void roundTripsThroughDuckDb(CompressionCodecName codec) throws Exception {
        AvroParquetBulkWriterFactory<MonitoringResult> factory = InstantiationUtil.clone(
                new AvroParquetBulkWriterFactory<>(ParquetSchemas.RESULTS, AvroConverters::result, codec));
        Path file = dir.resolve("results-" + codec + ".parquet");
        try (FSDataOutputStream out = LocalFileSystem.getSharedInstance()
                .create(new org.apache.flink.core.fs.Path(file.toUri()), FileSystem.WriteMode.NO_OVERWRITE)) {
            BulkWriter<MonitoringResult> w = factory.create(out);
            w.addElement(TestData.result("ep-1", MonitoringResult.RESULT, "hellinger", 1000L, 3_601_000L, 0.31));
            w.addElement(TestData.result("ep-1", MonitoringResult.METRIC, "latency", 0L, 60_000L, Double.NaN));
            w.flush();
            w.finish();
        }
        assertThat(Files.size(file)).isPositive();

        try (DuckDb db = new DuckDb()) {
            String t = DuckDb.parquet(file.toString());
            List<Map<String, Object>> rows = db.query("SELECT type, name, epoch_ms(end_infer_time) AS e, value, "
                    + "kind, status, extra_data FROM " + t + " ORDER BY name");
            assertThat(rows).hasSize(2);
            assertThat(rows.get(0)).containsEntry("type", "result").containsEntry("name", "hellinger")
                    .containsEntry("e", 3_601_000L).containsEntry("value", 0.31).containsEntry("kind", 0)
                    .containsEntry("status", 2).containsEntry("extra_data", "{\"threshold\":0.7}");
            assertThat(rows.get(1)).containsEntry("type", "metric").containsEntry("name", "latency")
                    .containsEntry("value", null).containsEntry("kind", null);

            List<Map<String, Object>> codecs = db.query("SELECT DISTINCT compression FROM parquet_metadata('"
                    + file + "')");
            assertThat(codecs).extracting(m -> String.valueOf(m.get("compression")).toUpperCase())
                    .containsOnly(codec.name());
        }
    }
}
