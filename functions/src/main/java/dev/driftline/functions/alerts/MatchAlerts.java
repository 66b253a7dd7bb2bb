package dev.driftline.functions.alerts;

import dev.driftline.functions.model.AlertEvent;
import java.util.List;
import java.util.Map;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.MapStateDescriptor;
import org.apache.flink.api.common.state.ReadOnlyBroadcastState;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.api.functions.co.BroadcastProcessFunction;
import org.apache.flink.util.Collector;

/**
 * Finds the alerts each {@link AlertEvent} triggers (spec §6): one {@link AlertMatch} per alert whose
 * {@code trigger_events} contain the event's kind, whose entity is {@code *} or the event's entity, and whose project
 * is unset or the event's. Alerts are the ones given at start (the job's YAML) as changed by the alert control stream
 * ({@code set}, {@code delete}; {@code reset} is {@link EvaluateAlert}'s), held as broadcast state {@link #ALERTS}.
 */
public class MatchAlerts extends BroadcastProcessFunction<AlertEvent, AlertControl, AlertMatch> {
    private static final long serialVersionUID = 1L;

    /** Alert name → resolved AlertConfig JSON (empty: a start configuration deleted); shared with EvaluateAlert. */
    public static final MapStateDescriptor<String, String> ALERTS = new MapStateDescriptor<>("alerts", Types.STRING, Types.STRING);

    /** Name → resolved JSON of the start configurations. */
    private final Map<String, String> initial;

    private transient AlertBook book;

    /**
     * @param initial the alerts configured at start (resolved and validated here)
     * @throws IllegalArgumentException when one of them is invalid or two share a name
     */
    public MatchAlerts(List<AlertConfig> initial) {
        this.initial = new java.util.LinkedHashMap<>(AlertTemplates.resolveAll(initial));
    }

    @Override
    public void open(OpenContext openContext) throws Exception {
        book = new AlertBook(getClass().getSimpleName(), initial);
    }

    @Override
    public void processElement(AlertEvent event, ReadOnlyContext ctx, Collector<AlertMatch> out) throws Exception {
        if (event == null || event.kind == null || event.entityId == null) {
            return;
        }
        ReadOnlyBroadcastState<String, String> state = ctx.getBroadcastState(ALERTS);
        for (ResolvedAlert alert : book.forKind(state, event.kind)) {
            if (alert.matches(event.kind, event.entityId, event.project)) {
                out.collect(new AlertMatch(alert.name(), event.entityId, event.timestamp, event.id, event.kind, event.project, alert.json));
            }
        }
    }

    @Override
    public void processBroadcastElement(AlertControl control, Context ctx, Collector<AlertMatch> out) throws Exception {
        if (control == null || control.action == null) {
            return;
        }
        switch (control.action) {
            case AlertControl.SET -> book.set(ctx.getBroadcastState(ALERTS), control);
            case AlertControl.DELETE -> book.delete(ctx.getBroadcastState(ALERTS), control.name);
            default -> { } // reset: EvaluateAlert's
        }
    }
}
