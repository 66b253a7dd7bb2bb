package dev.driftline.job.cli;

import dev.driftline.job.config.DriftlineConfig;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Callable;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** Prints committed records of the job's output topics as they arrive. */
@Command(name = "tail", mixinStandardHelpOptions = true, description = "Print results, alerts, notices or dead letters as they arrive.")
public class TailCommand implements Callable<Integer> {
    @Mixin
    ConfigOptions options;

    @Option(names = "--topic", split = ",", description = "results, alerts, notices, dead-letters (default: results,alerts)")
    List<String> topics = List.of("results", "alerts");

    @Option(names = "--results-only", description = "print only results (not metrics) from the results topic")
    boolean resultsOnly;

    @Option(names = "--from-now", description = "only records that arrive from now on (default: from the beginning)")
    boolean fromNow;

    @Option(names = "--raw", description = "print the JSON records as they are instead of one summary line each")
    boolean raw;

    /** One line a record: what a person watching the stream wants to see. */
    static String summary(String topic, String value, DriftlineConfig config) {
        try {
            com.fasterxml.jackson.databind.JsonNode n = ReferenceFiles.JSON.readTree(value);
            if (topic.equals(config.topics.results)) {
                return String.format("%-6s %s  %s  %s/%s = %.4f %s", n.path("type").asText().toUpperCase(java.util.Locale.ROOT),
                        window(n), n.path("endpoint_id").asText(), n.path("application").asText(), n.path("name").asText(),
                        n.path("value").asDouble(), n.path("status").asText(""));
            }
            if (topic.equals(config.topics.alerts)) {
                return String.format("ALERT  %s  %s  %s  value=%s", n.path("timestamp").asText(), n.path("kind").asText(),
                        n.path("entity").path("id").asText(), n.path("value").path("result_value").asText(n.path("value").path("error").asText()));
            }
            if (topic.equals(config.topics.notices)) {
                return String.format("NOTICE %s  %s  %s  %s: %s", window(n), n.path("kind").asText(), n.path("endpoint_id").asText(),
                        n.path("application").asText(), n.path("message").asText());
            }
            if (topic.equals(config.topics.deadLetters)) {
                return String.format("DEAD   %s@%s  %s", n.path("topic").asText(), n.path("offset").asText(), n.path("reason").asText());
            }
        } catch (Exception e) {
            // fall through to the raw value
        }
        return "[" + topic + "] " + value;
    }

    private static String window(com.fasterxml.jackson.databind.JsonNode n) {
        return "[" + n.path("start_infer_time").asText() + " .. " + n.path("end_infer_time").asText() + ")";
    }

    @Override
    public Integer call() throws Exception {
        DriftlineConfig config = options.load();
        KafkaClients.ensureTopics(config, 2);
        List<String> names = topics.stream().map(t -> switch (t) {
            case "results" -> config.topics.results;
            case "alerts" -> config.topics.alerts;
            case "notices" -> config.topics.notices;
            case "dead-letters" -> config.topics.deadLetters;
            default -> t;
        }).toList();
        try (KafkaConsumer<byte[], byte[]> consumer = KafkaClients.consumer(config, "driftline-tail-" + System.nanoTime())) {
            if (fromNow) {
                var parts = names.stream().flatMap(t -> consumer.partitionsFor(t).stream())
                        .map(i -> new org.apache.kafka.common.TopicPartition(i.topic(), i.partition())).toList();
                consumer.assign(parts);
                consumer.seekToEnd(parts);
            } else {
                consumer.subscribe(names);
            }
            while (true) {
                for (ConsumerRecord<byte[], byte[]> r : consumer.poll(Duration.ofMillis(500))) {
                    String value = r.value() == null ? "null" : new String(r.value(), StandardCharsets.UTF_8);
                    if (resultsOnly && r.topic().equals(config.topics.results) && value.contains("\"type\":\"metric\"")) {
                        continue;
                    }
                    System.out.println(raw ? "[" + r.topic() + "] " + value : summary(r.topic(), value, config));
                    System.out.flush();
                }
            }
        }
    }
}
