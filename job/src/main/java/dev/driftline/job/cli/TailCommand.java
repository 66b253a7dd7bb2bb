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
            consumer.subscribe(names);
            while (true) {
                for (ConsumerRecord<byte[], byte[]> r : consumer.poll(Duration.ofMillis(500))) {
                    String value = r.value() == null ? "null" : new String(r.value(), StandardCharsets.UTF_8);
                    if (resultsOnly && r.topic().equals(config.topics.results) && value.contains("\"type\":\"metric\"")) {
                        continue;
                    }
                    System.out.println("[" + r.topic() + "] " + value);
                    System.out.flush();
                }
            }
        }
    }
}
