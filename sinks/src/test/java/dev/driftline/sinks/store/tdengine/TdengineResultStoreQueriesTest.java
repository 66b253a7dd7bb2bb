package dev.driftline.sinks.store.tdengine;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class TdengineResultStoreQueriesTest {

    @Test
    void resultsOfOneEndpointSinceATime() {
        assertThat(TdengineResultStore.resultsQuery("mlrun_model_monitoring", "ep-1", null, 1_700_000_000_000L))
                .isEqualTo("SELECT end_infer_time, start_infer_time, result_value, result_status, result_extra_data,"
                        + " project, endpoint_id, application_name, result_name, result_kind"
                        + " FROM mlrun_model_monitoring.app_results"
                        + " WHERE endpoint_id = 'ep-1' AND end_infer_time >= 1700000000000");
    }

    @Test
    void metricsOfOneApplication() {
        assertThat(TdengineResultStore.metricsQuery("mlrun_model_monitoring", "ep-1", "drift", 0))
                .isEqualTo("SELECT end_infer_time, start_infer_time, metric_value, project, endpoint_id,"
                        + " application_name, metric_name FROM mlrun_model_monitoring.metrics"
                        + " WHERE endpoint_id = 'ep-1' AND end_infer_time >= 0 AND application_name = 'drift'");
    }

    @Test
    void awkwardNamesAreEscaped() {
        assertThat(TdengineResultStore.resultsQuery("db", "'; DROP TABLE x; --", "it's \\ \"q\"", 5))
                .endsWith(" WHERE endpoint_id = '\\'; DROP TABLE x; --' AND end_infer_time >= 5"
                        + " AND application_name = 'it\\'s \\\\ \\\"q\\\"'");
    }
}
