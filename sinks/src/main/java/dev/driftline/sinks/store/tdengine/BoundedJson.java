package dev.driftline.sinks.store.tdengine;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Fits a JSON object into a BINARY column (e.g. {@code result_extra_data}, BINARY(1000)) by dropping whole members
 * instead of cutting the text, so what is stored is still valid JSON: first {@code current_stats} (the window's own
 * statistics, by far the largest part), then {@code drift_measures}, then the largest remaining members. When anything
 * was dropped the object says so: {@code "truncated":true,"omitted":[names...]}; at worst it is
 * {@code {"truncated":true}}. Text that is not a JSON object is cut at a character boundary instead.
 */
final class BoundedJson {
    /** Dropped first, in this order: large and least needed when reading results back. */
    static final List<String> LARGE_PARTS = List.of("current_stats", "drift_measures");
    static final String TRUNCATED = "truncated";
    static final String OMITTED = "omitted";
    /** {@code {"truncated":true}}: the smallest answer, so widths below this are refused. */
    static final String MINIMAL = "{\"" + TRUNCATED + "\":true}";

    private static final ObjectMapper JSON = new ObjectMapper();

    private BoundedJson() {}

    /** {@code json} when it fits in {@code maxBytes} UTF-8 bytes, otherwise a smaller version as described above. */
    static String fit(String json, int maxBytes) {
        if (maxBytes < MINIMAL.length()) {
            throw new IllegalArgumentException("a width of " + maxBytes + " bytes is too small for JSON");
        }
        if (json == null || TdengineSql.utf8Length(json) <= maxBytes) {
            return json;
        }
        JsonNode parsed;
        try {
            parsed = JSON.readTree(json);
        } catch (JsonProcessingException e) {
            parsed = null;
        }
        if (!(parsed instanceof ObjectNode object)) {
            return TdengineSql.truncateUtf8WithMarker(json, maxBytes);
        }
        List<String> omitted = new ArrayList<>();
        for (String part : LARGE_PARTS) {
            if (object.has(part)) {
                object.remove(part);
                omitted.add(part);
                String text = marked(object, omitted);
                if (TdengineSql.utf8Length(text) <= maxBytes) {
                    return text;
                }
            }
        }
        while (true) {
            String largest = largestMember(object);
            if (largest == null) {
                return MINIMAL;
            }
            object.remove(largest);
            omitted.add(largest);
            String text = marked(object, omitted);
            if (TdengineSql.utf8Length(text) <= maxBytes) {
                return text;
            }
        }
    }

    private static String marked(ObjectNode object, List<String> omitted) {
        ObjectNode copy = object.deepCopy();
        copy.remove(TRUNCATED);
        copy.remove(OMITTED);
        copy.put(TRUNCATED, true);
        copy.putArray(OMITTED).addAll(omitted.stream().map(copy::textNode).toList());
        return copy.toString();
    }

    /** The member whose serialised form is longest (ignoring our own markers), or null when there is none. */
    private static String largestMember(ObjectNode object) {
        String largest = null;
        int largestBytes = -1;
        for (Map.Entry<String, JsonNode> e : object.properties()) {
            if (e.getKey().equals(TRUNCATED) || e.getKey().equals(OMITTED)) {
                continue;
            }
            int bytes = TdengineSql.utf8Length(e.getKey()) + TdengineSql.utf8Length(e.getValue().toString());
            if (bytes > largestBytes) {
                largest = e.getKey();
                largestBytes = bytes;
            }
        }
        return largest;
    }
}
