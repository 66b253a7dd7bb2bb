package dev.driftline.job.bench;

import dev.driftline.functions.model.InferenceError;
import dev.driftline.functions.model.MonitoredRecord;
import dev.driftline.functions.model.MonitoringResult;
import dev.driftline.job.config.DriftlineConfig;
import dev.driftline.sinks.parquet.AvroConverter;
import dev.driftline.sinks.parquet.AvroConverters;
import dev.driftline.sinks.parquet.EndpointHourBucketAssigner;
import dev.driftline.sinks.parquet.ParquetSchemas;
import dev.driftline.sinks.parquet.ParquetSinks;
import java.io.IOException;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericRecord;
import org.apache.flink.api.common.serialization.BulkWriter;
import org.apache.flink.connector.file.sink.FileSink;
import org.apache.flink.core.fs.FSDataOutputStream;
import org.apache.flink.core.fs.Path;
import org.apache.flink.formats.parquet.ParquetBuilder;
import org.apache.flink.formats.parquet.ParquetWriterFactory;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.functions.sink.filesystem.BucketAssigner;
import org.apache.flink.streaming.api.functions.sink.filesystem.OutputFileConfig;
import org.apache.flink.streaming.api.functions.sink.filesystem.rollingpolicies.OnCheckpointRollingPolicy;
import org.apache.parquet.avro.AvroParquetWriter;
import org.apache.parquet.hadoop.metadata.CompressionCodecName;

/**
 * A what-if, not the deployed job: the production sinks except that each Parquet writer reuses one Hadoop
 * {@code Configuration} per JVM and one parsed Avro schema per factory. The deployed
 * {@code AvroParquetBulkWriterFactory} lets {@code AvroParquetWriter.builder} create a fresh Hadoop
 * {@code Configuration} for every writer, which parses {@code core-default.xml}/{@code core-site.xml} from the
 * classpath on first use — and a FileSink with {@code OnCheckpointRollingPolicy} creates a writer per active bucket
 * (endpoint × hour) after every checkpoint. Same files, schemas, codec, buckets and rolling policy otherwise.
 */
final class WhatIfParquetSinks extends ProbedSinks {
    private final String parquet;
    private final DriftlineConfig config;

    WhatIfParquetSinks(DriftlineConfig config) {
        super(config);
        this.config = config;
        String path = config.sinks.parquetPath;
        this.parquet = path == null || path.isBlank() ? null : path.replaceAll("/+$", "");
    }

    @Override
    public void records(DataStream<MonitoredRecord> records) {
        if (parquet != null) {
            records.sinkTo(sink(parquet + "/records", ParquetSchemas.RECORDS, AvroConverters::record, EndpointHourBucketAssigner.forRecords()))
                    .uid("sink-records-parquet").name("Records to Parquet");
        }
        records.sinkTo(new Probe<>("records")).uid("bench-probe-records").name("Bench probe (records)");
    }

    @Override
    public void results(DataStream<MonitoringResult> results) {
        // Kafka results as deployed; Parquet results with the reused configuration.
        results.sinkTo(dev.driftline.sinks.kafka.KafkaSinks.results(dev.driftline.job.topology.JobSettings.kafka(config()),
                        config().topics.results, config().kafka.transactionalIdPrefix + "-results"))
                .uid("sink-results-kafka").name("Results to Kafka");
        if (parquet != null) {
            results.sinkTo(sink(parquet + "/results", ParquetSchemas.RESULTS, AvroConverters::result, EndpointHourBucketAssigner.forResults()))
                    .uid("sink-results-parquet").name("Results to Parquet");
        }
        results.sinkTo(new Probe<>("results")).uid("bench-probe-results").name("Bench probe (results)");
    }

    @Override
    public void errors(DataStream<InferenceError> errors) {
        if (parquet != null) {
            errors.sinkTo(sink(parquet + "/errors", ParquetSchemas.ERRORS, AvroConverters::error, EndpointHourBucketAssigner.forErrors()))
                    .uid("sink-errors-parquet").name("Request errors to Parquet");
        }
    }

    private DriftlineConfig config() {
        return config;
    }

    static <T> FileSink<T> sink(String path, Schema schema, AvroConverter<T> converter, BucketAssigner<T, String> buckets) {
        return FileSink.forBulkFormat(new Path(path), new Factory<>(schema, converter, ParquetSinks.DEFAULT_CODEC))
                .withBucketAssigner(buckets)
                .withRollingPolicy(OnCheckpointRollingPolicy.build())
                .withOutputFileConfig(OutputFileConfig.builder().withPartPrefix(ParquetSinks.PART_PREFIX)
                        .withPartSuffix(ParquetSinks.PART_SUFFIX).build())
                .build();
    }

    /** One Hadoop configuration for every writer of this JVM (read-only once loaded). */
    static final class SharedConf {
        static final org.apache.hadoop.conf.Configuration CONF = load();

        private static org.apache.hadoop.conf.Configuration load() {
            org.apache.hadoop.conf.Configuration c = new org.apache.hadoop.conf.Configuration();
            c.get("fs.defaultFS"); // parse the default resources now, once
            return c;
        }
    }

    static final class Factory<T> implements BulkWriter.Factory<T> {
        private static final long serialVersionUID = 1L;
        private final String schemaJson;
        private final AvroConverter<T> converter;
        private final CompressionCodecName codec;
        private transient BulkWriter.Factory<GenericRecord> delegate;

        Factory(Schema schema, AvroConverter<T> converter, CompressionCodecName codec) {
            this.schemaJson = schema.toString();
            this.converter = converter;
            this.codec = codec;
        }

        @Override
        public BulkWriter<T> create(FSDataOutputStream out) throws IOException {
            if (delegate == null) {
                delegate = new ParquetWriterFactory<>(new Builder(schemaJson, codec));
            }
            BulkWriter<GenericRecord> inner = delegate.create(out);
            return new BulkWriter<>() {
                @Override
                public void addElement(T element) throws IOException {
                    inner.addElement(converter.toAvro(element));
                }

                @Override
                public void flush() throws IOException {
                    inner.flush();
                }

                @Override
                public void finish() throws IOException {
                    inner.finish();
                }
            };
        }
    }

    static final class Builder implements ParquetBuilder<GenericRecord> {
        private static final long serialVersionUID = 1L;
        private final String schemaJson;
        private final CompressionCodecName codec;
        private transient Schema schema;

        Builder(String schemaJson, CompressionCodecName codec) {
            this.schemaJson = schemaJson;
            this.codec = codec;
        }

        @Override
        public org.apache.parquet.hadoop.ParquetWriter<GenericRecord> createWriter(org.apache.parquet.io.OutputFile out) throws IOException {
            if (schema == null) {
                schema = new Schema.Parser().parse(schemaJson);
            }
            return AvroParquetWriter.<GenericRecord>builder(out)
                    .withConf(SharedConf.CONF)
                    .withSchema(schema)
                    .withDataModel(GenericData.get())
                    .withCompressionCodec(codec)
                    .build();
        }
    }
}
