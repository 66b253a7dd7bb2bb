package dev.driftline.sinks.parquet;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.driftline.functions.model.InferenceError;
import dev.driftline.functions.model.MonitoredRecord;
import dev.driftline.functions.model.MonitoringResult;
import java.io.ByteArrayOutputStream;
import java.util.Map;
import org.apache.avro.LogicalTypes;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericDatumWriter;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.EncoderFactory;
import org.junit.jupiter.api.Test;

class AvroConvertersTest {

    @Test
    void recordSplitsColumnsIntoFeatureAndPredictionMaps() throws Exception {
        MonitoredRecord r = TestData.record("ep-1", "req-1", 1_767_607_199_500L, 42.0, "Paris");
        GenericRecord a = AvroConverters.record(r);

        assertThat(a.get("timestamp")).isEqualTo(1_767_607_199_500L);
        assertThat(a.get("endpoint_id")).isEqualTo("ep-1");
        assertThat(a.get("project")).isEqualTo("proj");
        assertThat(a.get("request_id")).isEqualTo("req-1");
        assertThat(a.get("latency_microsec")).isEqualTo(1500.0);
        Map<String, Object> features = map(a, "features");
        assertThat(features.keySet()).containsExactly("age", "income"); // city is a string
        assertThat(features.get("age")).isEqualTo(42.0);
        assertThat(features.containsKey("income")).isTrue();
        assertThat(features.get("income")).isNull(); // NaN -> null
        assertThat(map(a, "string_features")).containsExactly(Map.entry("city", "Paris"));
        assertThat(map(a, "predictions").keySet()).containsExactly("score");
        assertThat((Double) map(a, "predictions").get("score")).isCloseTo(0.92, within(1e-12));
        assertThat(map(a, "string_predictions")).containsExactly(Map.entry("label", "yes"));
        assertThat(map(a, "labels")).containsExactly(Map.entry("team", "risk"));
        assertThat(a.get("custom_metrics")).isEqualTo("{\"m\":1}");
        assertThat(a.get("estimated_prediction_count")).isEqualTo(1.0);
        assertThat(a.get("effective_sample_count")).isNull(); // -1 -> null
        assertThat(GenericData.get().validate(ParquetSchemas.RECORDS, a)).isTrue();
        assertThat(encode(a)).isNotEmpty();
    }

    @Test
    void recordWithNullsAndSampleCount() throws Exception {
        MonitoredRecord r = TestData.record(null, null, 0L, Double.NaN, null);
        r.project = null;
        r.latencyMicros = Double.NaN;
        r.labels = null;
        r.customMetrics = null;
        r.effectiveSampleCount = 7;
        GenericRecord a = AvroConverters.record(r);

        assertThat(a.get("endpoint_id")).isEqualTo("");
        assertThat(a.get("project")).isNull();
        assertThat(a.get("request_id")).isNull();
        assertThat(a.get("latency_microsec")).isNull();
        Map<String, Object> features = map(a, "features");
        assertThat(features.keySet()).containsExactly("age", "city", "income"); // a null city is a null value
        assertThat(features.values()).containsOnlyNulls();
        assertThat(map(a, "string_features")).isEmpty();
        assertThat(a.get("labels")).isNull();
        assertThat(a.get("effective_sample_count")).isEqualTo(7);
        assertThat(GenericData.get().validate(ParquetSchemas.RECORDS, a)).isTrue();
        assertThat(encode(a)).isNotEmpty();
    }

    @Test
    void recordWithoutColumnsHasEmptyMaps() throws Exception {
        MonitoredRecord r = new MonitoredRecord();
        r.endpointId = "e";
        GenericRecord a = AvroConverters.record(r);
        assertThat(map(a, "features")).isEmpty();
        assertThat(map(a, "predictions")).isEmpty();
        assertThat(a.get("effective_sample_count")).isEqualTo(0);
        assertThat(encode(a)).isNotEmpty();
    }

    @Test
    void resultKeepsKindStatusAndExtraData() throws Exception {
        MonitoringResult r = TestData.result("ep-1", MonitoringResult.RESULT, "hellinger", 1000L, 3_601_000L, 0.31);
        GenericRecord a = AvroConverters.result(r);

        assertThat(a.get("type")).isEqualTo("result");
        assertThat(a.get("endpoint_id")).isEqualTo("ep-1");
        assertThat(a.get("project")).isEqualTo("proj");
        assertThat(a.get("application")).isEqualTo("drift-app");
        assertThat(a.get("name")).isEqualTo("hellinger");
        assertThat(a.get("start_infer_time")).isEqualTo(1000L);
        assertThat(a.get("end_infer_time")).isEqualTo(3_601_000L);
        assertThat(a.get("value")).isEqualTo(0.31);
        assertThat(a.get("kind")).isEqualTo(0);
        assertThat(a.get("status")).isEqualTo(2);
        assertThat(a.get("extra_data")).isEqualTo("{\"threshold\":0.7}");
        assertThat(GenericData.get().validate(ParquetSchemas.RESULTS, a)).isTrue();
        assertThat(encode(a)).isNotEmpty();
    }

    @Test
    void metricHasNullKindAndStatusAndNaNValueIsNull() throws Exception {
        MonitoringResult r = TestData.result("ep-1", MonitoringResult.METRIC, "latency", 0L, 60_000L, Double.NaN);
        GenericRecord a = AvroConverters.result(r);

        assertThat(a.get("type")).isEqualTo("metric");
        assertThat(a.get("value")).isNull();
        assertThat(a.get("kind")).isNull();
        assertThat(a.get("status")).isNull();
        assertThat(a.get("extra_data")).isNull();
        assertThat(encode(a)).isNotEmpty();
    }

    @Test
    void resultWithStatusIrrelevantKeepsIt() {
        MonitoringResult r = TestData.result("ep-1", MonitoringResult.RESULT, "x", 0L, 1L, 1.0);
        r.status = -1;
        r.kind = -1;
        GenericRecord a = AvroConverters.result(r);
        assertThat(a.get("status")).isEqualTo(-1);
        assertThat(a.get("kind")).isNull();
    }

    @Test
    void error() throws Exception {
        InferenceError e = TestData.error("ep-1", "req-9", 123L);
        GenericRecord a = AvroConverters.error(e);
        assertThat(a.get("timestamp")).isEqualTo(123L);
        assertThat(a.get("endpoint_id")).isEqualTo("ep-1");
        assertThat(a.get("project")).isEqualTo("proj");
        assertThat(a.get("model")).isEqualTo("model-1");
        assertThat(a.get("request_id")).isEqualTo("req-9");
        assertThat(a.get("error")).isEqualTo("ValueError: bad input");
        assertThat(a.get("error_type")).isEqualTo("ValueError");
        assertThat(encode(a)).isNotEmpty();
    }

    @Test
    void schemasUseTimestampMillisAndOptionalUnions() {
        assertThat(ParquetSchemas.RECORDS.getField("timestamp").schema().getLogicalType())
                .isEqualTo(LogicalTypes.timestampMillis());
        assertThat(ParquetSchemas.RESULTS.getField("start_infer_time").schema().getLogicalType())
                .isEqualTo(LogicalTypes.timestampMillis());
        assertThat(ParquetSchemas.RESULTS.getField("end_infer_time").schema().getLogicalType())
                .isEqualTo(LogicalTypes.timestampMillis());
        assertThat(ParquetSchemas.ERRORS.getField("timestamp").schema().getLogicalType())
                .isEqualTo(LogicalTypes.timestampMillis());
        assertThat(ParquetSchemas.RECORDS.getField("latency_microsec").schema().isNullable()).isTrue();
        assertThat(ParquetSchemas.RECORDS.getField("endpoint_id").schema().isNullable()).isFalse();
        Schema features = ParquetSchemas.RECORDS.getField("features").schema();
        assertThat(features.getType()).isEqualTo(Schema.Type.MAP);
        assertThat(features.getValueType().isNullable()).isTrue();
        assertThat(ParquetSchemas.RECORDS.getFields()).extracting(Schema.Field::name).containsExactly(
                "timestamp", "endpoint_id", "project", "request_id", "latency_microsec", "features",
                "string_features", "predictions", "string_predictions", "labels", "custom_metrics",
                "estimated_prediction_count", "effective_sample_count");
        assertThat(ParquetSchemas.RESULTS.getFields()).extracting(Schema.Field::name).containsExactly(
                "type", "endpoint_id", "project", "application", "name", "start_infer_time", "end_infer_time",
                "value", "kind", "status", "extra_data");
        assertThat(ParquetSchemas.ERRORS.getFields()).extracting(Schema.Field::name).containsExactly(
                "timestamp", "endpoint_id", "project", "model", "request_id", "error", "error_type");
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> map(GenericRecord a, String field) {
        return (Map<String, Object>) a.get(field);
    }

    /** Encodes with Avro's own writer: proves the record matches its schema (types, unions, maps). */
    private static byte[] encode(GenericRecord a) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        BinaryEncoder enc = EncoderFactory.get().binaryEncoder(out, null);
        new GenericDatumWriter<GenericRecord>(a.getSchema()).write(a, enc);
        enc.flush();
        return out.toByteArray();
    }
}
