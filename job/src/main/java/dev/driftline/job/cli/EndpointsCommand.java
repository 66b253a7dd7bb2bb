package dev.driftline.job.cli;

import com.fasterxml.jackson.databind.JsonNode;
import dev.driftline.apps.DriftThresholds;
import dev.driftline.apps.EndpointInfo;
import dev.driftline.apps.stats.FeatureReference;
import dev.driftline.job.config.DriftlineConfig;
import dev.driftline.sinks.store.EndpointRecord;
import dev.driftline.sinks.store.sql.EndpointStoreClient;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * Publishes, removes and lists endpoint definitions on the compacted control topic (which the job follows), and keeps
 * the model endpoint store's records in step when one is configured ({@code stores.endpoint-store}): {@code list} and
 * {@code get} then read the store, with what the job keeps current (requests, errors, drift status).
 */
@Command(name = "endpoints", mixinStandardHelpOptions = true, description = "Manage model endpoint definitions.",
        subcommands = {EndpointsCommand.Register.class, EndpointsCommand.Remove.class, EndpointsCommand.ListEndpoints.class,
                EndpointsCommand.Get.class})
public class EndpointsCommand implements Runnable {
    @Override
    public void run() {
        new picocli.CommandLine(this).usage(System.out);
    }

    @Command(name = "register", mixinStandardHelpOptions = true, description = "Publish an endpoint definition.")
    public static class Register implements Callable<Integer> {
        @Mixin
        ConfigOptions options;

        @Option(names = "--id", required = true)
        String id;

        @Option(names = "--name")
        String name;

        @Option(names = "--project", defaultValue = "default")
        String project;

        @Option(names = "--model")
        String model;

        @Option(names = "--function-uri")
        String functionUri;

        @Option(names = "--feature-names", split = ",", description = "input feature names in row order (default: the reference's non-label columns)")
        List<String> featureNames;

        @Option(names = "--label-names", split = ",", description = "prediction names in output order")
        List<String> labelNames = new ArrayList<>();

        @Option(names = "--reference", description = "feature_stats JSON, or a CSV/Parquet training set to profile")
        Path reference;

        @Option(names = "--potential-threshold", defaultValue = "0.5")
        double potential;

        @Option(names = "--detected-threshold", defaultValue = "0.7")
        double detected;

        @Override
        public Integer call() throws Exception {
            DriftlineConfig config = options.load();
            EndpointInfo e = new EndpointInfo();
            e.id = id;
            e.name = name != null ? name : id;
            e.project = project;
            e.model = model;
            e.functionUri = functionUri;
            e.labelNames = labelNames;
            e.thresholds = new DriftThresholds(potential, detected);
            Map<String, FeatureReference> stats = reference == null ? new LinkedHashMap<>() : ReferenceFiles.reference(reference, labelNames);
            e.featureStats = stats;
            if (featureNames != null) {
                e.featureNames = featureNames;
            } else {
                e.featureNames = new ArrayList<>(stats.keySet());
                e.featureNames.removeAll(labelNames);
            }
            if (!e.problems().isEmpty()) {
                throw new IllegalArgumentException("endpoint " + id + " is not usable: " + String.join("; ", e.problems()));
            }
            byte[] json = ReferenceFiles.JSON.writeValueAsBytes(e);
            KafkaClients.ensureTopics(config, 2);
            try (KafkaProducer<byte[], byte[]> producer = KafkaClients.producer(config)) {
                producer.send(new ProducerRecord<>(config.topics.endpoints, id.getBytes(StandardCharsets.UTF_8), json)).get();
            }
            System.err.printf("registered endpoint %s (%d features, %d labels, reference of %d columns) on %s%n",
                    id, e.featureNames.size(), labelNames.size(), stats.size(), config.topics.endpoints);
            try (EndpointStoreClient store = StoreClients.endpointStore(config.stores.endpointStore)) {
                if (store != null) {
                    store.register(EndpointRecord.definition(e.id, e.project, e.name, e.functionUri, e.model, null,
                            e.labels, e.featureNames, e.labelNames, ReferenceFiles.JSON.valueToTree(e.featureStats),
                            e.monitoringMode));
                    System.err.printf("and in the model endpoint store (%s)%n", config.stores.endpointStore.kind());
                }
            }
            return 0;
        }
    }

    @Command(name = "remove", mixinStandardHelpOptions = true, description = "Remove an endpoint definition (tombstone).")
    public static class Remove implements Callable<Integer> {
        @Mixin
        ConfigOptions options;

        @Option(names = "--id", required = true)
        String id;

        @Override
        public Integer call() throws Exception {
            DriftlineConfig config = options.load();
            try (KafkaProducer<byte[], byte[]> producer = KafkaClients.producer(config)) {
                producer.send(new ProducerRecord<>(config.topics.endpoints, id.getBytes(StandardCharsets.UTF_8), null)).get();
            }
            try (EndpointStoreClient store = StoreClients.endpointStore(config.stores.endpointStore)) {
                if (store != null && !store.delete(id)) {
                    System.err.printf("endpoint %s had no record in the model endpoint store%n", id);
                }
            }
            return 0;
        }
    }

    @Command(name = "list", mixinStandardHelpOptions = true, description = "List the live endpoint definitions.")
    public static class ListEndpoints implements Callable<Integer> {
        @Mixin
        ConfigOptions options;

        @Option(names = "--project", description = "only this project's endpoints (model endpoint store)")
        String project;

        @Override
        public Integer call() throws Exception {
            DriftlineConfig config = options.load();
            try (EndpointStoreClient store = StoreClients.endpointStore(config.stores.endpointStore)) {
                if (store != null) {
                    printStore(store.list(project));
                    return 0;
                }
            }
            Map<String, byte[]> live = new LinkedHashMap<>();
            KafkaClients.readToEnd(config, config.topics.endpoints, r -> {
                String key = r.key() == null ? null : new String(r.key(), StandardCharsets.UTF_8);
                if (r.value() == null) {
                    live.remove(key);
                } else {
                    live.put(key, r.value());
                }
            });
            System.out.printf("%-40s %-20s %-20s %8s %8s%n", "ID", "PROJECT", "MODEL", "FEATURES", "REFERENCE");
            for (Map.Entry<String, byte[]> e : live.entrySet()) {
                JsonNode n = ReferenceFiles.JSON.readTree(e.getValue());
                System.out.printf("%-40s %-20s %-20s %8d %8s%n", e.getKey(), n.path("project").asText(""),
                        n.path("model").asText(""), n.path("feature_names").size(),
                        n.path("feature_stats").size() > 0 ? "yes" : "no");
            }
            return 0;
        }
    }

    static void printStore(List<EndpointRecord> records) {
        String format = "%-40s %-16s %-16s %-24s %-24s %8s %-15s%n";
        System.out.printf(format, "ID", "PROJECT", "MODEL", "FIRST REQUEST", "LAST REQUEST", "ERRORS", "DRIFT");
        for (EndpointRecord r : records) {
            System.out.printf(format, r.uid(), orEmpty(r.project()), orEmpty(r.model()), orEmpty(r.firstRequest()),
                    orEmpty(r.lastRequest()), r.errorCount() == null ? "" : r.errorCount(), orEmpty(r.driftStatus()));
        }
    }

    private static String orEmpty(Object o) {
        return o == null ? "" : o.toString();
    }

    @Command(name = "get", mixinStandardHelpOptions = true,
            description = "Print one endpoint as JSON: its record in the model endpoint store, or its definition.")
    public static class Get implements Callable<Integer> {
        @Mixin
        ConfigOptions options;

        @Option(names = "--id", required = true)
        String id;

        @Option(names = "--fields", split = ",", paramLabel = "FIELD",
                description = "print only these top-level fields, e.g. drift_status,last_request,error_count,metrics"
                        + " (a full record carries every feature's reference histogram)")
        List<String> fields;

        @Override
        public Integer call() throws Exception {
            DriftlineConfig config = options.load();
            try (EndpointStoreClient store = StoreClients.endpointStore(config.stores.endpointStore)) {
                if (store != null) {
                    var record = store.get(id);
                    if (record.isEmpty()) {
                        System.err.printf("endpoint %s has no record in the model endpoint store%n", id);
                        return 1;
                    }
                    print(ReferenceFiles.JSON.valueToTree(record.get()));
                    return 0;
                }
            }
            byte[][] latest = new byte[1][];
            KafkaClients.readToEnd(config, config.topics.endpoints, r -> {
                if (r.key() != null && id.equals(new String(r.key(), StandardCharsets.UTF_8))) {
                    latest[0] = r.value();
                }
            });
            if (latest[0] == null) {
                System.err.printf("endpoint %s is not defined on %s%n", id, config.topics.endpoints);
                return 1;
            }
            print(ReferenceFiles.JSON.readTree(latest[0]));
            return 0;
        }

        private void print(JsonNode endpoint) throws Exception {
            System.out.println(ReferenceFiles.JSON.writerWithDefaultPrettyPrinter()
                    .writeValueAsString(selectFields(endpoint, fields)));
        }

        /** The object with only the named top-level fields, in the order asked (all of it when none are named). */
        static JsonNode selectFields(JsonNode endpoint, List<String> names) {
            if (names == null || names.isEmpty() || !endpoint.isObject()) {
                return endpoint;
            }
            var selected = ReferenceFiles.JSON.createObjectNode();
            for (String name : names) {
                String field = name.trim();
                if (endpoint.has(field)) {
                    selected.set(field, endpoint.get(field));
                }
            }
            return selected;
        }
    }
}
