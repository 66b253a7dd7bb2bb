package dev.driftline.sinks.parquet;

import dev.driftline.functions.model.MonitoredRecord;
import dev.driftline.functions.model.MonitoredRecordSerializer;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.apache.flink.api.common.serialization.BulkWriter;
import org.apache.flink.core.fs.FSDataOutputStream;
import org.apache.parquet.column.ParquetProperties;
import org.apache.parquet.column.values.factory.DefaultV1ValuesWriterFactory;
import org.apache.parquet.hadoop.metadata.CompressionCodecName;

/**
 * The records table's part-file writer: {@link RecordsRowWriter} in a {@link RecordsFileWriter}, over a file schema
 * ({@link RecordsFileSchema}) — in the {@link RecordsLayout#ENDPOINT_HOUR} layout taken from the file's first record, in
 * the {@link RecordsLayout#HOUR} layout the shared schema of many endpoints. The file writer is opened with the first batch of rows, not in
 * {@link #create}.
 *
 * <p>Settings for a row-by-row writer of many small files (in the endpoint-hour layout one per endpoint × hour, rolled on every checkpoint, each
 * held open until then):
 * <ul>
 *   <li>no dictionary for numbers: continuous doubles overflow any dictionary, after paying for the hash lookups; only
 *       the endpoint id, project, string values and map keys ({@link RecordsFileSchema#DICTIONARY_COLUMNS}) keep
 *       one. Each dictionary column holds a 16 KiB index buffer while the file is open;</li>
 *   <li>{@link #PAGE_SIZE} pages instead of 1 MiB: the page size is what an open writer reserves up front (the
 *       compressor's output buffer); a part file holds a few hundred rows (≈ 2 KiB per column), so larger pages only
 *       cost heap. Measured with {@code ParquetWriterBench} (job module): 2.65 MB per open writer on the Avro path
 *       with default settings, ≈ 0.36 MB with this writer and 64 KiB pages, ≈ 0.26 MB with 16 KiB pages and
 *       dictionaries only where values repeat.</li>
 *   <li>no size statistics (Parquet's per-page level histograms and byte counts, optional metadata for query
 *       planners): 7 % of the writer's time per row ({@code ParquetWriterBench rows --files 1 --layout hour}:
 *       3.31–3.41 → 3.11–3.14 µs/row). Min/max statistics stay: readers prune by them, and turning them off for the
 *       feature columns saved nothing measurable.</li>
 *   <li>in shared files (layout {@link RecordsLayout#HOUR}), page buffers recycled within the file
 *       ({@link RecyclingHeapAllocator}) instead of a fresh array per slab.</li>
 * </ul>
 */
public final class RecordsWriterFactory implements BulkWriter.Factory<MonitoredRecord> {
    private static final long serialVersionUID = 1L;
    /** See the class comment. */
    static final int PAGE_SIZE = 16 * 1024;
    /**
     * Released page buffers a file writer keeps for its next pages ({@link RecyclingHeapAllocator}): a page of each
     * column of the records schema is about 16 KiB; the row group's copies of the written pages are released only at
     * its end and mostly not kept.
     */
    static final long KEPT_BUFFER_BYTES = 1L << 20;
    /** Rows a part keeps before handing them to Parquet (MLRun's writer flushes every 10,000 records). */
    static final int BATCH_ROWS = 4096;
    /**
     * Rows a shared part (layout {@link RecordsLayout#HOUR}) keeps and sorts by endpoint before handing them to
     * Parquet: the larger the batch, the longer each endpoint's run of rows (pages readers can skip by the endpoint
     * id's statistics, and runs the endpoint id's and keys' dictionaries encode as one). ≈ 0.5 KB per row kept.
     */
    static final int SHARED_BATCH_ROWS = 16_384;
    private static final Comparator<String> ENDPOINT_ORDER = Comparator.nullsFirst(Comparator.naturalOrder());

    /** Bytes a records file buffers before it writes a row group: see {@link RecordsFileWriter#ROW_GROUP_SIZE}. */
    public static final long DEFAULT_ROW_GROUP_BYTES = RecordsFileWriter.ROW_GROUP_SIZE;

    private final CompressionCodecName codec;
    private final RecordsLayout layout;
    private final int sharedBatchRows;
    private final long rowGroupBytes;

    public RecordsWriterFactory(CompressionCodecName codec, RecordsLayout layout) {
        this(codec, layout, DEFAULT_ROW_GROUP_BYTES);
    }

    /**
     * @param rowGroupBytes bytes of pages a file holds on the heap before it writes them as a row group: the heap of
     *                      an open file is bounded by it, and the collector copies what is held while it fills
     */
    public RecordsWriterFactory(CompressionCodecName codec, RecordsLayout layout, long rowGroupBytes) {
        this(codec, layout, SHARED_BATCH_ROWS, rowGroupBytes);
    }

    /** With another batch size of shared parts (tests: a file whose later batches bring new endpoints). */
    static RecordsWriterFactory withSharedBatchRows(CompressionCodecName codec, RecordsLayout layout,
                                                   int sharedBatchRows) {
        return new RecordsWriterFactory(codec, layout, sharedBatchRows, DEFAULT_ROW_GROUP_BYTES);
    }

    private RecordsWriterFactory(CompressionCodecName codec, RecordsLayout layout, int sharedBatchRows,
                                 long rowGroupBytes) {
        if (rowGroupBytes <= 0) {
            throw new IllegalArgumentException("row group size must be positive, not " + rowGroupBytes);
        }
        this.codec = codec != null ? codec : CompressionCodecName.UNCOMPRESSED;
        this.layout = layout != null ? layout : RecordsLayout.HOUR;
        this.sharedBatchRows = sharedBatchRows;
        this.rowGroupBytes = rowGroupBytes;
    }

    public CompressionCodecName codec() {
        return codec;
    }

    public RecordsLayout layout() {
        return layout;
    }

    public long rowGroupBytes() {
        return rowGroupBytes;
    }

    @Override
    public BulkWriter<MonitoredRecord> create(FSDataOutputStream out) {
        return new PartWriter(out, codec, layout == RecordsLayout.HOUR, sharedBatchRows, rowGroupBytes);
    }

    static RecordsFileWriter open(FlinkOutputFile file, RecordsFileSchema schema, CompressionCodecName codec,
                                  long rowGroupSize) throws IOException {
        ParquetProperties.Builder props = ParquetProperties.builder()
                // A values-writer factory of the file's own. Before Parquet 1.18 the builder's default kept the
                // properties of whichever writer was built last, JVM-wide: up to 1.16 it was one static factory, in 1.17
                // one per builder that delegated to static ones (apache/parquet-java#3497, fixed in 1.18.0). A row group
                // opened after another writer was built took that writer's allocator, page size and dictionary settings. With two subtasks, one subtask's column
                // buffers came from the other's file allocator, which is not thread-safe: files with several row
                // groups were committed corrupt, and some writes failed the job (BufferOverflowException). Set
                // explicitly, so that the records files do not depend on the Parquet version for it.
                .withValuesWriterFactory(new DefaultV1ValuesWriterFactory())
                .withPageSize(PAGE_SIZE)
                .withDictionaryEncoding(false)
                .withSizeStatisticsEnabled(false);
        for (String column : RecordsFileSchema.DICTIONARY_COLUMNS) {
            props.withDictionaryEncoding(column, true);
        }
        if (schema.shared) {
            for (String column : RecordsFileSchema.SHARED_DICTIONARY_COLUMNS) {
                props.withDictionaryEncoding(column, true);
            }
            // A few shared files are open at a time (one per hour a subtask writes), each with many pages: they
            // recycle. A file of one endpoint keeps Parquet's plain allocator: there may be one open per busy
            // endpoint, and the kept buffers would add about 0.7 MB to each (ParquetWriterBench heap --writers 200
            // --rows-per-writer 6000: 1.93 -> 2.63 MB per open writer).
            props.withAllocator(new RecyclingHeapAllocator(KEPT_BUFFER_BYTES));
        }
        return new RecordsFileWriter(file, schema, props.build(), codec, rowGroupSize);
    }

    /**
     * One part file. Rows are kept (as compact copies) and handed to Parquet in batches of {@link #BATCH_ROWS}, or all
     * at once when the file is finished on a checkpoint — so a part that receives few rows never holds an open Parquet
     * writer at all. In the endpoint-hour layout the sink keeps one part per active endpoint × hour, and consecutive
     * rows go to different parts:
     * written row by row, every row touched another writer's ~25 column buffers and pages (cache misses on each), and
     * every open writer reserved its buffers for the whole checkpoint interval. Written in batches, one file's
     * columns stay hot while its rows go through them, and a part's heap is its rows, not a writer's reserve.
     */
    private static final class PartWriter implements BulkWriter<MonitoredRecord> {
        private final FSDataOutputStream out;
        private final CompressionCodecName codec;
        /** A part of many endpoints (layout HOUR): the shared schema, larger batches sorted by endpoint. */
        private final boolean shared;
        private final int batchRows;
        private final List<MonitoredRecord> pending = new ArrayList<>();
        private final long rowGroupBytes;
        private RecordsFileWriter writer;

        PartWriter(FSDataOutputStream out, CompressionCodecName codec, boolean shared, int sharedBatchRows,
                   long rowGroupBytes) {
            this.out = out;
            this.codec = codec;
            this.rowGroupBytes = rowGroupBytes;
            this.shared = shared;
            this.batchRows = shared ? sharedBatchRows : BATCH_ROWS;
        }

        @Override
        public void addElement(MonitoredRecord element) throws IOException {
            pending.add(keptCopy(element));
            if (pending.size() >= batchRows) {
                writePending();
            }
        }

        /** The file's schema from its first batch, in the order its rows are written (the first name seen wins). */
        private RecordsFileSchema schema(List<MonitoredRecord> firstRows) {
            return shared ? RecordsFileSchema.union(firstRows) : RecordsFileSchema.of(firstRows.isEmpty() ? null : firstRows.get(0));
        }

        private void writePending() throws IOException {
            if (pending.isEmpty()) {
                return;
            }
            List<MonitoredRecord> rows = shared ? byEndpoint(pending) : pending;
            if (writer == null) {
                FlinkOutputFile file = new FlinkOutputFile(out);
                writer = open(file, schema(rows), codec, rowGroupBytes);
                file.release(); // the file's header is written; nothing more until the footer
            }
            for (MonitoredRecord r : rows) {
                writer.write(r);
            }
            pending.clear();
        }

        @Override
        public void flush() {
            // Parquet writes whole row groups at finish; there is nothing smaller to flush (as flink-parquet's writer)
        }

        @Override
        public void finish() throws IOException {
            writePending();
            if (writer == null) { // the sink opens a part only for a record, but a valid file costs nothing here
                writer = open(new FlinkOutputFile(out), schema(pending), codec, rowGroupBytes);
            }
            writer.close();
        }
    }

    /**
     * The rows grouped by endpoint, endpoints in name order, each endpoint's rows in arrival order: what a stable sort
     * by endpoint gives, for a hash lookup per row instead of a string comparison per step of a sort.
     */
    static List<MonitoredRecord> byEndpoint(List<MonitoredRecord> rows) {
        Map<String, List<MonitoredRecord>> groups = new HashMap<>();
        String lastEndpoint = null;
        List<MonitoredRecord> last = null;
        for (MonitoredRecord r : rows) {
            if (last == null || !Objects.equals(r.endpointId, lastEndpoint)) { // rows of an endpoint often come in runs
                lastEndpoint = r.endpointId;
                last = groups.computeIfAbsent(lastEndpoint, k -> new ArrayList<>());
            }
            last.add(r);
        }
        List<String> endpoints = new ArrayList<>(groups.keySet());
        endpoints.sort(ENDPOINT_ORDER);
        List<MonitoredRecord> sorted = new ArrayList<>(rows.size());
        for (String endpoint : endpoints) {
            sorted.addAll(groups.get(endpoint));
        }
        return sorted;
    }

    /**
     * What the file needs of a record, independent of the caller's object: with object reuse enabled Flink may hand
     * the same instance again, changed. The serializer's copy shares everything; the arrays and labels are copied on
     * top of it, and the histogram bins, which are not written, are not kept.
     */
    static MonitoredRecord keptCopy(MonitoredRecord r) {
        MonitoredRecord c = MonitoredRecordSerializer.INSTANCE.copy(r);
        c.numbers = r.numbers == null ? null : r.numbers.clone();
        c.texts = r.texts == null ? null : r.texts.clone();
        c.bins = null;
        c.labels = r.labels == null ? null : new LinkedHashMap<>(r.labels);
        return c;
    }
}
