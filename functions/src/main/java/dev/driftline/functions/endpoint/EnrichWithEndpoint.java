package dev.driftline.functions.endpoint;

import dev.driftline.apps.EndpointInfo;
import dev.driftline.apps.stats.Binning;
import dev.driftline.apps.stats.ColumnBinner;
import dev.driftline.functions.model.EndpointDefinition;
import dev.driftline.functions.model.EndpointRun;
import dev.driftline.functions.model.InferenceRecord;
import dev.driftline.functions.model.InferenceRecordSerializer;
import dev.driftline.functions.model.MonitoredRecord;
import java.util.Objects;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.core.memory.DataInputDeserializer;
import org.apache.flink.streaming.api.functions.co.BroadcastProcessFunction;
import org.apache.flink.util.Collector;

/**
 * Names a decoded row's columns from its endpoint's definition and bins every numeric value on the reference's
 * padded edges — once per value, here, so that windows only add counts. Rows arrive as runs of one endpoint
 * ({@link EndpointRun}, see {@code GroupByEndpoint}), so the endpoint is resolved once per run.
 *
 * <p>Not keyed: each subtask takes the rows of its own source subtask (a forward channel), whatever endpoints its Kafka
 * partitions carry, so rows are never shuffled by key; only the pre-aggregated partials after it are. It keeps no
 * state of its own beyond the broadcast definitions (see {@link EndpointDefinitions}).
 */
public class EnrichWithEndpoint extends BroadcastProcessFunction<EndpointRun, EndpointDefinition, MonitoredRecord> {
    private static final long serialVersionUID = 1L;

    private final EndpointDefinitions definitions;
    private transient DataInputDeserializer input;

    public EnrichWithEndpoint(Binning binning, EndpointCatalog catalog) {
        this.definitions = new EndpointDefinitions(binning, catalog, EnrichWithEndpoint.class.getSimpleName());
    }

    @Override
    public void open(OpenContext openContext) throws Exception {
        definitions.open();
        input = new DataInputDeserializer();
    }

    /**
     * A run of one endpoint's rows, read back in order. The endpoint is resolved for its first row; the rest share
     * it unless a row names another endpoint.
     */
    @Override
    public void processElement(EndpointRun run, ReadOnlyContext ctx, Collector<MonitoredRecord> out) throws Exception {
        input.setBuffer(run.bytes);
        ResolvedEndpoint endpoint = null;
        String resolvedFor = null;
        InferenceRecord previous = null;
        for (int i = 0; i < run.rows; i++) {
            InferenceRecord in = InferenceRecordSerializer.INSTANCE.deserializeInRun(previous, input);
            previous = in;
            if (endpoint == null || !Objects.equals(in.endpointId, resolvedFor)) {
                resolvedFor = in.endpointId;
                endpoint = resolve(in, ctx);
            }
            enrich(in, endpoint, out);
        }
    }

    private ResolvedEndpoint resolve(InferenceRecord in, ReadOnlyContext ctx) throws Exception {
        String id = in.endpointId;
        ResolvedEndpoint endpoint = definitions.cached(id);
        if (endpoint == null) {
            endpoint = definitions.resolve(id, ctx.getBroadcastState(EndpointDefinitions.ENDPOINTS),
                    ctx.getBroadcastState(EndpointDefinitions.ENDPOINT_OFFSETS));
        }
        if (endpoint == null) {
            endpoint = definitions.generated(id, EndpointInfo.generated(id, in.project, in.model, in.functionUri), ctx.getBroadcastState(EndpointDefinitions.ENDPOINT_OFFSETS));
        }
        return endpoint;
    }

    @Override
    public void processBroadcastElement(EndpointDefinition definition, Context ctx, Collector<MonitoredRecord> out) throws Exception {
        definitions.accept(definition, ctx.getBroadcastState(EndpointDefinitions.ENDPOINTS),
                ctx.getBroadcastState(EndpointDefinitions.ENDPOINT_OFFSETS));
    }

    private static void enrich(InferenceRecord in, ResolvedEndpoint endpoint, Collector<MonitoredRecord> out) {
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
        r.endpointId = endpoint.sharedId(in.endpointId);
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
        r.definitionOffset = endpoint.offset();
        r.labels = in.labels;
        r.customMetrics = in.customMetrics;
        r.estimatedPredictionCount = in.estimatedPredictionCount;
        r.effectiveSampleCount = in.effectiveSampleCount;
        r.continuesRequest = in.continuesRequest;
        out.collect(r);
    }
}
