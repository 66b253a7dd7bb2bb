package dev.driftline.apps;

import com.fasterxml.jackson.annotation.JsonProperty;

/** general_drift thresholds: at or above {@code potential} → potential_detection, at or above {@code detected} → detected. */
public record DriftThresholds(@JsonProperty("potential") double potential, @JsonProperty("detected") double detected) {
    public static final DriftThresholds DEFAULT = new DriftThresholds(0.5, 0.7);

    public DriftThresholds {
        if (!(potential <= detected)) {
            throw new IllegalArgumentException("potential threshold " + potential + " must be <= detected " + detected);
        }
    }

    public ResultStatus statusOf(double value) {
        if (value >= detected) {
            return ResultStatus.DETECTED;
        }
        if (value >= potential) {
            return ResultStatus.POTENTIAL_DETECTION;
        }
        return ResultStatus.NO_DETECTION;
    }
}
