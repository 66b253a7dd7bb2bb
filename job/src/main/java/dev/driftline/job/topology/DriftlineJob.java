package dev.driftline.job.topology;

import dev.driftline.functions.model.EndpointDefinition;
import dev.driftline.functions.model.RawEvent;
import dev.driftline.functions.window.IdleAdvancingWatermarks;
import dev.driftline.functions.window.NoEventTime;
import dev.driftline.job.config.DriftlineConfig;
import dev.driftline.functions.alerts.AlertControl;
import dev.driftline.job.sources.AlertControlDeserializer;
import dev.driftline.job.sources.EndpointDefinitionDeserializer;
import dev.driftline.job.sources.KafkaEndpointCatalog;
import dev.driftline.job.sources.RawEventDeserializer;
import java.util.Locale;
import java.util.Properties;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.configuration.CheckpointingOptions;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.connector.kafka.source.KafkaSource;
import org.apache.flink.connector.kafka.source.enumerator.initializer.OffsetsInitializer;
import org.apache.flink.core.execution.CheckpointingMode;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.kafka.clients.consumer.OffsetResetStrategy;

/** Assembles the deployed job: Kafka sources, the topology, the production sinks, checkpointing. */
public final class DriftlineJob {
    public static final String UID_INFERENCE_SOURCE = "source-inference-events";
    public static final String UID_ENDPOINTS_SOURCE = "source-endpoint-definitions";
    public static final String UID_ALERT_CONTROL_SOURCE = "source-alert-control";

    private DriftlineJob() {}

    /** An environment for this configuration: under {@code flink run} the cluster's, otherwise a local mini cluster. */
    public static StreamExecutionEnvironment environment(DriftlineConfig config) {
        Configuration conf = new Configuration();
        if (config.checkpoints.dir != null && !config.checkpoints.dir.isBlank()) {
            conf.set(CheckpointingOptions.CHECKPOINTS_DIRECTORY, config.checkpoints.dir);
        }
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment(conf);
        configure(env, config);
        return env;
    }

    public static void configure(StreamExecutionEnvironment env, DriftlineConfig config) {
        if (config.parallelism > 0) {
            env.setParallelism(config.parallelism);
        }
        if (config.maxParallelism > 0) {
            env.setMaxParallelism(config.maxParallelism);
        }
        env.enableCheckpointing(config.checkpoints.interval.toMillis(), CheckpointingMode.EXACTLY_ONCE);
        env.getCheckpointConfig().setTolerableCheckpointFailureNumber(config.checkpoints.tolerableFailures);
        env.getCheckpointConfig().setCheckpointTimeout(config.checkpoints.timeout.toMillis());
    }

    /** Builds the whole job on {@code env}; {@code bounded} stops reading at the topics' current ends (tests, replays). */
    public static void build(StreamExecutionEnvironment env, DriftlineConfig config, boolean bounded) {
        DataStream<RawEvent> inference = env.fromSource(inferenceSource(config, bounded), inferenceWatermarks(config),
                "Inference events").uid(UID_INFERENCE_SOURCE);
        DataStream<EndpointDefinition> endpoints = env.fromSource(endpointsSource(config, bounded),
                NoEventTime.strategy(), "Endpoint definitions").uid(UID_ENDPOINTS_SOURCE);
        DataStream<AlertControl> alertControls = env.fromSource(alertControlSource(config, bounded),
                NoEventTime.strategy(), "Alert control").uid(UID_ALERT_CONTROL_SOURCE);
        DriftlineTopology.build(config, new DriftlineTopology.Sources(inference, endpoints, alertControls), catalog(config),
                JobSettings.applications(config), new ProductionSinks(config));
    }

    /** The control topic, read once when each endpoint-aware operator starts. */
    public static KafkaEndpointCatalog catalog(DriftlineConfig config) {
        return new KafkaEndpointCatalog(JobSettings.kafka(config), config.topics.endpoints);
    }

    /**
     * Event time from each request's {@code when}, watermarks per Kafka partition (the source applies the strategy
     * per split), moving on with the wall clock when a partition goes quiet.
     */
    public static WatermarkStrategy<RawEvent> inferenceWatermarks(DriftlineConfig config) {
        java.time.Duration outOfOrderness = config.windows.outOfOrderness;
        java.time.Duration idleTimeout = config.windows.idleTimeout;
        return IdleAdvancingWatermarks.strategy(outOfOrderness, idleTimeout, System::currentTimeMillis,
                (event, kafkaTimestamp) -> event.eventTime);
    }

    public static KafkaSource<RawEvent> inferenceSource(DriftlineConfig config, boolean bounded) {
        var b = KafkaSource.<RawEvent>builder()
                .setBootstrapServers(config.kafka.bootstrapServers)
                .setProperties(clientProperties(config))
                .setGroupId(config.kafka.groupId)
                .setTopics(config.topics.inference)
                .setStartingOffsets(startingOffsets(config.kafka.startingOffsets))
                .setDeserializer(new RawEventDeserializer(DriftlineTopology.decoderSettings(config)));
        if (bounded) {
            b.setBounded(OffsetsInitializer.latest());
        }
        return b.build();
    }

    /** The control topic is always read from the beginning: it is compacted and holds every live definition. */
    public static KafkaSource<EndpointDefinition> endpointsSource(DriftlineConfig config, boolean bounded) {
        var b = KafkaSource.<EndpointDefinition>builder()
                .setBootstrapServers(config.kafka.bootstrapServers)
                .setProperties(clientProperties(config))
                .setGroupId(config.kafka.groupId + "-endpoints")
                .setTopics(config.topics.endpoints)
                .setStartingOffsets(OffsetsInitializer.earliest())
                .setDeserializer(new EndpointDefinitionDeserializer());
        if (bounded) {
            b.setBounded(OffsetsInitializer.latest());
        }
        return b.build();
    }

    /** Alert commands are read from the beginning too: the topic is compacted per alert name. */
    public static KafkaSource<AlertControl> alertControlSource(DriftlineConfig config, boolean bounded) {
        var b = KafkaSource.<AlertControl>builder()
                .setBootstrapServers(config.kafka.bootstrapServers)
                .setProperties(clientProperties(config))
                .setGroupId(config.kafka.groupId + "-alert-control")
                .setTopics(config.topics.alertControl)
                .setStartingOffsets(OffsetsInitializer.earliest())
                .setDeserializer(new AlertControlDeserializer());
        if (bounded) {
            b.setBounded(OffsetsInitializer.latest());
        }
        return b.build();
    }

    private static Properties clientProperties(DriftlineConfig config) {
        Properties p = JobSettings.kafka(config).properties();
        p.putIfAbsent("isolation.level", "read_committed");
        // Offsets are stored in Flink's checkpoints; committing them to Kafka is only for monitoring the lag.
        p.putIfAbsent("commit.offsets.on.checkpoint", "true");
        p.putIfAbsent("partition.discovery.interval.ms", "60000");
        return p;
    }

    static OffsetsInitializer startingOffsets(String mode) {
        return switch (mode == null ? "committed" : mode.toLowerCase(Locale.ROOT)) {
            case "earliest" -> OffsetsInitializer.earliest();
            case "latest" -> OffsetsInitializer.latest();
            case "committed" -> OffsetsInitializer.committedOffsets(OffsetResetStrategy.EARLIEST);
            default -> throw new IllegalArgumentException("kafka.starting-offsets must be earliest, latest or committed, got " + mode);
        };
    }
}
