package dev.driftline.functions.decode;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;

/**
 * A nested numeric array in a value position (a raw image, an embedding), read from the parser and monitored by its
 * mean over all finite leaves at any depth, in payload order: booleans count as 1/0, nulls and NaN/Infinity are
 * skipped (numpy's {@code nanmean}); NaN when no leaf is finite. Not thread-safe.
 */
final class TensorMean {
    private String notNumeric;

    /** The reason for a nested array holding a leaf that is not numeric ({@link #notNumeric()}). */
    static String problem(String where, String leaf) {
        return "field '" + where + "' is an array holding " + leaf
                + "; a nested array in a value position must be numeric (an image or tensor)";
    }

    /** Reads the array at the parser's START_ARRAY up to its end; its mean, unless {@link #notNumeric()} is set. */
    double read(JsonParser p) throws IOException {
        notNumeric = null;
        double sum = 0;
        long count = 0;
        int depth = 1;
        while (depth > 0) {
            JsonToken t = JsonValues.next(p);
            switch (t) {
                case START_ARRAY:
                    depth++;
                    break;
                case END_ARRAY:
                    depth--;
                    break;
                case VALUE_NUMBER_INT:
                case VALUE_NUMBER_FLOAT:
                    double d = p.getDoubleValue();
                    if (Double.isFinite(d)) {
                        sum += d;
                        count++;
                    }
                    break;
                case VALUE_TRUE:
                    sum += 1;
                    count++;
                    break;
                case VALUE_FALSE:
                    count++;
                    break;
                case VALUE_NULL:
                    break;
                default:
                    // A string or an object: the first one in payload order is the one reported.
                    if (notNumeric == null) {
                        notNumeric = JsonValues.describe(t);
                    }
                    JsonValues.skip(p);
            }
        }
        return count == 0 ? Double.NaN : sum / count;
    }

    /** "a string" or "an object" when the last array read held such a leaf, else null. */
    String notNumeric() {
        return notNumeric;
    }
}
