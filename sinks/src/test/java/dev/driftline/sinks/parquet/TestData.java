package dev.driftline.sinks.parquet;

import dev.driftline.functions.model.InferenceError;
import dev.driftline.functions.model.MonitoredRecord;
import dev.driftline.functions.model.MonitoringResult;
import java.util.LinkedHashMap;
import java.util.Map;

/** Builders of the model objects for the tests. */
final class TestData {
    /** Inputs age, city, income; predictions score, label. */
    static final String[] COLUMNS = {"age", "city", "income", "score", "label"};

    private TestData() {}

    /**
     * A row with {@code age = ageValue}, {@code city = city} (a string), {@code income} NaN (null), {@code score = 0.5 +
     * ageValue/100}, {@code label} a string prediction "yes".
     */
    static MonitoredRecord record(String endpointId, String requestId, long timestamp, double ageValue, String city) {
        MonitoredRecord r = new MonitoredRecord();
        r.endpointId = endpointId;
        r.project = "proj";
        r.requestId = requestId;
        r.timestamp = timestamp;
        r.latencyMicros = 1500.0;
        r.columns = COLUMNS;
        r.featureCount = 3;
        r.numbers = new double[] {ageValue, Double.NaN, Double.NaN, 0.5 + ageValue / 100, Double.NaN};
        r.texts = new String[] {null, city, null, null, "yes"};
        r.bins = new int[] {0, MonitoredRecord.NO_HISTOGRAM, -1, 3, MonitoredRecord.NO_HISTOGRAM};
        Map<String, String> labels = new LinkedHashMap<>();
        labels.put("team", "risk");
        r.labels = labels;
        r.customMetrics = "{\"m\":1}";
        r.estimatedPredictionCount = 1.0;
        r.effectiveSampleCount = -1;
        return r;
    }

    static MonitoringResult result(String endpointId, String type, String name, long start, long end, double value) {
        MonitoringResult r = new MonitoringResult();
        r.type = type;
        r.endpointId = endpointId;
        r.project = "proj";
        r.model = "model-1";
        r.application = "drift-app";
        r.name = name;
        r.windowStart = start;
        r.windowEnd = end;
        r.value = value;
        if (MonitoringResult.RESULT.equals(type)) {
            r.kind = 0;
            r.status = 2;
            r.extraData = "{\"threshold\":0.7}";
        } else {
            r.kind = -1;
            r.status = 0;
        }
        return r;
    }

    static InferenceError error(String endpointId, String requestId, long timestamp) {
        InferenceError e = new InferenceError();
        e.endpointId = endpointId;
        e.project = "proj";
        e.model = "model-1";
        e.functionUri = "proj/serving";
        e.requestId = requestId;
        e.timestamp = timestamp;
        e.error = "ValueError: bad input";
        e.errorType = "ValueError";
        return e;
    }
}
