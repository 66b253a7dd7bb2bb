package dev.driftline.apps;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/** What one application run returns: results and metrics (either may be empty). */
public final class ApplicationOutput {
    private final List<ApplicationResult> results = new ArrayList<>();
    private final List<ApplicationMetric> metrics = new ArrayList<>();
    private String skipReason;

    public static ApplicationOutput empty() {
        return new ApplicationOutput();
    }

    /** The application chose not to analyse this window, and says why (reported, not treated as a failure). */
    public static ApplicationOutput skipped(String reason) {
        ApplicationOutput out = new ApplicationOutput();
        out.skipReason = reason;
        return out;
    }

    public String skipReason() {
        return skipReason;
    }

    public ApplicationOutput result(ApplicationResult result) {
        results.add(Objects.requireNonNull(result, "an application result must not be null"));
        return this;
    }

    public ApplicationOutput metric(String name, double value) {
        metrics.add(new ApplicationMetric(name, value));
        return this;
    }

    public List<ApplicationResult> results() {
        return results;
    }

    public List<ApplicationMetric> metrics() {
        return metrics;
    }
}
