package dev.driftline.apps;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.Test;

class ApplicationOutputTest {
    @Test
    void aNullResultIsRefusedWhereTheApplicationAddsIt() {
        ApplicationOutput output = ApplicationOutput.empty();
        assertThatThrownBy(() -> output.result(null))
                .isInstanceOf(NullPointerException.class)
                .hasMessage("an application result must not be null");
        assertThat(output.results()).isEmpty();
    }

    @Test
    void resultsAndMetricsKeepTheirOrder() {
        ApplicationOutput output = ApplicationOutput.empty()
                .result(new ApplicationResult("b", 0.5, ResultKind.DATA_DRIFT, ResultStatus.NO_DETECTION, Map.of()))
                .metric("m", 2)
                .result(new ApplicationResult("a", 0.9, ResultKind.DATA_DRIFT, ResultStatus.DETECTED, Map.of()));
        assertThat(output.results()).extracting(ApplicationResult::name).containsExactly("b", "a");
        assertThat(output.metrics()).containsExactly(new ApplicationMetric("m", 2));
    }
}
