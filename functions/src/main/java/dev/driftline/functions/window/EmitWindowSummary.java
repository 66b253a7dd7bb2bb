package dev.driftline.functions.window;

import dev.driftline.functions.model.WindowSummary;
import org.apache.flink.streaming.api.functions.windowing.ProcessWindowFunction;
import org.apache.flink.streaming.api.windowing.windows.TimeWindow;
import org.apache.flink.util.Collector;

/** Stamps a closed window's statistics with its bounds: the point where the controller's role ends. */
public class EmitWindowSummary extends ProcessWindowFunction<WindowAccumulator, WindowSummary, String, TimeWindow> {
    private static final long serialVersionUID = 1L;

    @Override
    public void process(String endpointId, Context context, Iterable<WindowAccumulator> elements, Collector<WindowSummary> out) {
        for (WindowAccumulator acc : elements) {
            if (acc.records == 0) {
                continue; // empty windows produce nothing
            }
            out.collect(summarize(endpointId, context.window(), acc));
        }
    }

    static WindowSummary summarize(String endpointId, TimeWindow window, WindowAccumulator acc) {
        WindowSummary s = new WindowSummary();
        s.endpointId = endpointId;
        s.project = acc.project;
        s.windowStart = window.getStart();
        s.windowEnd = window.getEnd();
        s.recordCount = acc.records;
        s.firstRequest = acc.firstRequest;
        s.lastRequest = acc.lastRequest;
        s.latencyAvgMicros = acc.latencyCount == 0 ? Double.NaN : acc.latencySum / acc.latencyCount;
        s.estimatedPredictionCount = acc.estimatedPredictions;
        s.columns = acc.columns;
        s.featureCount = acc.featureCount;
        s.stats = acc.stats;
        s.definitionVersion = acc.definitionVersion;
        return s;
    }
}
