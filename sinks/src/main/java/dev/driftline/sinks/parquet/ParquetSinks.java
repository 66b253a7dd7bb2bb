package dev.driftline.sinks.parquet;

import dev.driftline.functions.model.InferenceError;
import dev.driftline.functions.model.MonitoredRecord;
import dev.driftline.functions.model.MonitoringResult;
import org.apache.avro.Schema;
import org.apache.flink.api.common.serialization.BulkWriter;
import org.apache.flink.connector.file.sink.FileSink;
import org.apache.flink.core.fs.Path;
import org.apache.flink.streaming.api.functions.sink.filesystem.BucketAssigner;
import org.apache.flink.streaming.api.functions.sink.filesystem.OutputFileConfig;
import org.apache.flink.streaming.api.functions.sink.filesystem.rollingpolicies.OnCheckpointRollingPolicy;
import org.apache.parquet.hadoop.metadata.CompressionCodecName;

/**
 * The Parquet offline store: exactly-once {@link FileSink}s that write one table per directory. Records are
 * partitioned by hour, {@code year=YYYY/month=MM/day=DD/hour=HH} ({@link RecordsLayout#HOUR}, the default), or as
 * MLRun's offline store, {@code key=<endpoint_id>/year=YYYY/month=MM/day=DD/hour=HH} ({@link RecordsLayout#ENDPOINT_HOUR},
 * see {@link EndpointHourBucketAssigner}); results and errors by hour only (see {@link HourBucketAssigner}). Files are
 * {@code part-<uuid>-<subtask>-<n>.parquet}; they roll and are committed only on checkpoints (in-progress files are
 * hidden {@code .part-...inprogress...} files), so checkpointing must be enabled. A bounded job commits its last files
 * at its final checkpoint.
 *
 * <p>A path is a URI ({@code file:///data/records}, {@code s3://...} with the matching Flink filesystem plugin) or a
 * local path. Each builder writes into exactly the given directory; {@link #tablePath(String, String)} derives the
 * conventional {@code <base>/records}, {@code <base>/results}, {@code <base>/errors}.
 */
public final class ParquetSinks {
    public static final String RECORDS = "records";
    public static final String RESULTS = "results";
    public static final String ERRORS = "errors";
    public static final String PART_PREFIX = "part";
    public static final String PART_SUFFIX = ".parquet";
    /**
     * Footer key-value metadata of a records file of many endpoints (layout {@code hour}): which feature and
     * prediction columns are whose, as JSON (see {@link RecordsRowWriter}).
     */
    public static final String ENDPOINT_COLUMNS_METADATA = "driftline.endpoint_columns";
    /** Snappy (snappy-java's bundled JNI library; no system library needed). */
    public static final CompressionCodecName DEFAULT_CODEC = CompressionCodecName.SNAPPY;

    private ParquetSinks() {}

    /** {@code <base>/<table>}, without doubling a trailing slash. */
    public static String tablePath(String base, String table) {
        return base.endsWith("/") ? base + table : base + "/" + table;
    }

    public static FileSink<MonitoredRecord> records(String path, RecordsLayout layout) {
        return records(path, layout, DEFAULT_CODEC);
    }

    public static FileSink<MonitoredRecord> records(String path, RecordsLayout layout, CompressionCodecName codec) {
        return records(path, layout, codec, RecordsWriterFactory.DEFAULT_ROW_GROUP_BYTES);
    }

    /** @param rowGroupBytes bytes a records file holds on the heap before it writes them as a row group */
    public static FileSink<MonitoredRecord> records(String path, RecordsLayout layout, CompressionCodecName codec,
                                                    long rowGroupBytes) {
        BucketAssigner<MonitoredRecord, String> buckets = layout == RecordsLayout.ENDPOINT_HOUR
                ? EndpointHourBucketAssigner.forRecords()
                : HourBucketAssigner.forRecords();
        return sink(path, new RecordsWriterFactory(codec, layout, rowGroupBytes), buckets);
    }

    /** The records table's writer of one part file (also measured alone by the job's ParquetWriterBench). */
    public static BulkWriter.Factory<MonitoredRecord> recordsWriter(CompressionCodecName codec, RecordsLayout layout) {
        return new RecordsWriterFactory(codec, layout);
    }

    public static FileSink<MonitoringResult> results(String path) {
        return results(path, DEFAULT_CODEC);
    }

    public static FileSink<MonitoringResult> results(String path, CompressionCodecName codec) {
        return sink(path, ParquetSchemas.RESULTS, AvroConverters::result, HourBucketAssigner.forResults(), codec);
    }

    public static FileSink<InferenceError> errors(String path) {
        return errors(path, DEFAULT_CODEC);
    }

    public static FileSink<InferenceError> errors(String path, CompressionCodecName codec) {
        return sink(path, ParquetSchemas.ERRORS, AvroConverters::error, HourBucketAssigner.forErrors(), codec);
    }

    /** The generic form: any element type with its schema, converter and bucket assigner. */
    public static <T> FileSink<T> sink(String path, Schema schema, AvroConverter<T> converter,
                                       BucketAssigner<T, String> buckets, CompressionCodecName codec) {
        return sink(path, new AvroParquetBulkWriterFactory<>(schema, converter, codec), buckets);
    }

    private static <T> FileSink<T> sink(String path, BulkWriter.Factory<T> writers, BucketAssigner<T, String> buckets) {
        return FileSink.forBulkFormat(new Path(path), writers)
                .withBucketAssigner(buckets)
                .withRollingPolicy(OnCheckpointRollingPolicy.build())
                .withOutputFileConfig(OutputFileConfig.builder()
                        .withPartPrefix(PART_PREFIX)
                        .withPartSuffix(PART_SUFFIX)
                        .build())
                .build();
    }
}
