package dev.driftline.functions.decode;

import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.BooleanNode;
import com.fasterxml.jackson.databind.node.DoubleNode;
import com.fasterxml.jackson.databind.node.IntNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.NullNode;
import com.fasterxml.jackson.databind.node.TextNode;
import java.io.IOException;

/** Small helpers for reading an event with a streaming {@link JsonParser}. */
final class JsonValues {
    private JsonValues() {}

    /**
     * The value at the parser's current token as the node a whole-payload {@code readTree} would have built for it;
     * scalars and lists without going through the tree reader, whose per-call set-up costs more than they do.
     */
    static JsonNode node(JsonParser p, ObjectReader trees) throws IOException {
        switch (p.currentToken()) {
            case VALUE_STRING: return TextNode.valueOf(p.getText());
            case VALUE_NULL: return NullNode.getInstance();
            case VALUE_TRUE: return BooleanNode.TRUE;
            case VALUE_FALSE: return BooleanNode.FALSE;
            case VALUE_NUMBER_INT:
                if (p.getNumberType() == JsonParser.NumberType.INT) {
                    return IntNode.valueOf(p.getIntValue());
                }
                return trees.readTree(p);
            case VALUE_NUMBER_FLOAT:
                // What the tree reader makes of a JSON float without USE_BIG_DECIMAL_FOR_FLOATS.
                return DoubleNode.valueOf(p.getDoubleValue());
            case START_ARRAY:
                // Outputs are mostly a short list of scalars.
                ArrayNode list = JsonNodeFactory.instance.arrayNode();
                while (next(p) != JsonToken.END_ARRAY) {
                    list.add(node(p, trees));
                }
                return list;
            default: return trees.readTree(p);
        }
    }

    /**
     * Consumes the value at the parser's current token, reading every string as a tree would: a tree reads every
     * string in full (decoding its UTF-8 and checking its length), and a payload it rejects must be rejected here too.
     */
    static void skip(JsonParser p) throws IOException {
        JsonToken t = p.currentToken();
        if (t == JsonToken.VALUE_STRING) {
            readString(p);
            return;
        }
        if (t != JsonToken.START_OBJECT && t != JsonToken.START_ARRAY) {
            return;
        }
        int depth = 1;
        while (depth > 0) {
            t = next(p);
            if (t == JsonToken.START_OBJECT || t == JsonToken.START_ARRAY) {
                depth++;
            } else if (t == JsonToken.END_OBJECT || t == JsonToken.END_ARRAY) {
                depth--;
            } else if (t == JsonToken.VALUE_STRING) {
                readString(p);
            }
        }
    }

    /**
     * Reads the string at the parser's current token in full, as {@link JsonParser#getText} does — its UTF-8 decoded
     * and checked, its length checked against the parser's limit, with the same errors — but without a new String
     * (a string that fits one of the parser's buffer segments, as short ones do, is not copied at all): skipped strings
     * are a few per event.
     */
    private static void readString(JsonParser p) throws IOException {
        p.getTextCharacters();
    }

    /** The next token; the end of the input inside a value is malformed JSON. */
    static JsonToken next(JsonParser p) throws IOException {
        JsonToken t = p.nextToken();
        if (t == null) {
            throw new JsonParseException(p, "Unexpected end-of-input");
        }
        return t;
    }

    /** What a value starting with this token is, for a human, as the decoder's messages say it. */
    static String describe(JsonToken t) {
        switch (t) {
            case START_ARRAY: return "a list";
            case START_OBJECT: return "an object";
            case VALUE_STRING: return "a string";
            case VALUE_NUMBER_INT:
            case VALUE_NUMBER_FLOAT: return "a number";
            case VALUE_TRUE:
            case VALUE_FALSE: return "a boolean";
            case VALUE_NULL: return "null";
            default: return "a " + t.name().toLowerCase(java.util.Locale.ROOT);
        }
    }
}
