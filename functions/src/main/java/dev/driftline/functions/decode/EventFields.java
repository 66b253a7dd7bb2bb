package dev.driftline.functions.decode;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;

/**
 * The fields of one serving event that the decoder uses, read in one pass of a streaming parser; everything else is
 * skipped. Small fields are kept as the nodes a tree of the whole payload would hold, so that the decoder checks and
 * describes them as before; {@code request.inputs} goes straight into arrays ({@link InputRowsReader}).
 *
 * <p>As in a tree, a field given twice counts with its last value (a repeated {@code request} or {@code resp}
 * replaces the earlier one entirely), and a field that is absent is null.
 */
final class EventFields {
    /**
     * Stands for a {@code request} or {@code resp} that is an object, whose fields are kept apart (never read:
     * the decoder only asks it {@code isObject}/{@code isNull}).
     */
    static final ObjectNode AN_OBJECT = JsonNodeFactory.instance.objectNode();

    JsonNode when;
    JsonNode endpointId;
    JsonNode functionUri;
    JsonNode model;
    JsonNode version;
    JsonNode error;
    JsonNode microsec;
    JsonNode labels;
    JsonNode metrics;
    JsonNode effectiveSampleCount;
    JsonNode samplingPercentage;
    /** Present, even if null: a batched event ({@code headers}/{@code values}) has neither {@code request}. */
    boolean hasRequest;
    boolean hasHeaders;
    boolean hasValues;

    /** {@link #AN_OBJECT} or the value that is not an object; null when absent. */
    JsonNode request;
    JsonNode requestId;
    /** null when {@code request} is not an object or has no {@code inputs}. */
    InputRows inputs;

    /** {@link #AN_OBJECT} or the value that is not an object; null when absent. */
    JsonNode resp;
    JsonNode respId;
    JsonNode respModelVersion;
    JsonNode respOutputs;

    /**
     * Reads the event object whose START_OBJECT is the parser's current token, up to its END_OBJECT.
     *
     * @param trees reads the small fields that are neither strings nor simple numbers as trees
     */
    static EventFields read(JsonParser p, ObjectReader trees, InputRowsReader inputs) throws IOException {
        EventFields f = new EventFields();
        while (JsonValues.next(p) == JsonToken.FIELD_NAME) {
            String name = p.currentName();
            JsonValues.next(p);
            switch (name) {
                case "when" -> f.when = JsonValues.node(p, trees);
                case "endpoint_id" -> f.endpointId = JsonValues.node(p, trees);
                case "function_uri" -> f.functionUri = JsonValues.node(p, trees);
                case "model" -> f.model = JsonValues.node(p, trees);
                case "version" -> f.version = JsonValues.node(p, trees);
                case "error" -> f.error = JsonValues.node(p, trees);
                case "microsec" -> f.microsec = JsonValues.node(p, trees);
                case "labels" -> f.labels = JsonValues.node(p, trees);
                case "metrics" -> f.metrics = JsonValues.node(p, trees);
                case "effective_sample_count" -> f.effectiveSampleCount = JsonValues.node(p, trees);
                case "sampling_percentage" -> f.samplingPercentage = JsonValues.node(p, trees);
                case "request" -> f.readRequest(p, trees, inputs);
                case "resp" -> f.readResp(p, trees);
                case "headers" -> {
                    f.hasHeaders = true;
                    JsonValues.skip(p);
                }
                case "values" -> {
                    f.hasValues = true;
                    JsonValues.skip(p);
                }
                default -> JsonValues.skip(p);
            }
        }
        return f;
    }

    private void readRequest(JsonParser p, ObjectReader trees, InputRowsReader inputsReader) throws IOException {
        hasRequest = true;
        requestId = null;
        inputs = null;
        if (p.currentToken() != JsonToken.START_OBJECT) {
            request = JsonValues.node(p, trees);
            return;
        }
        request = AN_OBJECT;
        while (JsonValues.next(p) == JsonToken.FIELD_NAME) {
            String name = p.currentName();
            JsonValues.next(p);
            switch (name) {
                case "id" -> requestId = JsonValues.node(p, trees);
                case "inputs" -> inputs = inputsReader.read(p);
                default -> JsonValues.skip(p);
            }
        }
    }

    private void readResp(JsonParser p, ObjectReader trees) throws IOException {
        respId = null;
        respModelVersion = null;
        respOutputs = null;
        if (p.currentToken() != JsonToken.START_OBJECT) {
            resp = JsonValues.node(p, trees);
            return;
        }
        resp = AN_OBJECT;
        while (JsonValues.next(p) == JsonToken.FIELD_NAME) {
            String name = p.currentName();
            JsonValues.next(p);
            switch (name) {
                case "id" -> respId = JsonValues.node(p, trees);
                case "model_version" -> respModelVersion = JsonValues.node(p, trees);
                // Outputs are small (one value per row, mostly): a tree, checked against the rows once they are known.
                case "outputs" -> respOutputs = JsonValues.node(p, trees);
                default -> JsonValues.skip(p);
            }
        }
    }
}
