package dev.driftline.job.topology;

import dev.driftline.apps.MonitoringApplication;
import dev.driftline.functions.alerts.AlertConfig;
import dev.driftline.functions.alerts.AlertControl;
import dev.driftline.functions.alerts.AlertMatch;
import dev.driftline.functions.alerts.DeliveryOutcome;
import dev.driftline.functions.alerts.EvaluateAlert;
import dev.driftline.functions.alerts.FiredAlert;
import dev.driftline.functions.alerts.MatchAlerts;
import dev.driftline.functions.lag.DetectMonitoringLag;
import dev.driftline.sinks.notify.DeliverNotifications;
import dev.driftline.sinks.notify.RetryPolicy;
import java.util.concurrent.TimeUnit;
import org.apache.flink.streaming.api.datastream.AsyncDataStream;
import dev.driftline.apps.stats.Binning;
import dev.driftline.functions.apps.RouteToApplications;
import dev.driftline.functions.apps.RunApplication;
import dev.driftline.functions.apps.ToAlertEvents;
import dev.driftline.functions.decode.DecodeInferenceEvents;
import dev.driftline.functions.decode.DecoderSettings;
import dev.driftline.functions.decode.GroupByEndpoint;
import dev.driftline.functions.endpoint.EndpointDefinitions;
import dev.driftline.functions.endpoint.EndpointCatalog;
import dev.driftline.functions.endpoint.EnrichWithEndpoint;
import dev.driftline.functions.model.AlertEvent;
import dev.driftline.functions.model.AppNotice;
import dev.driftline.functions.model.DeadLetter;
import dev.driftline.functions.activity.AggregateEndpointActivity;
import dev.driftline.functions.activity.ActivityPartial;
import dev.driftline.functions.activity.PreAggregateActivity;
import dev.driftline.functions.model.EndpointActivity;
import dev.driftline.functions.model.EndpointDefinition;
import dev.driftline.functions.model.EndpointRun;
import dev.driftline.functions.model.InferenceError;
import dev.driftline.functions.model.InferenceRecord;
import dev.driftline.functions.model.MonitoredRecord;
import dev.driftline.functions.model.MonitoringResult;
import dev.driftline.functions.model.WindowSummary;
import dev.driftline.functions.window.EmitWindowSummary;
import dev.driftline.functions.window.LatePartialsToDeadLetters;
import dev.driftline.functions.window.LateRecordsToDeadLetters;
import dev.driftline.functions.window.MergeWindowPartials;
import dev.driftline.functions.window.PreAggregateWindows;
import dev.driftline.functions.window.WindowAccumulator;
import dev.driftline.job.config.DriftlineConfig;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.java.functions.KeySelector;
import org.apache.flink.streaming.api.datastream.BroadcastStream;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.datastream.SingleOutputStreamOperator;
import org.apache.flink.streaming.api.windowing.assigners.TumblingEventTimeWindows;
import org.apache.flink.util.OutputTag;

/**
 * Builds the monitoring job, in the order of the design:
 *
 * <pre>
 * inference events (event time, watermarks per partition) ─ decode ─┬─ (dead letters, request errors)
 *                            └─ group by endpoint ─ forward ─ enrich with endpoint definition (broadcast)
 *                                                                             (no keyed shuffle of rows)
 *                                 ├─ every record → offline store
 *                                 ├─ pre-aggregate activity ─ keyBy(endpoint) ─ endpoint activity (+ request errors)
 *                                 └─ pre-aggregate windows ─ keyBy(endpoint) ─ tumbling windows of base_period (the
 *                                      controller) ─ route to applications
 *                                      └─ one operator per application: app-&lt;name&gt; ─ results/metrics ─┬─ writer
 *                                                                                                   └─ alert events
 * alert events (+ monitoring lag) ─ match alerts ─ keyBy(alert, entity) ─ evaluate (criteria, reset, cooldown)
 *                                     ├─ fired alerts                     (alert configurations: broadcast)
 *                                     └─ notifications ─ asynchronous delivery (webhook, Slack, email, log)
 * </pre>
 *
 * Sources, the endpoint catalog and sinks are parameters, so tests run the same topology on their own inputs and
 * outputs.
 */
public final class DriftlineTopology {
    public static final String UID_DECODE = "decode-inference-events";
    public static final String UID_GROUP = "group-by-endpoint";
    public static final String UID_ENRICH = "enrich-with-endpoint";
    public static final String UID_PRE_AGGREGATE = "pre-aggregate-windows";
    public static final String UID_WINDOWS = "endpoint-windows";
    public static final String UID_LATE = "late-records-to-dead-letters";
    public static final String UID_LATE_PARTIALS = "late-partials-to-dead-letters";
    public static final String UID_ROUTE = "route-to-applications";
    public static final String UID_RESULT_ALERTS = "results-to-alert-events";
    public static final String UID_FAILURE_ALERTS = "failures-to-alert-events";
    public static final String UID_LAG = "detect-monitoring-lag";
    public static final String UID_MATCH_ALERTS = "match-alerts";
    public static final String UID_EVALUATE_ALERTS = "evaluate-alerts";
    public static final String UID_DELIVER = "deliver-notifications";
    public static final String UID_PRE_AGGREGATE_ACTIVITY = "pre-aggregate-activity";
    public static final String UID_ACTIVITY = "endpoint-activity";

    static final OutputTag<MonitoredRecord> LATE_RECORDS =
            new OutputTag<>("late-records", TypeInformation.of(MonitoredRecord.class));
    static final OutputTag<WindowAccumulator> LATE_PARTIALS =
            new OutputTag<>("late-window-partials", TypeInformation.of(WindowAccumulator.class));

    private DriftlineTopology() {}

    /** The streams of one built topology, for callers that attach more. */
    public record Streams(DataStream<MonitoredRecord> records, DataStream<WindowSummary> windows,
                          DataStream<MonitoringResult> results, DataStream<AlertEvent> alerts) {}

    /** The job's inputs: inference events, endpoint definitions and alert commands (control streams). */
    public record Sources(DataStream<dev.driftline.functions.model.RawEvent> inferenceEvents,
                          DataStream<EndpointDefinition> endpointDefinitions,
                          DataStream<AlertControl> alertControls) {}

    /** The window operator's outputs: one summary per endpoint and window, and the partials that came too late. */
    record EndpointWindows(SingleOutputStreamOperator<WindowSummary> summaries, DataStream<DeadLetter> latePartials) {}

    /**
     * Tumbling windows of base_period per endpoint over the pre-aggregated partials. A partial can still be late here
     * although its own subtask did not find it late: the window operator follows the smallest watermark of its inputs,
     * and an input that was idle (no traffic on its source subtask since start) comes back behind the others. Flink
     * would drop it silently; its records are dead-lettered instead.
     */
    static EndpointWindows endpointWindows(DataStream<WindowAccumulator> partials, DriftlineConfig.Windows w) {
        KeySelector<WindowAccumulator, String> partialEndpoint = p -> p.endpointId;
        SingleOutputStreamOperator<WindowSummary> summaries = partials
                .keyBy(partialEndpoint)
                .window(TumblingEventTimeWindows.of(w.basePeriod, w.offset))
                .sideOutputLateData(LATE_PARTIALS)
                .aggregate(new MergeWindowPartials(), new EmitWindowSummary())
                .uid(UID_WINDOWS).name("Endpoint windows");
        DataStream<DeadLetter> latePartials = summaries.getSideOutput(LATE_PARTIALS)
                .map(new LatePartialsToDeadLetters())
                .uid(UID_LATE_PARTIALS).name("Late window partials to dead letters");
        return new EndpointWindows(summaries, latePartials);
    }

    /** The topology without an alert control stream: alerts come from the configuration alone. */
    public static Streams build(DriftlineConfig config,
                                DataStream<dev.driftline.functions.model.RawEvent> inferenceEvents,
                                DataStream<EndpointDefinition> endpointDefinitions,
                                EndpointCatalog catalog,
                                Map<String, MonitoringApplication> applications,
                                DriftlineSinks sinks) {
        // An empty control stream derived from the endpoint definitions (and so with their watermarks), not a source.
        DataStream<AlertControl> none = endpointDefinitions
                .flatMap((EndpointDefinition d, org.apache.flink.util.Collector<AlertControl> out) -> { })
                .returns(AlertControl.class)
                .uid("no-alert-control").name("No alert control");
        return build(config, new Sources(inferenceEvents, endpointDefinitions, none), catalog, applications, sinks);
    }

    public static Streams build(DriftlineConfig config,
                                Sources sources,
                                EndpointCatalog catalog,
                                Map<String, MonitoringApplication> applications,
                                DriftlineSinks sinks) {
        DataStream<dev.driftline.functions.model.RawEvent> inferenceEvents = sources.inferenceEvents();
        DataStream<EndpointDefinition> endpointDefinitions = sources.endpointDefinitions();
        DriftlineConfig.Windows w = config.windows;
        BroadcastStream<EndpointDefinition> endpoints = endpointDefinitions.broadcast(EndpointDefinitions.BROADCAST_STATES);

        // 1. Decode MLRun serving events into one record per row; bad input becomes a dead letter with its reason.
        //    The source has decoded each event already (it needs the event time) and the decoded form reaches this
        //    function by reference as long as the two stay chained; across a shuffle it would be decoded twice.
        SingleOutputStreamOperator<InferenceRecord> decoded = inferenceEvents
                .process(new DecodeInferenceEvents(decoderSettings(config)))
                .uid(UID_DECODE).name("Decode inference events");
        DataStream<InferenceError> errors = decoded.getSideOutput(DecodeInferenceEvents.ERRORS);
        sinks.errors(errors);

        // 2. Name and bin each record from its endpoint's definition (broadcast from the control topic). Not keyed:
        //    each enrichment subtask takes the rows of its own source subtask (a forward channel, in the same task
        //    manager), with the records sink and both pre-aggregations chained to it, and only the pre-aggregated
        //    partials are shuffled by endpoint. (Flink chains single-input operators only, so enrichment, which has the
        //    definitions as a second input, starts a task of its own.) Rows are thus processed with the source's
        //    parallelism: give the inference topic at least as many partitions as the job has parallel subtasks.
        //    Rows leave decoding as runs of one endpoint (serialized as they arrive, handed on after at most
        //    decoder.group-max-delay), so that enrichment, the records table and the pre-aggregations work through
        //    one endpoint at a time with its state in the cache.
        Binning binning = binningOf(config);
        SingleOutputStreamOperator<EndpointRun> grouped = decoded
                .transform("Group by endpoint", TypeInformation.of(EndpointRun.class),
                        new GroupByEndpoint(config.decoder.groupRows, config.decoder.groupMaxDelay))
                .uid(UID_GROUP).name("Group by endpoint");
        SingleOutputStreamOperator<MonitoredRecord> enriched = grouped
                .connect(endpoints)
                .process(new EnrichWithEndpoint(binning, catalog))
                .uid(UID_ENRICH).name("Enrich with endpoint");

        // 3. Event time: each record carries its request's `when` as its timestamp, and watermarks come from the
        //    source, per Kafka partition (DriftlineJob.inferenceWatermarks).
        DataStream<MonitoredRecord> records = enriched;
        sinks.records(records);

        // The stream function's outputs per endpoint (requests, errors, latency, predictions per interval), in
        // event time from the records and the failed requests.
        KeySelector<InferenceError, String> errorEndpoint = e -> e.endpointId;
        // Rows are counted per (endpoint, minute) where they are enriched; the activity operator, which also takes the
        // failed requests, then sees a few partials per minute instead of every row.
        DataStream<ActivityPartial> requests = records
                .transform("Pre-aggregate activity", TypeInformation.of(ActivityPartial.class),
                        new PreAggregateActivity(config.stores.activityInterval, w.maxOpenPartials))
                .uid(UID_PRE_AGGREGATE_ACTIVITY).name("Pre-aggregate activity");
        KeySelector<ActivityPartial, String> partialActivityEndpoint = p -> p.endpointId;
        DataStream<EndpointActivity> activity = requests
                .keyBy(partialActivityEndpoint)
                .connect(errors.keyBy(errorEndpoint))
                .process(new AggregateEndpointActivity(config.stores.activityInterval, config.stores.activityExpiry))
                .uid(UID_ACTIVITY).name("Endpoint activity");
        sinks.activity(activity);

        // 4. The controller: tumbling event-time windows of base_period per endpoint. Records are first folded into
        //    partial aggregates per (endpoint, window), handed on when the window closes and before each checkpoint,
        //    so the window operator merges a few partials per window (one per source subtask that saw the endpoint)
        //    instead of touching its state for every record. Lateness is decided there, against the subtask's own
        //    watermark: a record behind its own partitions' watermark is late whatever the other partitions do.
        SingleOutputStreamOperator<WindowAccumulator> partials = records
                .transform("Pre-aggregate windows", TypeInformation.of(WindowAccumulator.class),
                        new PreAggregateWindows(w.basePeriod, w.offset, w.maxOpenPartials, LATE_RECORDS))
                .uid(UID_PRE_AGGREGATE).name("Pre-aggregate windows");
        EndpointWindows endpointWindows = endpointWindows(partials, w);
        SingleOutputStreamOperator<WindowSummary> windows = endpointWindows.summaries();
        DataStream<DeadLetter> late = partials.getSideOutput(LATE_RECORDS)
                .map(new LateRecordsToDeadLetters())
                .uid(UID_LATE).name("Late records to dead letters");
        sinks.deadLetters(decoded.getSideOutput(DecodeInferenceEvents.DEAD_LETTERS)
                .union(late, endpointWindows.latePartials()));

        // 5. Fan-out: one side output and one operator per enabled application.
        RouteToApplications router = new RouteToApplications(new ArrayList<>(applications.keySet()));
        SingleOutputStreamOperator<WindowSummary> routed = windows
                .process(router)
                .uid(UID_ROUTE).name("Route to applications");
        List<DataStream<MonitoringResult>> appResults = new ArrayList<>();
        List<DataStream<AppNotice>> appNotices = new ArrayList<>();
        KeySelector<WindowSummary, String> summaryEndpoint = s -> s.endpointId;
        for (Map.Entry<String, MonitoringApplication> app : applications.entrySet()) {
            String uid = "app-" + app.getKey();
            SingleOutputStreamOperator<MonitoringResult> out = routed
                    .getSideOutput(router.tag(app.getKey()))
                    .keyBy(summaryEndpoint)
                    .connect(endpoints)
                    .process(new RunApplication(app.getValue(), catalog))
                    .uid(uid).name(uid);
            appResults.add(out);
            appNotices.add(out.getSideOutput(RunApplication.NOTICES));
        }
        // Monitoring that falls behind is itself an alert event.
        DataStream<AlertEvent> lag = routed
                .process(new DetectMonitoringLag(config.alerts.lagThreshold, config.alerts.lagCooldown))
                .uid(UID_LAG).name("Detect monitoring lag");
        if (appResults.isEmpty()) {
            DataStream<AlertEvent> alerts = lag;
            sinks.alerts(alerts);
            evaluateAlerts(config, alerts, sources.alertControls(), sinks);
            return new Streams(records, routed, null, alerts);
        }

        // 6. Writer: results and metrics, application notices, alert events.
        DataStream<MonitoringResult> results = unionAll(appResults);
        DataStream<AppNotice> notices = unionAll(appNotices);
        sinks.results(results);
        sinks.notices(notices);
        DataStream<AlertEvent> resultAlerts = results
                .flatMap((MonitoringResult r, org.apache.flink.util.Collector<AlertEvent> out) -> {
                    AlertEvent e = ToAlertEvents.fromResult(r);
                    if (e != null) {
                        out.collect(e);
                    }
                })
                .returns(AlertEvent.class)
                .uid(UID_RESULT_ALERTS).name("Results to alert events");
        DataStream<AlertEvent> failureAlerts = notices
                .flatMap((AppNotice n, org.apache.flink.util.Collector<AlertEvent> out) -> {
                    AlertEvent e = ToAlertEvents.fromNotice(n);
                    if (e != null) {
                        out.collect(e);
                    }
                })
                .returns(AlertEvent.class)
                .uid(UID_FAILURE_ALERTS).name("Failures to alert events");
        DataStream<AlertEvent> alerts = resultAlerts.union(failureAlerts, lag);
        sinks.alerts(alerts);

        // 7. Alerts: configured criteria per (alert, entity) in event time, then notifications.
        evaluateAlerts(config, alerts, sources.alertControls(), sinks);
        return new Streams(records, routed, results, alerts);
    }

    private static void evaluateAlerts(DriftlineConfig config, DataStream<AlertEvent> events,
                                       DataStream<AlertControl> controls, DriftlineSinks sinks) {
        List<AlertConfig> definitions = config.alerts.definitions;
        BroadcastStream<AlertControl> rules = controls.broadcast(MatchAlerts.ALERTS);
        DataStream<AlertMatch> matches = events
                .connect(rules)
                .process(new MatchAlerts(definitions))
                .uid(UID_MATCH_ALERTS).name("Match alerts");
        SingleOutputStreamOperator<FiredAlert> fired = matches
                .keyBy(EvaluateAlert.KEY)
                .connect(rules)
                .process(new EvaluateAlert(definitions))
                .uid(UID_EVALUATE_ALERTS).name("Evaluate alerts");
        sinks.firedAlerts(fired);
        DriftlineConfig.Alerts a = config.alerts;
        RetryPolicy retry = new RetryPolicy(a.deliveryAttempts, a.deliveryInitialBackoff, a.deliveryMaxBackoff, 2.0);
        // Delivery never blocks the pipeline: asynchronous, retried inside, one outcome per request (never a failure).
        DataStream<DeliveryOutcome> outcomes = AsyncDataStream.unorderedWait(
                        fired.getSideOutput(EvaluateAlert.NOTIFICATIONS), new DeliverNotifications(retry, a.effectiveReceiverFailureLimit(), a.receiverPause),
                        retry.recommendedAsyncTimeout().toMillis(), TimeUnit.MILLISECONDS, a.deliveryCapacity)
                .uid(UID_DELIVER).name("Deliver notifications");
        sinks.notificationOutcomes(outcomes);
    }

    static DecoderSettings decoderSettings(DriftlineConfig config) {
        DriftlineConfig.Decoder d = config.decoder;
        return new DecoderSettings(d.maxPayloadBytes, d.maxRowsPerEvent, d.maxColumnsPerRow, d.maxFutureSkew.toMillis());
    }

    /** Binning is decided where values are binned (enrichment), from the drift application's setting. */
    static Binning binningOf(DriftlineConfig config) {
        DriftlineConfig.Application drift = config.applications.get("histogram-data-drift");
        return drift == null ? Binning.DEFAULT : Binning.fromConfig(drift.binning);
    }

    private static <T> DataStream<T> unionAll(List<DataStream<T>> streams) {
        DataStream<T> all = streams.get(0);
        for (int i = 1; i < streams.size(); i++) {
            all = all.union(streams.get(i));
        }
        return all;
    }
}
