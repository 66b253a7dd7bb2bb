package dev.driftline.sinks.parquet;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.driftline.functions.model.InferenceError;
import dev.driftline.functions.model.MonitoringResult;
import java.io.ByteArrayOutputStream;
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
        assertThat(ParquetSchemas.RESULTS.getField("start_infer_time").schema().getLogicalType())
                .isEqualTo(LogicalTypes.timestampMillis());
        assertThat(ParquetSchemas.RESULTS.getField("end_infer_time").schema().getLogicalType())
                .isEqualTo(LogicalTypes.timestampMillis());
        assertThat(ParquetSchemas.ERRORS.getField("timestamp").schema().getLogicalType())
                .isEqualTo(LogicalTypes.timestampMillis());
        assertThat(ParquetSchemas.RESULTS.getField("value").schema().isNullable()).isTrue();
        assertThat(ParquetSchemas.RESULTS.getField("endpoint_id").schema().isNullable()).isFalse();
        assertThat(ParquetSchemas.RESULTS.getFields()).extracting(Schema.Field::name).containsExactly(
                "type", "endpoint_id", "project", "application", "name", "start_infer_time", "end_infer_time",
                "value", "kind", "status", "extra_data");
        assertThat(ParquetSchemas.ERRORS.getFields()).extracting(Schema.Field::name).containsExactly(
                "timestamp", "endpoint_id", "project", "model", "request_id", "error", "error_type");
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
