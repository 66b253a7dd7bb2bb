package dev.driftline.functions.endpoint;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.driftline.apps.EndpointInfo;
import dev.driftline.apps.stats.Binning;
import dev.driftline.functions.model.EndpointDefinition;
import java.util.HashMap;
import java.util.Map;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.BroadcastState;
import org.apache.flink.api.common.state.MapStateDescriptor;
import org.apache.flink.api.common.state.ReadOnlyBroadcastState;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.api.functions.co.KeyedBroadcastProcessFunction;
import org.apache.flink.util.Collector;
import org.apache.flink.util.OutputTag;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Base of the keyed (by endpoint id) functions that need the endpoint's definition. Definitions come from the
 * compacted control topic: read once at start through an {@link EndpointCatalog}, then kept current by the topic's
 * broadcast stream (held as broadcast state, so it is part of checkpoints). An endpoint with no definition is handled
 * at once as never registered — generated column names, no reference — and never waits: holding records back would
 * let the watermark pass them.
 */
public abstract class EndpointAwareFunction<IN, OUT> extends KeyedBroadcastProcessFunction<String, IN, EndpointDefinition, OUT> {
    private static final long serialVersionUID = 1L;
    private static final Logger LOG = LoggerFactory.getLogger(EndpointAwareFunction.class);

    /** Endpoint id → definition JSON; the same descriptor on every operator that reads the control topic. */
    public static final MapStateDescriptor<String, String> ENDPOINTS =
            new MapStateDescriptor<>("endpoints", Types.STRING, Types.STRING);

    private final Binning binning;
    private final EndpointCatalog catalog;

    private transient ObjectMapper json;
    /** Definitions read at start; the broadcast state wins where both have an endpoint. */
    private transient Map<String, String> initial;
    private transient Map<String, ResolvedEndpoint> cache;
    private transient Map<String, ResolvedEndpoint> generatedCache;

    /** @param catalog reads the definitions at start; null to rely on the broadcast stream alone */
    protected EndpointAwareFunction(Binning binning, EndpointCatalog catalog) {
        this.binning = binning;
        this.catalog = catalog;
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
        json = new ObjectMapper().configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false);
        cache = new HashMap<>();
        generatedCache = new HashMap<>();
        initial = catalog == null ? new HashMap<>() : new HashMap<>(catalog.load());
        if (catalog != null) {
            LOG.info("{} starts with {} endpoint definitions", getClass().getSimpleName(), initial.size());
        }
    }

    @Override
    public void processElement(IN element, ReadOnlyContext ctx, Collector<OUT> out) throws Exception {
        String id = ctx.getCurrentKey();
        ResolvedEndpoint endpoint = lookup(ctx.getBroadcastState(ENDPOINTS), id);
        if (endpoint == null) {
            endpoint = generatedCache.get(id);
            if (endpoint == null) {
                LOG.warn("Endpoint {} is not registered: it is monitored with generated column names and no reference", id);
                endpoint = new ResolvedEndpoint(generatedEndpoint(element, id), 0L, binning);
                generatedCache.put(id, endpoint);
            }
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
        if (definition == null || definition.id == null) {
            return;
        }
        BroadcastState<String, String> state = ctx.getBroadcastState(ENDPOINTS);
        if (definition.json == null) {
            state.remove(definition.id);
            initial.remove(definition.id);
            forget(definition.id);
            return;
        }
        try {
            parse(definition.json); // reject a bad definition before it replaces a good one
        } catch (Exception e) {
            LOG.error("Ignoring endpoint definition for {} that does not parse: {}", definition.id, e.getMessage());
            return;
        }
        state.put(definition.id, definition.json);
        forget(definition.id);
    }

    private void forget(String id) {
        cache.remove(id);
        generatedCache.remove(id);
    }

    private ResolvedEndpoint lookup(ReadOnlyBroadcastState<String, String> state, String id) throws Exception {
        ResolvedEndpoint cached = cache.get(id);
        if (cached != null) {
            return cached;
        }
        String text = state.get(id);
        if (text == null) {
            text = initial.get(id);
        }
        if (text == null) {
            return null;
        }
        EndpointInfo info;
        try {
            info = parse(text);
        } catch (Exception e) {
            LOG.error("Endpoint definition of {} does not parse, treating it as unregistered: {}", id, e.getMessage());
            initial.remove(id);
            return null;
        }
        if (info.id == null) {
            info.id = id;
        }
        ResolvedEndpoint resolved = new ResolvedEndpoint(info, ResolvedEndpoint.versionOf(text), binning);
        cache.put(id, resolved);
        return resolved;
    }

    private EndpointInfo parse(String text) throws Exception {
        return json.readValue(text, EndpointInfo.class);
    }
}
