package dev.driftline.job.bench;

import dev.driftline.functions.decode.EventTimePeek;
import dev.driftline.functions.decode.MlrunEventDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The decoder alone, in memory, on the benchmark's events: rows/s of {@link MlrunEventDecoder#decode} after warm-up,
 * of Jackson's {@code readTree} on the same bytes (the floor of a tree-based decoder), and of the Kafka source's
 * {@link EventTimePeek} (its look at {@code when}, per event = per row here). For profiling the decode
 * path without Kafka or Flink: {@code java -XX:StartFlightRecording=filename=d.jfr,settings=profile ... DecoderBench}.
 */
public final class DecoderBench {
    private DecoderBench() {}

    public static void main(String[] args) throws Exception {
        int n = args.length > 0 ? Integer.parseInt(args[0]) : 100_000;
        int seconds = args.length > 1 ? Integer.parseInt(args[1]) : 10;
        BenchModel model = new BenchModel("ep", 1000, 42);
        BenchModel.EventWriter w = model.new EventWriter(1);
        List<byte[]> payloads = new ArrayList<>(n);
        long now = System.currentTimeMillis();
        for (int i = 0; i < n; i++) {
            payloads.add(w.event(i % 1000, now - 3_600_000 + i, i % 10 == 0).getBytes(StandardCharsets.UTF_8));
        }
        MlrunEventDecoder decoder = new MlrunEventDecoder();
        com.fasterxml.jackson.databind.ObjectMapper mapper = new com.fasterxml.jackson.databind.ObjectMapper();
        for (String what : List.of("decode", "readTree", "peek", "decode")) {
            long rows = 0;
            long t0 = System.nanoTime();
            long deadline = t0 + seconds * 1_000_000_000L;
            while (System.nanoTime() < deadline) {
                for (byte[] p : payloads) {
                    if (what.equals("decode")) {
                        rows += decoder.decode(p, now).records().size();
                    } else if (what.equals("peek")) {
                        rows += EventTimePeek.when(p) != EventTimePeek.UNKNOWN ? 1 : 0;
                    } else {
                        rows += mapper.readTree(p).size() > 0 ? 1 : 0;
                    }
                }
            }
            double s = (System.nanoTime() - t0) / 1e9;
            System.out.printf(Locale.ROOT, "%-9s %,12.0f rows/s  %.2f us/row%n", what, rows / s, 1e6 * s / rows);
        }
    }
}
