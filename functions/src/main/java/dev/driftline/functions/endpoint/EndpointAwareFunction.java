package dev.driftline.functions.endpoint;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.driftline.apps.EndpointInfo;
import dev.driftline.apps.stats.Binning;
import dev.driftline.functions.model.EndpointDefinition;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.BroadcastState;
import org.apache.flink.api.common.state.ListState;
import org.apache.flink.api.common.state.ListStateDescriptor;
import org.apache.flink.api.common.state.MapStateDescriptor;
import org.apache.flink.api.common.state.ReadOnlyBroadcastState;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.api.functions.co.KeyedBroadcastProcessFunction;
import org.apache.flink.util.Collector;
import org.apache.flink.util.OutputTag;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Base of the keyed (by endpoint id) functions that need the endpoint's definition from the control topic, held as
 * broadcast state. An element whose endpoint is not known yet waits, in keyed state, until the definition arrives or
 * a grace period passes (the control topic and the traffic are read concurrently, so at start-up traffic can win the
 * race); after the grace period the endpoint is treated as never registered and elements pass straight through.
 * The wait is bounded in time and count, so state stays small.
 */
public abstract class EndpointAwareFunction<IN, OUT> extends KeyedBroadcastProcessFunction<String, IN, EndpointDefinition, OUT> {
    private static final long serialVersionUID = 1L;
    private static final Logger LOG = LoggerFactory.getLogger(EndpointAwareFunction.class);

    /** Endpoint id → definition JSON; the same descriptor on every operator that reads the control topic. */
    public static final MapStateDescriptor<String, String> ENDPOINTS =
            new MapStateDescriptor<>("endpoints", Types.STRING, Types.STRING);

    /** Fires only on the final watermark of a bounded input. */
    static final long END_OF_INPUT = Long.MAX_VALUE - 1;

    private final Binning binning;
    private final long graceMillis;
    private final int maxPending;

    private transient ObjectMapper json;
    private transient Map<String, ResolvedEndpoint> cache;
    private transient Map<String, ResolvedEndpoint> generatedCache;
    private transient ListState<IN> pending;
    private transient ValueState<Integer> pendingCount;
    private transient ValueState<Boolean> unregistered;

    protected EndpointAwareFunction(Binning binning, Duration grace, int maxPending) {
        this.binning = binning;
        this.graceMillis = grace.toMillis();
        this.maxPending = maxPending;
    }

    /** Type of the elements that may wait for their endpoint (for the keyed list state). */
    protected abstract TypeInformation<IN> elementType();

    /** Handles one element once its endpoint is resolved (registered or generated). */
    protected abstract void process(IN element, ResolvedEndpoint endpoint, SideOutputs sideOutputs, Collector<OUT> out) throws Exception;

    /** Builds the stand-in definition of an endpoint that was never registered. */
    protected abstract EndpointInfo generatedEndpoint(IN element, String endpointId);

    /** Lets subclasses emit to side outputs from any of the contexts this class is called in. */
    public interface SideOutputs {
        <X> void output(OutputTag<X> tag, X value);
    }

    @Override
    public void open(OpenContext openContext) throws Exception {
        json = new ObjectMapper().configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false);
        cache = new HashMap<>();
        generatedCache = new HashMap<>();
        String prefix = getClass().getSimpleName() + "-";
        pending = getRuntimeContext().getListState(new ListStateDescriptor<>(prefix + "pending", elementType()));
        pendingCount = getRuntimeContext().getState(new ValueStateDescriptor<>(prefix + "pending-count", Types.INT));
        unregistered = getRuntimeContext().getState(new ValueStateDescriptor<>(prefix + "unregistered", Types.BOOLEAN));
    }

    @Override
    public void processElement(IN element, ReadOnlyContext ctx, Collector<OUT> out) throws Exception {
        String id = ctx.getCurrentKey();
        ResolvedEndpoint endpoint = lookup(ctx.getBroadcastState(ENDPOINTS), id);
        SideOutputs side = sideOutputs(ctx);
        if (endpoint != null) {
            process(element, endpoint, side, out);
            return;
        }
        if (Boolean.TRUE.equals(unregistered.value())) {
            process(element, generated(element, id), side, out);
            return;
        }
        pending.add(element);
        int count = pendingCount.value() == null ? 1 : pendingCount.value() + 1;
        pendingCount.update(count);
        if (count == 1) {
            ctx.timerService().registerProcessingTimeTimer(ctx.timerService().currentProcessingTime() + graceMillis);
            // Processing-time timers do not fire when a bounded input ends; the final watermark does reach this one,
            // so nothing that waits is lost at the end of a replay.
            ctx.timerService().registerEventTimeTimer(END_OF_INPUT);
        }
        if (count >= maxPending) {
            giveUp(id, ctx.getBroadcastState(ENDPOINTS), side, out);
        }
    }

    @Override
    public void onTimer(long timestamp, OnTimerContext ctx, Collector<OUT> out) throws Exception {
        if (pendingCount.value() != null) {
            giveUp(ctx.getCurrentKey(), ctx.getBroadcastState(ENDPOINTS), sideOutputs(ctx), out);
        }
        if (timestamp != END_OF_INPUT) {
            ctx.timerService().deleteEventTimeTimer(END_OF_INPUT);
        }
    }

    /** Grace over: release what waited, with the definition if it came meanwhile, else as an unregistered endpoint. */
    private void giveUp(String id, ReadOnlyBroadcastState<String, String> state, SideOutputs side, Collector<OUT> out) throws Exception {
        ResolvedEndpoint endpoint = lookup(state, id);
        List<IN> waiting = new ArrayList<>();
        for (IN e : pending.get()) {
            waiting.add(e);
        }
        pending.clear();
        pendingCount.clear();
        if (endpoint == null) {
            unregistered.update(true);
            LOG.warn("Endpoint {} is not registered: its records are stored and counted with generated column names, "
                    + "and applications that need a reference skip it", id);
        }
        for (IN e : waiting) {
            process(e, endpoint != null ? endpoint : generated(e, id), side, out);
        }
    }

    @Override
    public void processBroadcastElement(EndpointDefinition definition, Context ctx, Collector<OUT> out) throws Exception {
        if (definition == null || definition.id == null) {
            return;
        }
        BroadcastState<String, String> state = ctx.getBroadcastState(ENDPOINTS);
        cache.remove(definition.id);
        generatedCache.remove(definition.id);
        if (definition.json == null) {
            state.remove(definition.id);
            return;
        }
        try {
            parse(definition.json); // reject a bad definition before it replaces a good one
        } catch (Exception e) {
            LOG.error("Ignoring endpoint definition for {} that does not parse: {}", definition.id, e.getMessage());
            return;
        }
        state.put(definition.id, definition.json);
        ResolvedEndpoint endpoint = lookup(state, definition.id);
        SideOutputs side = sideOutputs(ctx);
        // Release whatever waited for this endpoint on this subtask, and forget an earlier "unregistered" verdict.
        ctx.applyToKeyedState(new ValueStateDescriptor<>(getClass().getSimpleName() + "-unregistered", Types.BOOLEAN),
                (key, s) -> {
                    if (definition.id.equals(key)) {
                        s.clear();
                    }
                });
        ctx.applyToKeyedState(new ListStateDescriptor<>(getClass().getSimpleName() + "-pending", elementType()),
                (key, s) -> {
                    if (definition.id.equals(key)) {
                        for (IN e : s.get()) {
                            process(e, endpoint, side, out);
                        }
                        s.clear();
                    }
                });
        ctx.applyToKeyedState(new ValueStateDescriptor<>(getClass().getSimpleName() + "-pending-count", Types.INT),
                (key, s) -> {
                    if (definition.id.equals(key)) {
                        s.clear();
                    }
                });
    }

    private ResolvedEndpoint lookup(ReadOnlyBroadcastState<String, String> state, String id) throws Exception {
        ResolvedEndpoint cached = cache.get(id);
        if (cached != null) {
            return cached;
        }
        String text = state.get(id);
        if (text == null) {
            return null;
        }
        EndpointInfo info = parse(text);
        if (info.id == null) {
            info.id = id;
        }
        ResolvedEndpoint resolved = new ResolvedEndpoint(info, ResolvedEndpoint.versionOf(text), binning);
        cache.put(id, resolved);
        return resolved;
    }

    private ResolvedEndpoint generated(IN element, String id) {
        // Cached apart from registered ones, and dropped when a definition arrives, so it never shadows one.
        return generatedCache.computeIfAbsent(id, k -> new ResolvedEndpoint(generatedEndpoint(element, k), 0L, binning));
    }

    private EndpointInfo parse(String text) throws Exception {
        return json.readValue(text, EndpointInfo.class);
    }

    private SideOutputs sideOutputs(ReadOnlyContext ctx) {
        return new SideOutputs() {
            @Override
            public <X> void output(OutputTag<X> tag, X value) {
                ctx.output(tag, value);
            }
        };
    }

    private SideOutputs sideOutputs(Context ctx) {
        return new SideOutputs() {
            @Override
            public <X> void output(OutputTag<X> tag, X value) {
                ctx.output(tag, value);
            }
        };
    }
}
