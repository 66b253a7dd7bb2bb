package dev.driftline.functions.apps;

import dev.driftline.functions.model.WindowSummary;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.streaming.api.functions.ProcessFunction;
import org.apache.flink.util.Collector;
import org.apache.flink.util.OutputTag;

/** Fans each closed window out to one side output per enabled application ({@code app-<name>}). */
public class RouteToApplications extends ProcessFunction<WindowSummary, WindowSummary> {
    private static final long serialVersionUID = 1L;

    private final Map<String, OutputTag<WindowSummary>> tags = new LinkedHashMap<>();

    public RouteToApplications(List<String> applications) {
        for (String app : applications) {
            tags.put(app, tagFor(app));
        }
    }

    public static OutputTag<WindowSummary> tagFor(String application) {
        return new OutputTag<>("app-" + application, TypeInformation.of(WindowSummary.class));
    }

    public OutputTag<WindowSummary> tag(String application) {
        return tags.get(application);
    }

    @Override
    public void processElement(WindowSummary summary, Context ctx, Collector<WindowSummary> out) {
        for (OutputTag<WindowSummary> tag : tags.values()) {
            ctx.output(tag, summary);
        }
        out.collect(summary); // the main output carries the summary on to endpoint-level consumers
    }
}
