package dev.driftline.functions.endpoint;

import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.core.StreamReadFeature;
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
 * broadcast stream. An endpoint with no definition is handled at once as never registered — generated column names,
 * no reference — and never waits: holding records back would let the watermark pass them.
 *
 * <p>With a catalog, checkpoints hold only the control-topic offset seen per endpoint ({@link #ENDPOINT_OFFSETS}),
 * not the definitions: a restarted operator reads the topic again through the catalog, which has every live definition
 * (it is compacted), so a checkpointed copy would be redundant — and Flink writes broadcast state from every subtask
 * of every endpoint-aware operator, which made the definitions (11.6 KB of JSON each with 20 feature histograms)
 * nearly 90 % of all checkpointed state. Without a catalog (tests, embedded use) the definitions themselves are kept
 * in {@link #ENDPOINTS}, the only copy there is.
 */
public abstract class EndpointAwareFunction<IN, OUT> extends KeyedBroadcastProcessFunction<String, IN, EndpointDefinition, OUT> {
    private static final long serialVersionUID = 1L;
    private static final Logger LOG = LoggerFactory.getLogger(EndpointAwareFunction.class);

    /**
     * Endpoint id → definition JSON, only when there is no catalog (and in checkpoints of earlier versions, whose
     * copies are dropped as definitions arrive). The same descriptor on every operator that reads the control topic.
     */
    public static final MapStateDescriptor<String, String> ENDPOINTS =
            new MapStateDescriptor<>("endpoints", Types.STRING, Types.STRING);
    /** Endpoint id → control-topic offset of the last definition or tombstone seen for it. */
    public static final MapStateDescriptor<String, Long> ENDPOINT_OFFSETS =
            new MapStateDescriptor<>("endpoint-offsets", Types.STRING, Types.LONG);
    /** Every broadcast state an endpoint-aware operator uses; pass all to {@code broadcast(...)}. */
    public static final MapStateDescriptor<?, ?>[] BROADCAST_STATES = {ENDPOINTS, ENDPOINT_OFFSETS};

    private static final int MAX_CACHED = 100_000;

    private final Binning binning;
    private final EndpointCatalog catalog;

    private transient ObjectMapper json;
    /**
     * Definitions read at start. The control stream replays older versions after a fresh start, so whichever copy has
     * the higher offset wins; a start copy is dropped once the stream has caught up with it (bounded memory).
     */
    private transient Map<String, EndpointDefinition> initial;
    /** With a catalog: definitions received from the control stream since start (memory only, see class comment). */
    private transient Map<String, EndpointDefinition> received;
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
        // A definition is mostly doubles (reference histograms and edges); the fast parser reads them to the same bits.
        json = JsonMapper.builder()
                .enable(StreamReadFeature.USE_FAST_DOUBLE_PARSER)
                .configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false)
                .build();
        cache = new HashMap<>();
        generatedCache = new HashMap<>();
        received = new HashMap<>();
        initial = catalog == null ? new HashMap<>() : new HashMap<>(catalog.load());
        if (catalog != null) {
            LOG.info("{} starts with {} endpoint definitions", getClass().getSimpleName(), initial.size());
        }
    }

    @Override
    public void processElement(IN element, ReadOnlyContext ctx, Collector<OUT> out) throws Exception {
        String id = ctx.getCurrentKey();
        // The common case, per record: a definition already resolved (the broadcast states are only read on a miss).
        ResolvedEndpoint endpoint = cache.get(id);
        if (endpoint == null) {
            endpoint = lookup(ctx.getBroadcastState(ENDPOINTS), ctx.getBroadcastState(ENDPOINT_OFFSETS), id);
        }
        if (endpoint == null) {
            endpoint = generatedCache.get(id);
            if (endpoint == null) {
                if (generatedCache.size() >= MAX_CACHED) {
                    generatedCache.clear(); // bounded: unregistered ids can be many and arbitrary
                }
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
        BroadcastState<String, Long> offsets = ctx.getBroadcastState(ENDPOINT_OFFSETS);
        EndpointDefinition atStart = initial.get(definition.id);
        if (atStart != null && atStart.offset <= definition.offset) {
            initial.remove(definition.id); // the stream has caught up with what was read at start
        }
        if (definition.json == null) {
            state.remove(definition.id);
            received.remove(definition.id);
            offsets.put(definition.id, definition.offset);
            forget(definition.id);
            return;
        }
        EndpointInfo info;
        try {
            info = parse(definition.json); // reject a bad definition before it replaces a good one
        } catch (Exception e) {
            LOG.error("Ignoring unusable endpoint definition for {}: {}", definition.id, e.getMessage());
            return;
        }
        if (catalog == null) {
            state.put(definition.id, definition.json);
        } else {
            received.put(definition.id, definition);
            state.remove(definition.id); // a copy restored from an earlier version's checkpoint
        }
        offsets.put(definition.id, definition.offset);
        // Every subtask receives every definition, but only resolves those of endpoints whose records it has seen.
        boolean seen = cache.containsKey(definition.id) || generatedCache.containsKey(definition.id);
        forget(definition.id);
        if (seen && !initial.containsKey(definition.id)) {
            // What lookup would resolve now is this very text: keep the parse instead of repeating it on the next record.
            resolved(definition.id, info, definition.json);
        }
    }

    private void forget(String id) {
        cache.remove(id);
        generatedCache.remove(id);
    }

    private ResolvedEndpoint lookup(ReadOnlyBroadcastState<String, String> state,
                                    ReadOnlyBroadcastState<String, Long> offsets, String id) throws Exception {
        ResolvedEndpoint cached = cache.get(id);
        if (cached != null) {
            return cached;
        }
        EndpointDefinition fresh = received.get(id);
        String text = fresh != null ? fresh.json : state.get(id);
        EndpointDefinition atStart = initial.get(id);
        if (atStart != null) {
            Long seen = offsets.get(id);
            // At the offset last seen it is that very definition, which checkpoints no longer carry (see class comment).
            if (seen == null || atStart.offset >= seen) {
                text = atStart.json;
            }
        }
        if (text == null) {
            return null;
        }
        EndpointInfo info;
        try {
            info = parse(text);
        } catch (Exception e) {
            LOG.error("Endpoint definition of {} is unusable, treating the endpoint as unregistered: {}", id, e.getMessage());
            initial.remove(id);
            return null;
        }
        return resolved(id, info, text);
    }

    private ResolvedEndpoint resolved(String id, EndpointInfo info, String text) {
        if (info.id == null) {
            info.id = id;
        }
        ResolvedEndpoint resolved = new ResolvedEndpoint(info, ResolvedEndpoint.versionOf(text), binning);
        cache.put(id, resolved);
        return resolved;
    }

    /** Parses and checks a definition; a definition with an unusable reference is refused as a whole. */
    private EndpointInfo parse(String text) throws Exception {
        EndpointInfo info = json.readValue(text, EndpointInfo.class);
        java.util.List<String> problems = info.problems();
        if (!problems.isEmpty()) {
            throw new IllegalArgumentException(String.join("; ", problems));
        }
        return info;
    }
}
