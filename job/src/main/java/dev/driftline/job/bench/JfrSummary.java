package dev.driftline.job.bench;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordedFrame;
import jdk.jfr.consumer.RecordedMethod;
import jdk.jfr.consumer.RecordedStackTrace;
import jdk.jfr.consumer.RecordingFile;

/**
 * Where a JFR recording's CPU samples ({@code jdk.ExecutionSample}) go: by thread, by hot-path category (the samples
 * whose stack contains a marker frame; a sample can be in several), by self (top) frame and by inclusive method.
 * Run as {@code java ... dev.driftline.job.bench.JfrSummary recording.jfr}.
 */
public final class JfrSummary {
    /** Category → frame markers ({@code Class.method} prefixes; the first one found on the stack counts). */
    static final Map<String, List<String>> CATEGORIES = new LinkedHashMap<>();

    static {
        CATEGORIES.put("decode: JSON tree parse (Jackson readTree)", List.of("dev.driftline.functions.decode.MlrunEventDecoder.parse"));
        CATEGORIES.put("decode: whole MlrunEventDecoder.decode", List.of("dev.driftline.functions.decode.MlrunEventDecoder.decode"));
        CATEGORIES.put("decode: parse 'when' (DateTimeFormatter)", List.of("dev.driftline.functions.decode.WhenTimestamps.withFormatter"));
        CATEGORIES.put("enrich (EnrichWithEndpoint)", List.of("dev.driftline.functions.endpoint.EnrichWithEndpoint.processElement",
                "dev.driftline.functions.endpoint.EnrichWithEndpoint.enrich"));
        CATEGORIES.put("window aggregate (WindowAccumulator.add)", List.of("dev.driftline.functions.window.WindowAccumulator.add"));
        CATEGORIES.put("window state access (heap state get/put)", List.of("org.apache.flink.runtime.state.heap.", "org.apache.flink.runtime.state.v2."));
        CATEGORIES.put("Parquet: writer creation (records: RecordsWriterFactory.open; results, errors: "
                + "AvroParquetBulkWriterFactory.create)", List.of("dev.driftline.sinks.parquet.RecordsWriterFactory.open",
                "dev.driftline.sinks.parquet.AvroParquetBulkWriterFactory.create"));
        CATEGORIES.put("  of which Hadoop Configuration loading (XML parsing)", List.of("org.apache.hadoop.conf.Configuration.loadResources"));
        CATEGORIES.put("Parquet: writer close (footer, on every checkpoint roll)", List.of("org.apache.parquet.hadoop.ParquetWriter.close",
                "dev.driftline.sinks.parquet.RecordsFileWriter.close"));
        CATEGORIES.put("Parquet: write records (RecordsRowWriter + column writers)", List.of(
                "dev.driftline.sinks.parquet.RecordsFileWriter.write"));
        CATEGORIES.put("  of which layout of a changed definition (RecordsFileSchema.layout)", List.of(
                "dev.driftline.sinks.parquet.RecordsFileSchema.layout"));
        CATEGORIES.put("FileSink bucket id (bucket assigners)", List.of("dev.driftline.sinks.parquet.EndpointHourBucketAssigner",
                "dev.driftline.sinks.parquet.HourBucketAssigner"));
        CATEGORIES.put("network: serialize records (RecordWriter.emit)", List.of("org.apache.flink.runtime.io.network.api.writer.RecordWriter.emit"));
        CATEGORIES.put("network: deserialize records", List.of("org.apache.flink.runtime.io.network.api.serialization.",
                "org.apache.flink.api.java.typeutils.runtime.PojoSerializer.deserialize"));
        CATEGORIES.put("object copies between chained operators (PojoSerializer.copy; object reuse off)", List.of(
                "org.apache.flink.api.java.typeutils.runtime.PojoSerializer.copy"));
        CATEGORIES.put("Kryo (generic types)", List.of("com.esotericsoftware.kryo.", "org.apache.flink.api.java.typeutils.runtime.kryo."));
        CATEGORIES.put("Kafka consumer (source fetch)", List.of("org.apache.kafka.clients.consumer.", "org.apache.kafka.common.record."));
        CATEGORIES.put("Kafka producer (sinks)", List.of("org.apache.kafka.clients.producer."));
        CATEGORIES.put("applications (RunApplication.process)", List.of("dev.driftline.functions.apps.RunApplication.process"));
        CATEGORIES.put("endpoint definitions (JSON parse of definitions)", List.of("dev.driftline.functions.endpoint.EndpointDefinitions.parse",
                "dev.driftline.functions.endpoint.EndpointDefinitions.accept"));
        CATEGORIES.put("checkpointing / snapshots", List.of("org.apache.flink.streaming.api.operators.StreamOperatorStateHandler.snapshotState",
                "org.apache.flink.runtime.state.SnapshotStrategyRunner", "org.apache.flink.runtime.checkpoint."));
        CATEGORIES.put("String construction (UTF-8 bytes to String)", List.of("java.lang.StringCoding", "java.lang.String.<init>"));
    }

    private JfrSummary() {}

    public static void main(String[] args) throws IOException {
        System.out.print(summarize(Path.of(args[0]), args.length > 1 ? Integer.parseInt(args[1]) : 25));
    }

    static String summarize(Path file, int top) throws IOException {
        long total = 0;
        Map<String, Long> byThread = new HashMap<>();
        Map<String, Long> self = new HashMap<>();
        Map<String, Long> inclusive = new HashMap<>();
        Map<String, Long> categories = new LinkedHashMap<>();
        for (String c : CATEGORIES.keySet()) {
            categories.put(c, 0L);
        }
        try (RecordingFile rf = new RecordingFile(file)) {
            while (rf.hasMoreEvents()) {
                RecordedEvent e = rf.readEvent();
                if (!e.getEventType().getName().equals("jdk.ExecutionSample")) {
                    continue;
                }
                RecordedStackTrace st = e.getStackTrace();
                if (st == null || st.getFrames().isEmpty()) {
                    continue;
                }
                total++;
                var thread = e.getThread("sampledThread");
                String tn = thread == null ? "?" : thread.getJavaName();
                byThread.merge(threadGroup(tn), 1L, Long::sum);
                List<RecordedFrame> frames = st.getFrames();
                self.merge(name(frames.get(0)), 1L, Long::sum);
                Set<String> seen = new HashSet<>();
                for (RecordedFrame f : frames) {
                    String n = name(f);
                    if (seen.add(n)) {
                        inclusive.merge(n, 1L, Long::sum);
                    }
                }
                for (Map.Entry<String, List<String>> c : CATEGORIES.entrySet()) {
                    boolean hit = false;
                    for (String n : seen) {
                        for (String marker : c.getValue()) {
                            if (n.startsWith(marker)) {
                                hit = true;
                                break;
                            }
                        }
                        if (hit) {
                            break;
                        }
                    }
                    if (hit) {
                        categories.merge(c.getKey(), 1L, Long::sum);
                    }
                }
            }
        }
        StringBuilder sb = new StringBuilder();
        sb.append(String.format(Locale.ROOT, "JFR %s: %d CPU samples (jdk.ExecutionSample)%n", file.getFileName(), total));
        sb.append("\n-- by thread (share of all samples)\n");
        appendTop(sb, byThread, total, top);
        sb.append("\n-- by hot-path category (samples whose stack holds the marker; overlapping)\n");
        for (Map.Entry<String, Long> c : categories.entrySet()) {
            sb.append(String.format(Locale.ROOT, "%6.1f%%  %s%n", 100.0 * c.getValue() / Math.max(total, 1), c.getKey()));
        }
        sb.append("\n-- top self frames\n");
        appendTop(sb, self, total, top);
        sb.append("\n-- top inclusive methods (dev.driftline, Flink serializers/operators, Jackson, Parquet, Kryo)\n");
        Map<String, Long> interesting = new HashMap<>();
        for (Map.Entry<String, Long> e : inclusive.entrySet()) {
            String n = e.getKey();
            if (n.startsWith("dev.driftline") || n.startsWith("com.fasterxml") || n.startsWith("org.apache.parquet")
                    || n.startsWith("com.esotericsoftware") || n.contains("Serializer") || n.contains("ChainingOutput")
                    || n.startsWith("org.apache.flink.streaming.runtime.operators.windowing") || n.startsWith("org.apache.avro")) {
                interesting.put(n, e.getValue());
            }
        }
        appendTop(sb, interesting, total, top * 2);
        return sb.toString();
    }

    /** Subtask threads are named "op -> op (1/2)#0": group both subtasks. */
    private static String threadGroup(String name) {
        return name.replaceAll(" \\(\\d+/\\d+\\)(#\\d+)?$", " (all subtasks)").replaceAll("-\\d+$", "-N");
    }

    private static String name(RecordedFrame f) {
        RecordedMethod m = f.getMethod();
        return m == null ? "?" : m.getType().getName() + "." + m.getName();
    }

    private static void appendTop(StringBuilder sb, Map<String, Long> counts, long total, int top) {
        List<Map.Entry<String, Long>> list = new ArrayList<>(counts.entrySet());
        list.sort((a, b) -> Long.compare(b.getValue(), a.getValue()));
        for (int i = 0; i < Math.min(top, list.size()); i++) {
            sb.append(String.format(Locale.ROOT, "%6.1f%%  %s%n", 100.0 * list.get(i).getValue() / Math.max(total, 1), list.get(i).getKey()));
        }
    }
}
