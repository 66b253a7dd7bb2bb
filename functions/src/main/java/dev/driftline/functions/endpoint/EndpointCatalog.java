package dev.driftline.functions.endpoint;

import java.io.Serializable;
import java.util.Map;

/**
 * Reads every live endpoint definition (id → JSON) at operator start. The control topic also arrives as a broadcast
 * stream, but concurrently with the traffic; reading it once up front means records are never enriched before their
 * endpoint's definition is known merely because the traffic source started faster.
 */
@FunctionalInterface
public interface EndpointCatalog extends Serializable {
    Map<String, String> load() throws Exception;
}
