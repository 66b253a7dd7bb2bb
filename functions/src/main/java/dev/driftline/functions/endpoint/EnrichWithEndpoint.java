package dev.driftline.functions.endpoint;

import dev.driftline.apps.EndpointInfo;
import dev.driftline.apps.stats.Binning;
import dev.driftline.apps.stats.ColumnBinner;
import dev.driftline.functions.model.InferenceRecord;
import dev.driftline.functions.model.MonitoredRecord;
import org.apache.flink.util.Collector;

/**
 * Names a decoded row's columns from its endpoint's definition and bins every numeric value on the reference's
 * padded edges — once per value, here, so that windows only add counts.
 */
public class EnrichWithEndpoint extends EndpointAwareFunction<InferenceRecord, MonitoredRecord> {
    private static final long serialVersionUID = 1L;

    public EnrichWithEndpoint(Binning binning, EndpointCatalog catalog) {
        super(binning, catalog);
    }

    @Override
    protected EndpointInfo generatedEndpoint(InferenceRecord record, String endpointId) {
        return EndpointInfo.generated(endpointId, record.project, record.model, record.functionUri);
    }

    @Override
    protected void process(InferenceRecord in, ResolvedEndpoint endpoint, SideOutputs sideOutputs, Collector<MonitoredRecord> out) {
        int inputs = in.inputNumbers == null ? 0 : in.inputNumbers.length;
        int outputs = in.outputNumbers == null ? 0 : in.outputNumbers.length;
        ResolvedEndpoint.Columns columns = endpoint.columns(inputs, outputs);
        ColumnBinner binner = columns.binner();
        int n = inputs + outputs;
        double[] numbers = new double[n];
        String[] texts = new String[n];
        int[] bins = new int[n];
        for (int i = 0; i < n; i++) {
            boolean input = i < inputs;
            int j = input ? i : i - inputs;
            numbers[i] = input ? in.inputNumbers[j] : in.outputNumbers[j];
            texts[i] = input ? (in.inputTexts == null ? null : in.inputTexts[j]) : (in.outputTexts == null ? null : in.outputTexts[j]);
            bins[i] = binner.binsOf(i) == 0 ? MonitoredRecord.NO_HISTOGRAM : binner.bin(i, numbers[i]);
        }
        MonitoredRecord r = new MonitoredRecord();
        r.endpointId = in.endpointId;
        r.project = in.project != null ? in.project : endpoint.info().project;
        r.requestId = in.requestId;
        r.timestamp = in.timestamp;
        r.latencyMicros = in.latencyMicros;
        r.columns = columns.names();
        r.featureCount = columns.featureCount();
        r.numbers = numbers;
        r.texts = texts;
        r.bins = bins;
        r.definitionVersion = endpoint.version();
        r.labels = in.labels;
        r.customMetrics = in.customMetrics;
        r.estimatedPredictionCount = in.estimatedPredictionCount;
        r.effectiveSampleCount = in.effectiveSampleCount;
        out.collect(r);
    }
}
