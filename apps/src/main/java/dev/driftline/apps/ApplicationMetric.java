package dev.driftline.apps;

/** A named numeric metric of one (endpoint, window). */
public record ApplicationMetric(String name, double value) {
    public ApplicationMetric {
        ApplicationResult.checkName(name);
    }
}
