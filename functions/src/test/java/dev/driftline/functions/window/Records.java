package dev.driftline.functions.window;

import dev.driftline.apps.EndpointInfo;
import dev.driftline.apps.stats.Binning;
import dev.driftline.apps.stats.ColumnBinner;
import dev.driftline.functions.endpoint.ResolvedEndpoint;
import dev.driftline.functions.endpoint.TestEndpoints;
import dev.driftline.functions.model.MonitoredRecord;

/** Builds enriched records the way EnrichWithEndpoint does: names and bins from a resolved endpoint definition. */
final class Records {
    static final String EP = "ep-churn";
    static final String CHURN_JSON = TestEndpoints.churnJson();
    static final ResolvedEndpoint CHURN = resolved(CHURN_JSON);

    private Records() {}

    static ResolvedEndpoint resolved(String json) {
        EndpointInfo info = TestEndpoints.parse(json);
        return new ResolvedEndpoint(info, ResolvedEndpoint.versionOf(json), Binning.DEFAULT);
    }

    /** A churn row: tenure, plan, support_calls → churn_prob. */
    static MonitoredRecord churn(long ts, double tenure, String plan, double calls, double prob) {
        return record(CHURN, ts, new Object[] {tenure, plan, calls}, new Object[] {prob});
    }

    static MonitoredRecord record(ResolvedEndpoint endpoint, long ts, Object[] inputs, Object[] outputs) {
        ResolvedEndpoint.Columns columns = endpoint.columns(inputs.length, outputs.length);
        ColumnBinner binner = columns.binner();
        int n = inputs.length + outputs.length;
        MonitoredRecord r = new MonitoredRecord();
        r.endpointId = endpoint.info().id != null ? endpoint.info().id : EP;
        r.project = "shop";
        r.requestId = "req-" + ts;
        r.timestamp = ts;
        r.latencyMicros = 1000;
        r.columns = columns.names();
        r.featureCount = columns.featureCount();
        r.numbers = new double[n];
        r.texts = new String[n];
        r.bins = new int[n];
        for (int i = 0; i < n; i++) {
            Object v = i < inputs.length ? inputs[i] : outputs[i - inputs.length];
            r.numbers[i] = v instanceof Number num ? num.doubleValue() : Double.NaN;
            r.texts[i] = v instanceof String s ? s : null;
            r.bins[i] = binner.binsOf(i) == 0 ? MonitoredRecord.NO_HISTOGRAM : binner.bin(i, r.numbers[i]);
        }
        r.definitionVersion = endpoint.version();
        r.definitionOffset = endpoint.offset();
        r.estimatedPredictionCount = 1;
        r.effectiveSampleCount = -1;
        return r;
    }

    /** The same definition at a place on the control topic. */
    static ResolvedEndpoint atOffset(ResolvedEndpoint endpoint, long offset) {
        return new ResolvedEndpoint(endpoint.info(), endpoint.version(), offset, Binning.DEFAULT);
    }

    /** The churn definition with {@code tenure} renamed to {@code months}: a new version, other edges identical. */
    static ResolvedEndpoint renamedTenure() {
        EndpointInfo info = TestEndpoints.parse(CHURN_JSON);
        info.featureNames = java.util.List.of("months", "plan", "support_calls");
        info.featureStats.put("months", info.featureStats.remove("tenure"));
        return resolved(TestEndpoints.json(info));
    }
}
