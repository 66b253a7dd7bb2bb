package dev.driftline.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.driftline.apps.EndpointInfo;
import dev.driftline.apps.offline.CsvTable;
import dev.driftline.apps.offline.OfflineProfile;
import dev.driftline.job.cli.SyntheticTraffic;
import java.io.IOException;
import java.io.Writer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * Traffic for one registered endpoint: {@code windows} one-minute windows starting at {@link #T0}, the last one with
 * a strong shift, a few multi-row requests, plus malformed events. Keeps each window's rows as CSV so the test can ask
 * {@code driftline drift} for the numbers the job must produce.
 */
final class Scenario {
    static final Instant T0 = Instant.parse("2026-11-26T00:00:00Z");
    static final long WINDOW = 60_000;
    static final String ENDPOINT = "ep-credit";
    static final ObjectMapper JSON = new ObjectMapper();

    /** Inference events in send order. */
    final List<String> events = new ArrayList<>();
    /** CSV lines (age,income,score,segment,label) per window. */
    final List<List<String>> windowRows = new ArrayList<>();
    final List<String> malformed = new ArrayList<>();
    int validRows;
    String endpointJson;

    Scenario(Path dir, int windows, int eventsPerWindow) throws IOException {
        SyntheticTraffic traffic = new SyntheticTraffic(42);
        Path training = dir.resolve("train.csv");
        traffic.writeTrainingCsv(training, 5000);
        EndpointInfo e = new EndpointInfo();
        e.id = ENDPOINT;
        e.name = "credit";
        e.project = "demo";
        e.model = "demo-model";
        e.featureNames = new ArrayList<>(SyntheticTraffic.FEATURES);
        e.labelNames = new ArrayList<>(SyntheticTraffic.LABELS);
        e.featureStats = OfflineProfile.profile(CsvTable.read(training), SyntheticTraffic.LABELS);
        endpointJson = JSON.writeValueAsString(e);
        Files.writeString(dir.resolve("ref.json"), JSON.writeValueAsString(e.featureStats));

        for (int w = 0; w < windows; w++) {
            boolean shifted = w == windows - 1;
            List<String> rows = new ArrayList<>();
            for (int i = 0; i < eventsPerWindow; i++) {
                long when = T0.toEpochMilli() + w * WINDOW + i * (50_000L / eventsPerWindow);
                String event = traffic.event(ENDPOINT, when, shifted, i % 10 == 0 ? 3 : 1);
                events.add(event);
                rows.addAll(csvRows(event));
            }
            validRows += rows.size();
            windowRows.add(rows);
        }
        String base = events.get(0);
        malformed.add("{\"endpoint_id\": \"broken");
        malformed.add("[1, 2, 3]");
        malformed.add(base.replaceFirst("\"when\":\"[^\"]*\",", ""));
        malformed.add(base.replaceFirst("\"when\":\"[^\"]*\"", "\"when\":\"yesterday\""));
        malformed.add("{\"endpoint_id\":\"" + ENDPOINT + "\",\"when\":\"2026-11-26 00:00:30.000000\","
                + "\"request\":{\"id\":\"m1\",\"inputs\":[[1,2,3,\"a\"],[4,5,6,\"b\"]]},"
                + "\"resp\":{\"id\":\"m1\",\"outputs\":[1,0,1]},\"microsec\":5}");
        malformed.add("{\"endpoint_id\":\"" + ENDPOINT + "\",\"when\":\"2026-11-26 00:00:31.000000\","
                + "\"request\":{\"id\":\"m2\",\"inputs\":[[1,{\"x\":2},3,\"a\"]]},"
                + "\"resp\":{\"id\":\"m2\",\"outputs\":[1]},\"microsec\":5}");
    }

    /** An event of the registered endpoint that failed on the serving side: counted, not monitored. */
    static String errorEvent() {
        return "{\"endpoint_id\":\"" + ENDPOINT + "\",\"when\":\"2026-11-26 00:00:40.000000\",\"model\":\"demo-model\","
                + "\"function_uri\":\"demo/serving:latest\",\"request\":{\"id\":\"e1\",\"inputs\":[[1,2,3,\"a\"]]},"
                + "\"error\":\"ValueError: input has NaN\"}";
    }

    Path writeWindowCsv(Path dir, int window) throws IOException {
        Path file = dir.resolve("window-" + window + ".csv");
        try (Writer w = Files.newBufferedWriter(file)) {
            w.write("age,income,score,segment,label\n");
            for (String row : windowRows.get(window)) {
                w.write(row + "\n");
            }
        }
        return file;
    }

    long windowStart(int w) {
        return T0.toEpochMilli() + w * WINDOW;
    }

    private static List<String> csvRows(String event) throws IOException {
        JsonNode e = JSON.readTree(event);
        JsonNode inputs = e.path("request").path("inputs");
        List<JsonNode> rows = new ArrayList<>();
        if (inputs.get(0).isArray()) {
            inputs.forEach(rows::add);
        } else {
            rows.add(inputs);
        }
        JsonNode outputs = e.path("resp").path("outputs");
        List<String> out = new ArrayList<>();
        for (int i = 0; i < rows.size(); i++) {
            JsonNode r = rows.get(i);
            out.add(r.get(0).asText() + "," + r.get(1).asText() + "," + r.get(2).asText() + "," + r.get(3).asText()
                    + "," + outputs.get(i).asText());
        }
        return out;
    }
}
