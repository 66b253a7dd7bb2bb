package dev.driftline.job.cli;

import dev.driftline.job.config.DriftlineConfig;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** Sends synthetic MLRun serving events at a steady rate; the distribution shifts after a while. */
@Command(name = "traffic", mixinStandardHelpOptions = true,
        description = "Send synthetic MLRun serving events (or write a training set with --training-csv).")
public class TrafficCommand implements Callable<Integer> {
    @Mixin
    ConfigOptions options;

    @Option(names = "--endpoint", defaultValue = "demo-endpoint")
    String endpoint;

    @Option(names = "--rate", defaultValue = "50", description = "events per second")
    int rate;

    @Option(names = "--shift-after", defaultValue = "60s", description = "send shifted traffic after this long")
    String shiftAfter;

    @Option(names = "--duration", defaultValue = "0s", description = "stop after this long (0: run until stopped)")
    String duration;

    @Option(names = "--malformed-every", defaultValue = "0", description = "also send a malformed event every N events")
    int malformedEvery;

    @Option(names = "--training-csv", description = "write a training set of --training-rows rows here and exit")
    Path trainingCsv;

    @Option(names = "--training-rows", defaultValue = "5000")
    int trainingRows;

    @Option(names = "--seed", defaultValue = "7")
    long seed;

    @Override
    public Integer call() throws Exception {
        SyntheticTraffic traffic = new SyntheticTraffic(seed);
        if (trainingCsv != null) {
            traffic.writeTrainingCsv(trainingCsv, trainingRows);
            System.err.println("wrote " + trainingRows + " training rows to " + trainingCsv);
            return 0;
        }
        DriftlineConfig config = options.load();
        KafkaClients.ensureTopics(config, 2);
        long shiftMillis = dev.driftline.job.config.ConfigLoader.parseDuration(shiftAfter).toMillis();
        long durationMillis = dev.driftline.job.config.ConfigLoader.parseDuration(duration).toMillis();
        long start = System.currentTimeMillis();
        long sent = 0;
        boolean announced = false;
        byte[] key = endpoint.getBytes(StandardCharsets.UTF_8);
        try (KafkaProducer<byte[], byte[]> producer = KafkaClients.producer(config)) {
            while (durationMillis == 0 || System.currentTimeMillis() - start < durationMillis) {
                long now = System.currentTimeMillis();
                boolean shifted = now - start >= shiftMillis;
                if (shifted && !announced) {
                    System.err.println("traffic: distribution shifted now (" + sent + " events sent)");
                    announced = true;
                }
                producer.send(new ProducerRecord<>(config.topics.inference, key,
                        traffic.event(endpoint, now, shifted, 1).getBytes(StandardCharsets.UTF_8)));
                sent++;
                if (malformedEvery > 0 && sent % malformedEvery == 0) {
                    producer.send(new ProducerRecord<>(config.topics.inference, key,
                            "{\"endpoint_id\": \"broken".getBytes(StandardCharsets.UTF_8)));
                }
                long due = start + sent * 1000L / Math.max(rate, 1);
                long sleep = due - System.currentTimeMillis();
                if (sleep > 0) {
                    Thread.sleep(sleep);
                }
            }
        }
        return 0;
    }
}
