package dev.driftline.apps;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import dev.driftline.apps.stats.FeatureReference;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A model endpoint definition as published on the control topic (JSON, snake_case like MLRun's model endpoint
 * record). Unknown fields are ignored so that newer definitions do not break older jobs.
 */
@JsonIgnoreProperties(ignoreUnknown = true)
@JsonInclude(JsonInclude.Include.NON_NULL)
public class EndpointInfo {
    @JsonProperty("id")
    public String id;
    @JsonProperty("name")
    public String name;
    @JsonProperty("project")
    public String project;
    @JsonProperty("model")
    public String model;
    @JsonProperty("function_uri")
    public String functionUri;
    @JsonProperty("feature_names")
    public List<String> featureNames = new ArrayList<>();
    @JsonProperty("label_names")
    public List<String> labelNames = new ArrayList<>();
    /** Reference statistics per column (features and labels), MLRun's {@code feature_stats} format. */
    @JsonProperty("feature_stats")
    public Map<String, FeatureReference> featureStats = new LinkedHashMap<>();
    @JsonProperty("thresholds")
    public DriftThresholds thresholds;
    @JsonProperty("labels")
    public Map<String, String> labels;
    /** {@code enabled} or {@code disabled}; a disabled endpoint is stored but not analysed. */
    @JsonProperty("monitoring_mode")
    public String monitoringMode = "enabled";
    /** True for an endpoint seen in traffic but never registered (generated column names, no reference). */
    @JsonProperty("generated")
    public boolean generated;

    public EndpointInfo() {}

    public DriftThresholds thresholdsOrDefault() {
        return thresholds == null ? DriftThresholds.DEFAULT : thresholds;
    }

    public boolean hasReference() {
        return featureStats != null && !featureStats.isEmpty();
    }

    public boolean monitoringEnabled() {
        return !"disabled".equalsIgnoreCase(monitoringMode);
    }

    /** Name of input column {@code i}: the registered feature name, else {@code f<i>}. */
    public String featureName(int i) {
        return featureNames != null && i < featureNames.size() ? featureNames.get(i) : "f" + i;
    }

    /** Name of output column {@code i}: the registered label name, else {@code p<i>}. */
    public String labelName(int i) {
        return labelNames != null && i < labelNames.size() ? labelNames.get(i) : "p" + i;
    }

    /** What makes this definition unusable (one line per problem); empty when it is fine. */
    public java.util.List<String> problems() {
        java.util.List<String> out = new java.util.ArrayList<>();
        if (featureStats != null) {
            featureStats.forEach((column, ref) -> {
                String p = ref == null ? "no statistics" : ref.problem();
                if (p != null) {
                    out.add("feature_stats of '" + column + "': " + p);
                }
            });
        }
        return out;
    }

    /** Keeps the reference histograms unboxed ({@link FeatureReference#compact}); returns this definition. */
    public EndpointInfo compact() {
        if (featureStats != null) {
            featureStats.values().forEach(ref -> {
                if (ref != null) {
                    ref.compact();
                }
            });
        }
        return this;
    }

    /** An endpoint seen in traffic but never registered. */
    public static EndpointInfo generated(String id, String project, String model, String functionUri) {
        EndpointInfo e = new EndpointInfo();
        e.id = id;
        e.name = model != null ? model : id;
        e.project = project;
        e.model = model;
        e.functionUri = functionUri;
        e.generated = true;
        return e;
    }
}
