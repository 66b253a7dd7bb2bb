package dev.driftline.job.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.driftline.functions.alerts.AlertConfig;
import dev.driftline.functions.alerts.AlertTemplates;
import dev.driftline.job.config.ConfigLoader;
import dev.driftline.job.config.DriftlineConfig;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** Manages alert configurations at run time through the alert control topic; the job applies them without restart. */
@Command(name = "alerts", mixinStandardHelpOptions = true, description = "Add, change, remove, reset and list alerts.",
        subcommands = {AlertsCommand.Set.class, AlertsCommand.Delete.class, AlertsCommand.Reset.class, AlertsCommand.ListAlerts.class})
public class AlertsCommand implements Runnable {
    @Override
    public void run() {
        new picocli.CommandLine(this).usage(System.out);
    }

    static void send(DriftlineConfig config, String name, ObjectNode command) throws Exception {
        KafkaClients.ensureTopics(config, 2);
        try (KafkaProducer<byte[], byte[]> producer = KafkaClients.producer(config)) {
            producer.send(new ProducerRecord<>(config.topics.alertControl, name.getBytes(StandardCharsets.UTF_8),
                    ReferenceFiles.JSON.writeValueAsBytes(command))).get();
        }
    }

    @Command(name = "set", mixinStandardHelpOptions = true,
            description = "Add or update an alert, from a YAML/JSON file or from a template.")
    public static class Set implements Callable<Integer> {
        @Mixin
        ConfigOptions options;

        @Option(names = "--file", description = "the alert configuration (YAML or JSON)")
        Path file;

        @Option(names = "--name")
        String name;

        @Option(names = "--template", description = "DataDriftDetected or DataDriftSuspected")
        String template;

        @Option(names = "--entity", description = "a result id such as ep.histogram-data-drift.result.general_drift, or *")
        String entity;

        @Option(names = "--reset-policy", description = "auto or manual")
        String resetPolicy;

        @Override
        public Integer call() throws Exception {
            DriftlineConfig config = options.load();
            AlertConfig alert = file == null ? new AlertConfig()
                    : ConfigLoader.yamlMapper().readValue(file.toFile(), AlertConfig.class);
            if (name != null) {
                alert.name = name;
            }
            if (template != null) {
                alert.template = template;
            }
            if (entity != null) {
                alert.entity = entity;
            }
            if (resetPolicy != null) {
                alert.resetPolicy = resetPolicy;
            }
            AlertConfig resolved = AlertTemplates.resolve(alert);
            List<String> problems = AlertTemplates.validate(resolved);
            if (!problems.isEmpty()) {
                throw new IllegalArgumentException("alert is not valid: " + String.join("; ", problems));
            }
            ObjectNode command = ReferenceFiles.JSON.createObjectNode();
            command.put("action", "set");
            command.put("name", resolved.name);
            command.set("alert", ReferenceFiles.JSON.readTree(AlertTemplates.toJson(resolved)));
            send(config, resolved.name, command);
            System.err.println("alert " + resolved.name + " set");
            return 0;
        }
    }

    @Command(name = "delete", mixinStandardHelpOptions = true, description = "Remove an alert.")
    public static class Delete implements Callable<Integer> {
        @Mixin
        ConfigOptions options;

        @Option(names = "--name", required = true)
        String name;

        @Override
        public Integer call() throws Exception {
            ObjectNode command = ReferenceFiles.JSON.createObjectNode();
            command.put("action", "delete");
            command.put("name", name);
            send(options.load(), name, command);
            return 0;
        }
    }

    @Command(name = "reset", mixinStandardHelpOptions = true, description = "Reset an active manual alert.")
    public static class Reset implements Callable<Integer> {
        @Mixin
        ConfigOptions options;

        @Option(names = "--name", required = true)
        String name;

        @Option(names = "--entity", description = "one entity (default: every entity of the alert)")
        String entity;

        @Override
        public Integer call() throws Exception {
            ObjectNode command = ReferenceFiles.JSON.createObjectNode();
            command.put("action", "reset");
            command.put("name", name);
            if (entity != null) {
                command.put("entity", entity);
            }
            // Keyed apart from set/delete so that compaction never drops the alert's configuration for a reset.
            send(options.load(), name + "#reset", command);
            return 0;
        }
    }

    @Command(name = "list", mixinStandardHelpOptions = true,
            description = "List the alerts: those of the configuration file and those set on the control topic.")
    public static class ListAlerts implements Callable<Integer> {
        @Mixin
        ConfigOptions options;

        @Override
        public Integer call() throws Exception {
            DriftlineConfig config = options.load();
            Map<String, JsonNode> alerts = new LinkedHashMap<>();
            for (AlertConfig a : config.alerts.definitions) {
                alerts.put(a.name, ReferenceFiles.JSON.readTree(AlertTemplates.toJson(AlertTemplates.resolve(a))));
            }
            KafkaClients.readToEnd(config, config.topics.alertControl, r -> {
                if (r.value() == null) {
                    return;
                }
                try {
                    JsonNode c = ReferenceFiles.JSON.readTree(r.value());
                    switch (c.path("action").asText()) {
                        case "set" -> alerts.put(c.path("name").asText(), c.path("alert"));
                        case "delete" -> alerts.remove(c.path("name").asText());
                        default -> { }
                    }
                } catch (java.io.IOException e) {
                    System.err.println("skipping an unreadable command at offset " + r.offset() + ": " + e.getMessage());
                }
            });
            System.out.printf("%-30s %-8s %-8s %-45s %s%n", "NAME", "SEVERITY", "RESET", "ENTITY", "TRIGGERS");
            alerts.forEach((name, a) -> System.out.printf("%-30s %-8s %-8s %-45s %s%n", name, a.path("severity").asText(),
                    a.path("reset_policy").asText(), a.path("entity").asText(), a.path("trigger_events")));
            return 0;
        }
    }
}
