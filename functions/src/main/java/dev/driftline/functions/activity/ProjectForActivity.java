package dev.driftline.functions.activity;

import dev.driftline.functions.model.MonitoredRecord;
import org.apache.flink.api.common.functions.MapFunction;

/**
 * Keeps only what {@link AggregateEndpointActivity} reads of a record. That operator has two inputs (records and
 * request errors), so Flink cannot chain it to enrichment and every record crosses to it serialized: without the
 * columns, values and bins that is a few dozen bytes instead of a few hundred.
 */
public class ProjectForActivity implements MapFunction<MonitoredRecord, MonitoredRecord> {
    @Override
    public MonitoredRecord map(MonitoredRecord r) {
        MonitoredRecord p = new MonitoredRecord();
        p.endpointId = r.endpointId;
        p.project = r.project;
        p.requestId = r.requestId;
        p.timestamp = r.timestamp;
        p.latencyMicros = r.latencyMicros;
        p.estimatedPredictionCount = r.estimatedPredictionCount;
        p.effectiveSampleCount = r.effectiveSampleCount;
        p.customMetrics = r.customMetrics;
        return p;
    }
}
