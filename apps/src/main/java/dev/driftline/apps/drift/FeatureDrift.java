package dev.driftline.apps.drift;

import com.fasterxml.jackson.annotation.JsonProperty;

/** The three distances of one feature between its window and its reference. */
public record FeatureDrift(@JsonProperty("tvd") double tvd,
                           @JsonProperty("hellinger") double hellinger,
                           @JsonProperty("kld") double kld) {}
