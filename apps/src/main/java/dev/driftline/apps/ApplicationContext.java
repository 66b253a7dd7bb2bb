package dev.driftline.apps;

import dev.driftline.apps.stats.FeatureReference;
import dev.driftline.apps.stats.FeatureWindowStats;
import java.util.Map;
import org.slf4j.Logger;

/**
 * Everything an application sees for one (endpoint, window). Window columns are named: input features by the
 * endpoint's feature names, predictions by its label names.
 *
 * <p>Unlike MLRun's {@code sample_df}, the window's raw records are not offered: Driftline keeps state per endpoint
 * small and bounded, so applications work on the window's statistics.
 */
public record ApplicationContext(
        String applicationName,
        EndpointInfo endpoint,
        long startInferTime,
        long endInferTime,
        long recordCount,
        Map<String, FeatureWindowStats> windowStats,
        Logger logger) {

    /** Reference statistics of the endpoint (empty when it has none). */
    public Map<String, FeatureReference> featureStats() {
        return endpoint.featureStats == null ? Map.of() : endpoint.featureStats;
    }
}
