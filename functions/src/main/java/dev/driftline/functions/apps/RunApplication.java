package dev.driftline.functions.apps;

import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.core.StreamWriteFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.driftline.apps.ApplicationContext;
import dev.driftline.apps.ApplicationMetric;
import dev.driftline.apps.ApplicationOutput;
import dev.driftline.apps.ApplicationResult;
import dev.driftline.apps.EndpointInfo;
import dev.driftline.apps.MonitoringApplication;
import dev.driftline.apps.stats.Binning;
import dev.driftline.functions.endpoint.EndpointAwareFunction;
import dev.driftline.functions.endpoint.ResolvedEndpoint;
import dev.driftline.functions.model.AppNotice;
import dev.driftline.functions.model.MonitoringResult;
import dev.driftline.functions.model.WindowSummary;
import dev.driftline.functions.endpoint.EndpointCatalog;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.metrics.Counter;
import org.apache.flink.util.Collector;
import org.apache.flink.util.OutputTag;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs one monitoring application on each closed window of an endpoint. An application that throws, or returns a
 * malformed result, yields an {@code mm-app-failed} notice instead; an application that declines a window yields
 * {@code mm-app-skipped} with its reason. Neither stops this operator, the other applications or the job.
 */
public class RunApplication extends EndpointAwareFunction<WindowSummary, MonitoringResult> {
    private static final long serialVersionUID = 1L;

    public static final OutputTag<AppNotice> NOTICES = new OutputTag<>("app-notices", TypeInformation.of(AppNotice.class));

    private final MonitoringApplication application;

    private transient ObjectMapper json;
    private transient Logger appLogger;
    private transient Counter failures;
    private transient Counter skips;
    private transient Counter runs;

    public RunApplication(MonitoringApplication application, EndpointCatalog catalog) {
        // Binning is irrelevant here (windows were binned upstream); the definition is needed for the reference.
        super(Binning.DEFAULT, catalog);
        this.application = application;
    }

    @Override
    public void open(OpenContext openContext) throws Exception {
        super.open(openContext);
        // Extra data is mostly doubles (per-feature statistics): Jackson's own double writer is several times faster
        // than Double.toString and writes the shortest text that reads back as the same double.
        json = JsonMapper.builder().enable(StreamWriteFeature.USE_FAST_DOUBLE_WRITER).build();
        appLogger = LoggerFactory.getLogger("dev.driftline.app." + application.name());
        runs = getRuntimeContext().getMetricGroup().counter("applicationRuns");
        failures = getRuntimeContext().getMetricGroup().counter("applicationFailures");
        skips = getRuntimeContext().getMetricGroup().counter("applicationSkips");
    }

    @Override
    protected EndpointInfo generatedEndpoint(WindowSummary summary, String endpointId) {
        return EndpointInfo.generated(endpointId, summary.project, null, null);
    }

    @Override
    protected void process(WindowSummary summary, ResolvedEndpoint endpoint, SideOutputs side, Collector<MonitoringResult> out) {
        EndpointInfo info = endpoint.info();
        String project = summary.project != null ? summary.project : info.project;
        if (!info.monitoringEnabled()) {
            return;
        }
        if (summary.definitionVersion != 0 && endpoint.version() != 0 && summary.definitionVersion != endpoint.version()) {
            // The window was binned on another reference's edges: comparing it with this one would be wrong.
            skips.inc();
            side.output(NOTICES, new AppNotice(AppNotice.SKIPPED, summary.endpointId, project, application.name(),
                    summary.windowStart, summary.windowEnd,
                    "the endpoint's reference changed after this window was aggregated; the next window uses the new one"));
            return;
        }
        runs.inc();
        ApplicationOutput output;
        try {
            ApplicationContext context = new ApplicationContext(application.name(), info, summary.windowStart,
                    summary.windowEnd, summary.recordCount, summary.statsByName(), appLogger);
            output = application.run(context);
            if (output == null) {
                throw new IllegalStateException("application returned no output");
            }
            // Checked here, inside the failure handling: a null found while writing the results would fail the job
            // on this window and again on every replay of it.
            if (output.results().contains(null) || output.metrics().contains(null)) {
                throw new IllegalStateException("application returned a null result or metric");
            }
        } catch (Throwable e) {
            failures.inc();
            String message = e.getClass().getName() + ": " + e.getMessage();
            appLogger.warn("Application {} failed on endpoint {} window [{}, {}): {}", application.name(),
                    summary.endpointId, summary.windowStart, summary.windowEnd, message);
            side.output(NOTICES, new AppNotice(AppNotice.FAILED, summary.endpointId, project, application.name(),
                    summary.windowStart, summary.windowEnd, message));
            return;
        }
        if (output.skipReason() != null) {
            skips.inc();
            appLogger.info("Application {} skipped endpoint {} window [{}, {}): {}", application.name(),
                    summary.endpointId, summary.windowStart, summary.windowEnd, output.skipReason());
            side.output(NOTICES, new AppNotice(AppNotice.SKIPPED, summary.endpointId, project, application.name(),
                    summary.windowStart, summary.windowEnd, output.skipReason()));
        }
        for (ApplicationResult r : output.results()) {
            MonitoringResult m = base(summary, project, info, MonitoringResult.RESULT, r.name(), r.value());
            m.kind = r.kind().code();
            m.status = r.status().code();
            m.extraData = boundedExtraData(r.extraData());
            out.collect(m);
        }
        for (ApplicationMetric metric : output.metrics()) {
            out.collect(base(summary, project, info, MonitoringResult.METRIC, metric.name(), metric.value()));
        }
    }

    /**
     * The result's extra data as JSON, bounded: a window with very many features or long category values must not
     * produce a record the results topic refuses (which would fail the sink on every replay). Over the limit, the
     * window's own statistics are dropped first, then everything but a note.
     */
    String boundedExtraData(java.util.Map<String, Object> extra) {
        try {
            String text = json.writeValueAsString(extra);
            if (text.length() <= MAX_EXTRA_DATA_CHARS) {
                return text;
            }
            java.util.Map<String, Object> smaller = new java.util.LinkedHashMap<>(extra);
            smaller.remove("current_stats");
            smaller.put("omitted", "current_stats: extra data of " + text.length() + " characters exceeds " + MAX_EXTRA_DATA_CHARS);
            String reduced = json.writeValueAsString(smaller);
            if (reduced.length() <= MAX_EXTRA_DATA_CHARS) {
                return reduced;
            }
            return json.writeValueAsString(java.util.Map.of("omitted",
                    "extra data of " + text.length() + " characters exceeds " + MAX_EXTRA_DATA_CHARS));
        } catch (Exception e) {
            return "{\"error\":\"extra data is not JSON-serialisable\"}";
        }
    }

    /** Well under Kafka's default 1 MB record limit. */
    static final int MAX_EXTRA_DATA_CHARS = 256 * 1024;

    private MonitoringResult base(WindowSummary s, String project, EndpointInfo info, String type, String name, double value) {
        MonitoringResult m = new MonitoringResult();
        m.type = type;
        m.endpointId = s.endpointId;
        m.project = project;
        m.model = info.model;
        m.application = application.name();
        m.name = name;
        m.windowStart = s.windowStart;
        m.windowEnd = s.windowEnd;
        m.value = value;
        return m;
    }
}
