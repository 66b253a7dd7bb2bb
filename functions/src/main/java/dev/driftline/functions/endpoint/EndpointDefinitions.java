package dev.driftline.functions.endpoint;

import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import dev.driftline.apps.EndpointInfo;
import dev.driftline.apps.stats.Binning;
import dev.driftline.functions.model.EndpointDefinition;
import java.io.Serializable;
import java.util.HashMap;
import java.util.Map;
import org.apache.flink.api.common.state.BroadcastState;
import org.apache.flink.api.common.state.MapStateDescriptor;
import org.apache.flink.api.common.state.ReadOnlyBroadcastState;
import org.apache.flink.api.common.typeinfo.Types;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The endpoint definitions one subtask of an endpoint-aware operator works with, keyed or not: {@link EnrichWithEndpoint}
 * (not keyed: every endpoint of its source subtask's partitions) and {@link EndpointAwareFunction} (keyed by endpoint).
 * Definitions come from the compacted control topic: read once at start through an {@link EndpointCatalog}, then kept
 * current by the topic's broadcast stream. An endpoint with no definition is handled at once as never registered —
 * generated column names, no reference — and never waits: holding records back would let the watermark pass them.
 *
 * <p>With a catalog, checkpoints hold only the control-topic offset seen per endpoint ({@link #ENDPOINT_OFFSETS}),
 * not the definitions: a restarted operator reads the topic again through the catalog, which has every live definition
 * (it is compacted), so a checkpointed copy would be redundant — and Flink writes broadcast state from every subtask
 * of every endpoint-aware operator, which made the definitions (11.6 KB of JSON each with 20 feature histograms)
 * nearly 90 % of all checkpointed state. Without a catalog (tests, embedded use) the definitions themselves are kept
 * in {@link #ENDPOINTS}, the only copy there is.
 *
 * <p>Only the configuration is serialized with the function; {@link #open} builds the rest on the task.
 */
public final class EndpointDefinitions implements Serializable {
    private static final long serialVersionUID = 1L;
    private static final Logger LOG = LoggerFactory.getLogger(EndpointDefinitions.class);

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
    private final String owner;

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

    /**
     * @param catalog reads the definitions at start; null to rely on the broadcast stream alone
     * @param owner   the operator's name, for the log
     */
    public EndpointDefinitions(Binning binning, EndpointCatalog catalog, String owner) {
        this.binning = binning;
        this.catalog = catalog;
        this.owner = owner;
    }

    public void open() throws Exception {
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
            LOG.info("{} starts with {} endpoint definitions", owner, initial.size());
        }
    }

    /** The endpoint's definition as resolved before, or null: the common case, per record, one hash lookup. */
    public ResolvedEndpoint cached(String id) {
        return cache.get(id);
    }

    /**
     * The endpoint's definition (parsed now if it was not cached), the stand-in generated for it earlier if it has
     * none, or null if neither: the caller then builds a stand-in and hands it to {@link #generated}.
     */
    public ResolvedEndpoint resolve(String id, ReadOnlyBroadcastState<String, String> state,
                                    ReadOnlyBroadcastState<String, Long> offsets) throws Exception {
        ResolvedEndpoint endpoint = cache.get(id);
        if (endpoint == null) {
            endpoint = lookup(state, offsets, id);
        }
        return endpoint != null ? endpoint : generatedCache.get(id);
    }

    /**
     * Keeps the stand-in definition of an endpoint that has none (until one arrives). Its offset is that of the
     * endpoint's tombstone when it had a definition (so it is the later one), -1 when it never had.
     */
    public ResolvedEndpoint generated(String id, EndpointInfo info, ReadOnlyBroadcastState<String, Long> offsets)
            throws Exception {
        if (generatedCache.size() >= MAX_CACHED) {
            generatedCache.clear(); // bounded: unregistered ids can be many and arbitrary
        }
        LOG.warn("Endpoint {} is not registered: it is monitored with generated column names and no reference", id);
        Long deleted = offsets.get(id);
        ResolvedEndpoint endpoint = new ResolvedEndpoint(info, 0L, deleted != null ? deleted : -1L, binning);
        generatedCache.put(id, endpoint);
        return endpoint;
    }

    /** A definition or tombstone from the control stream; an unusable definition is logged and ignored. */
    public void accept(EndpointDefinition definition, BroadcastState<String, String> state,
                       BroadcastState<String, Long> offsets) throws Exception {
        if (definition == null || definition.id == null) {
            return;
        }
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
            resolved(definition.id, info, definition.json, definition.offset);
        }
    }

    private void forget(String id) {
        cache.remove(id);
        generatedCache.remove(id);
    }

    private ResolvedEndpoint lookup(ReadOnlyBroadcastState<String, String> state,
                                    ReadOnlyBroadcastState<String, Long> offsets, String id) throws Exception {
        EndpointDefinition fresh = received.get(id);
        String text = fresh != null ? fresh.json : state.get(id);
        Long seen = offsets.get(id);
        long offset = fresh != null ? fresh.offset : seen != null ? seen : -1L;
        EndpointDefinition atStart = initial.get(id);
        if (atStart != null) {
            // At the offset last seen it is that very definition, which checkpoints no longer carry (see class comment).
            if (seen == null || atStart.offset >= seen) {
                text = atStart.json;
                offset = atStart.offset;
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
        return resolved(id, info, text, offset);
    }

    private ResolvedEndpoint resolved(String id, EndpointInfo info, String text, long offset) {
        if (info.id == null) {
            info.id = id;
        }
        ResolvedEndpoint resolved = new ResolvedEndpoint(info, ResolvedEndpoint.versionOf(text), offset, binning);
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
        // Held for as long as the endpoint is active, by every operator that resolved it: ≈ 14 KiB less per copy with
        // 20 features than the boxed numbers Jackson reads.
        return info.compact();
    }
}
