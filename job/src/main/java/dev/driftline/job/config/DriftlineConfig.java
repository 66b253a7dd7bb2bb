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
    /**
     * How far the job can ever be scaled out: keyed state is split into this many key groups. 0 (the default) leaves
     * it to Flink: on a first start it derives it from the parallelism (128 up to 85 subtasks, more above), and on a
     * restore it keeps the savepoint's. Set it only on a job's first start, to allow more than the derived value
     * later; a value set here must match the savepoint's, or the restore fails.
     */
    @JsonProperty("max-parallelism")
    public int maxParallelism = 0;
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
    @JsonProperty("stores")
    public Stores stores = new Stores();

    /**
     * The time-series store (results, metrics, predictions, errors) and the model endpoint store, which MLRun users
     * query; both optional. Credentials are references ({@code env:VAR}, {@code file:/path}), never values.
     */
    public static class Stores implements Serializable {
        /** {@code tdengine}, {@code mysql} (MySQL 8+/MariaDB), {@code postgresql} or {@code none}. */
        @JsonProperty("tsdb")
        public dev.driftline.sinks.store.StoreSettings tsdb = new dev.driftline.sinks.store.StoreSettings();
        /** {@code mysql}, {@code postgresql} or {@code none}. */
        @JsonProperty("endpoint-store")
        public dev.driftline.sinks.store.StoreSettings endpointStore = new dev.driftline.sinks.store.StoreSettings();
        /** The stream function's per-endpoint statistics (predictions rows, endpoint record) are kept per interval. */
        @JsonProperty("activity-interval")
        public Duration activityInterval = Duration.ofMinutes(1);
        /**
         * An endpoint without traffic for this long (event time) is forgotten by the activity statistics, so that
         * state does not keep every endpoint id ever seen; its totals start again if it comes back. 0: never.
         */
        @JsonProperty("activity-expiry")
        public Duration activityExpiry = Duration.ofDays(7);
    }

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
        /**
         * Failed delivery attempts in a row after which a receiver is paused (its notifications end as not delivered
         * at once), so that one that never answers cannot hold every slot and back-pressure the job; null: as many as
         * {@link #deliveryAttempts}.
         */
        @JsonProperty("receiver-failure-limit")
        public Integer receiverFailureLimit;
        /** How long a failing receiver is paused; 0 never pauses one. */
        @JsonProperty("receiver-pause")
        public Duration receiverPause = Duration.ofMinutes(1);

        public int effectiveReceiverFailureLimit() {
            return receiverFailureLimit != null ? receiverFailureLimit : deliveryAttempts;
        }
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
        /**
         * Replication factor of the topics the CLI creates when they are missing; 0: the broker's
         * {@code default.replication.factor}.
         */
        @JsonProperty("topic-replication-factor")
        public int topicReplicationFactor = 0;
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
        /**
         * Records are pre-aggregated per (endpoint, window) before the window operator; at most this many partial
         * aggregates are kept per subtask before all are handed on (each the size of a window's statistics: ≈ 6 KiB
         * for 20 features, more with many columns or category values). Partials also leave when their window closes
         * and before every checkpoint. The endpoint activity's per-minute counts (a few dozen bytes each) are held
         * back under the same bound.
         */
        @JsonProperty("max-open-partials")
        public int maxOpenPartials = 10_000;
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
        /**
         * Decoded rows are handed on grouped by endpoint, in groups of at most this many rows (1: each at once), so
         * the work after decoding finds an endpoint's definition and partials in the cache for the rows after the
         * first. Nothing is held across a watermark or a checkpoint.
         */
        @JsonProperty("group-rows")
        public int groupRows = 4096;
        /** How long a decoded row may be held for its group, in processing time. */
        @JsonProperty("group-max-delay")
        public Duration groupMaxDelay = Duration.ofMillis(50);
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
        /**
         * How the records table is partitioned: {@code hour} ({@code year=/month=/day=/hour=}, {@code endpoint_id} a
         * column: one file per writer, hour and checkpoint) or {@code endpoint-hour} (MLRun's
         * {@code key=<endpoint_id>/year=/month=/day=/hour=}: one file per endpoint, hour, checkpoint and writer subtask
         * that saw the endpoint). Both write
         * the same columns. See {@link dev.driftline.sinks.parquet.RecordsLayout}.
         */
        @JsonProperty("records-layout")
        public String recordsLayout = dev.driftline.sinks.parquet.RecordsLayout.HOUR.configName();

        /**
         * MiB of pages a records file holds on the heap before it writes them as a row group (1..1024). The heap of
         * each open records file is bounded by it, and the garbage collector copies what is held while it fills:
         * 32 took the job's young pauses from 130-185 ms at Parquet's default 128 down to 30-50 ms. Larger row groups
         * suit engines that read whole row groups at once; smaller ones let readers skip more by column statistics.
         */
        @JsonProperty("records-row-group-mib")
        public int recordsRowGroupMib = (int) (dev.driftline.sinks.parquet.RecordsWriterFactory.DEFAULT_ROW_GROUP_BYTES >> 20);

        public long recordsRowGroupBytes() {
            return (long) recordsRowGroupMib << 20;
        }

        /** The records layout; the name is checked by {@link DriftlineConfig#problems()}. */
        public dev.driftline.sinks.parquet.RecordsLayout recordsLayout() {
            return dev.driftline.sinks.parquet.RecordsLayout.parse(recordsLayout);
        }
    }

    public static class Checkpoints implements Serializable {
        @JsonProperty("interval")
        public Duration interval = Duration.ofSeconds(30);
        /**
         * Checkpoints that may fail (e.g. time out while a store that is down holds a writer's flush back) before the
         * job fails over.
         */
        @JsonProperty("tolerable-failures")
        public int tolerableFailures = 3;
        /**
         * A checkpoint not complete after this long fails (it counts towards {@code tolerable-failures}). Bounded so
         * that the exactly-once Kafka outputs' open transaction, which a store that is down can hold back, is
         * committed or abandoned (fail-over, replay) before the broker aborts it.
         */
        @JsonProperty("timeout")
        public Duration timeout = Duration.ofSeconds(90);
        /** Checkpoint storage (URI); empty leaves it to the cluster configuration. */
        @JsonProperty("dir")
        public String dir = "";
    }

    static Map<String, Application> defaultApplications() {
        Map<String, Application> apps = new LinkedHashMap<>();
        apps.put("histogram-data-drift", new Application());
        return apps;
    }

    /** Flink's upper bound on the number of key groups. */
    static final int MAX_PARALLELISM_LIMIT = 1 << 15;

    /** What is wrong with the configuration beyond its types, one message each; empty when it can be run. */
    public List<String> problems() {
        List<String> problems = new java.util.ArrayList<>();
        List<String> unset = unsetDurations();
        if (!unset.isEmpty()) {
            problems.add("durations must be set: " + String.join(", ", unset));
            return problems; // the checks below read them
        }
        if (maxParallelism < 0 || maxParallelism > MAX_PARALLELISM_LIMIT) {
            problems.add("max-parallelism must be 0 (Flink's default) or 1 to " + MAX_PARALLELISM_LIMIT + ", not "
                    + maxParallelism);
        } else if (maxParallelism > 0 && parallelism > maxParallelism) {
            problems.add("parallelism (" + parallelism + ") must not exceed max-parallelism (" + maxParallelism + ")");
        }
        if (windows.basePeriod.isNegative() || windows.basePeriod.isZero()) {
            problems.add("windows.base-period must be positive, not " + windows.basePeriod);
        } else if (windows.offset.isNegative() || windows.offset.compareTo(windows.basePeriod) >= 0) {
            problems.add("windows.offset must be at least 0 and less than windows.base-period, not " + windows.offset);
        }
        if (windows.outOfOrderness.isNegative()) {
            // a watermark ahead of the newest event would take ordinary records for late
            problems.add("windows.out-of-orderness must not be negative, not " + windows.outOfOrderness);
        }
        if (windows.idleTimeout.isNegative() || windows.idleTimeout.isZero()) {
            problems.add("windows.idle-timeout must be positive, not " + windows.idleTimeout);
        }
        if (checkpoints.interval.isNegative() || checkpoints.interval.isZero()) {
            problems.add("checkpoints.interval must be positive, not " + checkpoints.interval);
        }
        try {
            sinks.recordsLayout();
        } catch (IllegalArgumentException e) {
            problems.add("sinks.records-layout: " + e.getMessage());
        }
        if (sinks.recordsRowGroupMib < 1 || sinks.recordsRowGroupMib > 1024) {
            problems.add("sinks.records-row-group-mib must be within 1..1024, not " + sinks.recordsRowGroupMib);
        }
        if (windows.maxOpenPartials < 1) {
            problems.add("windows.max-open-partials must be at least 1, not " + windows.maxOpenPartials);
        }
        checkStore("stores.tsdb", stores.tsdb, List.of("none", "tdengine", "mysql", "postgresql"), problems);
        checkStore("stores.endpoint-store", stores.endpointStore, List.of("none", "mysql", "postgresql"), problems);
        checkTransactionTimeout(problems);
        if (alerts.effectiveReceiverFailureLimit() < 1) {
            problems.add("alerts.receiver-failure-limit must be at least 1, not " + alerts.effectiveReceiverFailureLimit());
        }
        if (alerts.receiverPause == null || alerts.receiverPause.isNegative()) {
            problems.add("alerts.receiver-pause must not be negative, not " + alerts.receiverPause);
        }
        if (stores.activityInterval.isNegative() || stores.activityInterval.isZero()
                || stores.activityInterval.toMillis() % 60_000 != 0) {
            // whole minutes: the 5-minute and 1-hour figures are kept in one-minute buckets
            problems.add("stores.activity-interval must be a positive whole number of minutes, not "
                    + stores.activityInterval);
        }
        long expiry = stores.activityExpiry == null ? -1 : stores.activityExpiry.toMillis();
        if (expiry != 0 && (expiry < 3_600_000 || expiry % 60_000 != 0)) {
            problems.add("stores.activity-expiry must be 0 (never) or a whole number of minutes of at least 1h, not "
                    + stores.activityExpiry);
        }
        return problems;
    }

    /**
     * The exactly-once Kafka outputs keep one transaction open from one completed checkpoint to the next. When
     * checkpoints fail in a row (a store that is down holds a writer's flush back), the job fails over after
     * {@code tolerable-failures + 1} of them, each lasting at most interval + timeout; a checkpoint that completes
     * before that commits a transaction that old. Should the broker have aborted it meanwhile, that output is lost
     * while the job carries on; so the worst case must stay under the transaction timeout.
     */
    /** The duration options left empty ({@code key: } or {@code --set key=} gives null), by their YAML names. */
    private List<String> unsetDurations() {
        List<String> unset = new java.util.ArrayList<>();
        Map<String, Object> sections = new LinkedHashMap<>();
        sections.put("windows", windows);
        sections.put("decoder", decoder);
        sections.put("checkpoints", checkpoints);
        sections.put("alerts", alerts);
        sections.put("stores", stores);
        for (Map.Entry<String, Object> section : sections.entrySet()) {
            for (java.lang.reflect.Field f : section.getValue().getClass().getFields()) {
                try {
                    if (f.getType() == Duration.class && f.get(section.getValue()) == null) {
                        JsonProperty name = f.getAnnotation(JsonProperty.class);
                        unset.add(section.getKey() + "." + (name != null ? name.value() : f.getName()));
                    }
                } catch (IllegalAccessException e) {
                    throw new IllegalStateException(e);
                }
            }
        }
        return unset;
    }

    private void checkTransactionTimeout(List<String> problems) {
        if (checkpoints.timeout == null || checkpoints.timeout.isNegative() || checkpoints.timeout.isZero()) {
            problems.add("checkpoints.timeout must be positive, not " + checkpoints.timeout);
            return;
        }
        long transactionTimeout = dev.driftline.sinks.kafka.KafkaSinks.TRANSACTION_TIMEOUT_MS;
        String configured = kafka.properties.get("transaction.timeout.ms");
        if (configured != null) {
            try {
                transactionTimeout = Long.parseLong(configured.trim());
            } catch (NumberFormatException e) {
                problems.add("kafka.properties.transaction.timeout.ms must be a number of milliseconds, not '"
                        + configured + "'");
                return;
            }
        }
        long worstCase = (Math.max(0, checkpoints.tolerableFailures) + 1L)
                * (checkpoints.interval.toMillis() + checkpoints.timeout.toMillis());
        if (worstCase >= transactionTimeout) {
            problems.add("checkpoints: (tolerable-failures + 1) × (interval + timeout) = " + worstCase
                    + " ms must stay under the Kafka transaction timeout (" + transactionTimeout + " ms): a checkpoint"
                    + " completing later would commit transactions the broker has already aborted, losing results;"
                    + " lower checkpoints.timeout or tolerable-failures, or raise kafka.properties.transaction.timeout.ms"
                    + " (at most the broker's transaction.max.timeout.ms)");
        }
    }

    private static void checkStore(String key, dev.driftline.sinks.store.StoreSettings store, List<String> types,
                                   List<String> problems) {
        if (!types.contains(store.kind())) {
            problems.add(key + ".type must be one of " + types + ", not '" + store.type + "'");
            return;
        }
        if (!store.enabled()) {
            return;
        }
        if (store.url == null || store.url.isBlank()) {
            problems.add(key + ".url is required for type " + store.kind());
        }
        if (store.password != null) {
            try {
                dev.driftline.sinks.notify.SecretResolver.checkReference(key + ".password", store.password);
            } catch (IllegalArgumentException e) {
                problems.add(e.getMessage());
            }
        }
        if (store.batchSize < 1) {
            problems.add(key + ".batch-size must be at least 1");
        }
        if (!"tdengine".equals(store.kind())
                && store.maxOutage.compareTo(dev.driftline.sinks.store.StoreSettings.MAX_SQL_OUTAGE) > 0) {
            problems.add(key + ".max-outage must be at most " + dev.driftline.sinks.store.StoreSettings.MAX_SQL_OUTAGE
                    + " for a SQL store, not " + store.maxOutage + ": the JDBC writer's wait cannot be interrupted,"
                    + " and Flink kills a TaskManager whose task has not stopped 3 min after a cancel");
        }
    }

    /** Names of the enabled applications, in configuration order. */
    public List<String> enabledApplications() {
        return applications.entrySet().stream().filter(e -> e.getValue().enabled).map(Map.Entry::getKey).toList();
    }
}
