package dev.driftline.job.cli;

import com.fasterxml.jackson.databind.JsonNode;
import dev.driftline.apps.DriftThresholds;
import dev.driftline.apps.EndpointInfo;
import dev.driftline.apps.stats.FeatureReference;
import dev.driftline.job.config.DriftlineConfig;
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

/** Publishes, removes and lists endpoint definitions on the compacted control topic. */
@Command(name = "endpoints", mixinStandardHelpOptions = true, description = "Manage model endpoint definitions.",
        subcommands = {EndpointsCommand.Register.class, EndpointsCommand.Remove.class, EndpointsCommand.ListEndpoints.class})
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
            return 0;
        }
    }

    @Command(name = "list", mixinStandardHelpOptions = true, description = "List the live endpoint definitions.")
    public static class ListEndpoints implements Callable<Integer> {
        @Mixin
        ConfigOptions options;

        @Override
        public Integer call() throws Exception {
            DriftlineConfig config = options.load();
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
}
