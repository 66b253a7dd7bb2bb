package dev.driftline.job.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import org.junit.jupiter.api.Test;

class EndpointsCommandTest {
    private static final String RECORD = """
            {"uid": "credit", "feature_stats": {"age": {"hist": [[1, 2], [0, 1, 2]]}},
             "drift_status": "DRIFT_DETECTED", "error_count": 3, "metrics": {"invocation_count": 40}}""";

    @Test
    void namedFieldsAreKeptInTheOrderAskedAndUnknownOnesIgnored() throws Exception {
        JsonNode record = ReferenceFiles.JSON.readTree(RECORD);

        JsonNode selected = EndpointsCommand.Get.selectFields(record, List.of("error_count", " drift_status", "no_such_field"));

        assertThat(ReferenceFiles.JSON.writeValueAsString(selected))
                .isEqualTo("{\"error_count\":3,\"drift_status\":\"DRIFT_DETECTED\"}");
    }

    @Test
    void withoutFieldsTheWholeRecordIsPrinted() throws Exception {
        JsonNode record = ReferenceFiles.JSON.readTree(RECORD);

        assertThat(EndpointsCommand.Get.selectFields(record, null)).isSameAs(record);
        assertThat(EndpointsCommand.Get.selectFields(record, List.of())).isSameAs(record);
    }
}
