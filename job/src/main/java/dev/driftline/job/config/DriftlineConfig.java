package dev.driftline.job.config;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.io.Serializable;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The whole job configuration, one typed object read from YAML ({@code flink-conf/driftline.yaml}); every key can be
 * overridden on the command line with {@code --set path.to.key=value}. Durations are written {@code 500ms}, {@code 30s},
 * {@code 10m}, {@code 1h} or ISO-8601.
 */
@JsonIgnoreProperties(ignoreUnknown = false)
public class DriftlineConfig implements Serializable {
    private static final long serialVersionUID = 1L;

    @JsonProperty("job-name")
    public String jobName = "driftline";
    /** 0 leaves it to the cluster ({@code flink run -p}, {@code parallelism.default}). */
    @JsonProperty("parallelism")
    public int parallelism = 0;
    @JsonProperty("kafka")
    public Kafka kafka = new Kafka();
    @JsonProperty("topics")
    public Topics topics = new Topics();
    @JsonProperty("windows")
    public Windows windows = new Windows();
    @JsonProperty("decoder")
    public Decoder decoder = new Decoder();
    @JsonProperty("applications")
    public Map<String, Application> applications = defaultApplications();
    @JsonProperty("sinks")
    public Sinks sinks = new Sinks();
    @JsonProperty("checkpoints")
    public Checkpoints checkpoints = new Checkpoints();
    @JsonProperty("alerts")
    public Alerts alerts = new Alerts();

    public static class Alerts implements Serializable {
        /** Alert configurations loaded at start; more can be set, changed or removed through the alert control topic. */
        @JsonProperty("definitions")
        public List<dev.driftline.functions.alerts.AlertConfig> definitions = new java.util.ArrayList<>();
        /** A window closing later than this after its end raises a {@code monitoring-lag} event. */
        @JsonProperty("lag-threshold")
        public Duration lagThreshold = Duration.ofMinutes(15);
        @JsonProperty("lag-cooldown")
        public Duration lagCooldown = Duration.ofHours(1);
        @JsonProperty("delivery-attempts")
        public int deliveryAttempts = 8;
        @JsonProperty("delivery-initial-backoff")
        public Duration deliveryInitialBackoff = Duration.ofSeconds(1);
        @JsonProperty("delivery-max-backoff")
        public Duration deliveryMaxBackoff = Duration.ofSeconds(60);
        /** Notifications in flight at once (the async operator's capacity). */
        @JsonProperty("delivery-capacity")
        public int deliveryCapacity = 100;
    }

    public static class Kafka implements Serializable {
        @JsonProperty("bootstrap-servers")
        public String bootstrapServers = "127.0.0.1:9092";
        /** Client properties passed through to every consumer and producer (SASL/SSL settings go here). */
        @JsonProperty("properties")
        public Map<String, String> properties = new LinkedHashMap<>();
        @JsonProperty("group-id")
        public String groupId = "driftline";
        /** Where to start reading inference events without a checkpoint: earliest, latest or committed. */
        @JsonProperty("starting-offsets")
        public String startingOffsets = "committed";
        /** Prefix of the transactional ids of the exactly-once sinks; unique per job on a cluster. */
        @JsonProperty("transactional-id-prefix")
        public String transactionalIdPrefix = "driftline";
    }

    public static class Topics implements Serializable {
        @JsonProperty("inference")
        public String inference = "driftline-inference";
        @JsonProperty("endpoints")
        public String endpoints = "driftline-endpoints";
        @JsonProperty("results")
        public String results = "driftline-results";
        @JsonProperty("alerts")
        public String alerts = "driftline-alerts";
        @JsonProperty("notices")
        public String notices = "driftline-app-notices";
        @JsonProperty("dead-letters")
        public String deadLetters = "driftline-dead-letters";
        /** Compacted per alert name: set/delete/reset commands for alert configurations. */
        @JsonProperty("alert-control")
        public String alertControl = "driftline-alert-control";
        /** Alerts that fired: {alert, entity, severity, summary, events, time}. */
        @JsonProperty("fired-alerts")
        public String firedAlerts = "driftline-fired-alerts";
        /** How each notification delivery ended (delivered or why not). */
        @JsonProperty("notifications")
        public String notifications = "driftline-notifications";
    }

    public static class Windows implements Serializable {
        /** Window length (MLRun's base_period). */
        @JsonProperty("base-period")
        public Duration basePeriod = Duration.ofMinutes(10);
        /** Shifts the epoch-aligned windows. */
        @JsonProperty("offset")
        public Duration offset = Duration.ZERO;
        @JsonProperty("out-of-orderness")
        public Duration outOfOrderness = Duration.ofSeconds(30);
        /** Without events for this long, the watermark advances with the wall clock so windows still close. */
        @JsonProperty("idle-timeout")
        public Duration idleTimeout = Duration.ofSeconds(60);
    }

    public static class Decoder implements Serializable {
        @JsonProperty("max-payload-bytes")
        public int maxPayloadBytes = 4 * 1024 * 1024;
        @JsonProperty("max-rows-per-event")
        public int maxRowsPerEvent = 10_000;
        @JsonProperty("max-columns-per-row")
        public int maxColumnsPerRow = 2_000;
        /** Events stamped further than this in the future are dead-lettered as clock skew. */
        @JsonProperty("max-future-skew")
        public Duration maxFutureSkew = Duration.ofHours(24);
    }

    public static class Application implements Serializable {
        @JsonProperty("enabled")
        public boolean enabled = true;
        /** Implementation class for custom applications; the built-in ones need none. */
        @JsonProperty("class")
        public String className;
        /** histogram-data-drift: {@code default} or {@code mlrun-compatible}. */
        @JsonProperty("binning")
        public String binning = "default";
    }

    public static class Sinks implements Serializable {
        /** Base path (URI) of the Parquet offline store: records, results and errors below it. Empty: no Parquet. */
        @JsonProperty("parquet-path")
        public String parquetPath = "file:///tmp/driftline/parquet";
    }

    public static class Checkpoints implements Serializable {
        @JsonProperty("interval")
        public Duration interval = Duration.ofSeconds(30);
        /** Checkpoint storage (URI); empty leaves it to the cluster configuration. */
        @JsonProperty("dir")
        public String dir = "";
    }

    static Map<String, Application> defaultApplications() {
        Map<String, Application> apps = new LinkedHashMap<>();
        apps.put("histogram-data-drift", new Application());
        return apps;
    }

    /** Names of the enabled applications, in configuration order. */
    public List<String> enabledApplications() {
        return applications.entrySet().stream().filter(e -> e.getValue().enabled).map(Map.Entry::getKey).toList();
    }
}
