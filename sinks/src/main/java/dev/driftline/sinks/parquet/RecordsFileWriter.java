package dev.driftline.sinks.parquet;

import dev.driftline.functions.model.MonitoredRecord;
import java.io.IOException;
import java.util.HashMap;
import java.util.Map;
import org.apache.parquet.column.ColumnWriteStore;
import org.apache.parquet.column.ParquetProperties;
import org.apache.parquet.compression.CompressionCodecFactory;
import org.apache.parquet.hadoop.CodecFactory;
import org.apache.parquet.hadoop.ColumnChunkPageWriteStore;
import org.apache.parquet.hadoop.ParquetFileWriter;
import org.apache.parquet.hadoop.ParquetWriter;
import org.apache.parquet.hadoop.metadata.CompressionCodecName;
import org.apache.parquet.io.OutputFile;

/**
 * One records Parquet file: {@link RecordsRowWriter} fills a column store per row group, and row groups are flushed
 * to the file when they reach a size ({@link #ROW_GROUP_SIZE} unless configured) and when the file is closed. It does
 * what {@code ParquetWriter} does around a write support (row groups, page stores, footer), without the
 * record-assembly layer that a write support must go through.
 */
final class RecordsFileWriter implements AutoCloseable {
    /**
     * 32 MiB, a quarter of Parquet's default: a row group is held on the heap, as pages, until it is flushed, and
     * outlives many young collections while it fills. At 128 MiB the collector copied about 100 MB of such pages in
     * every young pause (130-185 ms each, about a tenth of the job's wall time); at 32 MiB the pauses took 30-50 ms
     * (docs/benchmarks.md). About 230,000 benchmark rows per row group: DuckDB writes 122,880 rows per row group.
     */
    static final long ROW_GROUP_SIZE = 32L * 1024 * 1024;
    /** Rows between two looks at the buffered size (it sums over every column). */
    private static final int SIZE_CHECK_ROWS = 1024;
    /** The footer's writer model, as a write support names it. */
    static final String MODEL_NAME = "driftline";

    private final ParquetFileWriter file;
    private final ParquetProperties props;
    private final CodecFactory codecs;
    private final CompressionCodecFactory.BytesInputCompressor compressor;
    private final RecordsFileSchema schema;
    private final RecordsRowWriter rows;
    private final long rowGroupSize;
    private ColumnChunkPageWriteStore pages;
    private ColumnWriteStore columns;
    private long rowGroupRows;
    private int rowGroupOrdinal;
    private boolean aborted;
    private boolean closed;

    /** @param rowGroupSize bytes buffered before a row group is flushed ({@link #ROW_GROUP_SIZE}; tests: smaller) */
    RecordsFileWriter(OutputFile out, RecordsFileSchema schema, ParquetProperties props, CompressionCodecName codec,
                      long rowGroupSize) throws IOException {
        this.schema = schema;
        this.rowGroupSize = rowGroupSize;
        this.props = props;
        this.file = new ParquetFileWriter(out, schema.type, ParquetFileWriter.Mode.CREATE, rowGroupSize,
                ParquetWriter.MAX_PADDING_SIZE_DEFAULT, null, props);
        // Read-only here; sharing it saves every open writer a copy of Hadoop's defaults.
        this.codecs = new CodecFactory(SharedHadoopConf.CONF, props.getPageSizeThreshold());
        this.compressor = codecs.getCompressor(codec);
        this.rows = new RecordsRowWriter(schema);
        file.start();
    }

    /** The allocator of the file's page buffers (tests: which files recycle them). */
    org.apache.parquet.bytes.ByteBufferAllocator allocator() {
        return props.getAllocator();
    }

    /** The factory of the file's column value writers (for tests). */
    org.apache.parquet.column.values.factory.ValuesWriterFactory valuesWriterFactory() {
        return props.getValuesWriterFactory();
    }

    /**
     * Writes one row. A failure part-way through a row leaves some columns a value ahead of the others: the file is
     * then aborted (no more rows, no footer).
     */
    void write(MonitoredRecord r) throws IOException {
        if (closed) {
            throw new IllegalStateException("the records file is closed");
        }
        if (aborted) {
            throw new IOException("the records file was aborted by an earlier failure and takes no more rows");
        }
        try {
            if (columns == null) {
                startRowGroup();
            }
            rows.write(r);
            columns.endRecord();
            if (++rowGroupRows % SIZE_CHECK_ROWS == 0 && columns.getBufferedSize() >= rowGroupSize) {
                flushRowGroup();
            }
        } catch (IOException | RuntimeException e) {
            aborted = true;
            throw e;
        }
    }

    private void startRowGroup() {
        pages = new ColumnChunkPageWriteStore(compressor, schema.type, props.getAllocator(),
                props.getColumnIndexTruncateLength(), props.getPageWriteChecksumEnabled(), null, rowGroupOrdinal);
        columns = props.newColumnWriteStore(schema.type, pages, pages);
        rows.startRowGroup(columns);
        rowGroupRows = 0;
    }

    private void flushRowGroup() throws IOException {
        if (columns == null) {
            return;
        }
        // Closed whatever happens (the column store first: it hands its last values to the page store); a failure to
        // close is added to the failure of the flush, not put in its place.
        try (ColumnChunkPageWriteStore p = pages; ColumnWriteStore c = columns) {
            columns = null;
            pages = null;
            if (rowGroupRows > 0) {
                file.startBlock(rowGroupRows);
                c.flush();
                p.flushToFileWriter(file);
                file.endBlock();
                rowGroupOrdinal++;
            }
        }
    }

    /**
     * Flushes the last row group and writes the footer (the stream itself stays open: the sink owns it). An aborted
     * file gets no footer, so that no reader takes it for a whole one (the sink fails and discards the part anyway).
     * Closing twice does nothing.
     */
    @Override
    public void close() throws IOException {
        if (closed) {
            return;
        }
        closed = true;
        try {
            if (aborted) {
                columns = null; // buffers only: nothing to hand on
                pages = null;
                file.close();
                return;
            }
            try {
                flushRowGroup();
                Map<String, String> metadata = new HashMap<>(rows.footer());
                metadata.put(ParquetWriter.OBJECT_MODEL_NAME_PROP, MODEL_NAME);
                file.end(metadata);
            } catch (IOException | RuntimeException e) {
                aborted = true;
                try {
                    file.close();
                } catch (IOException | RuntimeException suppressed) {
                    e.addSuppressed(suppressed);
                }
                throw e;
            }
        } finally {
            codecs.release();
        }
    }
}
