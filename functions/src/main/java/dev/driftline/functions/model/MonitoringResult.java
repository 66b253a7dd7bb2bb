package dev.driftline.functions.model;

/**
 * One application result or metric for one (endpoint, window): what the writer stores and publishes. For a metric
 * {@code kind} and {@code status} are null.
 */
public class MonitoringResult {
    public static final String RESULT = "result";
    public static final String METRIC = "metric";

    /** {@link #RESULT} or {@link #METRIC}. */
    public String type;
    public String endpointId;
    public String project;
    public String model;
    public String application;
    public String name;
    public long windowStart;
    public long windowEnd;
    public double value;
    /** Result kind code (0..4), -1 for a metric. */
    public int kind = -1;
    /** Result status code (-1..2); 0 for a metric. */
    public int status;
    /** Small JSON object; null for a metric. */
    public String extraData;

    public MonitoringResult() {}

    /** {@code {endpoint_id}.{app}.result.{name}} or {@code ...metric...}: the id alerts and stores use. */
    public String id() {
        return endpointId + "." + application + "." + type + "." + name;
    }

    /**
     * {@code {project}.{app}.{result|metric}.{name}}: the fully qualified name (spec §4), the same for every endpoint of
     * a project, by which a result or metric is listed and selected across endpoints; null when the project is unknown.
     */
    public String fullName() {
        return project == null ? null : project + "." + application + "." + type + "." + name;
    }
}
