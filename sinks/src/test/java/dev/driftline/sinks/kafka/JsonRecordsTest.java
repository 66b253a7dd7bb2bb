package dev.driftline.sinks.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.driftline.functions.model.MonitoringResult;
import org.junit.jupiter.api.Test;

class JsonRecordsTest {
    private static final ObjectMapper MAPPER = new ObjectMapper();

    private static MonitoringResult result(String type, String name) {
        MonitoringResult r = new MonitoringResult();
        r.type = type;
        r.endpointId = "ep-fraud";
        r.project = "bank";
        r.model = "fraud:3";
        r.application = "histogram-data-drift";
        r.name = name;
        r.windowStart = 1_700_000_000_000L;
        r.windowEnd = 1_700_000_600_000L;
        r.value = 0.75;
        return r;
    }

    @Test
    void aResultCarriesItsIdItsFullyQualifiedNameAndItsWindow() throws Exception {
        MonitoringResult r = result(MonitoringResult.RESULT, "general_drift");
        r.kind = 0;
        r.status = 2;
        r.extraData = "{\"features\":3}";

        JsonNode n = MAPPER.readTree(MAPPER.writeValueAsString(JsonRecords.result(r)));

        assertThat(n.get("id").asText()).isEqualTo("ep-fraud.histogram-data-drift.result.general_drift");
        assertThat(n.get("full_name").asText()).isEqualTo("bank.histogram-data-drift.result.general_drift");
        assertThat(n.get("start_infer_time").asText()).isEqualTo("2023-11-14T22:13:20Z");
        assertThat(n.get("end_infer_time_ms").asLong()).isEqualTo(1_700_000_600_000L);
        assertThat(n.get("value").asDouble()).isEqualTo(0.75);
        assertThat(n.get("kind").asText()).isEqualTo("data_drift");
        assertThat(n.get("status").asText()).isEqualTo("detected");
        assertThat(n.get("extra_data").get("features").asInt()).isEqualTo(3);
    }

    @Test
    void aMetricIsNamedAsAMetricAndHasNoKindOrStatus() throws Exception {
        JsonNode n = MAPPER.readTree(MAPPER.writeValueAsString(JsonRecords.result(result(MonitoringResult.METRIC, "tvd_mean"))));

        assertThat(n.get("id").asText()).isEqualTo("ep-fraud.histogram-data-drift.metric.tvd_mean");
        assertThat(n.get("full_name").asText()).isEqualTo("bank.histogram-data-drift.metric.tvd_mean");
        assertThat(n.has("kind")).isFalse();
        assertThat(n.has("status")).isFalse();
    }

    @Test
    void withoutAProjectThereIsNoFullyQualifiedName() throws Exception {
        MonitoringResult r = result(MonitoringResult.METRIC, "tvd_mean");
        r.project = null;
        JsonNode n = MAPPER.readTree(MAPPER.writeValueAsString(JsonRecords.result(r)));
        assertThat(n.get("full_name").isNull()).isTrue();
        assertThat(n.get("id").asText()).isEqualTo("ep-fraud.histogram-data-drift.metric.tvd_mean");
    }
}
