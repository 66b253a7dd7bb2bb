package dev.driftline.sinks.store.tdengine;

import dev.driftline.functions.model.EndpointActivity;
import dev.driftline.functions.model.InferenceError;
import dev.driftline.functions.model.MonitoringResult;

/** Monitoring outputs for the TDengine tests. */
final class TestRows {
    private TestRows() {}

    static MonitoringResult result(String project, String endpoint, String app, String name, long start, long end,
                                   double value, int kind, int status, String extra) {
        MonitoringResult r = new MonitoringResult();
        r.type = MonitoringResult.RESULT;
        r.project = project;
        r.endpointId = endpoint;
        r.application = app;
        r.name = name;
        r.windowStart = start;
        r.windowEnd = end;
        r.value = value;
        r.kind = kind;
        r.status = status;
        r.extraData = extra;
        return r;
    }

    static MonitoringResult metric(String project, String endpoint, String app, String name, long start, long end,
                                   double value) {
        MonitoringResult r = new MonitoringResult();
        r.type = MonitoringResult.METRIC;
        r.project = project;
        r.endpointId = endpoint;
        r.application = app;
        r.name = name;
        r.windowStart = start;
        r.windowEnd = end;
        r.value = value;
        return r;
    }

    static EndpointActivity activity(String project, String endpoint, long start, double latencyMicros,
                                     String customMetrics, double estimated, long effective) {
        EndpointActivity a = new EndpointActivity();
        a.project = project;
        a.endpointId = endpoint;
        a.intervalStart = start;
        a.intervalEnd = start + 60_000;
        a.latencyAvgMicros = latencyMicros;
        a.customMetrics = customMetrics;
        a.estimatedPredictionCount = estimated;
        a.effectiveSampleCount = effective;
        return a;
    }

    static InferenceError error(String project, String endpoint, long timestamp, String errorType, String error) {
        InferenceError e = new InferenceError();
        e.project = project;
        e.endpointId = endpoint;
        e.timestamp = timestamp;
        e.errorType = errorType;
        e.error = error;
        return e;
    }
}
