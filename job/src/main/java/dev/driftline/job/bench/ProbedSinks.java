package dev.driftline.job.bench;

import dev.driftline.functions.model.MonitoredRecord;
import dev.driftline.functions.model.MonitoringResult;
import dev.driftline.job.config.DriftlineConfig;
import dev.driftline.job.topology.ProductionSinks;
import org.apache.flink.streaming.api.datastream.DataStream;

/**
 * The production sinks unchanged, plus a {@link Probe} on the records and on the results stream (chained, no
 * shuffle) so the benchmark knows when the first and the last record passed enrichment and when the last result left
 * the applications.
 */
class ProbedSinks extends ProductionSinks {
    ProbedSinks(DriftlineConfig config) {
        super(config);
    }

    @Override
    public void records(DataStream<MonitoredRecord> records) {
        super.records(records);
        records.sinkTo(new Probe<>("records")).uid("bench-probe-records").name("Bench probe (records)");
    }

    @Override
    public void results(DataStream<MonitoringResult> results) {
        super.results(results);
        results.sinkTo(new Probe<>("results")).uid("bench-probe-results").name("Bench probe (results)");
    }
}
