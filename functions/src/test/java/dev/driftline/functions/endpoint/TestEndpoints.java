package dev.driftline.functions.endpoint;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.driftline.apps.EndpointInfo;
import dev.driftline.functions.model.InferenceRecord;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.stream.Stream;
import org.apache.flink.runtime.state.KeyedStateBackend;
import org.apache.flink.runtime.state.VoidNamespace;
import org.apache.flink.runtime.state.heap.HeapKeyedStateBackend;
import org.apache.flink.streaming.util.AbstractStreamOperatorTestHarness;

/** Shared fixtures of the function tests: endpoint definitions, inference rows and keyed-state probes. */
public final class TestEndpoints {
    /** Parses definitions the way {@link EndpointAwareFunction} does. */
    public static final ObjectMapper JSON =
            new ObjectMapper().configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false);

    /** 2026-11-26T03:00:00Z: window-aligned (minute and 10 minutes) event times used across tests. */
    public static final long T0 = 1_795_662_000_000L;

    private TestEndpoints() {}

    /** A test resource as text. */
    public static String resource(String path) {
        try (InputStream in = TestEndpoints.class.getResourceAsStream(path)) {
            if (in == null) {
                throw new IllegalArgumentException("missing test resource " + path);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The MLRun-shaped churn endpoint: features tenure/plan/support_calls, label churn_prob. */
    public static String churnJson() {
        return resource("/endpoints/churn-model.json");
    }

    public static EndpointInfo parse(String json) {
        try {
            return JSON.readValue(json, EndpointInfo.class);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static String json(EndpointInfo info) {
        try {
            return JSON.writeValueAsString(info);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * One decoded row. Each value is a {@link Number}, a {@link String} or null, split into the parallel
     * numbers/texts arrays exactly as the decoder does (NaN for strings and nulls).
     */
    public static InferenceRecord row(String endpointId, long timestamp, String requestId, Object[] inputs, Object[] outputs) {
        InferenceRecord r = new InferenceRecord();
        r.endpointId = endpointId;
        r.project = "shop";
        r.model = "churn:v3";
        r.functionUri = "shop/serving:latest";
        r.requestId = requestId;
        r.timestamp = timestamp;
        r.latencyMicros = 1250;
        r.inputNumbers = numbers(inputs);
        r.inputTexts = texts(inputs);
        r.outputNumbers = numbers(outputs);
        r.outputTexts = texts(outputs);
        r.estimatedPredictionCount = 1;
        r.effectiveSampleCount = -1;
        return r;
    }

    private static double[] numbers(Object[] values) {
        double[] out = new double[values.length];
        for (int i = 0; i < values.length; i++) {
            out[i] = values[i] instanceof Number n ? n.doubleValue() : Double.NaN;
        }
        return out;
    }

    private static String[] texts(Object[] values) {
        String[] out = new String[values.length];
        for (int i = 0; i < values.length; i++) {
            out[i] = values[i] instanceof String s ? s : null;
        }
        return out;
    }

    /** All key/value entries of the operator's heap keyed state (what KeyedOneInputStreamOperatorTestHarness reports). */
    public static int keyedStateEntries(AbstractStreamOperatorTestHarness<?> harness) {
        KeyedStateBackend<Object> backend = harness.getOperator().getKeyedStateBackend();
        return ((HeapKeyedStateBackend<?>) backend).numKeyValueStateEntries();
    }

    /** How many keys hold a value in the named keyed state. */
    public static long keysIn(AbstractStreamOperatorTestHarness<?> harness, String stateName) {
        KeyedStateBackend<Object> backend = harness.getOperator().getKeyedStateBackend();
        try (Stream<Object> keys = backend.getKeys(stateName, VoidNamespace.INSTANCE)) {
            return keys.count();
        }
    }
}
