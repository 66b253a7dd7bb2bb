package dev.driftline.functions.model;

/**
 * An endpoint definition as read from the compacted control topic: the endpoint id (the record key) and its JSON
 * ({@code EndpointInfo}); a null {@code json} is a tombstone that removes the endpoint. Kept as JSON text in
 * broadcast state so that savepoints do not depend on the Java shape of the definition.
 */
public class EndpointDefinition {
    public String id;
    public String json;

    public EndpointDefinition() {}

    public EndpointDefinition(String id, String json) {
        this.id = id;
        this.json = json;
    }
}
