package dev.driftline.sinks.store;

/**
 * One application result or metric as read back from a time-series store, for people ({@code driftline results}).
 *
 * @param type {@code result} or {@code metric}
 * @param kind the result kind code (0..4), -1 for a metric
 * @param status the result status code (-1..2), 0 for a metric
 * @param extraData JSON, null for a metric
 */
public record StoredResult(String project, String endpointId, String application, String type, String name,
                           long windowStart, long windowEnd, double value, int kind, int status, String extraData) {}
