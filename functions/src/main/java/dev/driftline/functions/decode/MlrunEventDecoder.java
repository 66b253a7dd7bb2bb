package dev.driftline.functions.decode;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.core.json.JsonReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.databind.json.JsonMapper;
import dev.driftline.functions.model.InferenceError;
import dev.driftline.functions.model.InferenceRecord;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.DateTimeException;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Decodes one MLRun serving-stream event (spec §1) into one {@link InferenceRecord} per input row, an
 * {@link InferenceError} for a failed request, or a human-readable failure reason. Never throws.
 *
 * <p>Not thread-safe: it reuses one Jackson mapper, scratch buffers and one SHA-1 digest; create one per Flink subtask.
 *
 * <p>The event is read in one pass of a streaming parser ({@link EventFields}, {@link InputRowsReader}), not as a
 * tree: building the tree was most of the decoding time. The checks below still run in a fixed order once the whole
 * payload has been read, so the outcome does not depend on the order of the fields, and a payload that is malformed
 * anywhere is rejected as malformed (with the tree reader's own words: on any parse problem the payload is read
 * again as a tree to word the reason).
 *
 * <h2>Decoding rules</h2>
 * <ul>
 *   <li>{@code when}: ISO-8601 with {@code T} or a space between date and time (Python's {@code str(datetime)}),
 *       an optional fraction of up to nanoseconds (truncated to milliseconds) and an optional offset or {@code Z};
 *       a naive time is UTC. Epoch numbers are rejected: MLRun never sends them. A {@code when} further than
 *       {@link DecoderSettings#maxFutureSkewMillis()} ahead of the processing time is rejected as clock skew.</li>
 *   <li>{@code request.inputs}: a list of rows. As MLRun does, the first element decides: if it is not a list the
 *       whole {@code inputs} is one unwrapped row ({@code [row]}); otherwise every element must be a list (a row).</li>
 *   <li>{@code resp.outputs}: a scalar is the prediction of a single row; a list with one element per row pairs row
 *       by row (each element a scalar, or a list of several values); a list of another length for a single row is
 *       that row's prediction vector; anything else does not pair and is rejected.</li>
 *   <li>Values: numbers stay numbers; booleans become 1.0/0.0; strings are texts (number NaN); JSON {@code null} and
 *       the non-numeric number tokens {@code NaN}/{@code Infinity}/{@code -Infinity} that Python's {@code json}
 *       writes are null (number NaN, text null). The <em>string</em> {@code "NaN"} is just a string.</li>
 *   <li>Images / tensors: a nested numeric array in a value position (a raw image, an embedding) is monitored by one
 *       derived property, its <b>mean</b> (mean intensity for an image) over all finite leaves at any depth;
 *       booleans count as 1/0, nulls and NaN/Infinity leaves are skipped (numpy's {@code nanmean}); an array with no
 *       finite leaf is null. A string or object inside such an array is rejected.</li>
 *   <li>Objects in a value position are rejected.</li>
 *   <li>Labels with a null value are dropped; other label values are stringified (strings as-is, others as compact
 *       JSON).</li>
 * </ul>
 */
public final class MlrunEventDecoder {

    private static final String WHEN_EXAMPLES = "e.g. \"2026-11-26 03:00:00.123456\" or \"2026-11-26T03:00:00+02:00\"";
    private static final int MAX_QUOTED_CHARS = 100;
    private static final int MAX_ERROR_TYPE_CHARS = 64;
    /** Marks a URI that {@link #parseFunctionUri} does not take, in the parsed URIs. */
    private static final String[] NOT_A_FUNCTION_URI = new String[0];

    private final DecoderSettings settings;
    private final ObjectMapper mapper;
    /** Reads the small fields that are neither strings nor simple numbers (labels, metrics, outputs) as trees. */
    private final ObjectReader trees;
    private final InputRowsReader inputsReader;
    private final MessageDigest sha1;
    /** The identity strings as one instance per value, and the function URIs parsed once each. */
    private final CanonicalStrings canonical = new CanonicalStrings();
    private final Map<String, String[]> parsedFunctionUris = new HashMap<>();

    public MlrunEventDecoder() {
        this(DecoderSettings.DEFAULTS);
    }

    public MlrunEventDecoder(DecoderSettings settings) {
        this.settings = settings == null ? DecoderSettings.DEFAULTS : settings;
        this.mapper = JsonMapper.builder()
                // Python's json.dumps writes NaN / Infinity / -Infinity for float('nan') and friends.
                .enable(JsonReadFeature.ALLOW_NON_NUMERIC_NUMBERS)
                .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
                // Same doubles as Double.parseDouble (it rounds correctly too), in about half the time.
                .enable(StreamReadFeature.USE_FAST_DOUBLE_PARSER)
                .build();
        // A field's tree is followed by the rest of the event: trailing tokens are checked once, for the whole payload.
        this.trees = mapper.readerFor(JsonNode.class).without(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);
        this.inputsReader = new InputRowsReader(this.settings);
        try {
            this.sha1 = MessageDigest.getInstance("SHA-1");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("the JVM has no SHA-1 MessageDigest", e);
        }
    }

    public DecoderSettings settings() {
        return settings;
    }

    /** Identity strings kept (for tests: the table is bounded). */
    int keptIdentityStrings() {
        return canonical.size();
    }

    /** Parsed function URIs kept (for tests: the table is bounded). */
    int keptFunctionUris() {
        return parsedFunctionUris.size();
    }

    /**
     * Decodes one event.
     *
     * @param payload   the raw Kafka record value (UTF-8 JSON); may be null
     * @param nowMillis the processing time (epoch ms), used to reject events stamped too far in the future
     * @return records, an error, or a failure reason; never null, never throws
     */
    public DecodeResult decode(byte[] payload, long nowMillis) {
        try {
            return decodeOrReject(payload, nowMillis);
        } catch (Rejected r) {
            return DecodeResult.failure(r.getMessage());
        } catch (StackOverflowError e) {
            return DecodeResult.failure("payload is nested too deeply to decode");
        } catch (RuntimeException e) {
            return DecodeResult.failure("unexpected error while decoding the event: " + e);
        }
    }

    private DecodeResult decodeOrReject(byte[] payload, long nowMillis) {
        if (payload == null || payload.length == 0) {
            throw new Rejected("empty payload: the Kafka record has no value");
        }
        if (payload.length > settings.maxPayloadBytes()) {
            throw new Rejected("payload of " + payload.length + " bytes exceeds the limit of "
                    + settings.maxPayloadBytes() + " bytes (decoder max-payload-bytes); not parsed");
        }
        EventFields event = read(payload);
        if (!event.hasRequest && event.hasHeaders && event.hasValues) {
            throw new Rejected("batched MLRun event ('headers'/'values', sent when the serving function's "
                    + "stream_batch > 1) is not supported: set stream_batch to 1");
        }

        long timestamp = parseWhen(event.when, nowMillis);
        JsonNode request = event.request;
        JsonNode resp = event.resp;
        Identity id = identity(event);
        String requestId = requestId(event);

        JsonNode errorNode = event.error;
        if (errorNode != null && !errorNode.isNull()) {
            return DecodeResult.error(inferenceError(errorNode, id, requestId, timestamp));
        }

        // A monitored request: rows in, predictions out.
        if (request == null || request.isNull()) {
            throw new Rejected("missing field 'request' (with 'inputs') on an event without 'error'");
        }
        if (!request.isObject()) {
            throw new Rejected("field 'request' is " + describe(request) + "; expected an object with 'inputs'");
        }
        if (resp == null || resp.isNull()) {
            throw new Rejected("missing field 'resp' (with 'outputs') on an event without 'error'");
        }
        if (!resp.isObject()) {
            throw new Rejected("field 'resp' is " + describe(resp) + "; expected an object with 'outputs'");
        }
        InputRows inputRows = event.inputs == null ? InputRows.MISSING : event.inputs;
        if (inputRows.problem() != null) {
            throw new Rejected(inputRows.problem());
        }
        List<RowValues> inputs = inputRows.rows();
        List<RowValues> outputs = outputs(event.respOutputs, inputs.size());

        double latencyMicros = latencyMicros(event.microsec);
        Map<String, String> labels = labels(event.labels);
        String customMetrics = customMetrics(event.metrics);
        int effectiveSampleCount = effectiveSampleCount(event.effectiveSampleCount);
        double samplingFactor = estimatedPredictionCount(event.samplingPercentage);
        // MLRun: estimated predictions = effective_sample_count × 100 / p for the event; spread over its rows.
        double estimatedPredictionCount = samplingFactor != 1.0 && effectiveSampleCount >= 0
                ? effectiveSampleCount * samplingFactor / inputs.size()
                : samplingFactor;

        List<InferenceRecord> records = new ArrayList<>(inputs.size());
        for (int i = 0; i < inputs.size(); i++) {
            InferenceRecord r = new InferenceRecord();
            r.endpointId = id.endpointId;
            r.project = id.project;
            r.model = id.model;
            r.functionUri = id.functionUri;
            r.requestId = requestId;
            r.timestamp = timestamp;
            r.latencyMicros = latencyMicros;
            r.inputNumbers = inputs.get(i).numbers;
            r.inputTexts = inputs.get(i).texts;
            r.outputNumbers = outputs.get(i).numbers;
            r.outputTexts = outputs.get(i).texts;
            r.labels = labels;
            r.customMetrics = customMetrics;
            r.estimatedPredictionCount = estimatedPredictionCount;
            r.effectiveSampleCount = effectiveSampleCount;
            r.continuesRequest = i > 0;
            records.add(r);
        }
        return DecodeResult.records(records);
    }

    // ---------------------------------------------------------------------------------------------------- parsing

    /** The event's fields, read in one streaming pass; rejects what the tree reader rejects, in its words. */
    private EventFields read(byte[] payload) {
        try (JsonParser p = mapper.createParser(payload)) {
            if (p.nextToken() != JsonToken.START_OBJECT) {
                // Rare: let the tree say what the payload is instead.
                throw notAnObject(parse(payload));
            }
            EventFields fields = EventFields.read(p, trees, inputsReader);
            if (p.nextToken() != null) {
                throw malformed(payload, null);
            }
            return fields;
        } catch (IOException e) {
            throw malformed(payload, e);
        }
    }

    private static Rejected notAnObject(JsonNode event) {
        if (event == null || event.isMissingNode()) {
            return new Rejected("payload is not a JSON object: it contains only whitespace");
        }
        return new Rejected("payload is not a JSON object: it is " + describe(event));
    }

    /**
     * The reason for a payload the streaming read could not read (or found trailing content after): the tree
     * reader's, word for word, as it was before decoding streamed.
     */
    private Rejected malformed(byte[] payload, IOException streamed) {
        parse(payload);
        // Not reached for any payload known: the tree reader rejects whatever the streaming read does.
        if (streamed instanceof JsonProcessingException e) {
            return malformedJson(e);
        }
        return new Rejected(streamed == null ? "malformed JSON: content after the event object"
                : "payload could not be read as JSON: " + streamed.getMessage());
    }

    private JsonNode parse(byte[] payload) {
        try {
            return mapper.readTree(payload);
        } catch (JsonProcessingException e) {
            throw malformedJson(e);
        } catch (IOException e) {
            throw new Rejected("payload could not be read as JSON: " + e.getMessage());
        }
    }

    private static Rejected malformedJson(JsonProcessingException e) {
        StringBuilder reason = new StringBuilder("malformed JSON: ").append(firstLine(e.getOriginalMessage()));
        JsonLocation at = e.getLocation();
        if (at != null && at.getLineNr() > 0) {
            reason.append(" (line ").append(at.getLineNr()).append(", column ").append(at.getColumnNr()).append(')');
        }
        return new Rejected(reason.toString());
    }

    // ------------------------------------------------------------------------------------------------------- when

    private long parseWhen(JsonNode when, long nowMillis) {
        if (when == null || when.isNull()) {
            throw new Rejected("missing field 'when' (the request start time, ISO-8601, " + WHEN_EXAMPLES + ")");
        }
        if (!when.isTextual()) {
            throw new Rejected("field 'when' is " + describe(when) + " (" + quote(when.toString())
                    + "); expected an ISO-8601 date-time string, " + WHEN_EXAMPLES + " (epoch numbers are not accepted)");
        }
        String text = when.asText();
        long millis;
        try {
            millis = parseIsoMillis(text);
        } catch (DateTimeException | ArithmeticException e) {
            throw new Rejected("field 'when' " + quote(text) + " is not an ISO-8601 date-time ("
                    + WHEN_EXAMPLES + ")");
        }
        long ahead = millis - nowMillis;
        if (millis > nowMillis && (ahead > settings.maxFutureSkewMillis() || ahead < 0)) {
            throw new Rejected("field 'when' " + quote(text) + " is " + humanDuration(ahead)
                    + " ahead of the processing time " + Instant.ofEpochMilli(nowMillis)
                    + ": clock skew beyond decoder max-future-skew (" + humanDuration(settings.maxFutureSkewMillis()) + ")");
        }
        return millis;
    }

    /** Epoch ms of an MLRun {@code when}; a naive date-time is UTC. See {@link WhenTimestamps}. */
    public static long parseIsoMillis(String text) {
        return WhenTimestamps.epochMillis(text);
    }

    // -------------------------------------------------------------------------------------------------- identity

    private static final class Identity {
        String endpointId;
        String project;
        String model;
        String functionUri;
    }

    private Identity identity(EventFields event) {
        Identity id = new Identity();
        id.endpointId = canonical.of(optionalText("endpoint_id", event.endpointId));
        id.functionUri = canonical.of(optionalText("function_uri", event.functionUri));
        id.model = canonical.of(optionalText("model", event.model));
        String[] uri = id.functionUri == null ? null : functionUri(id.functionUri);
        id.project = uri == null ? null : uri[0];
        if (id.endpointId != null && !id.endpointId.isBlank()) {
            return id;
        }
        // Older MLRun sends no endpoint_id: derive it the way MLRun does.
        boolean noUri = id.functionUri == null || id.functionUri.isBlank();
        boolean noModel = id.model == null || id.model.isBlank();
        if (noUri || noModel) {
            throw new Rejected("missing field 'endpoint_id', and it cannot be derived: that needs 'function_uri' and "
                    + "'model' (missing: " + (noUri && noModel ? "function_uri, model" : noUri ? "function_uri" : "model") + ")");
        }
        if (uri == null) {
            throw new Rejected("missing field 'endpoint_id', and it cannot be derived: field 'function_uri' "
                    + quote(id.functionUri) + " is not of the form project/function[:tag]");
        }
        String version = scalarText(event.version);
        if ((version == null || version.isBlank()) && event.resp != null && event.resp.isObject()) {
            version = scalarText(event.respModelVersion);
        }
        id.endpointId = canonical.of(derivedEndpointId(uri[0], uri[1], uri[2], id.model, version));
        return id;
    }

    /**
     * {@link #parseFunctionUri}, once per distinct URI (bounded as {@link CanonicalStrings}): the project it yields is
     * then one instance per URI. The result is shared; callers do not change it.
     */
    private String[] functionUri(String functionUri) {
        if (functionUri.length() > CanonicalStrings.MAX_LENGTH) {
            return parseFunctionUri(functionUri);
        }
        String[] parsed = parsedFunctionUris.get(functionUri);
        if (parsed == null) {
            if (parsedFunctionUris.size() >= CanonicalStrings.MAX_ENTRIES) {
                parsedFunctionUris.clear();
            }
            parsed = parseFunctionUri(functionUri);
            parsedFunctionUris.put(functionUri, parsed == null ? NOT_A_FUNCTION_URI : parsed);
        }
        return parsed == NOT_A_FUNCTION_URI ? null : parsed;
    }

    /**
     * {@code [project, function, tag-or-null]} of {@code project/function[:tag][@hash]}, or null if the URI has no
     * project or no function. Package-private for tests.
     */
    static String[] parseFunctionUri(String functionUri) {
        String s = functionUri.strip();
        int at = s.lastIndexOf('@');
        String hash = null;
        if (at >= 0) {
            hash = s.substring(at + 1);
            s = s.substring(0, at);
        }
        int slash = s.indexOf('/');
        if (slash <= 0) {
            return null;
        }
        String project = s.substring(0, slash);
        String rest = s.substring(slash + 1);
        String tag = null;
        int colon = rest.indexOf(':');
        if (colon >= 0) {
            tag = rest.substring(colon + 1);
            rest = rest.substring(0, colon);
        }
        if (rest.isEmpty()) {
            return null;
        }
        // MLRun keys the endpoint with `tag or hash_key or 'N/A'`.
        if (tag == null || tag.isEmpty()) {
            tag = hash == null || hash.isEmpty() ? null : hash;
        }
        return new String[] {project, rest, tag};
    }

    /** Hex SHA-1 of {@code "{project}_{function}_{tag or 'N/A'}_{model}_{version or 'N/A'}"}, as MLRun derives it. */
    private String derivedEndpointId(String project, String function, String tag, String model, String version) {
        String key = project + "_" + function + "_" + (tag == null || tag.isBlank() ? "N/A" : tag) + "_" + model + "_"
                + (version == null || version.isBlank() ? "N/A" : version);
        byte[] digest = sha1.digest(key.getBytes(StandardCharsets.UTF_8));
        StringBuilder hex = new StringBuilder(40);
        for (byte b : digest) {
            hex.append(Character.forDigit((b >> 4) & 0xF, 16)).append(Character.forDigit(b & 0xF, 16));
        }
        return hex.toString();
    }

    private static String requestId(EventFields event) {
        String id = event.request != null && event.request.isObject() ? scalarText(event.requestId) : null;
        if (id == null || id.isEmpty()) {
            id = event.resp != null && event.resp.isObject() ? scalarText(event.respId) : null;
        }
        return id == null || id.isEmpty() ? null : id;
    }

    // ----------------------------------------------------------------------------------------------------- errors

    private static InferenceError inferenceError(JsonNode errorNode, Identity id, String requestId, long timestamp) {
        InferenceError e = new InferenceError();
        e.endpointId = id.endpointId;
        e.project = id.project;
        e.model = id.model;
        e.functionUri = id.functionUri;
        e.requestId = requestId;
        e.timestamp = timestamp;
        e.error = errorNode.isTextual() ? errorNode.asText() : errorNode.toString();
        e.errorType = errorType(e.error);
        return e;
    }

    /**
     * The error's grouping key: on its first line, the text before the first ':' (trimmed), else the first
     * whitespace-separated token; at most 64 characters; {@code "unknown"} for an empty message. Package-private for tests.
     */
    static String errorType(String message) {
        String line = message == null ? "" : message.strip();
        int nl = line.indexOf('\n');
        if (nl >= 0) {
            line = line.substring(0, nl).strip();
        }
        int colon = line.indexOf(':');
        String type = colon > 0 ? line.substring(0, colon).strip() : "";
        if (type.isEmpty()) {
            type = line.split("\\s+", 2)[0];
        }
        if (type.isEmpty()) {
            return "unknown";
        }
        if (type.length() > MAX_ERROR_TYPE_CHARS) {
            int end = MAX_ERROR_TYPE_CHARS;
            if (Character.isHighSurrogate(type.charAt(end - 1))) {
                end--;
            }
            type = type.substring(0, end);
        }
        return type;
    }

    // ------------------------------------------------------------------------------------------------ rows/values

    private List<RowValues> outputs(JsonNode outputs, int rows) {
        if (outputs == null || outputs.isMissingNode()) {
            throw new Rejected("missing field 'resp.outputs' (the predictions) on an event without 'error'");
        }
        if (outputs.isObject()) {
            throw new Rejected("field 'resp.outputs' is an object; expected a scalar, a list (one per row) or a list of lists");
        }
        if (!outputs.isArray()) {
            if (rows != 1) {
                throw new Rejected("field 'resp.outputs' is a single value but 'request.inputs' has " + rows
                        + " rows: outputs do not pair with rows");
            }
            RowValues v = new RowValues(1);
            value(outputs, v, 0, "resp.outputs", -1);
            return Collections.singletonList(v);
        }
        if (outputs.size() == rows) {
            List<RowValues> out = new ArrayList<>(rows);
            for (int i = 0; i < rows; i++) {
                JsonNode element = outputs.get(i);
                if (element.isObject()) {
                    String where = "resp.outputs[" + i + "]";
                    throw new Rejected("field '" + where + "' is an object; a row's output must be a value or a list of values");
                }
                if (element.isArray()) {
                    out.add(vector(element, "resp.outputs", i));
                } else {
                    RowValues v = new RowValues(1);
                    value(element, v, 0, "resp.outputs", i);
                    out.add(v);
                }
            }
            return out;
        }
        if (rows == 1) {
            // One row whose prediction is a vector (e.g. class probabilities).
            return Collections.singletonList(vector(outputs, "resp.outputs", -1));
        }
        throw new Rejected("field 'resp.outputs' has " + outputs.size() + " elements but 'request.inputs' has " + rows
                + " rows: outputs do not pair with rows (expected one output per row)");
    }

    /** A list of prediction values at {@code where[index]} ({@code where} itself when index is -1). */
    private RowValues vector(JsonNode list, String where, int index) {
        String name = at(where, index);
        if (list.size() > settings.maxColumnsPerRow()) {
            throw new Rejected("field '" + name + "' has " + list.size() + " values, more than decoder "
                    + "max-columns-per-row (" + settings.maxColumnsPerRow() + ")");
        }
        RowValues v = new RowValues(list.size());
        for (int j = 0; j < list.size(); j++) {
            value(list.get(j), v, j, name, j);
        }
        return v;
    }

    /** The value at {@code where[index]} ({@code where} itself when index is -1); the name is built only on error. */
    private static void value(JsonNode node, RowValues into, int i, String where, int index) {
        if (node == null || node.isNull() || node.isMissingNode()) {
            into.numbers[i] = Double.NaN;
        } else if (node.isNumber()) {
            double d = node.doubleValue();
            into.numbers[i] = Double.isFinite(d) ? d : Double.NaN;
        } else if (node.isBoolean()) {
            into.numbers[i] = node.booleanValue() ? 1.0 : 0.0;
        } else if (node.isTextual()) {
            into.numbers[i] = Double.NaN;
            into.texts[i] = node.textValue();
        } else if (node.isArray()) {
            into.numbers[i] = arrayMean(node, where, index);
        } else {
            throw new Rejected("field '" + at(where, index) + "' is " + describe(node)
                    + "; values must be numbers, strings, booleans, null or numeric arrays");
        }
    }

    /** Mean of the finite leaves of a nested numeric array (an image / tensor), NaN when it has none. */
    private static double arrayMean(JsonNode array, String where, int index) {
        double sum = 0;
        long count = 0;
        ArrayDeque<Iterator<JsonNode>> stack = new ArrayDeque<>();
        stack.push(array.elements());
        while (!stack.isEmpty()) {
            Iterator<JsonNode> it = stack.peek();
            if (!it.hasNext()) {
                stack.pop();
                continue;
            }
            JsonNode leaf = it.next();
            if (leaf.isArray()) {
                stack.push(leaf.elements());
            } else if (leaf.isNumber()) {
                double d = leaf.doubleValue();
                if (Double.isFinite(d)) {
                    sum += d;
                    count++;
                }
            } else if (leaf.isBoolean()) {
                sum += leaf.booleanValue() ? 1 : 0;
                count++;
            } else if (!leaf.isNull()) {
                throw new Rejected(TensorMean.problem(at(where, index), describe(leaf)));
            }
        }
        return count == 0 ? Double.NaN : sum / count;
    }

    // -------------------------------------------------------------------------------------------- other fields

    /**
     * MLRun fills {@code microsec} with {@code (now - start).microseconds}: only the microsecond <em>component</em>
     * of the elapsed time (0..999,999), so a request that took 1.2 s reports 200,000. This is a known upstream bug;
     * Driftline reads the value as given so its numbers match MLRun's, and does not try to repair it.
     */
    private static double latencyMicros(JsonNode microsec) {
        if (microsec == null || microsec.isNull()) {
            return Double.NaN;
        }
        if (!microsec.isNumber()) {
            throw new Rejected("field 'microsec' is " + describe(microsec) + "; expected a number (latency in microseconds)");
        }
        // Infinity, -Infinity or a literal beyond double range (1e400) is no latency: counted as missing, like NaN,
        // so one such event cannot turn a window's or the endpoint's latency average into infinity or NaN.
        double micros = microsec.doubleValue();
        return Double.isFinite(micros) ? micros : Double.NaN;
    }

    private static Map<String, String> labels(JsonNode labels) {
        if (labels == null || labels.isNull()) {
            return null;
        }
        if (!labels.isObject()) {
            throw new Rejected("field 'labels' is " + describe(labels) + "; expected an object of label name to value");
        }
        Map<String, String> map = new LinkedHashMap<>();
        Iterator<Map.Entry<String, JsonNode>> fields = labels.fields();
        while (fields.hasNext()) {
            Map.Entry<String, JsonNode> f = fields.next();
            JsonNode v = f.getValue();
            if (v.isNull()) {
                continue;
            }
            map.put(f.getKey(), v.isTextual() ? v.textValue() : v.isValueNode() ? v.asText() : v.toString());
        }
        return map;
    }

    private String customMetrics(JsonNode metrics) {
        if (metrics == null || metrics.isNull()) {
            return null;
        }
        if (!metrics.isObject()) {
            throw new Rejected("field 'metrics' is " + describe(metrics) + "; expected an object of metric name to value");
        }
        try {
            return mapper.writeValueAsString(metrics);
        } catch (JsonProcessingException e) {
            throw new Rejected("field 'metrics' could not be written back as JSON: " + e.getOriginalMessage());
        }
    }

    private static int effectiveSampleCount(JsonNode node) {
        if (node == null || node.isNull()) {
            return -1;
        }
        if (!node.isNumber()) {
            throw new Rejected("field 'effective_sample_count' is " + describe(node) + "; expected a whole number");
        }
        double d = node.doubleValue();
        if (d != Math.rint(d) || d < Integer.MIN_VALUE || d > Integer.MAX_VALUE) {
            throw new Rejected("field 'effective_sample_count' is " + node + "; expected a whole number");
        }
        return (int) d;
    }

    /** 100 / p when the serving side samples ({@code 0 < sampling_percentage <= 100}), else 1. */
    private static double estimatedPredictionCount(JsonNode node) {
        if (node == null || node.isNull()) {
            return 1.0;
        }
        if (!node.isNumber()) {
            throw new Rejected("field 'sampling_percentage' is " + describe(node) + "; expected a number in (0, 100]");
        }
        double p = node.doubleValue();
        return p > 0 && p <= 100 ? 100.0 / p : 1.0;
    }

    // ------------------------------------------------------------------------------------------------- helpers

    /** {@code where[index]}, or {@code where} when index is -1. */
    private static String at(String where, int index) {
        return index < 0 ? where : where + "[" + index + "]";
    }

    /** A text field, or null when absent/null; a non-text value is rejected. */
    private static String optionalText(String field, JsonNode v) {
        if (v == null || v.isNull()) {
            return null;
        }
        if (!v.isTextual()) {
            throw new Rejected("field '" + field + "' is " + describe(v) + " (" + quote(v.toString()) + "); expected a string");
        }
        return v.textValue();
    }

    /** A string or number as text (ids are sometimes numeric), else null. */
    private static String scalarText(JsonNode v) {
        if (v == null || v.isNull()) {
            return null;
        }
        if (v.isTextual()) {
            return v.textValue();
        }
        return v.isNumber() ? v.asText() : null;
    }

    private static String describe(JsonNode node) {
        if (node == null || node.isMissingNode()) {
            return "missing";
        }
        switch (node.getNodeType()) {
            case ARRAY: return "a list";
            case OBJECT: return "an object";
            case STRING: return "a string";
            case NUMBER: return "a number";
            case BOOLEAN: return "a boolean";
            case NULL: return "null";
            default: return "a " + node.getNodeType().name().toLowerCase();
        }
    }

    private static String quote(String s) {
        if (s.length() > MAX_QUOTED_CHARS) {
            s = s.substring(0, MAX_QUOTED_CHARS) + "...";
        }
        return '"' + s + '"';
    }

    private static String firstLine(String s) {
        if (s == null) {
            return "unreadable input";
        }
        int nl = s.indexOf('\n');
        return nl >= 0 ? s.substring(0, nl) : s;
    }

    private static String humanDuration(long millis) {
        if (millis < 0) {
            return "far";
        }
        long seconds = millis / 1000;
        if (seconds < 120) {
            return seconds + " s";
        }
        if (seconds < 2 * 3600) {
            return (seconds / 60) + " min";
        }
        if (seconds < 3 * 86400) {
            return String.format(java.util.Locale.ROOT, "%.1f h", seconds / 3600.0);
        }
        return String.format(java.util.Locale.ROOT, "%.1f days", seconds / 86400.0);
    }

    /** A decoding failure with its human-readable reason; cheap (no stack trace). */
    private static final class Rejected extends RuntimeException {
        private static final long serialVersionUID = 1L;

        Rejected(String reason) {
            super(reason, null, false, false);
        }
    }
}
