package dev.driftline.functions.endpoint;

import dev.driftline.apps.EndpointInfo;
import dev.driftline.apps.stats.Binning;
import dev.driftline.functions.model.EndpointDefinition;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.streaming.api.functions.co.KeyedBroadcastProcessFunction;
import org.apache.flink.util.Collector;
import org.apache.flink.util.OutputTag;

/**
 * Base of the keyed (by endpoint id) functions that need the endpoint's definition, such as the applications: the
 * definitions are kept by {@link EndpointDefinitions} (see there for where they come from and what checkpoints hold).
 */
public abstract class EndpointAwareFunction<IN, OUT> extends KeyedBroadcastProcessFunction<String, IN, EndpointDefinition, OUT> {
    private static final long serialVersionUID = 1L;

    private final EndpointDefinitions definitions;

    /** @param catalog reads the definitions at start; null to rely on the broadcast stream alone */
    protected EndpointAwareFunction(Binning binning, EndpointCatalog catalog) {
        this.definitions = new EndpointDefinitions(binning, catalog, getClass().getSimpleName());
    }

    /** Handles one element with its endpoint (registered, or generated when it has no definition). */
    protected abstract void process(IN element, ResolvedEndpoint endpoint, SideOutputs sideOutputs, Collector<OUT> out) throws Exception;

    /** Builds the stand-in definition of an endpoint that was never registered. */
    protected abstract EndpointInfo generatedEndpoint(IN element, String endpointId);

    /** Lets subclasses emit to side outputs. */
    public interface SideOutputs {
        <X> void output(OutputTag<X> tag, X value);
    }

    @Override
    public void open(OpenContext openContext) throws Exception {
        definitions.open();
    }

    @Override
    public void processElement(IN element, ReadOnlyContext ctx, Collector<OUT> out) throws Exception {
        String id = ctx.getCurrentKey();
        ResolvedEndpoint endpoint = definitions.cached(id);
        if (endpoint == null) {
            endpoint = definitions.resolve(id, ctx.getBroadcastState(EndpointDefinitions.ENDPOINTS),
                    ctx.getBroadcastState(EndpointDefinitions.ENDPOINT_OFFSETS));
        }
        if (endpoint == null) {
            endpoint = definitions.generated(id, generatedEndpoint(element, id), ctx.getBroadcastState(EndpointDefinitions.ENDPOINT_OFFSETS));
        }
        process(element, endpoint, new SideOutputs() {
            @Override
            public <X> void output(OutputTag<X> tag, X value) {
                ctx.output(tag, value);
            }
        }, out);
    }

    @Override
    public void processBroadcastElement(EndpointDefinition definition, Context ctx, Collector<OUT> out) throws Exception {
        definitions.accept(definition, ctx.getBroadcastState(EndpointDefinitions.ENDPOINTS),
                ctx.getBroadcastState(EndpointDefinitions.ENDPOINT_OFFSETS));
    }
}
