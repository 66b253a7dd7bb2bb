package dev.driftline.functions.lag;

import dev.driftline.functions.model.AlertEvent;
import dev.driftline.functions.model.WindowSummary;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.flink.streaming.api.functions.ProcessFunction;
import org.apache.flink.util.Collector;

/**
 * Raises a {@code monitoring-lag} event when monitoring falls behind: a window closes more than {@code threshold} of
 * wall-clock time after its end (a backlog, a slow application, a stalled sink), with its own cooldown so a long
 * catch-up raises one event per cooldown, not one per window. The cooldown is per subtask and not checkpointed: after
 * a restart the first lagging window may raise a new event, which is what an operator wants to hear.
 */
public class DetectMonitoringLag extends ProcessFunction<WindowSummary, AlertEvent> {
    private static final long serialVersionUID = 1L;

    public static final String KIND = "monitoring-lag";
    public static final String ENTITY = "driftline.monitoring";

    private final long thresholdMillis;
    private final long cooldownMillis;
    private transient long lastRaised = Long.MIN_VALUE;

    public DetectMonitoringLag(Duration threshold, Duration cooldown) {
        this.thresholdMillis = threshold.toMillis();
        this.cooldownMillis = cooldown.toMillis();
    }

    @Override
    public void processElement(WindowSummary summary, Context ctx, Collector<AlertEvent> out) {
        long now = ctx.timerService().currentProcessingTime();
        long lag = now - summary.windowEnd;
        if (lag <= thresholdMillis || (lastRaised != Long.MIN_VALUE && now - lastRaised < cooldownMillis)) {
            return;
        }
        lastRaised = now;
        AlertEvent e = new AlertEvent();
        e.kind = KIND;
        e.project = summary.project;
        e.entityKind = "monitoring";
        e.entityId = ENTITY;
        e.timestamp = summary.windowEnd;
        e.id = ENTITY + "@" + summary.windowEnd + ":" + KIND;
        Map<String, Object> value = new LinkedHashMap<>();
        value.put("lag_ms", lag);
        value.put("threshold_ms", thresholdMillis);
        value.put("window_end", Instant.ofEpochMilli(summary.windowEnd).toString());
        value.put("model_endpoint_id", summary.endpointId);
        e.value = value;
        out.collect(e);
    }
}
