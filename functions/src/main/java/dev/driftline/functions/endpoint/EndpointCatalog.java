package dev.driftline.functions.endpoint;

import dev.driftline.functions.model.EndpointDefinition;
import java.io.Serializable;
import java.util.HashMap;
import java.util.Map;

/**
 * Reads every live endpoint definition at operator start. The control topic also arrives as a broadcast
 * stream, but concurrently with the traffic; reading it once up front means records are never enriched before their
 * endpoint's definition is known merely because the traffic source started faster.
 */
@FunctionalInterface
public interface EndpointCatalog extends Serializable {
    /** Endpoint id → its newest definition, with the control-topic offset it was read at. */
    Map<String, EndpointDefinition> load() throws Exception;

    /** A fixed catalog (offset 0, so anything from the control stream is newer). */
    static EndpointCatalog of(Map<String, String> definitions) {
        Map<String, EndpointDefinition> m = new HashMap<>();
        definitions.forEach((id, json) -> m.put(id, new EndpointDefinition(id, json, 0)));
        return () -> m;
    }
}
