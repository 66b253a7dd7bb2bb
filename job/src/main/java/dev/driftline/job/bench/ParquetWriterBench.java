package dev.driftline.job.bench;

import dev.driftline.functions.model.MonitoredRecord;
import dev.driftline.sinks.parquet.ParquetSinks;
import dev.driftline.sinks.parquet.RecordsLayout;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.stream.Stream;
import org.apache.flink.api.common.serialization.BulkWriter;
import org.apache.flink.core.fs.FSDataOutputStream;
import org.apache.flink.core.fs.FileSystem;
import org.apache.flink.core.fs.RecoverableFsDataOutputStream;
import org.apache.flink.core.fs.RecoverableWriter;
import org.apache.flink.core.fs.local.LocalFileSystem;
import org.apache.parquet.hadoop.metadata.CompressionCodecName;

/**
 * The records table's Parquet writer alone ({@link ParquetSinks#recordsWriter}), on local files, with rows shaped like
 * the benchmark's model (20 numeric and 2 string features, one numeric prediction). Three measurements:
 * <ul>
 *   <li>{@code heap}: heap held per open writer — opens {@code --writers} part files, writes {@code --rows-per-writer}
 *       rows into each without finishing any (as the sink holds one writer per active endpoint × hour until the next
 *       checkpoint), and divides the used-heap growth after full GCs by the number of writers;</li>
 *   <li>{@code rows}: rows/s of one writer, {@code --rows} rows spread round-robin over {@code --files} files, after
 *       the same run once to warm the JIT;</li>
 *   <li>{@code small-files}: rows/s when every file gets only {@code --rows-per-writer} rows, as with one file per
 *       endpoint × hour × checkpoint: opening and finishing (footer) included;</li>
 *   <li>{@code sink-files}: the same through Flink's local {@link RecoverableWriter}, as the FileSink writes a part:
 *       a hidden in-progress file, {@code closeForCommit} (which syncs the file to disk) and the commit's rename — the
 *       per-file work the sink adds to the writer's.</li>
 * </ul>
 * {@code java -Xmx4g -cp "job/target/driftline-job.jar:$(cat job/target/local-classpath.txt)"
 * dev.driftline.job.bench.ParquetWriterBench [heap,rows,small-files,sink-files] [--writers 500] [--rows-per-writer 200]
 * [--rows 1000000] [--files 4] [--codec SNAPPY] [--layout endpoint-hour|hour] [--hold-seconds 0]}; {@code --layout hour}
 * writes the shared files of the hour layout (structs of the union of the definitions, rows sorted by endpoint); {@code --hold-seconds} keeps the writers of
 * {@code heap} open that long after measuring, for a heap histogram ({@code jcmd <pid> GC.class_histogram}).
 */
public final class ParquetWriterBench {
    private static final int NUMERIC = BenchModel.NUMERIC;
    private static final String[] COLUMNS = columns();
    private static final String[] CATEGORIES = BenchModel.CATEGORIES;

    private final CompressionCodecName codec;
    private final RecordsLayout layout;
    private final Path dir;
    private final List<MonitoredRecord> rows;
    private int fileNo;

    private ParquetWriterBench(CompressionCodecName codec, RecordsLayout layout, Path dir, int distinctRows) {
        this.codec = codec;
        this.layout = layout;
        this.dir = dir;
        this.rows = rows(distinctRows, 42, layout == RecordsLayout.HOUR);
    }

    public static void main(String[] args) throws Exception {
        String what = "heap,rows,small-files";
        Map<String, String> opts = new HashMap<>();
        for (int i = 0; i < args.length; i++) {
            if (args[i].startsWith("--") && i + 1 < args.length) {
                opts.put(args[i].substring(2), args[++i]);
            } else {
                what = args[i];
            }
        }
        int writers = Integer.parseInt(opts.getOrDefault("writers", "500"));
        int rowsPerWriter = Integer.parseInt(opts.getOrDefault("rows-per-writer", "200"));
        int total = Integer.parseInt(opts.getOrDefault("rows", "1000000"));
        int files = Integer.parseInt(opts.getOrDefault("files", "4"));
        int holdSeconds = Integer.parseInt(opts.getOrDefault("hold-seconds", "0"));
        CompressionCodecName codec = CompressionCodecName.valueOf(
                opts.getOrDefault("codec", ParquetSinks.DEFAULT_CODEC.name()));
        Path dir = Files.createTempDirectory("parquet-writer-bench");
        try {
            RecordsLayout layout = RecordsLayout.parse(opts.getOrDefault("layout", RecordsLayout.ENDPOINT_HOUR.configName()));
            ParquetWriterBench bench = new ParquetWriterBench(codec, layout, dir, 10_000);
            System.out.printf(Locale.ROOT, "records writer %s, layout %s, codec %s, %d columns (%d numeric, %d string "
                    + "features, 1 prediction)%n", ParquetSinks.recordsWriter(codec, layout).getClass().getSimpleName(),
                    layout.configName(), codec, COLUMNS.length, NUMERIC, BenchModel.STRINGS);
            for (String w : what.split(",")) {
                switch (w.trim()) {
                    case "heap" -> bench.heapPerOpenWriter(writers, rowsPerWriter, holdSeconds);
                    case "rows" -> {
                        bench.rowsPerSecond(total, files, "warm-up");
                        bench.rowsPerSecond(total, files, "rows");
                        bench.rowsPerSecond(total, files, "rows");
                    }
                    case "small-files" -> {
                        bench.smallFiles(total / 2, rowsPerWriter, "warm-up");
                        bench.smallFiles(total, rowsPerWriter, "small-files");
                    }
                    case "sink-files" -> {
                        bench.sinkFiles(total / 4, rowsPerWriter, "warm-up");
                        bench.sinkFiles(total, rowsPerWriter, "sink-files");
                    }
                    default -> throw new IllegalArgumentException("unknown measurement " + w);
                }
            }
        } finally {
            deleteTree(dir);
        }
    }

    private void heapPerOpenWriter(int writers, int rowsPerWriter, int holdSeconds) throws IOException,
            InterruptedException {
        // Load and initialise every class on the path first, so that only the writers' own state is counted.
        smallFiles(20 * rowsPerWriter, rowsPerWriter, null);
        List<Open> open = new ArrayList<>(writers);
        long before = usedHeapAfterGc();
        BulkWriter.Factory<MonitoredRecord> factory = ParquetSinks.recordsWriter(codec, layout);
        int next = 0;
        for (int i = 0; i < writers; i++) {
            Open o = open(factory);
            for (int j = 0; j < rowsPerWriter; j++) {
                o.writer.addElement(row(next++));
            }
            open.add(o);
        }
        long after = usedHeapAfterGc();
        System.out.printf(Locale.ROOT, "heap       %,10.0f bytes per open writer (%d writers × %d rows; used heap "
                + "%,d -> %,d bytes)%n", (after - before) / (double) writers, writers, rowsPerWriter, before, after);
        if (holdSeconds > 0) { // time to look at what the writers hold: jcmd <pid> GC.class_histogram
            System.out.printf(Locale.ROOT, "holding the writers open for %d s (pid %d)%n", holdSeconds,
                    ProcessHandle.current().pid());
            Thread.sleep(holdSeconds * 1000L);
        }
        for (Open o : open) {
            o.finish();
        }
    }

    private void rowsPerSecond(int total, int files, String label) throws IOException {
        BulkWriter.Factory<MonitoredRecord> factory = ParquetSinks.recordsWriter(codec, layout);
        List<Open> open = new ArrayList<>(files);
        for (int i = 0; i < files; i++) {
            open.add(open(factory));
        }
        long t0 = System.nanoTime();
        for (int i = 0; i < total; i++) {
            open.get(i % files).writer.addElement(row(i));
        }
        long bytes = 0;
        for (Open o : open) {
            bytes += o.finish();
        }
        double s = (System.nanoTime() - t0) / 1e9;
        System.out.printf(Locale.ROOT, "%-11s %,10.0f rows/s  %.2f us/row  (%,d rows into %d files, %.1f bytes/row)%n",
                label, total / s, 1e6 * s / total, total, files, bytes / (double) total);
    }

    private void smallFiles(int total, int rowsPerFile, String label) throws IOException {
        BulkWriter.Factory<MonitoredRecord> factory = ParquetSinks.recordsWriter(codec, layout);
        long t0 = System.nanoTime();
        long bytes = 0;
        int written = 0;
        while (written < total) {
            Open o = open(factory);
            for (int j = 0; j < rowsPerFile && written < total; j++) {
                o.writer.addElement(row(written++));
            }
            bytes += o.finish();
        }
        double s = (System.nanoTime() - t0) / 1e9;
        if (label != null) {
            System.out.printf(Locale.ROOT, "%-11s %,10.0f rows/s  %.2f us/row  (%,d files of %d rows, %.1f bytes/row)%n",
                    label, total / s, 1e6 * s / total, (total + rowsPerFile - 1) / rowsPerFile, rowsPerFile,
                    bytes / (double) total);
        }
    }

    /** Like {@link #smallFiles}, but each part goes through the local file system's recoverable writer and commit. */
    private void sinkFiles(int total, int rowsPerFile, String label) throws IOException {
        BulkWriter.Factory<MonitoredRecord> factory = ParquetSinks.recordsWriter(codec, layout);
        RecoverableWriter recoverable = FileSystem.getLocalFileSystem().createRecoverableWriter();
        long t0 = System.nanoTime();
        long cpu0 = processCpuNanos();
        long bytes = 0;
        int written = 0;
        int files = 0;
        while (written < total) {
            Path file = dir.resolve("part-" + (fileNo++) + ".parquet");
            RecoverableFsDataOutputStream out = recoverable.open(new org.apache.flink.core.fs.Path(file.toUri()));
            BulkWriter<MonitoredRecord> writer = factory.create(out);
            for (int j = 0; j < rowsPerFile && written < total; j++) {
                writer.addElement(row(written++));
            }
            writer.flush();
            writer.finish();
            out.closeForCommit().commit();
            bytes += Files.size(file);
            Files.delete(file);
            files++;
        }
        double s = (System.nanoTime() - t0) / 1e9;
        double cpu = (processCpuNanos() - cpu0) / 1e9;
        System.out.printf(Locale.ROOT, "%-11s %,10.0f rows/s  %.2f us/row  %.2f ms/file wall, %.2f ms/file process CPU"
                        + "  (%,d files of %d rows, %.1f bytes/row)%n",
                label, total / s, 1e6 * s / total, 1e3 * s / files, 1e3 * cpu / files, files, rowsPerFile,
                bytes / (double) total);
    }

    private static long processCpuNanos() {
        return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
                .getProcessCpuTime();
    }

    /**
     * The i-th row to write. The distinct rows repeat; each repetition moves every number a little so that values stay
     * distinct, as continuous features are (a repeating value would flatter a dictionary encoding).
     */
    private MonitoredRecord row(int i) {
        int k = i % rows.size();
        if (k == 0 && i > 0) {
            for (MonitoredRecord r : rows) {
                for (int j = 0; j < r.numbers.length; j++) {
                    r.numbers[j] = Math.nextUp(r.numbers[j] + 1e-9);
                }
            }
        }
        return rows.get(k);
    }

    /** One part file being written, as the sink holds it between two checkpoints. */
    private final class Open {
        final Path file = dir.resolve("part-" + (fileNo++) + ".parquet");
        final FSDataOutputStream out;
        final BulkWriter<MonitoredRecord> writer;

        Open(BulkWriter.Factory<MonitoredRecord> factory) throws IOException {
            out = LocalFileSystem.getSharedInstance().create(
                    new org.apache.flink.core.fs.Path(file.toUri()), FileSystem.WriteMode.NO_OVERWRITE);
            writer = factory.create(out);
        }

        long finish() throws IOException {
            writer.flush();
            writer.finish();
            out.close();
            long size = Files.size(file);
            Files.delete(file);
            return size;
        }
    }

    private Open open(BulkWriter.Factory<MonitoredRecord> factory) throws IOException {
        return new Open(factory);
    }

    private static long usedHeapAfterGc() {
        MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
        for (int i = 0; i < 3; i++) {
            System.gc();
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        return memory.getHeapMemoryUsage().getUsed();
    }

    private static String[] columns() {
        List<String> c = new ArrayList<>(BenchModel.FEATURES);
        c.addAll(BenchModel.LABELS);
        return c.toArray(String[]::new);
    }

    /**
     * Rows of one endpoint (of 1,000 endpoints in turn for a shared file): continuous numbers (no two alike, as real
     * features), categories, a probability.
     */
    private static List<MonitoredRecord> rows(int n, long seed, boolean manyEndpoints) {
        Random random = new Random(seed);
        int features = BenchModel.FEATURES.size();
        List<MonitoredRecord> out = new ArrayList<>(n);
        long t = 1_767_600_000_000L;
        for (int i = 0; i < n; i++) {
            MonitoredRecord r = new MonitoredRecord();
            r.endpointId = manyEndpoints ? String.format(Locale.ROOT, "ep-%05d", i % 1000) : "ep-00042";
            r.project = "bench";
            r.requestId = "req-" + i;
            r.timestamp = t + i;
            r.latencyMicros = 800 + random.nextInt(400);
            r.columns = COLUMNS;
            r.featureCount = features;
            r.numbers = new double[COLUMNS.length];
            r.texts = new String[COLUMNS.length];
            for (int j = 0; j < NUMERIC; j++) {
                r.numbers[j] = random.nextGaussian() * (1 + j) + j * 10;
            }
            for (int j = NUMERIC; j < features; j++) {
                r.numbers[j] = Double.NaN;
                r.texts[j] = CATEGORIES[random.nextInt(CATEGORIES.length)];
            }
            r.numbers[features] = random.nextDouble();
            r.labels = Map.of();
            r.estimatedPredictionCount = 1.0;
            r.effectiveSampleCount = -1;
            out.add(r);
        }
        return out;
    }

    private static void deleteTree(Path dir) throws IOException {
        try (Stream<Path> s = Files.walk(dir)) {
            for (Path p : s.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }
}
