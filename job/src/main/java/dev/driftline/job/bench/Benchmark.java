package dev.driftline.job.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.driftline.functions.decode.DecodeResult;
import dev.driftline.functions.decode.MlrunEventDecoder;
import dev.driftline.functions.model.AlertEvent;
import dev.driftline.functions.model.AppNotice;
import dev.driftline.functions.model.DeadLetter;
import dev.driftline.functions.model.EndpointDefinition;
import dev.driftline.functions.model.InferenceError;
import dev.driftline.functions.model.InferenceRecord;
import dev.driftline.functions.model.MonitoredRecord;
import dev.driftline.functions.model.MonitoringResult;
import dev.driftline.functions.model.RawEvent;
import dev.driftline.functions.model.WindowSummary;
import dev.driftline.functions.alerts.AlertControl;
import dev.driftline.functions.window.NoEventTime;
import dev.driftline.functions.window.WindowAccumulator;
import dev.driftline.job.config.DriftlineConfig;
import dev.driftline.sinks.parquet.RecordsLayout;
import dev.driftline.job.topology.DriftlineJob;
import dev.driftline.job.topology.DriftlineTopology;
import dev.driftline.job.topology.JobSettings;
import dev.driftline.job.topology.ProductionSinks;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.Random;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BiConsumer;
import java.util.stream.Stream;
import org.apache.flink.configuration.CheckpointingOptions;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.MetricOptions;
import org.apache.flink.configuration.RestOptions;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * The Driftline benchmark (not a test): throughput of the deployed job against a decode-only ceiling, window-end to
 * result latency under live traffic, and checkpointed state / heap per endpoint. Started by {@code scripts/bench.sh},
 * which starts the Kafka broker; see {@code docs/benchmarks.md}.
 *
 * <pre>
 * java ... dev.driftline.job.bench.Benchmark [--bootstrap 127.0.0.1:19092] [--events 1000000] [--endpoints 1000]
 *     [--phases ceiling,job,job-warm,latency,state] [--warm-runs 1] [--state-endpoints 1000,10000] [--profile] [--work .work/bench] [--code &lt;commit&gt;]
 * </pre>
 */
public final class Benchmark {
    static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
    static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss").withZone(ZoneOffset.UTC);

    // ------------------------------------------------------------------------------------------------ options
    String bootstrap = "127.0.0.1:19092";
    int events = 1_000_000;
    int endpoints = 1_000;
    double driftFraction = 0.10;
    /**
     * Inference events without a Kafka key, so that every endpoint's events spread over all partitions (and every
     * subtask sees every endpoint), as producers that do not key by endpoint send them. Default: keyed by endpoint id.
     */
    boolean unkeyedEvents;
    int windows = 10;
    int trainingRows = 1_000;
    List<String> phases = List.of("ceiling", "job", "job-warm", "latency", "state");
    Duration jobCheckpointInterval; // null: the configuration's default
    /** Flink settings of the benchmark's cluster, given as --flink key=value (the job's own come from its config). */
    Map<String, String> flinkSettings = new LinkedHashMap<>();
    /** Job configuration overrides ({@code key=value}, as {@code driftline run --set}) for every job of the run. */
    List<String> jobSettings = new ArrayList<>();
    /** The local broker's process id (0: unknown): its CPU shares the machine's cores with the job. */
    long brokerPid;
    /** Runs of job-warm; all but the last are reported as job-warm-1, job-warm-2, ... */
    int warmRuns = 1;
    int latencyRate = 5_000;
    int latencyEndpoints = 100;
    int latencySeconds = 40;
    Duration latencyWindow = Duration.ofSeconds(5);
    Duration latencyOutOfOrderness = Duration.ofMillis(200);
    Duration latencyIdleTimeout = Duration.ofSeconds(2);
    Duration latencyCheckpoint = Duration.ofSeconds(1);
    List<Integer> stateEndpoints = List.of(1_000, 10_000);
    int stateEventsPerEndpoint = 1;
    Duration stateCheckpoint = Duration.ofSeconds(60);
    boolean profile;
    boolean probe = true;
    boolean keepTopics;
    long seed = 42;
    Path work = Path.of(".work/bench");
    /** The code measured ({@code git describe --always --dirty}, from scripts/bench.sh). */
    String code = "unknown";

    // ------------------------------------------------------------------------------------------------ results
    final List<Row> table = new CopyOnWriteArrayList<>();
    final ObjectNode details = JSON.createObjectNode();
    final String runId = "bench-" + STAMP.format(Instant.now());
    final List<String> createdTopics = new ArrayList<>();
    double ceiling = Double.NaN;
    /** Job runs that failed over (a task failed and the job restarted): their numbers include the recovery. */
    final List<String> failedOver = new CopyOnWriteArrayList<>();
    /** Job runs whose committed records files do not read back whole. */
    final List<String> badOutputs = new CopyOnWriteArrayList<>();

    record Row(String metric, double value, String unit, String target, double ratio) {}

    public static void main(String[] args) throws Exception {
        Benchmark b = new Benchmark();
        b.parse(args);
        int code = 0;
        try {
            b.run();
        } catch (Throwable t) {
            t.printStackTrace();
            b.details.put("error", String.valueOf(t));
            code = 1;
        } finally {
            b.cleanUp();
            b.report();
        }
        if (!b.failedOver.isEmpty()) {
            // Exactly-once keeps the outputs right through a restart, so the run would otherwise look fine.
            System.err.println("FAILED: a job failed over during " + String.join("; ", b.failedOver)
                    + " (its numbers include the recovery; the job log has the failure)");
            code = 1;
        }
        if (!b.badOutputs.isEmpty()) {
            System.err.println("FAILED: records files that do not read back: " + String.join("; ", b.badOutputs));
            code = 1;
        }
        System.exit(code);
    }

    void parse(String[] args) {
        for (int i = 0; i < args.length; i++) {
            String a = args[i];
            String v = i + 1 < args.length ? args[i + 1] : null;
            switch (a) {
                case "--bootstrap" -> { bootstrap = v; i++; }
                case "--events" -> { events = Integer.parseInt(v.replace("_", "").replace(",", "")); i++; }
                case "--endpoints" -> { endpoints = Integer.parseInt(v.replace("_", "").replace(",", "")); i++; }
                case "--drift-fraction" -> { driftFraction = Double.parseDouble(v); i++; }
                case "--windows" -> { windows = Integer.parseInt(v); i++; }
                case "--phases" -> { phases = Arrays.asList(v.split(",")); i++; }
                case "--warm-runs" -> { warmRuns = Integer.parseInt(v); i++; }
                case "--broker-pid" -> { brokerPid = Long.parseLong(v); i++; }
                case "--flink" -> {
                    int eq = v.indexOf('=');
                    if (eq <= 0) {
                        throw new IllegalArgumentException("--flink takes key=value, not '" + v + "'");
                    }
                    flinkSettings.put(v.substring(0, eq).trim(), v.substring(eq + 1).trim());
                    i++;
                }
                case "--set" -> { jobSettings.add(v); i++; }
                case "--job-checkpoint-interval" -> { jobCheckpointInterval = dev.driftline.job.config.ConfigLoader.parseDuration(v); i++; }
                case "--latency-rate" -> { latencyRate = Integer.parseInt(v); i++; }
                case "--latency-endpoints" -> { latencyEndpoints = Integer.parseInt(v); i++; }
                case "--latency-seconds" -> { latencySeconds = Integer.parseInt(v); i++; }
                case "--state-endpoints" -> { stateEndpoints = Stream.of(v.split(",")).map(s -> Integer.parseInt(s.trim())).toList(); i++; }
                case "--state-checkpoint-interval" -> { stateCheckpoint = dev.driftline.job.config.ConfigLoader.parseDuration(v); i++; }
                case "--work" -> { work = Path.of(v); i++; }
                case "--code" -> { code = v; i++; }
                case "--seed" -> { seed = Long.parseLong(v); i++; }
                case "--profile" -> profile = true;
                case "--no-probe" -> probe = false;
                case "--unkeyed-events" -> unkeyedEvents = true;
                case "--keep-topics" -> keepTopics = true;
                default -> throw new IllegalArgumentException("unknown option " + a);
            }
        }
    }

    void run() throws Exception {
        Files.createDirectories(work);
        log("run %s of %s: %,d events over %,d endpoints, phases %s, %d cores, max heap %d MiB, Kafka %s", runId, code, events,
                endpoints, phases, Runtime.getRuntime().availableProcessors(), Runtime.getRuntime().maxMemory() >> 20, bootstrap);
        details.set("types", JSON.valueToTree(TypeReport.of(List.of(RawEvent.class, InferenceRecord.class, MonitoredRecord.class,
                WindowAccumulator.class, WindowSummary.class, MonitoringResult.class, AppNotice.class, AlertEvent.class,
                DeadLetter.class, InferenceError.class, EndpointDefinition.class))));
        DriftlineConfig throughputConfig = null;
        if (phases.contains("ceiling") || phases.contains("job") || phases.stream().anyMatch(p -> p.startsWith("whatif-"))) {
            throughputConfig = config(runId, Duration.ofMinutes(10));
            prefill(throughputConfig);
        }
        if (phases.contains("ceiling")) {
            ceiling(throughputConfig);
        }
        if (phases.contains("job")) {
            job(throughputConfig);
        }
        if (phases.contains("job-warm")) {
            // The same job again in the same JVM: its code is compiled by now, as in a job that has been running for
            // a while (the first run pays the JIT's compilation on the same two cores).
            for (int run = 1; run < warmRuns; run++) {
                job(sameInput(throughputConfig, "job-warm-" + run), "job-warm-" + run, ProbedSinks::new);
            }
            job(sameInput(throughputConfig, "job-warm"), "job-warm", ProbedSinks::new);
        }
        for (String p : phases) {
            if (p.startsWith("whatif-") && !p.startsWith("whatif-latency") && !p.startsWith("whatif-state")) {
                whatIf(throughputConfig, p);
            }
        }
        if (phases.contains("latency")) {
            latency();
        }
        if (phases.contains("whatif-state-no-parquet")) {
            for (int e : stateEndpoints) {
                state(e, true);
                saveJson();
            }
        }
        if (phases.contains("state")) {
            for (int e : stateEndpoints) {
                state(e, false);
                saveJson();
            }
        }
    }

    // -------------------------------------------------------------------------------------------- 1. prefill

    DriftlineConfig config(String name, Duration basePeriod) throws IOException {
        DriftlineConfig c = dev.driftline.job.config.ConfigLoader.load(null, jobSettings);
        c.jobName = name;
        c.parallelism = 2;
        c.kafka.bootstrapServers = bootstrap;
        c.kafka.startingOffsets = "earliest";
        c.kafka.groupId = name;
        c.kafka.transactionalIdPrefix = name;
        // Every topic of the configuration gets a fresh name for this run (by reflection, so new topics are included).
        List<String> compacted = new ArrayList<>();
        for (java.lang.reflect.Field f : DriftlineConfig.Topics.class.getFields()) {
            if (f.getType() == String.class && !java.lang.reflect.Modifier.isStatic(f.getModifiers())) {
                String topic = name + "-" + f.getName();
                try {
                    f.set(c.topics, topic);
                } catch (IllegalAccessException e) {
                    throw new IllegalStateException(e);
                }
                if (f.getName().equals("endpoints") || f.getName().toLowerCase(Locale.ROOT).contains("control")) {
                    compacted.add(topic);
                }
            }
        }
        c.windows.basePeriod = basePeriod;
        Path dir = work.toAbsolutePath().resolve("runs").resolve(name);
        Files.createDirectories(dir);
        c.sinks.parquetPath = dir.resolve("parquet").toUri().toString();
        c.checkpoints.dir = dir.resolve("checkpoints").toUri().toString();
        try (Admin admin = Admin.create(kafkaBase())) {
            List<NewTopic> topics = new ArrayList<>();
            for (java.lang.reflect.Field f : DriftlineConfig.Topics.class.getFields()) {
                if (f.getType() == String.class && !java.lang.reflect.Modifier.isStatic(f.getModifiers())) {
                    String topic = (String) f.get(c.topics);
                    topics.add(compacted.contains(topic)
                            ? new NewTopic(topic, 1, (short) 1).configs(Map.of("cleanup.policy", "compact"))
                            : new NewTopic(topic, 2, (short) 1));
                }
            }
            admin.createTopics(topics).all().get();
            topics.forEach(t -> createdTopics.add(t.name()));
        } catch (Exception e) {
            throw new IOException("cannot create the topics of " + name + ": " + e, e);
        }
        return c;
    }

    Properties kafkaBase() {
        Properties p = new Properties();
        p.put("bootstrap.servers", bootstrap);
        return p;
    }

    KafkaProducer<byte[], byte[]> fastProducer() {
        Properties p = kafkaBase();
        p.put("key.serializer", ByteArraySerializer.class.getName());
        p.put("value.serializer", ByteArraySerializer.class.getName());
        p.put("acks", "1");
        p.put("enable.idempotence", "false");
        p.put("compression.type", "lz4");
        p.put("linger.ms", "20");
        p.put("batch.size", String.valueOf(256 * 1024));
        p.put("buffer.memory", String.valueOf(128L * 1024 * 1024));
        return new KafkaProducer<>(p);
    }

    /** Registers {@code model}'s endpoints (with references) on the control topic; returns the mean JSON size. */
    double register(DriftlineConfig c, BenchModel model) throws Exception {
        long bytes = 0;
        try (KafkaProducer<byte[], byte[]> producer = fastProducer()) {
            for (int e = 0; e < model.endpoints(); e++) {
                byte[] json = model.definitionJson(e, trainingRows, seed);
                bytes += json.length;
                producer.send(new ProducerRecord<>(c.topics.endpoints, model.endpointId(e).getBytes(StandardCharsets.UTF_8), json));
            }
            producer.flush();
        }
        return (double) bytes / model.endpoints();
    }

    void prefill(DriftlineConfig c) throws Exception {
        long t0 = System.nanoTime();
        BenchModel model = new BenchModel("ep", endpoints, seed);
        double defBytes = register(c, model);
        long t1 = System.nanoTime();
        long period = c.windows.basePeriod.toMillis();
        long span = period * windows;
        long start = Math.floorDiv(System.currentTimeMillis() - span - period, period) * period;
        int drifting = (int) Math.round(endpoints * driftFraction);
        BenchModel.EventWriter writer = model.new EventWriter(seed + 1);
        Random pick = new Random(seed + 2);
        long payloadBytes = 0;
        AtomicLong failed = new AtomicLong();
        try (KafkaProducer<byte[], byte[]> producer = fastProducer()) {
            for (int i = 0; i < events; i++) {
                long when = start + (long) ((i + 0.5) * span / events);
                int e = pick.nextInt(endpoints);
                boolean shifted = e < drifting && when >= start + span / 2;
                byte[] value = writer.event(e, when, shifted).getBytes(StandardCharsets.UTF_8);
                payloadBytes += value.length;
                byte[] key = unkeyedEvents ? null : model.endpointId(e).getBytes(StandardCharsets.UTF_8);
                producer.send(new ProducerRecord<>(c.topics.inference, key, value),
                        (md, ex) -> {
                            if (ex != null) {
                                failed.incrementAndGet();
                            }
                        });
            }
            producer.flush();
        }
        if (failed.get() > 0) {
            throw new IllegalStateException(failed.get() + " events could not be produced");
        }
        long t2 = System.nanoTime();
        ObjectNode d = details.putObject("prefill");
        d.put("endpoints", endpoints);
        d.put("drifting_endpoints", drifting);
        d.put("events_keyed_by_endpoint", !unkeyedEvents);
        d.put("definition_json_bytes_mean", Math.round(defBytes));
        d.put("register_seconds", secs(t1 - t0));
        d.put("events", events);
        d.put("event_bytes_mean", Math.round((double) payloadBytes / events));
        d.put("produce_seconds", secs(t2 - t1));
        d.put("produce_events_per_second", Math.round(events / secs(t2 - t1)));
        d.put("event_time_start", Instant.ofEpochMilli(start).toString());
        d.put("event_time_end", Instant.ofEpochMilli(start + span).toString());
        d.put("base_period", c.windows.basePeriod.toString());
        log("prefill: %,d endpoints registered (definition %,d B) in %.1f s; %,d events (%,d B each) produced in %.1f s (%,.0f/s), event time %s .. %s",
                endpoints, Math.round(defBytes), secs(t1 - t0), events, payloadBytes / events, secs(t2 - t1), events / secs(t2 - t1),
                Instant.ofEpochMilli(start), Instant.ofEpochMilli(start + span));
    }

    // -------------------------------------------------------------------------------------------- 2. ceiling

    KafkaConsumer<byte[], byte[]> consumer() {
        Properties p = kafkaBase();
        p.put("key.deserializer", ByteArrayDeserializer.class.getName());
        p.put("value.deserializer", ByteArrayDeserializer.class.getName());
        p.put("isolation.level", "read_committed");
        p.put("enable.auto.commit", "false");
        return new KafkaConsumer<>(p);
    }

    /** Reads {@code partitions} of {@code topic} from the start to their current end. */
    long readToEnd(String topic, List<Integer> partitions, BiConsumer<ConsumerRecord<byte[], byte[]>, Long> each) {
        long n = 0;
        try (KafkaConsumer<byte[], byte[]> consumer = consumer()) {
            List<TopicPartition> parts = new ArrayList<>();
            if (partitions == null) {
                consumer.partitionsFor(topic).forEach(i -> parts.add(new TopicPartition(topic, i.partition())));
            } else {
                partitions.forEach(i -> parts.add(new TopicPartition(topic, i)));
            }
            consumer.assign(parts);
            consumer.seekToBeginning(parts);
            Map<TopicPartition, Long> end = consumer.endOffsets(parts);
            while (parts.stream().anyMatch(tp -> consumer.position(tp) < end.get(tp))) {
                ConsumerRecords<byte[], byte[]> batch = consumer.poll(Duration.ofMillis(200));
                long now = System.currentTimeMillis();
                for (ConsumerRecord<byte[], byte[]> r : batch) {
                    each.accept(r, now);
                    n++;
                }
            }
        }
        return n;
    }

    void ceiling(DriftlineConfig c) throws Exception {
        // One plain consumer for the whole topic, one thread: the brief's ceiling.
        long[] rows = new long[1];
        long[] bad = new long[1];
        MlrunEventDecoder decoder = new MlrunEventDecoder();
        long t0 = System.nanoTime();
        long n = readToEnd(c.topics.inference, null, (r, now) -> {
            DecodeResult d = decoder.decode(r.value(), now);
            if (d.kind() == DecodeResult.Kind.RECORDS) {
                rows[0] += d.records().size();
            } else {
                bad[0]++;
            }
        });
        double s = secs(System.nanoTime() - t0);
        ceiling = rows[0] / s;
        log("ceiling (1 consumer, 1 thread): %,d events, %,d rows decoded (%d not) in %.2f s = %,.0f rows/s", n, rows[0], bad[0], s, ceiling);
        table.add(new Row("ceiling: KafkaConsumer + MlrunEventDecoder, 1 thread", ceiling, "rows/s", "", Double.NaN));

        // Where the ceiling's time goes: fetching alone, and decoding alone (payloads already in memory, warmed up).
        long[] bytes = new long[1];
        List<byte[]> sample = new ArrayList<>();
        int sampleSize = Math.min(events, 100_000);
        long tf = System.nanoTime();
        long fetched = readToEnd(c.topics.inference, null, (r, now) -> {
            bytes[0] += r.value().length;
            if (sample.size() < sampleSize) {
                sample.add(r.value());
            }
        });
        double fetchSecs = secs(System.nanoTime() - tf);
        double fetchRate = fetched / fetchSecs;
        long now0 = System.currentTimeMillis();
        long decodedRows = 0;
        for (int round = 0; round < 2; round++) { // the first round warms the JIT up
            decodedRows = 0;
            long td = System.nanoTime();
            for (byte[] v : sample) {
                decodedRows += decoder.decode(v, now0).records().size();
            }
            double decodeSecs = secs(System.nanoTime() - td);
            if (round == 1) {
                double decodeRate = decodedRows / decodeSecs;
                log("ceiling parts: fetch only %,.0f records/s (%.1f MB/s); decode only (in memory, warm) %,.0f rows/s = %.1f us/row",
                        fetchRate, bytes[0] / fetchSecs / 1e6, decodeRate, 1e6 / decodeRate);
                table.add(new Row("ceiling part: KafkaConsumer fetch only, 1 thread (info)", fetchRate, "rec/s", "", Double.NaN));
                table.add(new Row("ceiling part: MlrunEventDecoder only, in memory, warm (info)", decodeRate, "rows/s", "", Double.NaN));
                details.put("ceiling_fetch_only_per_second", Math.round(fetchRate));
                details.put("ceiling_decode_only_per_second", Math.round(decodeRate));
            }
        }

        // The same with one consumer thread per partition (what 2 source subtasks could at most do).
        AtomicLong rows2 = new AtomicLong();
        long t1 = System.nanoTime();
        List<Thread> threads = new ArrayList<>();
        for (int p = 0; p < 2; p++) {
            int part = p;
            Thread t = new Thread(() -> {
                MlrunEventDecoder dec = new MlrunEventDecoder();
                long[] local = new long[1];
                readToEnd(c.topics.inference, List.of(part), (r, now) -> {
                    DecodeResult d = dec.decode(r.value(), now);
                    if (d.kind() == DecodeResult.Kind.RECORDS) {
                        local[0] += d.records().size();
                    }
                });
                rows2.addAndGet(local[0]);
            }, "ceiling-" + p);
            t.start();
            threads.add(t);
        }
        for (Thread t : threads) {
            t.join();
        }
        double s2 = secs(System.nanoTime() - t1);
        double ceiling2 = rows2.get() / s2;
        log("ceiling (2 consumers, 1 partition each): %,d rows in %.2f s = %,.0f rows/s", rows2.get(), s2, ceiling2);
        table.add(new Row("ceiling: 2 threads, 1 partition each (info)", ceiling2, "rows/s", "", Double.NaN));
        ObjectNode d = details.putObject("ceiling");
        d.put("rows", rows[0]);
        d.put("undecodable", bad[0]);
        d.put("seconds_1_thread", s);
        d.put("rows_per_second_1_thread", Math.round(ceiling));
        d.put("seconds_2_threads", s2);
        d.put("rows_per_second_2_threads", Math.round(ceiling2));
    }

    // ------------------------------------------------------------------------------------------------ 3. job

    Configuration flinkConf(DriftlineConfig c, int restPort) {
        Configuration conf = Configuration.fromMap(flinkSettings);
        conf.set(CheckpointingOptions.CHECKPOINTS_DIRECTORY, c.checkpoints.dir);
        conf.set(RestOptions.PORT, restPort);
        conf.set(RestOptions.BIND_PORT, String.valueOf(restPort));
        conf.set(MetricOptions.METRIC_FETCHER_UPDATE_INTERVAL, Duration.ofSeconds(1));
        return conf;
    }

    /** The deployed job ({@link DriftlineJob#build}), or the same with {@link ProbedSinks} instead of {@link ProductionSinks}. */
    void build(StreamExecutionEnvironment env, DriftlineConfig c, boolean bounded) {
        build(env, c, bounded, ProbedSinks::new);
    }

    void build(StreamExecutionEnvironment env, DriftlineConfig c, boolean bounded,
               java.util.function.Function<DriftlineConfig, dev.driftline.job.topology.DriftlineSinks> sinks) {
        if (!probe) {
            DriftlineJob.build(env, c, bounded);
            return;
        }
        // Mirrors DriftlineJob.build line for line; only the sinks differ (the production sinks plus two probes).
        DataStream<RawEvent> inference = env.fromSource(DriftlineJob.inferenceSource(c, bounded), DriftlineJob.inferenceWatermarks(c),
                "Inference events").uid(DriftlineJob.UID_INFERENCE_SOURCE);
        DataStream<EndpointDefinition> defs = env.fromSource(DriftlineJob.endpointsSource(c, bounded),
                NoEventTime.strategy(), "Endpoint definitions").uid(DriftlineJob.UID_ENDPOINTS_SOURCE);
        DataStream<AlertControl> alertControls = env.fromSource(DriftlineJob.alertControlSource(c, bounded),
                NoEventTime.strategy(), "Alert control").uid(DriftlineJob.UID_ALERT_CONTROL_SOURCE);
        DriftlineTopology.build(c, new DriftlineTopology.Sources(inference, defs, alertControls), DriftlineJob.catalog(c),
                JobSettings.applications(c), sinks.apply(c));
    }

    void job(DriftlineConfig c) throws Exception {
        job(c, "job", ProbedSinks::new);
    }

    /**
     * A what-if run on the same pre-filled topics with fresh output topics: {@code whatif-no-parquet}
     * ({@code sinks.parquet-path} empty: no offline store) or {@code whatif-endpoint-hour} (records in MLRun's
     * per-endpoint layout, {@code sinks.records-layout: endpoint-hour}) or {@code whatif-object-reuse} (Flink's object
     * reuse on: no copies between chained operators; not proven safe for the deployed job). (The earlier {@code whatif-parquet-conf}
     * became the deployed code and was removed.)
     */
    void whatIf(DriftlineConfig main, String label) throws Exception {
        DriftlineConfig c = sameInput(main, label);
        switch (label) {
            case "whatif-no-parquet" -> c.sinks.parquetPath = "";
            case "whatif-endpoint-hour" -> c.sinks.recordsLayout = RecordsLayout.ENDPOINT_HOUR.configName();
            case "whatif-object-reuse" -> { } // set on the environment in job(...)
            default -> throw new IllegalArgumentException("unknown what-if phase " + label
                    + " (known: whatif-no-parquet, whatif-endpoint-hour, whatif-object-reuse)");
        }
        job(c, label, ProbedSinks::new);
    }

    /** A configuration that reads the pre-filled topics of {@code main} and writes to fresh outputs of its own. */
    DriftlineConfig sameInput(DriftlineConfig main, String label) throws IOException {
        DriftlineConfig c = config(runId + "-" + label, main.windows.basePeriod);
        c.topics.inference = main.topics.inference;
        c.topics.endpoints = main.topics.endpoints;
        return c;
    }

    void job(DriftlineConfig c, String label,
             java.util.function.Function<DriftlineConfig, dev.driftline.job.topology.DriftlineSinks> sinks) throws Exception {
        if (jobCheckpointInterval != null) {
            c.checkpoints.interval = jobCheckpointInterval;
        }
        int port = FlinkRest.freePort();
        FlinkRest rest = new FlinkRest(port);
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment(flinkConf(c, port));
        DriftlineJob.configure(env, c);
        if (label.equals("whatif-object-reuse")) {
            env.getConfig().enableObjectReuse(); // an experiment only: the deployed job does not enable it
        }
        build(env, c, true, sinks);
        Probe.RECORDS.reset(events);
        Probe.RESULTS.reset();
        jdk.jfr.Recording jfr = null;
        Path jfrFile = work.toAbsolutePath().resolve(label + "-" + runId + ".jfr");
        if (profile) {
            jfr = new jdk.jfr.Recording(jdk.jfr.Configuration.getConfiguration("profile"));
            jfr.setDestination(jfrFile);
            jfr.start();
        }
        long cpu0 = processCpuNanos();
        double broker0 = brokerCpuSeconds();
        long jit0 = jitMillis();
        long gc0 = gcMillis();
        ThreadsCpu threadsCpu = new ThreadsCpu();
        threadsCpu.sample();
        long t0 = System.currentTimeMillis();
        JobClient client = env.executeAsync(c.jobName + "-job");
        String jobId = client.getJobID().toString();
        Map<String, Map<String, List<Double>>> samples = new LinkedHashMap<>();
        Map<String, String> vertices = new LinkedHashMap<>();
        AtomicBoolean done = new AtomicBoolean();
        JobFailures failures = new JobFailures();
        Thread monitor = new Thread(() -> monitorVertices(rest, jobId, vertices, samples, failures, done), "bench-monitor");
        monitor.setDaemon(true);
        monitor.start();
        java.util.concurrent.CountDownLatch stopSampling = new java.util.concurrent.CountDownLatch(1);
        Thread threadSampler = new Thread(() -> {
            // A task thread's CPU counts up to its last sample (it ends with the job), so each loses at most its last
            // second, the final checkpoint's. Reading the JVM's ~150 threads takes about 20 ms of CPU; the
            // benchmark's own threads are left out of the job's CPU per row below.
            try {
                do {
                    threadsCpu.sample();
                } while (!stopSampling.await(1, TimeUnit.SECONDS));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, "bench-threads-cpu");
        threadSampler.setDaemon(true);
        threadSampler.start();
        client.getJobExecutionResult().get();
        long t1 = System.currentTimeMillis();
        long cpu1 = processCpuNanos();
        double broker1 = brokerCpuSeconds();
        long jit1 = jitMillis();
        long gc1 = gcMillis();
        stopSampling.countDown(); // not an interrupt: that could cut a sample's file reads short
        threadSampler.join();
        threadsCpu.sample(); // after the sampler's last one: every figure below comes from this snapshot
        done.set(true);
        monitor.join(5000);
        if (jfr != null) {
            jfr.stop();
            jfr.close();
        }
        long wallMs = t1 - t0;
        double rowsPerSec = events / (wallMs / 1000.0);
        table.add(new Row(label + ": rows/s over the wall time (submit to finished)", rowsPerSec, "rows/s", ">= 150000", rowsPerSec / 150_000));
        table.add(new Row(label + ": wall time, submit to finished", wallMs / 1000.0, "s", "", Double.NaN));
        ObjectNode d = details.putObject(label);
        d.put("job_id", jobId);
        d.put("probe", probe);
        d.put("checkpoint_interval", c.checkpoints.interval.toString());
        d.put("base_period", c.windows.basePeriod.toString());
        d.put("out_of_orderness", c.windows.outOfOrderness.toString());
        d.put("wall_ms", wallMs);
        failures.read(rest, jobId); // a failure in the monitor's last interval, if the cluster is still up
        // Records the probe saw twice were replayed after a restart, whatever the REST API managed to show.
        long replayed = probe ? Math.max(0, Probe.RECORDS.count.get() - events) : 0;
        int taskFailures = failures.count > 0 ? failures.count : replayed > 0 ? 1 : 0;
        d.put("task_failures", taskFailures);
        d.put("records_replayed", replayed);
        if (failures.unreadable() != null) {
            d.put("exception_history_unreadable", failures.unreadable());
        }
        table.add(new Row(label + ": task failures (each one a failover: the job restarted from its last checkpoint)",
                taskFailures, "", "0", Double.NaN));
        if (taskFailures > 0) {
            failedOver(label, failures.count > 0 ? failures.describe() : "records replayed: " + replayed);
        }
        d.put("process_cpu_seconds", (cpu1 - cpu0) / 1e9);
        d.put("jit_compilation_seconds", (jit1 - jit0) / 1e3);
        d.put("gc_seconds", (gc1 - gc0) / 1e3);
        table.add(new Row(label + ": process CPU", (cpu1 - cpu0) / 1e9, "s", "", Double.NaN));
        table.add(new Row(label + ": JIT compilation time (all compiler threads)", (jit1 - jit0) / 1e3, "s", "", Double.NaN));
        table.add(new Row(label + ": GC time (collectors' accumulated)", (gc1 - gc0) / 1e3, "s", "", Double.NaN));
        double cpuPerRowMicros = ((cpu1 - cpu0) / 1e3 - (jit1 - jit0) * 1e3) / events;
        d.put("cpu_per_row_without_jit_micros", cpuPerRowMicros);
        table.add(new Row(label + ": job CPU per row, JIT compilation excluded", cpuPerRowMicros, "us", "", Double.NaN));
        if (threadsCpu.available()) {
            // The compiler and GC threads' own CPU (the lines above are the compilers' elapsed time and GC pauses);
            // what is left is the job's threads (tasks, Kafka clients, Flink's services), native code included.
            double jit = threadsCpu.seconds(ThreadsCpu.Kind.JIT);
            double gc = threadsCpu.seconds(ThreadsCpu.Kind.GC);
            double benchmark = threadsCpu.secondsOfNamesStartingWith("bench-"); // this sampling, the REST monitor
            double othersPerRow = ((cpu1 - cpu0) / 1e9 - jit - gc - benchmark) * 1e6 / events;
            d.put("jit_cpu_seconds", jit);
            d.put("gc_cpu_seconds", gc);
            d.put("benchmark_threads_cpu_seconds", benchmark);
            d.put("cpu_per_row_job_threads_micros", othersPerRow);
            d.set("thread_cpu_seconds", JSON.valueToTree(threadsCpu.secondsByGroup()));
            table.add(new Row(label + ": JIT compiler threads' CPU", jit, "s", "", Double.NaN));
            table.add(new Row(label + ": GC threads' CPU", gc, "s", "", Double.NaN));
            table.add(new Row(label + ": CPU per row of the job's threads (process less JIT, GC, benchmark threads)", othersPerRow,
                    "us", "", Double.NaN));
        }
        if (!Double.isNaN(broker0) && !Double.isNaN(broker1)) {
            d.put("broker_cpu_seconds", broker1 - broker0);
            table.add(new Row(label + ": broker CPU (same machine), cores on average",
                    (broker1 - broker0) / (wallMs / 1000.0), "cores", "", Double.NaN));
        }
        d.put("rows_per_second_wall", Math.round(rowsPerSec));
        double active = Double.NaN;
        if (probe) {
            long first = Probe.RECORDS.firstMillis.get();
            long last = Probe.RECORDS.lastMillis.get();
            long lastResult = Probe.RESULTS.lastMillis.get();
            long end = Math.max(last, lastResult);
            long startup = first - t0;
            long activeMs = end - first;
            active = events / (activeMs / 1000.0);
            d.put("records_probed", Probe.RECORDS.count.get());
            d.put("results_probed", Probe.RESULTS.count.get());
            d.put("startup_ms", startup);
            d.put("first_record_to_last_record_ms", last - first);
            d.put("first_record_to_last_result_ms", activeMs);
            d.put("last_result_to_finished_ms", t1 - end);
            d.put("first_record_to_finished_ms", t1 - first);
            d.put("rows_per_second_active", Math.round(active));
            long half = Probe.RECORDS.halfMillis.get();
            if (half > 0 && last > half) {
                // The JIT compiles the job's code for most of a short run (see "JIT compilation time"); the second
                // half is closer to a job that has been running for a while.
                double secondHalf = (events - events / 2) / ((last - half) / 1000.0);
                d.put("rows_per_second_second_half", Math.round(secondHalf));
                table.add(new Row(label + ": rows/s, second half of the records (record N/2 to record N)", secondHalf,
                        "rows/s", ">= 150000", secondHalf / 150_000));
            }
            d.put("rows_per_second_first_record_to_finished", Math.round(events / ((t1 - first) / 1000.0)));
            table.add(new Row(label + ": rows/s, first record to last result (start-up and final checkpoint excluded)", active, "rows/s",
                    ">= 150000", active / 150_000));
            table.add(new Row(label + ": rows/s, first record to finished (start-up excluded)", events / ((t1 - first) / 1000.0), "rows/s",
                    ">= 150000", events / ((t1 - first) / 1000.0) / 150_000));
            table.add(new Row(label + ": start-up (submit to first record enriched)", startup / 1000.0, "s", "", Double.NaN));
            table.add(new Row(label + ": first record to last result", activeMs / 1000.0, "s", "", Double.NaN));
            table.add(new Row(label + ": last result to finished (final checkpoint, commits)", (t1 - end) / 1000.0, "s", "", Double.NaN));
            if (Probe.RECORDS.count.get() != events) {
                log("WARNING: the probe saw %,d records, expected %,d", Probe.RECORDS.count.get(), events);
            }
        }
        if (!Double.isNaN(ceiling)) {
            double best = Double.isNaN(active) ? rowsPerSec : active;
            table.add(new Row(label + " / ceiling (" + (Double.isNaN(active) ? "wall" : "first record to last result") + ")",
                    best / ceiling, "x", ">= 0.7", best / ceiling / 0.7));
            table.add(new Row(label + " / ceiling (wall)", rowsPerSec / ceiling, "x", ">= 0.7", rowsPerSec / ceiling / 0.7));
        }
        d.set("vertices", JSON.valueToTree(vertices));
        ObjectNode load = d.putObject("vertex_load_ms_per_s");
        for (Map.Entry<String, Map<String, List<Double>>> v : samples.entrySet()) {
            ObjectNode o = load.putObject(vertices.getOrDefault(v.getKey(), v.getKey()));
            for (Map.Entry<String, List<Double>> m : v.getValue().entrySet()) {
                o.put(m.getKey(), Math.round(mean(m.getValue())));
            }
        }
        log(label + ": %,d rows in %.1f s wall = %,.0f rows/s; %s", events, wallMs / 1000.0, rowsPerSec, d);
        verifyJobOutputs(c, d, label);
        if (jfr != null) {
            d.put("jfr", jfrFile.toString());
            String summary = JfrSummary.summarize(jfrFile, 25);
            Files.writeString(work.toAbsolutePath().resolve(label + "-" + runId + "-profile.txt"), summary);
            System.out.println(summary);
        }
    }

    /** Accumulated time of the JIT compiler threads, ms. */
    static long jitMillis() {
        java.lang.management.CompilationMXBean jit = java.lang.management.ManagementFactory.getCompilationMXBean();
        return jit != null && jit.isCompilationTimeMonitoringSupported() ? jit.getTotalCompilationTime() : 0;
    }

    /** Accumulated collection time of every garbage collector, ms. */
    static long gcMillis() {
        long ms = 0;
        for (java.lang.management.GarbageCollectorMXBean gc : java.lang.management.ManagementFactory.getGarbageCollectorMXBeans()) {
            ms += Math.max(0, gc.getCollectionTime());
        }
        return ms;
    }

    /**
     * Task failures of a job run, from its exception history on the REST API (the most the monitor saw). Written by
     * the monitor thread, read by the benchmark's after the monitor has stopped.
     */
    static final class JobFailures {
        volatile int count;
        volatile String first = "";
        /** Reads of the exception history that succeeded; the last error of one that did not. */
        volatile int reads;
        volatile String lastError;

        void read(FlinkRest rest, String jobId) {
            try {
                seen(rest.get("/jobs/" + jobId + "/exceptions"));
                reads++; // one writer at a time: the monitor, or the benchmark's thread after it stopped
            } catch (Exception e) {
                lastError = String.valueOf(e);
            }
        }

        String describe() {
            return count + " failure(s), the first " + first;
        }

        /** Why failures may have gone unseen: the history was never read (null when it was). */
        String unreadable() {
            return reads > 0 ? null : lastError != null ? lastError : "not read";
        }

        void seen(JsonNode exceptions) {
            JsonNode entries = exceptions.path("exceptionHistory").path("entries");
            if (entries.size() > count) {
                count = entries.size();
                JsonNode oldest = entries.get(entries.size() - 1); // newest first
                first = oldest.path("exceptionName").asText() + " in " + oldest.path("taskName").asText();
            }
        }
    }

    /** A job run whose numbers include a failover's recovery: noted for the table's reader and the exit code. */
    void failedOver(String label, String what) {
        failedOver.add(label + " (" + what + ")");
        log("FAILED OVER: %s (%s)", label, what);
    }

    /**
     * Samples busy / back-pressured / idle time of every vertex (average of its subtasks) and the job's task failures
     * while the job runs.
     */
    void monitorVertices(FlinkRest rest, String jobId, Map<String, String> vertices, Map<String, Map<String, List<Double>>> samples,
                         JobFailures failures, AtomicBoolean done) {
        while (!done.get()) {
            try {
                Thread.sleep(2000);
                if (vertices.isEmpty()) {
                    vertices.putAll(rest.vertices(jobId));
                }
                failures.read(rest, jobId); // its own errors: a failed read must not cost the load samples
                if (Probe.RECORDS.count.get() == 0 && probe) {
                    continue; // start-up
                }
                for (String v : vertices.keySet()) {
                    Map<String, Double> m = rest.subtaskAverages(jobId, v, "busyTimeMsPerSecond", "backPressuredTimeMsPerSecond", "idleTimeMsPerSecond");
                    for (Map.Entry<String, Double> e : m.entrySet()) {
                        samples.computeIfAbsent(v, k -> new LinkedHashMap<>()).computeIfAbsent(e.getKey(), k -> new ArrayList<>()).add(e.getValue());
                    }
                }
            } catch (Exception e) {
                // the job may be finishing; keep what was sampled
            }
        }
    }

    /** Counts what the job wrote: results and dead letters on Kafka (committed), Parquet rows (from the footers). */
    void verifyJobOutputs(DriftlineConfig c, ObjectNode d, String label) {
        Map<String, Long> statuses = new ConcurrentHashMap<>();
        long[] results = new long[1];
        ObjectMapper m = new ObjectMapper();
        results[0] = readToEnd(c.topics.results, null, (r, now) -> {
            try {
                JsonNode n = m.readTree(r.value());
                if ("general_drift".equals(n.path("name").asText())) {
                    statuses.merge(n.path("status").asText(), 1L, Long::sum);
                }
            } catch (IOException e) {
                statuses.merge("unreadable", 1L, Long::sum);
            }
        });
        Map<String, Long> reasons = new HashMap<>();
        long deadLetters = readToEnd(c.topics.deadLetters, null, (r, now) -> {
            try {
                String reason = m.readTree(r.value()).path("reason").asText();
                reasons.merge(reason.startsWith("late record") ? "late record" : reason.length() > 60 ? reason.substring(0, 60) : reason, 1L, Long::sum);
            } catch (IOException e) {
                reasons.merge("unreadable", 1L, Long::sum);
            }
        });
        long notices = readToEnd(c.topics.notices, null, (r, now) -> { });
        long alerts = readToEnd(c.topics.alerts, null, (r, now) -> { });
        d.put("results_topic_records", results[0]);
        d.set("general_drift_by_status", JSON.valueToTree(statuses));
        d.put("expected_windows", (long) endpoints * windows);
        d.put("dead_letters", deadLetters);
        d.set("dead_letter_reasons", JSON.valueToTree(reasons));
        d.put("notices", notices);
        d.put("alerts", alerts);
        long late = reasons.getOrDefault("late record", 0L);
        table.add(new Row(label + ": late records (dead-lettered, still stored)", late, "rows", "0", Double.NaN));
        log(label + " outputs: %,d results (general_drift by status %s), %,d alerts, %,d notices, %,d dead letters %s",
                results[0], statuses, alerts, notices, deadLetters, reasons);
        if (c.sinks.parquetPath == null || c.sinks.parquetPath.isBlank()) {
            return;
        }
        try {
            Path records = Path.of(java.net.URI.create(c.sinks.parquetPath)).resolve("records");
            long[] parquet = parquetRows(records);
            d.put("parquet_record_files", parquet[0]);
            d.put("parquet_record_rows", parquet[1]);
            log("parquet: %,d committed record files, %,d rows", parquet[0], parquet[1]);
            RecordsReadBack back = RecordsReadBack.of(records);
            d.set("parquet_read_back", JSON.valueToTree(back));
            log("parquet read back: %,d rows, %,d files unreadable, %,d numbers not finite", back.rows(),
                    back.unreadable().size(), back.notFinite());
            if (!back.unreadable().isEmpty() || back.notFinite() > 0 || back.rows() != events) {
                badOutputs.add(label + " (" + back + ")");
            }
        } catch (Exception e) {
            d.put("parquet_error", String.valueOf(e));
            badOutputs.add(label + " (" + e + ")");
        }
    }

    /**
     * Every row of the committed records files under {@code dir} read back with parquet-java's generic reader (all
     * values decoded, not only the footers, whose row counts a corrupt page does not change). Numbers are written as
     * finite or null, so a NaN or an infinity in {@code features}/{@code predictions} is a corrupt value.
     */
    record RecordsReadBack(long rows, List<String> unreadable, long notFinite) {
        static RecordsReadBack of(Path dir) throws IOException {
            List<Path> files = committedParquetFiles(dir);
            java.util.concurrent.atomic.AtomicLong rows = new java.util.concurrent.atomic.AtomicLong();
            java.util.concurrent.atomic.AtomicLong notFinite = new java.util.concurrent.atomic.AtomicLong();
            List<String> unreadable = new CopyOnWriteArrayList<>();
            files.parallelStream().forEach(file -> {
                try (org.apache.parquet.hadoop.ParquetReader<org.apache.parquet.example.data.Group> reader =
                             new GroupReader(new org.apache.parquet.io.LocalInputFile(file)).build()) {
                    org.apache.parquet.example.data.Group g;
                    while ((g = reader.read()) != null) {
                        rows.incrementAndGet();
                        notFinite.addAndGet(notFinite(g, "features") + notFinite(g, "predictions"));
                    }
                } catch (Exception | Error e) { // a corrupt page can fail anywhere in the decoder
                    unreadable.add(dir.relativize(file) + ": " + e);
                }
            });
            return new RecordsReadBack(rows.get(), List.copyOf(unreadable), notFinite.get());
        }

        private static long notFinite(org.apache.parquet.example.data.Group row, String struct) {
            if (!row.getType().containsField(struct) || row.getFieldRepetitionCount(struct) == 0) {
                return 0;
            }
            org.apache.parquet.example.data.Group fields = row.getGroup(struct, 0);
            long n = 0;
            for (int i = 0; i < fields.getType().getFieldCount(); i++) {
                if (fields.getFieldRepetitionCount(i) > 0 && !Double.isFinite(fields.getDouble(i, 0))) {
                    n++;
                }
            }
            return n;
        }
    }

    private static final class GroupReader extends org.apache.parquet.hadoop.ParquetReader.Builder<org.apache.parquet.example.data.Group> {
        GroupReader(org.apache.parquet.io.LocalInputFile file) {
            super(file);
        }

        @Override
        protected org.apache.parquet.hadoop.api.ReadSupport<org.apache.parquet.example.data.Group> getReadSupport() {
            return new org.apache.parquet.hadoop.example.GroupReadSupport();
        }
    }

    /** Committed (visible) Parquet files under {@code dir} and their row count from the footers. */
    static long[] parquetRows(Path dir) throws IOException {
        List<Path> files = committedParquetFiles(dir);
        long rows = 0;
        for (Path p : files) {
            try (var reader = org.apache.parquet.hadoop.ParquetFileReader.open(new org.apache.parquet.io.LocalInputFile(p))) {
                rows += reader.getRecordCount();
            }
        }
        return new long[] {files.size(), rows};
    }

    /** The Parquet files under {@code dir} that a sink committed (in-progress files are hidden: their names start with a dot). */
    static List<Path> committedParquetFiles(Path dir) throws IOException {
        try (Stream<Path> s = Files.walk(dir)) {
            return s.filter(p -> p.getFileName().toString().endsWith(".parquet")
                    && !p.getFileName().toString().startsWith(".")).sorted().toList();
        }
    }

    // -------------------------------------------------------------------------------------------- 4. latency

    void latency() throws Exception {
        latency("latency", ProbedSinks::new);
    }

    void latency(String label, java.util.function.Function<DriftlineConfig, dev.driftline.job.topology.DriftlineSinks> sinks) throws Exception {
        String name = runId + "-" + label;
        DriftlineConfig c = config(name, latencyWindow);
        c.windows.outOfOrderness = latencyOutOfOrderness;
        c.windows.idleTimeout = latencyIdleTimeout;
        c.checkpoints.interval = latencyCheckpoint;
        BenchModel model = new BenchModel("lt", latencyEndpoints, seed);
        register(c, model);

        // Results are read as they become visible (read_committed: after the checkpoint that commits them).
        List<long[]> arrivals = new CopyOnWriteArrayList<>(); // {windowStart, windowEnd, arrival}
        AtomicBoolean stop = new AtomicBoolean();
        Thread reader = new Thread(() -> {
            ObjectMapper m = new ObjectMapper();
            try (KafkaConsumer<byte[], byte[]> consumer = consumerWith(Map.of("fetch.max.wait.ms", "20"))) {
                List<TopicPartition> parts = new ArrayList<>();
                consumer.partitionsFor(c.topics.results).forEach(i -> parts.add(new TopicPartition(c.topics.results, i.partition())));
                consumer.assign(parts);
                consumer.seekToBeginning(parts);
                while (!stop.get()) {
                    ConsumerRecords<byte[], byte[]> batch = consumer.poll(Duration.ofMillis(20));
                    long now = System.currentTimeMillis();
                    for (ConsumerRecord<byte[], byte[]> r : batch) {
                        JsonNode n = m.readTree(r.value());
                        if ("general_drift".equals(n.path("name").asText())) {
                            arrivals.add(new long[] {n.path("start_infer_time_ms").asLong(), n.path("end_infer_time_ms").asLong(), now});
                        }
                    }
                }
            } catch (Exception e) {
                log("latency reader failed: %s", e);
            }
        }, "bench-results-reader");
        reader.setDaemon(true);
        reader.start();

        int port = FlinkRest.freePort();
        FlinkRest rest = new FlinkRest(port);
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment(flinkConf(c, port));
        DriftlineJob.configure(env, c);
        build(env, c, false, sinks);
        Probe.RECORDS.reset();
        Probe.RESULTS.reset();
        JobClient client = env.executeAsync(name);
        String jobId = client.getJobID().toString();
        awaitRunning(rest, jobId);
        Thread.sleep(3000); // operators open: endpoint catalog read, first checkpoint

        // Live traffic: `latencyRate` events/s, `when` = now, in 10 ms ticks.
        BenchModel.EventWriter writer = model.new EventWriter(seed + 3);
        long sent = 0;
        long tStart = System.currentTimeMillis();
        long tEnd = tStart + latencySeconds * 1000L;
        Random pick = new Random(seed + 4);
        try (KafkaProducer<byte[], byte[]> producer = fastProducer()) {
            long now;
            while ((now = System.currentTimeMillis()) < tEnd) {
                long due = (now - tStart) * latencyRate / 1000;
                while (sent < due) {
                    int e = pick.nextInt(latencyEndpoints);
                    producer.send(new ProducerRecord<>(c.topics.inference, model.endpointId(e).getBytes(StandardCharsets.UTF_8),
                            writer.event(e, System.currentTimeMillis(), false).getBytes(StandardCharsets.UTF_8)));
                    sent++;
                }
                producer.flush();
                Thread.sleep(Math.max(1, 10 - (System.currentTimeMillis() - now)));
            }
        }
        long tSent = System.currentTimeMillis();
        long processedAtEnd = Probe.RECORDS.count.get();
        // The last windows close through the idle timeout; their results come a checkpoint later.
        Thread.sleep(latencyIdleTimeout.toMillis() + latencyWindow.toMillis() + 3 * latencyCheckpoint.toMillis() + 3000);
        stop.set(true);
        reader.join(5000);
        JobFailures failures = new JobFailures();
        failures.read(rest, jobId); // before the cancel: a failover would put its recovery into the latencies
        cancel(client);
        details.put(label + "_task_failures", failures.count);
        if (failures.count > 0) {
            failedOver(label, failures.describe());
        }

        long window = latencyWindow.toMillis();
        // Windows that the live traffic closes: its last event carries `when` = tSent, so its watermark reaches
        // tSent - out-of-orderness. A window that ends later (even one that ends before tSent) closes only through
        // the idle timeout once the traffic has stopped, which measures that timeout, not the pipeline: such windows
        // are shown per window, marked, and left out of the percentiles.
        long closedByTraffic = tSent - latencyOutOfOrderness.toMillis();
        List<Long> lat = new ArrayList<>();
        for (long[] a : arrivals) {
            if (a[0] >= tStart && a[1] <= closedByTraffic) {
                lat.add(a[2] - a[1]);
            }
        }
        Collections.sort(lat);
        long fullWindows = 0;
        for (long w = Math.floorDiv(tStart, window) * window + window; w + window <= closedByTraffic; w += window) {
            fullWindows++;
        }
        ObjectNode d = details.putObject(label);
        d.put("rate_events_per_second", latencyRate);
        d.put("achieved_events_per_second", Math.round(sent / ((tSent - tStart) / 1000.0)));
        d.put("endpoints", latencyEndpoints);
        d.put("seconds", latencySeconds);
        d.put("window", latencyWindow.toString());
        d.put("out_of_orderness", latencyOutOfOrderness.toString());
        d.put("idle_timeout", latencyIdleTimeout.toString());
        d.put("checkpoint_interval", latencyCheckpoint.toString());
        d.put("general_drift_results_total", arrivals.size());
        d.put("events_sent", sent);
        d.put("records_enriched_when_traffic_stopped", processedAtEnd);
        d.put("traffic_started", Instant.ofEpochMilli(tStart).toString());
        d.put("traffic_stopped", Instant.ofEpochMilli(tSent).toString());
        java.util.TreeMap<Long, List<Long>> byWindow = new java.util.TreeMap<>();
        for (long[] a : arrivals) {
            byWindow.computeIfAbsent(a[1], k -> new ArrayList<>()).add(a[2] - a[1]);
        }
        ObjectNode perWindow = d.putObject("median_ms_by_window_end");
        for (Map.Entry<Long, List<Long>> w : byWindow.entrySet()) {
            List<Long> v = new ArrayList<>(w.getValue());
            Collections.sort(v);
            String note = w.getKey() - window < tStart || w.getKey() > tSent ? " (partial)"
                    : w.getKey() > closedByTraffic ? " (closed after the traffic stopped)" : "";
            perWindow.put(Instant.ofEpochMilli(w.getKey()).toString() + note, pct(v, 50));
        }
        d.put("measured_windows", lat.size());
        d.put("expected_full_windows", fullWindows * latencyEndpoints);
        if (lat.isEmpty()) {
            log(label + ": no general_drift result of a full window arrived (%d results in all)", arrivals.size());
            table.add(new Row(label + ": no result measured", Double.NaN, "ms", "", Double.NaN));
            return;
        }
        long p50 = pct(lat, 50);
        long p90 = pct(lat, 90);
        long p99 = pct(lat, 99);
        long max = lat.get(lat.size() - 1);
        long ooo = latencyOutOfOrderness.toMillis();
        long targetMs = 2000 + latencyCheckpoint.toMillis();
        d.put("p50_ms", p50);
        d.put("p90_ms", p90);
        d.put("p99_ms", p99);
        d.put("max_ms", max);
        d.put("min_ms", lat.get(0));
        table.add(new Row(label + " p50: window end -> general_drift visible (read_committed), ckpt " + latencyCheckpoint.toMillis() + " ms",
                p50, "ms", "", Double.NaN));
        table.add(new Row(label + " p99: window end -> general_drift visible, ckpt " + latencyCheckpoint.toMillis() + " ms",
                p99, "ms", "<= " + targetMs, (double) p99 / targetMs));
        table.add(new Row(label + " p50 minus out-of-orderness (" + ooo + " ms)", p50 - ooo, "ms", "", Double.NaN));
        table.add(new Row(label + " p99 minus out-of-orderness (" + ooo + " ms)", p99 - ooo, "ms", "<= " + targetMs,
                (double) (p99 - ooo) / targetMs));
        log(label + ": %,d sent, %,d enriched when traffic stopped; per window: %s", sent, processedAtEnd, perWindow);
        log(label + ": %,d events at %,.0f/s over %d endpoints; %d windows measured (of %d full): p50 %d ms, p90 %d, p99 %d, max %d",
                sent, sent / ((tSent - tStart) / 1000.0), latencyEndpoints, lat.size(), fullWindows * latencyEndpoints, p50, p90, p99, max);
    }

    KafkaConsumer<byte[], byte[]> consumerWith(Map<String, String> extra) {
        Properties p = kafkaBase();
        p.put("key.deserializer", ByteArrayDeserializer.class.getName());
        p.put("value.deserializer", ByteArrayDeserializer.class.getName());
        p.put("isolation.level", "read_committed");
        p.put("enable.auto.commit", "false");
        p.putAll(extra);
        return new KafkaConsumer<>(p);
    }

    static long pct(List<Long> sorted, double p) {
        int i = (int) Math.ceil(p / 100.0 * sorted.size()) - 1;
        return sorted.get(Math.max(0, Math.min(sorted.size() - 1, i)));
    }

    void awaitRunning(FlinkRest rest, String jobId) throws Exception {
        long deadline = System.currentTimeMillis() + 120_000;
        while (System.currentTimeMillis() < deadline) {
            try {
                JsonNode job = rest.get("/jobs/" + jobId);
                boolean all = job.path("vertices").size() > 0;
                for (JsonNode v : job.path("vertices")) {
                    all &= "RUNNING".equals(v.path("status").asText());
                }
                if (all) {
                    return;
                }
            } catch (IOException e) {
                // not up yet
            }
            Thread.sleep(200);
        }
        throw new IllegalStateException("job " + jobId + " did not reach RUNNING");
    }

    /** Waits until the cancelled job has ended (its per-job mini cluster then shuts down, which also ends the wait). */
    static void awaitTerminal(JobClient client) {
        try {
            client.getJobExecutionResult().get(60, TimeUnit.SECONDS);
        } catch (Exception e) {
            // cancelled: the result future fails, which is the expected end
        }
    }

    static void cancel(JobClient client) {
        try {
            client.cancel().get(60, TimeUnit.SECONDS);
        } catch (Exception e) {
            log("cancel: %s", e.getMessage());
        }
        awaitTerminal(client);
    }

    // ---------------------------------------------------------------------------------------------- 5. state

    void state(int count, boolean noParquet) throws Exception {
        String label = (noParquet ? "whatif-state-no-parquet-" : "state_") + count;
        String name = runId + "-" + label.replace('_', '-');
        DriftlineConfig c = config(name, Duration.ofMinutes(10));
        if (noParquet) {
            c.sinks.parquetPath = "";
        }
        c.windows.idleTimeout = Duration.ofHours(1); // the window must stay open while we look
        // Long enough for every endpoint's first record (and its Parquet writer) to be in before the first checkpoint,
        // which closes and fsyncs one part file per endpoint (see docs/benchmarks.md).
        c.checkpoints.interval = stateCheckpoint;
        BenchModel model = new BenchModel("st", count, seed);
        long t0 = System.nanoTime();
        double defBytes = register(c, model);
        // Every endpoint gets a few records in the middle of the current window (at most 5 min ahead: accepted).
        long period = c.windows.basePeriod.toMillis();
        long mid = Math.floorDiv(System.currentTimeMillis(), period) * period + period / 2;
        BenchModel.EventWriter writer = model.new EventWriter(seed + 5);
        long n = (long) count * stateEventsPerEndpoint;
        try (KafkaProducer<byte[], byte[]> producer = fastProducer()) {
            for (int k = 0; k < stateEventsPerEndpoint; k++) {
                for (int e = 0; e < count; e++) {
                    producer.send(new ProducerRecord<>(c.topics.inference, model.endpointId(e).getBytes(StandardCharsets.UTF_8),
                            writer.event(e, mid + k, false).getBytes(StandardCharsets.UTF_8)));
                }
            }
            producer.flush();
        }
        model = null;
        writer = null;
        log(label + " %d: %,d definitions (%,.0f B each) and %,d events produced in %.1f s", count, count, defBytes, n, secs(System.nanoTime() - t0));
        long heap0 = usedHeapAfterGc();

        int port = FlinkRest.freePort();
        FlinkRest rest = new FlinkRest(port);
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment(flinkConf(c, port));
        DriftlineJob.configure(env, c);
        build(env, c, false);
        Probe.RECORDS.reset();
        Probe.RESULTS.reset();
        JobClient client = env.executeAsync(name);
        String jobId = client.getJobID().toString();
        ObjectNode d = details.putObject(label);
        Thread histograms = histogramSampler(label, d);
        try {
            awaitRunning(rest, jobId);
            long deadline = System.currentTimeMillis() + 600_000;
            while (Probe.RECORDS.count.get() < n) {
                failIfJobFailed(rest, jobId);
                long oldAfterGc = oldGenAfterGc();
                if (oldAfterGc > 0.85 * Runtime.getRuntime().maxMemory()) {
                    // Stop before an OutOfMemoryError, which Flink answers by ending the whole JVM.
                    String why = String.format(Locale.ROOT, "heap exhausted: %,d MiB of %,d MiB still used after GC with %,d of %,d endpoints enriched",
                            oldAfterGc >> 20, Runtime.getRuntime().maxMemory() >> 20, Probe.RECORDS.count.get(), n);
                    d.put("aborted", why);
                    table.add(new Row(String.format((noParquet ? "what-if no Parquet: " : "") + "state per endpoint, %,d endpoints: ABORTED, %s",
                            count, why), Double.NaN, "KiB", "<= 64", Double.NaN));
                    log(label + ": %s", why);
                    return;
                }
                if (System.currentTimeMillis() > deadline) {
                    throw new IllegalStateException("only " + Probe.RECORDS.count.get() + " of " + n + " records arrived");
                }
                Thread.sleep(200);
            }
            long loaded = System.currentTimeMillis();
            JsonNode cp1 = awaitCheckpoint(rest, jobId, loaded, -1);
            // The definitions reach the broadcast state through their own source, possibly after the records (which
            // the operators enrich from the catalog read at start): wait until two checkpoints in a row are equal.
            JsonNode cp2 = awaitCheckpoint(rest, jobId, 0, cp1.path("id").asLong());
            JsonNode previous = cp1;
            while (cp2.path("state_size").asLong() != previous.path("state_size").asLong()
                    && System.currentTimeMillis() < deadline + 600_000) {
                previous = cp2;
                cp2 = awaitCheckpoint(rest, jobId, 0, cp2.path("id").asLong());
            }
            long heap1 = usedHeapAfterGc();
            Map<String, String> vertices = rest.vertices(jobId);
            long size1 = cp1.path("state_size").asLong();
            long size2 = cp2.path("state_size").asLong();
            d.put("endpoints", count);
            d.put("definition_json_bytes_mean", Math.round(defBytes));
            d.put("records", n);
            d.put("checkpoint_interval", c.checkpoints.interval.toString());
            d.set("checkpoint_first_after_load", cp1);
            d.set("checkpoint_stable", cp2);
            d.set("first_by_vertex", byVertex(rest, jobId, cp1.path("id").asLong(), vertices));
            d.set("stable_by_vertex", byVertex(rest, jobId, cp2.path("id").asLong(), vertices));
            d.put("heap_used_before_job_bytes", heap0);
            d.put("heap_used_with_job_bytes", heap1);
            double perEndpoint1 = size1 / 1024.0 / count;
            double perEndpoint2 = size2 / 1024.0 / count;
            double heapPer = (heap1 - heap0) / 1024.0 / count;
            table.add(new Row(String.format((noParquet ? "what-if no Parquet: " : "") + "state per endpoint, %,d endpoints (first checkpoint after load)", count), perEndpoint1,
                    "KiB", "<= 64", perEndpoint1 / 64));
            table.add(new Row(String.format((noParquet ? "what-if no Parquet: " : "") + "state per endpoint, %,d endpoints (stable: two equal checkpoints)", count), perEndpoint2, "KiB", "<= 64",
                    perEndpoint2 / 64));
            table.add(new Row(String.format((noParquet ? "what-if no Parquet: " : "") + "heap used after GC, %,d endpoints (whole JVM)", count), heap1 / 1048576.0, "MiB", "", Double.NaN));
            table.add(new Row(String.format((noParquet ? "what-if no Parquet: " : "") + "heap per endpoint, %,d endpoints (used with job - before job)", count), heapPer, "KiB", "", Double.NaN));
            log(label + " %d: checkpoint %d %,d B (%.1f KiB/endpoint), stable %d %,d B (%.1f KiB/endpoint); heap %,d MiB (%.1f KiB/endpoint over %,d MiB before)",
                    count, cp1.path("id").asLong(), size1, perEndpoint1, cp2.path("id").asLong(), size2, perEndpoint2, heap1 >> 20, heapPer, heap0 >> 20);
            log(label + " %d by vertex (stable): %s", count, d.get("stable_by_vertex"));
        } finally {
            histograms.interrupt();
            cancel(client);
        }
    }

    /** Every 20 s, the top of the heap's class histogram (a full GC each time), into the details and a file. */
    Thread histogramSampler(String label, ObjectNode d) {
        ArrayNode samples = d.putArray("class_histograms");
        Thread t = new Thread(() -> {
            try {
                javax.management.ObjectName name = new javax.management.ObjectName("com.sun.management:type=DiagnosticCommand");
                var server = ManagementFactory.getPlatformMBeanServer();
                for (int i = 0; !Thread.currentThread().isInterrupted(); i++) {
                    Thread.sleep(20_000);
                    String histo = (String) server.invoke(name, "gcClassHistogram", new Object[] {null}, new String[] {String[].class.getName()});
                    String top = String.join("\n", histo.lines().limit(25).toList());
                    synchronized (this) {
                        ObjectNode o = samples.addObject();
                        o.put("at", Instant.now().toString());
                        o.put("records_enriched", Probe.RECORDS.count.get());
                        o.put("top", top);
                    }
                    Files.writeString(work.toAbsolutePath().resolve(runId + "-" + label + "-histogram-" + i + ".txt"),
                            "records enriched: " + Probe.RECORDS.count.get() + "\n" + top + "\n");
                    saveJson();
                }
            } catch (InterruptedException e) {
                // done
            } catch (Exception e) {
                log("class histogram: %s", e);
            }
        }, "bench-histograms");
        t.setDaemon(true);
        t.start();
        return t;
    }

    /** Old generation in use after the last collection (G1 "G1 Old Gen"), or -1. */
    static long oldGenAfterGc() {
        for (var pool : ManagementFactory.getMemoryPoolMXBeans()) {
            if (pool.getName().contains("Old Gen") && pool.getCollectionUsage() != null) {
                return pool.getCollectionUsage().getUsed();
            }
        }
        return -1;
    }

    void failIfJobFailed(FlinkRest rest, String jobId) throws Exception {
        String state = rest.get("/jobs/" + jobId).path("state").asText();
        if (state.equals("RESTARTING") || state.equals("FAILING") || state.equals("FAILED")) {
            JobFailures failures = new JobFailures();
            failures.read(rest, jobId);
            String root = failures.count > 0 ? failures.first
                    : failures.unreadable() != null ? failures.unreadable() : "the exception history is empty";
            throw new IllegalStateException("job " + state + ": " + (root.length() > 300 ? root.substring(0, 300) : root));
        }
    }

    /** The latest completed checkpoint triggered after {@code after} (epoch ms) with an id above {@code afterId}. */
    JsonNode awaitCheckpoint(FlinkRest rest, String jobId, long after, long afterId) throws Exception {
        long deadline = System.currentTimeMillis() + 300_000;
        while (System.currentTimeMillis() < deadline) {
            JsonNode latest = rest.get("/jobs/" + jobId + "/checkpoints").path("latest").path("completed");
            if (!latest.isMissingNode() && !latest.isNull() && latest.path("trigger_timestamp").asLong() > after
                    && latest.path("id").asLong() > afterId) {
                return latest;
            }
            Thread.sleep(500);
        }
        throw new IllegalStateException("no completed checkpoint after " + Instant.ofEpochMilli(after));
    }

    ObjectNode byVertex(FlinkRest rest, String jobId, long checkpointId, Map<String, String> vertices) throws Exception {
        ObjectNode out = JSON.createObjectNode();
        JsonNode tasks = rest.get("/jobs/" + jobId + "/checkpoints/details/" + checkpointId).path("tasks");
        tasks.fields().forEachRemaining(t -> out.put(vertices.getOrDefault(t.getKey(), t.getKey()), t.getValue().path("state_size").asLong()));
        return out;
    }

    static long usedHeapAfterGc() throws InterruptedException {
        for (int i = 0; i < 3; i++) {
            System.gc();
            Thread.sleep(200);
        }
        Runtime r = Runtime.getRuntime();
        return r.totalMemory() - r.freeMemory();
    }

    // -------------------------------------------------------------------------------------------- reporting

    void cleanUp() {
        if (keepTopics || createdTopics.isEmpty()) {
            return;
        }
        try (Admin admin = Admin.create(kafkaBase())) {
            admin.deleteTopics(createdTopics).all().get(60, TimeUnit.SECONDS);
        } catch (Exception e) {
            log("could not delete the benchmark topics: %s", e);
        }
    }

    Path resultsFile;

    void report() throws IOException {
        StringBuilder sb = new StringBuilder();
        sb.append(String.format("%n%-100s %14s %-7s %-10s %7s%n", "metric", "value", "unit", "target", "ratio"));
        sb.append("-".repeat(142)).append('\n');
        for (Row r : table) {
            sb.append(String.format(Locale.ROOT, "%-100s %14s %-7s %-10s %7s%n", r.metric(), fmt(r.value()), r.unit(), r.target(),
                    Double.isNaN(r.ratio()) ? "" : String.format(Locale.ROOT, "%.2f", r.ratio())));
        }
        sb.append("ratio = value / target (a '>=' target is met at >= 1.00, a '<=' target at <= 1.00)\n");
        System.out.print(sb);
        saveJson();
        System.out.println("results written to " + resultsFile);
    }

    /** Writes the table and details so far (also after each state phase: a job that runs out of heap ends the JVM). */
    synchronized void saveJson() throws IOException {
        if (resultsFile == null) {
            resultsFile = work.toAbsolutePath().resolve("results-" + STAMP.format(Instant.now()) + ".json");
        }
        ObjectNode root = JSON.createObjectNode();
        root.put("run", runId);
        root.put("date", Instant.now().toString());
        root.put("code", code);
        root.put("cores", Runtime.getRuntime().availableProcessors());
        root.put("max_heap_mib", Runtime.getRuntime().maxMemory() >> 20);
        root.put("java", System.getProperty("java.version"));
        root.put("jvm_args", String.join(" ", ManagementFactory.getRuntimeMXBean().getInputArguments().stream()
                .filter(a -> !a.startsWith("--add-opens")).toList()));
        root.put("events", events);
        root.put("endpoints", endpoints);
        root.set("flink_settings", JSON.valueToTree(flinkSettings));
        root.set("job_settings", JSON.valueToTree(jobSettings));
        ArrayNode rows = root.putArray("table");
        for (Row r : table) {
            ObjectNode o = rows.addObject();
            o.put("metric", r.metric());
            putNumber(o, "value", r.value());
            o.put("unit", r.unit());
            o.put("target", r.target());
            putNumber(o, "ratio", r.ratio());
        }
        root.set("details", details);
        Files.createDirectories(resultsFile.getParent());
        Files.writeString(resultsFile, JSON.writeValueAsString(root));
    }

    static void putNumber(ObjectNode o, String k, double v) {
        if (Double.isNaN(v) || Double.isInfinite(v)) {
            o.putNull(k);
        } else {
            o.put(k, v);
        }
    }

    static String fmt(double v) {
        if (Double.isNaN(v)) {
            return "-";
        }
        if (Math.abs(v) >= 1000) {
            return String.format(Locale.ROOT, "%,.0f", v);
        }
        if (Math.abs(v) >= 10) {
            return String.format(Locale.ROOT, "%.1f", v);
        }
        return String.format(Locale.ROOT, "%.3f", v);
    }

    static double secs(long nanos) {
        return nanos / 1e9;
    }

    static double mean(List<Double> v) {
        return v.stream().mapToDouble(Double::doubleValue).filter(x -> !Double.isNaN(x)).average().orElse(Double.NaN);
    }

    /** User + system CPU of the broker process so far (Linux /proc), NaN when unknown. */
    double brokerCpuSeconds() {
        if (brokerPid <= 0) {
            return Double.NaN;
        }
        try {
            String stat = Files.readString(Path.of("/proc/" + brokerPid + "/stat"));
            // Fields after the command name (which may hold spaces, hence the last ')'): utime and stime are 14 and 15.
            String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            return (Long.parseLong(f[11]) + Long.parseLong(f[12])) / 100.0; // USER_HZ is 100 on Linux
        } catch (IOException | RuntimeException e) {
            return Double.NaN;
        }
    }

    static long processCpuNanos() {
        var os = ManagementFactory.getOperatingSystemMXBean();
        return os instanceof com.sun.management.OperatingSystemMXBean s ? s.getProcessCpuTime() : -1;
    }

    static void log(String format, Object... args) {
        System.out.printf(Locale.ROOT, "[bench %s] %s%n", java.time.LocalTime.now().withNano(0), String.format(Locale.ROOT, format, args));
    }
}
