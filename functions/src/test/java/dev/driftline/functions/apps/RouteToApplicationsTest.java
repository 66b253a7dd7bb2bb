package dev.driftline.functions.apps;

import static dev.driftline.functions.endpoint.TestEndpoints.T0;
import static org.assertj.core.api.Assertions.assertThat;

import dev.driftline.functions.model.WindowSummary;
import java.util.List;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.OneInputStreamOperatorTestHarness;
import org.apache.flink.streaming.util.ProcessFunctionTestHarnesses;
import org.junit.jupiter.api.Test;

class RouteToApplicationsTest {

    @Test
    void everyEnabledApplicationGetsEverySummaryAndTheMainOutputToo() throws Exception {
        RouteToApplications router = new RouteToApplications(List.of("histogram-data-drift", "latency-slo"));
        try (OneInputStreamOperatorTestHarness<WindowSummary, WindowSummary> h = ProcessFunctionTestHarnesses.forProcessFunction(router)) {
            WindowSummary first = Fixtures.sameDistribution("ep-a", T0);
            WindowSummary second = Fixtures.farShifted("ep-b", T0 + Fixtures.MINUTE);
            h.processElement(first, first.windowEnd - 1);
            h.processElement(second, second.windowEnd - 1);

            for (String app : List.of("histogram-data-drift", "latency-slo")) {
                assertThat(router.tag(app)).isEqualTo(RouteToApplications.tagFor(app));
                assertThat(router.tag(app).getId()).isEqualTo("app-" + app);
                // The harness copies records through their serializer: compare by content.
                assertThat(h.getSideOutput(RouteToApplications.tagFor(app)))
                        .extracting(StreamRecord::getValue)
                        .usingRecursiveFieldByFieldElementComparator()
                        .containsExactly(first, second);
                assertThat(h.getSideOutput(RouteToApplications.tagFor(app)))
                        .extracting(StreamRecord::getTimestamp)
                        .containsExactly(first.windowEnd - 1, second.windowEnd - 1);
            }
            assertThat(h.extractOutputValues()).usingRecursiveFieldByFieldElementComparator().containsExactly(first, second);
            assertThat(router.tag("not-enabled")).isNull();
            assertThat(h.getSideOutput(RouteToApplications.tagFor("not-enabled"))).isNull();
        }
    }

    @Test
    void withNoApplicationsOnlyTheMainOutputIsUsed() throws Exception {
        RouteToApplications router = new RouteToApplications(List.of());
        try (OneInputStreamOperatorTestHarness<WindowSummary, WindowSummary> h = ProcessFunctionTestHarnesses.forProcessFunction(router)) {
            WindowSummary s = Fixtures.sameDistribution("ep-a", T0);
            h.processElement(s, 0);
            assertThat(h.extractOutputValues()).extracting(x -> x.endpointId, x -> x.windowStart)
                    .containsExactly(org.assertj.core.groups.Tuple.tuple("ep-a", T0));
            assertThat(h.getSideOutput(RouteToApplications.tagFor("histogram-data-drift"))).isNull();
        }
    }
}
