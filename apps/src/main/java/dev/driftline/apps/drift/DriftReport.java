package dev.driftline.apps.drift;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import dev.driftline.apps.ResultStatus;
import java.util.List;
import java.util.Map;

/**
 * The histogram-data-drift verdict of one window: per-feature distances, their unweighted means and
 * {@code general_drift = (hellinger_mean + tvd_mean) / 2} with its status. Serialises to the JSON that
 * {@code driftline drift} prints.
 */
@JsonPropertyOrder({"features", "tvd_mean", "hellinger_mean", "kld_mean", "general_drift", "status", "skipped"})
public record DriftReport(
        @JsonProperty("features") Map<String, FeatureDrift> features,
        @JsonProperty("tvd_mean") double tvdMean,
        @JsonProperty("hellinger_mean") double hellingerMean,
        @JsonProperty("kld_mean") double kldMean,
        @JsonProperty("general_drift") double generalDrift,
        @JsonIgnore ResultStatus status,
        /* Columns left out, with why (no reference, empty in this window, ...). */
        @JsonProperty("skipped") Map<String, String> skipped) {

    @JsonProperty("status")
    public String statusName() {
        return status.wireName();
    }

    public boolean isEmpty() {
        return features.isEmpty();
    }

    public List<String> featureNames() {
        return List.copyOf(features.keySet());
    }
}
