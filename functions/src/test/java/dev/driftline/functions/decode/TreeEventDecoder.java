package dev.driftline.functions.decode;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.json.JsonReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import dev.driftline.functions.model.InferenceError;
import dev.driftline.functions.model.InferenceRecord;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.chrono.IsoChronology;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeFormatterBuilder;
import java.time.format.ResolverStyle;
import java.time.temporal.ChronoField;
import java.time.temporal.TemporalAccessor;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The tree-based decoder as it was before decoding streamed the event: a reference that {@link MlrunEventDecoder} must
 * match on every payload (same records, errors and failure reasons). Test-only; see {@code StreamingDecoderEquivalenceTest}.
 */
final class TreeEventDecoder {

    /** {@code 2026-11-26T03:00:00[.fffffffff][Z|+hh:mm|+hhmm|+hh]}, after a space separator has been turned into T. */
    private static final DateTimeFormatter WHEN = new DateTimeFormatterBuilder()
            .parseCaseInsensitive()
            .append(DateTimeFormatter.ISO_LOCAL_DATE)
            .appendLiteral('T')
            .appendValue(ChronoField.HOUR_OF_DAY, 2)
            .appendLiteral(':')
            .appendValue(ChronoField.MINUTE_OF_HOUR, 2)
            .optionalStart()
            .appendLiteral(':')
            .appendValue(ChronoField.SECOND_OF_MINUTE, 2)
            .optionalStart()
            .appendFraction(ChronoField.NANO_OF_SECOND, 0, 9, true)
            .optionalEnd()
            .optionalEnd()
            .optionalStart().appendOffset("+HH:MM", "Z").optionalEnd()
            .optionalStart().appendOffset("+HHMM", "Z").optionalEnd()
            .optionalStart().appendOffset("+HH", "Z").optionalEnd()
            .toFormatter()
            .withResolverStyle(ResolverStyle.STRICT)
            .withChronology(IsoChronology.INSTANCE);

    private static final String WHEN_EXAMPLES = "e.g. \"2026-11-26 03:00:00.123456\" or \"2026-11-26T03:00:00+02:00\"";
    private static final int MAX_QUOTED_CHARS = 100;
    private static final int MAX_ERROR_TYPE_CHARS = 64;

    private final DecoderSettings settings;
    private final ObjectMapper mapper;
    private final MessageDigest sha1;

    TreeEventDecoder() {
        this(DecoderSettings.DEFAULTS);
    }

    TreeEventDecoder(DecoderSettings settings) {
        this.settings = settings == null ? DecoderSettings.DEFAULTS : settings;
        this.mapper = JsonMapper.builder()
                // Python's json.dumps writes NaN / Infinity / -Infinity for float('nan') and friends.
                .enable(JsonReadFeature.ALLOW_NON_NUMERIC_NUMBERS)
                .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
                .build();
        try {
            this.sha1 = MessageDigest.getInstance("SHA-1");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("the JVM has no SHA-1 MessageDigest", e);
        }
    }

    public DecoderSettings settings() {
        return settings;
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
        JsonNode event = parse(payload);
        if (event == null || event.isMissingNode()) {
            throw new Rejected("payload is not a JSON object: it contains only whitespace");
        }
        if (!event.isObject()) {
            throw new Rejected("payload is not a JSON object: it is " + describe(event));
        }
        if (!event.has("request") && event.has("headers") && event.has("values")) {
            throw new Rejected("batched MLRun event ('headers'/'values', sent when the serving function's "
                    + "stream_batch > 1) is not supported: set stream_batch to 1");
        }

        long timestamp = parseWhen(event.get("when"), nowMillis);
        JsonNode request = event.get("request");
        JsonNode resp = event.get("resp");
        Identity id = identity(event, resp);
        String requestId = requestId(request, resp);

        JsonNode errorNode = event.get("error");
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
        List<Values> inputs = inputs(request.get("inputs"));
        List<Values> outputs = outputs(resp.get("outputs"), inputs.size());

        double latencyMicros = latencyMicros(event.get("microsec"));
        Map<String, String> labels = labels(event.get("labels"));
        String customMetrics = customMetrics(event.get("metrics"));
        int effectiveSampleCount = effectiveSampleCount(event.get("effective_sample_count"));
        double samplingFactor = estimatedPredictionCount(event.get("sampling_percentage"));
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

    private JsonNode parse(byte[] payload) {
        try {
            return mapper.readTree(payload);
        } catch (JsonProcessingException e) {
            StringBuilder reason = new StringBuilder("malformed JSON: ").append(firstLine(e.getOriginalMessage()));
            JsonLocation at = e.getLocation();
            if (at != null && at.getLineNr() > 0) {
                reason.append(" (line ").append(at.getLineNr()).append(", column ").append(at.getColumnNr()).append(')');
            }
            throw new Rejected(reason.toString());
        } catch (IOException e) {
            throw new Rejected("payload could not be read as JSON: " + e.getMessage());
        }
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

    /** Epoch ms of an MLRun {@code when}; a naive date-time is UTC. */
    public static long parseIsoMillis(String text) {
        String s = text.strip();
        if (s.length() > 10 && s.charAt(10) == ' ') {
            s = s.substring(0, 10) + 'T' + s.substring(11);
        }
        TemporalAccessor parsed = WHEN.parse(s);
        Instant instant = parsed.isSupported(ChronoField.OFFSET_SECONDS)
                ? OffsetDateTime.from(parsed).toInstant()
                : LocalDateTime.from(parsed).toInstant(ZoneOffset.UTC);
        return instant.toEpochMilli();
    }

    // -------------------------------------------------------------------------------------------------- identity

    private static final class Identity {
        String endpointId;
        String project;
        String model;
        String functionUri;
    }

    private Identity identity(JsonNode event, JsonNode resp) {
        Identity id = new Identity();
        id.endpointId = optionalText(event, "endpoint_id");
        id.functionUri = optionalText(event, "function_uri");
        id.model = optionalText(event, "model");
        String[] uri = id.functionUri == null ? null : parseFunctionUri(id.functionUri);
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
        String version = scalarText(event.get("version"));
        if ((version == null || version.isBlank()) && resp != null && resp.isObject()) {
            version = scalarText(resp.get("model_version"));
        }
        id.endpointId = derivedEndpointId(uri[0], uri[1], uri[2], id.model, version);
        return id;
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

    private static String requestId(JsonNode request, JsonNode resp) {
        String id = request != null && request.isObject() ? scalarText(request.get("id")) : null;
        if (id == null || id.isEmpty()) {
            id = resp != null && resp.isObject() ? scalarText(resp.get("id")) : null;
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

    /** One row's values, as the record's parallel arrays. */
    private static final class Values {
        final double[] numbers;
        final String[] texts;

        Values(int n) {
            numbers = new double[n];
            texts = new String[n];
        }
    }

    private List<Values> inputs(JsonNode inputs) {
        if (inputs == null || inputs.isNull()) {
            throw new Rejected("missing field 'request.inputs' (the list of input rows)");
        }
        if (!inputs.isArray()) {
            throw new Rejected("field 'request.inputs' is " + describe(inputs) + "; expected a list of rows");
        }
        if (inputs.isEmpty()) {
            throw new Rejected("field 'request.inputs' is an empty list: the event has no rows to monitor");
        }
        JsonNode first = inputs.get(0);
        if (!first.isArray()) {
            if (first.isObject()) {
                throw new Rejected("field 'request.inputs[0]' is an object; rows must be lists of values");
            }
            // MLRun's own test: a first element that is not a list means one unwrapped row.
            return Collections.singletonList(row(inputs, "request.inputs"));
        }
        if (inputs.size() > settings.maxRowsPerEvent()) {
            throw new Rejected("field 'request.inputs' has " + inputs.size() + " rows, more than decoder "
                    + "max-rows-per-event (" + settings.maxRowsPerEvent() + ")");
        }
        List<Values> rows = new ArrayList<>(inputs.size());
        for (int i = 0; i < inputs.size(); i++) {
            JsonNode row = inputs.get(i);
            String where = "request.inputs[" + i + "]";
            if (!row.isArray()) {
                throw new Rejected("field '" + where + "' is " + describe(row)
                        + " but 'request.inputs[0]' is a list: every row must be a list of values");
            }
            rows.add(row(row, where));
        }
        return rows;
    }

    private Values row(JsonNode row, String where) {
        if (row.isEmpty()) {
            throw new Rejected("field '" + where + "' is an empty row (no input values)");
        }
        if (row.size() > settings.maxColumnsPerRow()) {
            throw new Rejected("field '" + where + "' has " + row.size() + " values, more than decoder "
                    + "max-columns-per-row (" + settings.maxColumnsPerRow() + ")");
        }
        Values v = new Values(row.size());
        for (int j = 0; j < row.size(); j++) {
            value(row.get(j), v, j, where + "[" + j + "]");
        }
        return v;
    }

    private List<Values> outputs(JsonNode outputs, int rows) {
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
            Values v = new Values(1);
            value(outputs, v, 0, "resp.outputs");
            return Collections.singletonList(v);
        }
        if (outputs.size() == rows) {
            List<Values> out = new ArrayList<>(rows);
            for (int i = 0; i < rows; i++) {
                JsonNode element = outputs.get(i);
                String where = "resp.outputs[" + i + "]";
                if (element.isObject()) {
                    throw new Rejected("field '" + where + "' is an object; a row's output must be a value or a list of values");
                }
                if (element.isArray()) {
                    out.add(vector(element, where));
                } else {
                    Values v = new Values(1);
                    value(element, v, 0, where);
                    out.add(v);
                }
            }
            return out;
        }
        if (rows == 1) {
            // One row whose prediction is a vector (e.g. class probabilities).
            return Collections.singletonList(vector(outputs, "resp.outputs"));
        }
        throw new Rejected("field 'resp.outputs' has " + outputs.size() + " elements but 'request.inputs' has " + rows
                + " rows: outputs do not pair with rows (expected one output per row)");
    }

    private Values vector(JsonNode list, String where) {
        if (list.size() > settings.maxColumnsPerRow()) {
            throw new Rejected("field '" + where + "' has " + list.size() + " values, more than decoder "
                    + "max-columns-per-row (" + settings.maxColumnsPerRow() + ")");
        }
        Values v = new Values(list.size());
        for (int j = 0; j < list.size(); j++) {
            value(list.get(j), v, j, where + "[" + j + "]");
        }
        return v;
    }

    private static void value(JsonNode node, Values into, int i, String where) {
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
            into.numbers[i] = arrayMean(node, where);
        } else {
            throw new Rejected("field '" + where + "' is " + describe(node)
                    + "; values must be numbers, strings, booleans, null or numeric arrays");
        }
    }

    /** Mean of the finite leaves of a nested numeric array (an image / tensor), NaN when it has none. */
    private static double arrayMean(JsonNode array, String where) {
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
                throw new Rejected("field '" + where + "' is an array holding " + describe(leaf)
                        + "; a nested array in a value position must be numeric (an image or tensor)");
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
        return microsec.doubleValue();
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

    /** A text field, or null when absent/null; a non-text value is rejected. */
    private static String optionalText(JsonNode object, String field) {
        JsonNode v = object.get(field);
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
