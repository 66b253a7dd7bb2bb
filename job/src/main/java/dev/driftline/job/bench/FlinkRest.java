package dev.driftline.job.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

/** GETs on the mini cluster's REST API (the same API as a cluster's web UI). */
final class FlinkRest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final String base;

    FlinkRest(int port) {
        this.base = "http://127.0.0.1:" + port;
    }

    /**
     * A port free now, below the kernel's range of ephemeral ports: the mini cluster binds it a moment later, and a
     * port from {@code ServerSocket(0)} is an ephemeral one, which an outgoing connection (the job's Kafka clients
     * open dozens) can take in between (seen: "Could not start rest endpoint on any port").
     */
    static int freePort() throws IOException {
        int ephemeralLow = 32768;
        try {
            ephemeralLow = Integer.parseInt(java.nio.file.Files.readString(
                    java.nio.file.Path.of("/proc/sys/net/ipv4/ip_local_port_range")).trim().split("\\s+")[0]);
        } catch (IOException | RuntimeException notLinux) {
            // keep the usual default
        }
        java.util.Random random = new java.util.Random();
        int low = 20_000;
        for (int attempt = 0; attempt < 100 && ephemeralLow > low + 1000; attempt++) {
            int port = low + random.nextInt(ephemeralLow - low);
            try (ServerSocket s = new ServerSocket(port)) {
                return s.getLocalPort();
            } catch (IOException taken) {
                // try another
            }
        }
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    JsonNode get(String path) throws IOException, InterruptedException {
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(20)).GET().build(),
                HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() != 200) {
            throw new IOException("GET " + path + " -> " + r.statusCode() + ": " + r.body());
        }
        return JSON.readTree(r.body());
    }

    /** Vertex id → name of a job (a name lists the chained operators). */
    Map<String, String> vertices(String jobId) throws IOException, InterruptedException {
        Map<String, String> out = new LinkedHashMap<>();
        for (JsonNode v : get("/jobs/" + jobId).path("vertices")) {
            out.put(v.path("id").asText(), v.path("name").asText());
        }
        return out;
    }

    /**
     * Average over subtasks of the given metrics of one vertex, e.g. busyTimeMsPerSecond. Metrics reach the REST API
     * through the metric fetcher, so they lag by its update interval.
     */
    Map<String, Double> subtaskAverages(String jobId, String vertexId, String... metrics) throws IOException, InterruptedException {
        JsonNode arr = get("/jobs/" + jobId + "/vertices/" + vertexId + "/subtasks/metrics?get=" + String.join(",", metrics) + "&agg=avg");
        Map<String, Double> out = new LinkedHashMap<>();
        for (JsonNode m : arr) {
            if (m.has("avg")) {
                out.put(m.path("id").asText(), m.path("avg").asDouble());
            }
        }
        return out;
    }
}
