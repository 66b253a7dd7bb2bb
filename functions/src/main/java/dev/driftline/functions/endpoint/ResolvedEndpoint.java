package dev.driftline.functions.endpoint;

import dev.driftline.apps.EndpointInfo;
import dev.driftline.apps.stats.Binning;
import dev.driftline.apps.stats.ColumnBinner;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * An endpoint definition parsed once per subtask, with its column names and binner prepared per row shape
 * (inputs × outputs), so that the per-record work is array lookups only.
 */
public final class ResolvedEndpoint {
    private static final int MAX_SHAPES = 64;

    private final EndpointInfo info;
    private final long version;
    private final long offset;
    private final Binning binning;
    private final Map<Long, Columns> byShape = new HashMap<>();
    private long lastShape = -1;
    private Columns lastColumns;
    private String sharedId;

    /** A definition without a place on the control topic (tests, stand-ins): it orders below every registered one. */
    public ResolvedEndpoint(EndpointInfo info, long version, Binning binning) {
        this(info, version, -1L, binning);
    }

    /** @param offset the definition's offset on the control topic, which orders definitions of an endpoint */
    public ResolvedEndpoint(EndpointInfo info, long version, long offset, Binning binning) {
        this.info = info;
        this.version = version;
        this.offset = offset;
        this.binning = binning;
    }

    public EndpointInfo info() {
        return info;
    }

    /** 0 for an endpoint that was never registered. */
    public long version() {
        return version;
    }

    /**
     * The definition's control-topic offset, -1 for a stand-in: the later of two definitions of an endpoint has the
     * higher offset, whichever subtask resolved it and whenever.
     */
    public long offset() {
        return offset;
    }

    public boolean registered() {
        return !info.generated;
    }

    /**
     * One instance of the endpoint's id for all its records: the first one {@code seen} here (an equal string, as
     * the definition is looked up by it). Every record decoded carries a new string; with the shared one, the hash
     * lookups after enrichment (pre-aggregations, the records writer) find their key by reference instead of
     * comparing characters, and its hash is computed once.
     */
    public String sharedId(String seen) {
        if (sharedId == null) {
            sharedId = seen;
        }
        return sharedId;
    }

    /** Column names and binner for rows of {@code inputs} features and {@code outputs} predictions. */
    public Columns columns(int inputs, int outputs) {
        long shape = ((long) inputs << 32) | outputs;
        if (shape == lastShape && lastColumns != null) {
            return lastColumns; // an endpoint's rows almost always have one shape: no boxing, no lookup
        }
        if (byShape.size() >= MAX_SHAPES && !byShape.containsKey(shape)) {
            byShape.clear(); // bounded: variable-width rows must not grow memory without limit
        }
        Columns columns = byShape.computeIfAbsent(shape, s -> {
            List<String> names = new ArrayList<>(inputs + outputs);
            for (int i = 0; i < inputs; i++) {
                names.add(info.featureName(i));
            }
            for (int i = 0; i < outputs; i++) {
                names.add(info.labelName(i));
            }
            return new Columns(names.toArray(new String[0]), inputs, new ColumnBinner(names, info.featureStats, binning));
        });
        lastShape = shape;
        lastColumns = columns;
        return columns;
    }

    /** Names (features then predictions) and their binner for one row shape. */
    public record Columns(String[] names, int featureCount, ColumnBinner binner) {}

    /** A stable 64-bit identity of a definition's JSON text (FNV-1a), so windows notice a changed reference. */
    public static long versionOf(String json) {
        long h = 0xcbf29ce484222325L;
        for (int i = 0; i < json.length(); i++) {
            h ^= json.charAt(i);
            h *= 0x100000001b3L;
        }
        return h == 0 ? 1 : h;
    }
}
