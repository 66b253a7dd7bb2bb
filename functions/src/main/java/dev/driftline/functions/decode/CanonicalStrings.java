package dev.driftline.functions.decode;

import java.util.HashMap;
import java.util.Map;

/**
 * One instance per distinct value of the strings that name an event's endpoint (endpoint id, model, function URI),
 * for one decoder. Every event of an endpoint repeats them; decoded as fresh strings, each row's were compared
 * character by character with the previous row's of its endpoint, which a busy topic had decoded long enough before to
 * be out of the cache (the first compare of a row of a run was 3.7 % of the job's CPU samples). Canonical instances
 * compare by reference, and the strings the rows hold are the same few.
 *
 * <p>Bounded: values longer than {@link #MAX_LENGTH} are not kept, and at {@link #MAX_ENTRIES} distinct values the
 * table starts over, so that many endpoints or unexpected values cost a lookup, never memory without limit. Not
 * thread-safe: one per decoder.
 */
final class CanonicalStrings {
    static final int MAX_LENGTH = 256;
    static final int MAX_ENTRIES = 16_384;

    private final Map<String, String> byValue = new HashMap<>();

    /** The kept instance equal to {@code s} (keeping {@code s} if there is none), or {@code s} itself if too long. */
    String of(String s) {
        if (s == null || s.length() > MAX_LENGTH) {
            return s;
        }
        String kept = byValue.get(s);
        if (kept != null) {
            return kept;
        }
        if (byValue.size() >= MAX_ENTRIES) {
            byValue.clear();
        }
        byValue.put(s, s);
        return s;
    }

    int size() {
        return byValue.size();
    }
}
