package dev.driftline.functions.lag;

import static org.assertj.core.api.Assertions.assertThat;

import dev.driftline.functions.model.AlertEvent;
import dev.driftline.functions.model.WindowSummary;
import java.time.Duration;
import org.apache.flink.streaming.util.OneInputStreamOperatorTestHarness;
import org.apache.flink.streaming.util.ProcessFunctionTestHarnesses;
import org.junit.jupiter.api.Test;

class DetectMonitoringLagTest {
    private static WindowSummary window(long end) {
        WindowSummary s = new WindowSummary();
        s.endpointId = "ep-1";
        s.project = "p";
        s.windowStart = end - 60_000;
        s.windowEnd = end;
        return s;
    }

    @Test
    void aWindowClosingTooLateRaisesOneEventPerCooldown() throws Exception {
        OneInputStreamOperatorTestHarness<WindowSummary, AlertEvent> h = ProcessFunctionTestHarnesses.forProcessFunction(
                new DetectMonitoringLag(Duration.ofMinutes(5), Duration.ofMinutes(30)));
        long now = 1_800_000_000_000L;
        h.setProcessingTime(now);
        h.processElement(window(now - 60_000), 0); // closed one minute after its end: fine
        assertThat(h.extractOutputValues()).isEmpty();

        h.processElement(window(now - 10 * 60_000), 0); // ten minutes behind
        assertThat(h.extractOutputValues()).hasSize(1);
        AlertEvent e = h.extractOutputValues().get(0);
        assertThat(e.kind).isEqualTo("monitoring-lag");
        assertThat(e.entityId).isEqualTo(DetectMonitoringLag.ENTITY);
        assertThat(e.timestamp).isEqualTo(now - 10 * 60_000);
        assertThat(e.value).containsEntry("lag_ms", 10 * 60_000L).containsEntry("model_endpoint_id", "ep-1");

        h.setProcessingTime(now + 10 * 60_000);
        h.processElement(window(now - 5 * 60_000), 0); // still behind, within the cooldown: quiet
        assertThat(h.extractOutputValues()).hasSize(1);

        h.setProcessingTime(now + 31 * 60_000);
        h.processElement(window(now + 20 * 60_000), 0); // behind again after the cooldown: a new event
        assertThat(h.extractOutputValues()).hasSize(2);
    }
}
