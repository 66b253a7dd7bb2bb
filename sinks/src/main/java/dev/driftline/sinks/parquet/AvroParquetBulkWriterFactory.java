package dev.driftline.sinks.parquet;

import java.io.IOException;
import java.util.Objects;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericRecord;
import org.apache.flink.api.common.serialization.BulkWriter;
import org.apache.flink.core.fs.FSDataOutputStream;
import org.apache.flink.formats.parquet.ParquetBuilder;
import org.apache.flink.formats.parquet.ParquetWriterFactory;
import org.apache.flink.formats.parquet.avro.AvroParquetWriters;
import org.apache.parquet.avro.AvroParquetWriter;
import org.apache.parquet.hadoop.metadata.CompressionCodecName;

/**
 * A Parquet {@link BulkWriter.Factory} for any element type: each element is converted to a {@link GenericRecord} of
 * a fixed Avro schema and handed to flink-parquet's Avro writer, so the stream carries the job's POJOs.
 *
 * <p>It builds what {@link AvroParquetWriters#forGenericRecord(Schema)} builds ({@link AvroParquetWriter} with
 * {@link GenericData}), with the codec set and one parsed Hadoop configuration reused. {@link CompressionCodecName#SNAPPY}
 * (the default of {@link ParquetSinks}) uses snappy-java, whose JNI library is bundled in its jar (no system library
 * needed on linux x86_64/aarch64); {@link CompressionCodecName#LZ4_RAW} is pure Java (aircompressor).
 */
public class AvroParquetBulkWriterFactory<T> implements BulkWriter.Factory<T> {
    private static final long serialVersionUID = 1L;

    private final String schemaJson;
    private final AvroConverter<T> converter;
    private final CompressionCodecName codec;
    private transient BulkWriter.Factory<GenericRecord> delegate;

    public AvroParquetBulkWriterFactory(Schema schema, AvroConverter<T> converter, CompressionCodecName codec) {
        this.schemaJson = Objects.requireNonNull(schema, "schema").toString();
        this.converter = Objects.requireNonNull(converter, "converter");
        this.codec = codec != null ? codec : CompressionCodecName.UNCOMPRESSED;
    }

    public CompressionCodecName codec() {
        return codec;
    }

    @Override
    public BulkWriter<T> create(FSDataOutputStream out) throws IOException {
        return new ConvertingWriter<>(delegate().create(out), converter);
    }

    private BulkWriter.Factory<GenericRecord> delegate() {
        if (delegate == null) {
            delegate = new ParquetWriterFactory<>(new CompressedBuilder(schemaJson, codec));
        }
        return delegate;
    }

    /** What {@code AvroParquetWriters.forGenericRecord} builds, plus a compression codec and a reused configuration. */
    private static final class CompressedBuilder implements ParquetBuilder<GenericRecord> {
        private static final long serialVersionUID = 1L;
        private final String schemaJson;
        private final CompressionCodecName codec;
        private transient Schema schema;

        CompressedBuilder(String schemaJson, CompressionCodecName codec) {
            this.schemaJson = schemaJson;
            this.codec = codec;
        }

        @Override
        public org.apache.parquet.hadoop.ParquetWriter<GenericRecord> createWriter(org.apache.parquet.io.OutputFile out)
                throws IOException {
            if (schema == null) {
                schema = new Schema.Parser().parse(schemaJson);
            }
            return AvroParquetWriter.<GenericRecord>builder(out)
                    .withConf(new org.apache.hadoop.conf.Configuration(SharedHadoopConf.CONF))
                    .withSchema(schema)
                    .withDataModel(GenericData.get())
                    .withCompressionCodec(codec)
                    // A part holds a few rows (one endpoint × hour between two checkpoints). Each column's compressor
                    // allocates a page-sized buffer when the writer opens: with the default 1 MiB pages every part
                    // cost ~11 MiB of fresh, zeroed arrays (a large share of the job's allocation and GC).
                    .withPageSize(RecordsWriterFactory.PAGE_SIZE)
                    .withDictionaryPageSize(RecordsWriterFactory.PAGE_SIZE)
                    .build();
        }
    }

    private static final class ConvertingWriter<T> implements BulkWriter<T> {
        private final BulkWriter<GenericRecord> inner;
        private final AvroConverter<T> converter;

        ConvertingWriter(BulkWriter<GenericRecord> inner, AvroConverter<T> converter) {
            this.inner = inner;
            this.converter = converter;
        }

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
    }
}
