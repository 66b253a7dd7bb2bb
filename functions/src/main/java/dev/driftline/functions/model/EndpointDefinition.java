package dev.driftline.functions.model;

/**
 * An endpoint definition as read from the compacted control topic: the endpoint id (the record key) and its JSON
 * ({@code EndpointInfo}); a null {@code json} is a tombstone that removes the endpoint. Kept as JSON text in
 * broadcast state so that savepoints do not depend on the Java shape of the definition.
 */
public class EndpointDefinition {
    /** Unknown position: treated as newer than anything read before. */
    public static final long LATEST = Long.MAX_VALUE;

    public String id;
    public String json;
    /** Offset on the control topic (one partition): which of two copies of a definition is newer. */
    public long offset = LATEST;

    public EndpointDefinition() {}

    public EndpointDefinition(String id, String json) {
        this.id = id;
        this.json = json;
    }

    public EndpointDefinition(String id, String json, long offset) {
        this(id, json);
        this.offset = offset;
    }
}
