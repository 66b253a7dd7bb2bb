package dev.driftline.sinks.parquet;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.entry;
import static org.assertj.core.api.Assertions.within;

import dev.driftline.functions.model.MonitoredRecord;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.flink.api.common.serialization.BulkWriter;
import org.apache.flink.core.fs.FSDataOutputStream;
import org.apache.flink.core.fs.FileSystem;
import org.apache.flink.core.fs.local.LocalFileSystem;
import org.apache.flink.util.InstantiationUtil;
import org.apache.parquet.column.Encoding;
import org.apache.parquet.hadoop.metadata.ColumnChunkMetaData;
import org.apache.parquet.hadoop.metadata.CompressionCodecName;
import org.apache.parquet.schema.LogicalTypeAnnotation;
import org.apache.parquet.schema.MessageType;
import org.apache.parquet.schema.PrimitiveType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Writes part files with the records writer directly (no Flink job) and reads them back with parquet-java's generic
 * reader ({@link ParquetRows}) and with DuckDB.
 */
class RecordsWriterFactoryTest {

    @TempDir
    Path dir;

    @Test
    void writesTopLevelFieldsAndColumnsAsStructFields() throws Exception {
        MonitoredRecord r1 = TestData.record("ep-1", "r1", 1_767_607_199_500L, 42.0, "Paris");
        MonitoredRecord r2 = TestData.record("ep-1", "r2", 1_767_607_200_000L, Double.NaN, null);
        r2.effectiveSampleCount = 7;
        r2.labels = null;
        r2.customMetrics = null;
        r2.latencyMicros = Double.POSITIVE_INFINITY;
        r2.project = null;
        r2.estimatedPredictionCount = Double.NaN;
        Path file = write("rows.parquet", r1, r2);

        List<Map<String, Object>> rows = ParquetRows.read(file);
        assertThat(rows).hasSize(2);
        Map<String, Object> a = rows.get(0);
        assertThat(a.keySet()).containsExactly("timestamp", "endpoint_id", "project", "request_id",
                "latency_microsec", "features", "string_features", "other_features", "predictions",
                "string_predictions", "other_predictions", "labels", "custom_metrics", "estimated_prediction_count",
                "effective_sample_count");
        assertThat(a).containsEntry("timestamp", 1_767_607_199_500L).containsEntry("endpoint_id", "ep-1")
                .containsEntry("project", "proj").containsEntry("request_id", "r1")
                .containsEntry("latency_microsec", 1500.0).containsEntry("custom_metrics", "{\"m\":1}")
                .containsEntry("estimated_prediction_count", 1.0).containsEntry("effective_sample_count", null)
                .containsEntry("other_features", null).containsEntry("other_predictions", null);
        // Every column has a numeric field; a string value leaves it null and goes to the string map.
        assertThat(map(a, "features")).containsExactly(entry("age", 42.0), entry("city", null), entry("income", null));
        assertThat(map(a, "string_features")).containsExactly(entry("city", "Paris"));
        assertThat(map(a, "predictions")).containsOnlyKeys("score", "label");
        assertThat((Double) map(a, "predictions").get("score")).isCloseTo(0.92, within(1e-12));
        assertThat(map(a, "predictions").get("label")).isNull();
        assertThat(map(a, "string_predictions")).containsExactly(entry("label", "yes"));
        assertThat(map(a, "labels")).containsExactly(entry("team", "risk"));

        Map<String, Object> b = rows.get(1);
        assertThat(b).containsEntry("project", null).containsEntry("latency_microsec", null)
                .containsEntry("labels", null).containsEntry("custom_metrics", null)
                .containsEntry("estimated_prediction_count", 0.0).containsEntry("effective_sample_count", 7);
        assertThat(map(b, "features")).containsExactly(entry("age", null), entry("city", null), entry("income", null));
        assertThat(map(b, "string_features")).isEmpty();

        MessageType schema = ParquetRows.footer(file).getFileMetaData().getSchema();
        assertThat(schema.getType("timestamp").getLogicalTypeAnnotation())
                .isEqualTo(LogicalTypeAnnotation.timestampType(true, LogicalTypeAnnotation.TimeUnit.MILLIS));
        assertThat(schema.getType("features").asGroupType().getType("age").asPrimitiveType().getPrimitiveTypeName())
                .isEqualTo(PrimitiveType.PrimitiveTypeName.DOUBLE);
    }

    @Test
    void oddColumnNamesAreParquetNamesVerbatim() throws Exception {
        String[] names = {"a b", "x.y", "say \"hi\"", "it's", "é ü 日本", "1st", "a,b;c", "tab\there", null, "score %"};
        MonitoredRecord r = row(names, 8, 1.0, 2.0, 3.0, 4.0, 5.0, 6.0, 7.0, 8.0, 9.0, 10.0);
        r.texts[2] = "quoted";
        Path file = write("odd.parquet", r);

        Map<String, Object> row = ParquetRows.read(file).get(0);
        assertThat(map(row, "features")).containsExactly(entry("a b", 1.0), entry("x.y", 2.0),
                entry("say \"hi\"", null), entry("it's", 4.0), entry("é ü 日本", 5.0), entry("1st", 6.0),
                entry("a,b;c", 7.0), entry("tab\there", 8.0));
        assertThat(map(row, "string_features")).containsExactly(entry("say \"hi\"", "quoted"));
        assertThat(map(row, "predictions")).containsExactly(entry("p0", 9.0), entry("score %", 10.0));

        try (DuckDb db = new DuckDb()) {
            Map<String, Object> d = db.one("SELECT features.\"a b\" AS ab, features.\"x.y\" AS xy, "
                    + "features.\"é ü 日本\" AS uni, features.\"it's\" AS apos, features.\"say \"\"hi\"\"\" AS q, "
                    + "string_features['say \"hi\"'] AS qs, predictions.\"score %\" AS score FROM "
                    + DuckDb.parquet(file.toString()));
            assertThat(d).containsEntry("ab", 1.0).containsEntry("xy", 2.0).containsEntry("uni", 5.0)
                    .containsEntry("apos", 4.0).containsEntry("q", null).containsEntry("qs", "quoted")
                    .containsEntry("score", 10.0);
        }
    }

    @Test
    void anEmptyNameIsAName() throws Exception {
        MonitoredRecord r = row(new String[] {"", "a", ""}, 2, 1.0, 2.0, 3.0);
        Map<String, Object> row = ParquetRows.read(write("empty-name.parquet", r)).get(0);
        assertThat(map(row, "features")).containsExactly(entry("", 1.0), entry("a", 2.0));
        assertThat(map(row, "predictions")).containsExactly(entry("", 3.0));
    }

    @Test
    void theSharedHadoopConfigurationIsLeftAsItWas() throws Exception {
        Map<String, String> before = new LinkedHashMap<>();
        SharedHadoopConf.CONF.forEach(e -> before.put(e.getKey(), e.getValue()));
        write("conf.parquet", TestData.record("ep-1", "r1", 1L, 1.0, "Paris"));
        Map<String, String> after = new LinkedHashMap<>();
        SharedHadoopConf.CONF.forEach(e -> after.put(e.getKey(), e.getValue()));
        assertThat(after).isEqualTo(before); // every writer reads it, none may change it
    }

    @Test
    void definitionChangeWithinAFileLosesNothing() throws Exception {
        MonitoredRecord before = row(new String[] {"a", "b", "c", "p", "q"}, 3, 1.0, 2.0, Double.NaN, 0.5, 0.6);
        before.texts[2] = "red";
        // The definition changed within the hour: a dropped, d added, b now a string, q dropped, r added.
        MonitoredRecord after = row(new String[] {"b", "c", "d", "p", "r"}, 3, Double.NaN, 3.0, 4.0, 0.7, Double.NaN);
        after.texts[0] = "blue";
        MonitoredRecord again = row(new String[] {"a", "b", "c", "p", "q"}, 3, 5.0, 6.0, 7.0, 0.8, 0.9);
        Path file = write("changed.parquet", before, after, again);

        List<Map<String, Object>> rows = ParquetRows.read(file);
        assertThat(map(rows.get(0), "features")).containsExactly(entry("a", 1.0), entry("b", 2.0), entry("c", null));
        assertThat(map(rows.get(0), "string_features")).containsExactly(entry("c", "red"));
        assertThat(rows.get(0).get("other_features")).isNull();

        Map<String, Object> changed = rows.get(1);
        assertThat(map(changed, "features")).containsExactly(entry("a", null), entry("b", null), entry("c", 3.0));
        assertThat(map(changed, "string_features")).containsExactly(entry("b", "blue"));
        assertThat(map(changed, "other_features")).containsExactly(entry("d", 4.0));
        assertThat(map(changed, "predictions")).containsExactly(entry("p", 0.7), entry("q", null));
        assertThat(map(changed, "other_predictions")).containsExactly(entry("r", null)); // NaN, but the column was there

        assertThat(map(rows.get(2), "features")).containsExactly(entry("a", 5.0), entry("b", 6.0), entry("c", 7.0));
        assertThat(rows.get(2).get("other_features")).isNull();
    }

    @Test
    void equalColumnsInANewArrayShareTheFileSchema() throws Exception {
        String[] names = {"a", "b", "p"};
        MonitoredRecord r1 = row(names, 2, 1.0, 2.0, 3.0);
        MonitoredRecord r2 = row(names.clone(), 2, 4.0, 5.0, 6.0); // as after a copy between chained operators
        Path file = write("copied.parquet", r1, r2);
        Map<String, Object> second = ParquetRows.read(file).get(1);
        assertThat(map(second, "features")).containsExactly(entry("a", 4.0), entry("b", 5.0));
        assertThat(second.get("other_features")).isNull();
    }

    @Test
    void repeatedNameKeepsTheLastValueAsTheMapsDid() throws Exception {
        MonitoredRecord r = row(new String[] {"x", "y", "x", "x"}, 3, 1.0, 2.0, 3.0, 4.0);
        Map<String, Object> row = ParquetRows.read(write("dup.parquet", r)).get(0);
        assertThat(map(row, "features")).containsExactly(entry("y", 2.0), entry("x", 3.0));
        assertThat(map(row, "predictions")).containsExactly(entry("x", 4.0)); // another group: its own name space
    }

    @Test
    void recordWithoutColumnsFirstThenWithColumns() throws Exception {
        MonitoredRecord empty = new MonitoredRecord();
        empty.endpointId = null;
        empty.timestamp = 5L;
        MonitoredRecord emptyArrays = row(new String[0], 0);
        MonitoredRecord later = row(new String[] {"a", "p"}, 1, 1.5, Double.NaN);
        later.texts[1] = "yes";
        Path file = write("empty.parquet", empty, emptyArrays, later);

        MessageType schema = ParquetRows.footer(file).getFileMetaData().getSchema();
        assertThat(schema.containsField("features")).isFalse(); // a struct without fields is not valid Parquet
        assertThat(schema.containsField("predictions")).isFalse();
        List<Map<String, Object>> rows = ParquetRows.read(file);
        assertThat(rows.get(0)).containsEntry("endpoint_id", "").containsEntry("timestamp", 5L)
                .containsEntry("other_features", null).containsEntry("effective_sample_count", 0);
        assertThat(map(rows.get(0), "string_features")).isEmpty();
        assertThat(map(rows.get(1), "string_predictions")).isEmpty();
        assertThat(map(rows.get(2), "other_features")).containsExactly(entry("a", 1.5));
        assertThat(rows.get(2).get("other_predictions")).isNull(); // its only prediction was a string
        assertThat(map(rows.get(2), "string_predictions")).containsExactly(entry("p", "yes"));
    }

    @Test
    void unnamedColumnsAreNamedByPosition() throws Exception {
        MonitoredRecord r = row(new String[] {null, "b", null, null}, 2, 1.0, 2.0, 3.0, 4.0);
        Map<String, Object> row = ParquetRows.read(write("unnamed.parquet", r)).get(0);
        assertThat(map(row, "features")).containsExactly(entry("f0", 1.0), entry("b", 2.0));
        assertThat(map(row, "predictions")).containsExactly(entry("p0", 3.0), entry("p1", 4.0));
    }

    @Test
    void featureCountBeyondTheColumnsMeansNoPredictions() throws Exception {
        MonitoredRecord r = row(new String[] {"a", "b"}, 5, 1.0, 2.0);
        r.numbers = new double[] {1.0}; // shorter arrays than columns: the missing values are null
        r.texts = null;
        Map<String, Object> row = ParquetRows.read(write("short.parquet", r)).get(0);
        assertThat(map(row, "features")).containsExactly(entry("a", 1.0), entry("b", null));
        assertThat(row).doesNotContainKey("predictions");
    }

    @Test
    void numbersAreNotDictionaryEncodedIdsAre() throws Exception {
        List<MonitoredRecord> rows = new ArrayList<>();
        for (int i = 0; i < 100; i++) {
            rows.add(TestData.record("ep-1", "r" + i, 1_767_607_199_000L + i, i, i % 2 == 0 ? "Paris" : "Oslo"));
        }
        Path file = write("encodings.parquet", rows.toArray(MonitoredRecord[]::new));
        Map<String, java.util.Set<Encoding>> encodings = new LinkedHashMap<>();
        for (ColumnChunkMetaData c : ParquetRows.footer(file).getBlocks().get(0).getColumns()) {
            encodings.put(c.getPath().toDotString(), c.getEncodings());
        }
        assertThat(encodings.get("features.age")).doesNotContain(Encoding.PLAIN_DICTIONARY, Encoding.RLE_DICTIONARY);
        assertThat(encodings.get("predictions.score")).doesNotContain(Encoding.PLAIN_DICTIONARY, Encoding.RLE_DICTIONARY);
        assertThat(encodings.get("latency_microsec")).doesNotContain(Encoding.PLAIN_DICTIONARY, Encoding.RLE_DICTIONARY);
        assertThat(encodings.get("endpoint_id")).containsAnyOf(Encoding.PLAIN_DICTIONARY, Encoding.RLE_DICTIONARY);
        assertThat(encodings.get("string_features.key_value.value"))
                .containsAnyOf(Encoding.PLAIN_DICTIONARY, Encoding.RLE_DICTIONARY);
        assertThat(ParquetRows.read(file)).hasSize(100);
    }

    @ParameterizedTest
    @EnumSource(value = CompressionCodecName.class, names = {"SNAPPY", "UNCOMPRESSED", "LZ4_RAW", "GZIP"})
    void roundTripsThroughDuckDb(CompressionCodecName codec) throws Exception {
        RecordsWriterFactory factory = InstantiationUtil.clone(new RecordsWriterFactory(codec, RecordsLayout.ENDPOINT_HOUR));
        assertThat(factory.codec()).isEqualTo(codec);
        Path file = write(factory, "rows-" + codec + ".parquet",
                TestData.record("ep-1", "r1", 1_767_607_199_500L, 42.0, "Paris"),
                TestData.record("ep-1", "r2", 1_767_607_200_000L, 7.0, "Oslo"));

        try (DuckDb db = new DuckDb()) {
            String t = DuckDb.parquet(file.toString());
            List<Map<String, Object>> rows = db.query("SELECT request_id, epoch_ms(\"timestamp\") AS ts, "
                    + "features.age AS age, features.income AS income, string_features['city'] AS city, "
                    + "string_predictions['label'] AS label, latency_microsec, effective_sample_count, "
                    + "labels['team'] AS team FROM " + t + " ORDER BY request_id");
            assertThat(rows).hasSize(2);
            assertThat(rows.get(0)).containsEntry("request_id", "r1").containsEntry("ts", 1_767_607_199_500L)
                    .containsEntry("age", 42.0).containsEntry("income", null).containsEntry("city", "Paris")
                    .containsEntry("label", "yes").containsEntry("latency_microsec", 1500.0)
                    .containsEntry("effective_sample_count", null).containsEntry("team", "risk");
            assertThat(rows.get(1)).containsEntry("request_id", "r2").containsEntry("age", 7.0)
                    .containsEntry("city", "Oslo");

            List<Map<String, Object>> codecs = db.query("SELECT DISTINCT compression FROM parquet_metadata('"
                    + file + "')");
            assertThat(codecs).extracting(m -> String.valueOf(m.get("compression")).toUpperCase())
                    .containsOnly(codec.name());
        }
    }

    @Test
    void manyRowsSpanSeveralPagesAndLargeWrites() throws Exception {
        List<MonitoredRecord> rows = new ArrayList<>();
        for (int i = 0; i < 20_000; i++) {
            double age = i * 0.5 + 1e-3 * (i % 7);
            rows.add(TestData.record("ep-1", "r" + i, 1_767_607_199_000L + i, age, "c" + (i % 5)));
        }
        Path file = write("many.parquet", rows.toArray(MonitoredRecord[]::new));
        assertThat(ParquetRows.footer(file).getBlocks().get(0).getColumns()).anySatisfy(c ->
                assertThat(c.getTotalSize()).isGreaterThan(8 * 1024)); // written past the small-write buffer
        List<Map<String, Object>> back = ParquetRows.read(file);
        assertThat(back).hasSize(20_000);
        for (int i = 0; i < back.size(); i++) { // every value back bit for bit, in order
            assertThat(map(back.get(i), "features").get("age")).isEqualTo(rows.get(i).numbers[0]);
        }
        assertThat(back.get(19_999)).containsEntry("request_id", "r19999")
                .containsEntry("timestamp", 1_767_607_199_000L + 19_999);
        assertThat(map(back.get(19_999), "string_features")).containsExactly(entry("city", "c4"));
    }

    @Test
    void aRecordChangedAfterItWasAddedIsWrittenAsItWasWhenAdded() throws Exception {
        // Rows are kept until a batch or the file is complete; with object reuse Flink hands the same instance again.
        MonitoredRecord reused = TestData.record("ep-1", "first", 1_767_607_199_000L, 1.0, "Paris");
        Path file = dir.resolve("reused.parquet");
        try (FSDataOutputStream out = LocalFileSystem.getSharedInstance()
                .create(new org.apache.flink.core.fs.Path(file.toUri()), FileSystem.WriteMode.NO_OVERWRITE)) {
            BulkWriter<MonitoredRecord> w = new RecordsWriterFactory(ParquetSinks.DEFAULT_CODEC, RecordsLayout.ENDPOINT_HOUR).create(out);
            w.addElement(reused);
            reused.requestId = "second";
            reused.numbers[0] = 2.0;
            reused.texts[1] = "Lyon";
            reused.labels.put("added", "later");
            w.addElement(reused);
            reused.numbers[0] = 3.0;
            w.finish();
        }

        List<Map<String, Object>> back = ParquetRows.read(file);
        assertThat(back).extracting(r -> r.get("request_id")).containsExactly("first", "second");
        assertThat(back).extracting(r -> map(r, "features").get("age")).containsExactly(1.0, 2.0);
        assertThat(back).extracting(r -> map(r, "string_features").get("city")).containsExactly("Paris", "Lyon");
        assertThat(map(back.get(0), "labels")).doesNotContainKey("added");
        assertThat(map(back.get(1), "labels")).containsEntry("added", "later");
    }

    @Test
    void aSharedFileHasTheUnionOfItsFirstBatchAndSaysWhichColumnsAreWhose() throws Exception {
        // Batches of 2: ep-b and ep-a come first (sorted: ep-a, ep-b), ep-c only in the second batch.
        MonitoredRecord b1 = row(new String[] {"score", "AGE", "p"}, 2, 1.0, 2.0, 3.0);
        b1.endpointId = "ep-b";
        MonitoredRecord a1 = row(new String[] {"age", "city", "score"}, 2, 40.0, Double.NaN, 0.5);
        a1.endpointId = "ep-a";
        MonitoredRecord c1 = row(new String[] {"late", "age"}, 1, 7.0, 8.0);
        c1.endpointId = "ep-c";
        MonitoredRecord a2 = row(new String[] {"age", "city", "score"}, 2, 41.0, Double.NaN, 0.6);
        a2.endpointId = "ep-a";
        a2.texts[1] = "Oslo";
        Path file = write(RecordsWriterFactory.withSharedBatchRows(ParquetSinks.DEFAULT_CODEC, RecordsLayout.HOUR, 2), "shared.parquet",
                b1, a1, c1, a2);

        List<Map<String, Object>> rows = ParquetRows.read(file);
        assertThat(rows).extracting(r -> r.get("endpoint_id")).containsExactly("ep-a", "ep-b", "ep-a", "ep-c");
        // The structs: ep-a's and ep-b's names; "AGE" differs from "age" only in case, so it is not a field.
        assertThat(map(rows.get(0), "features")).containsOnlyKeys("age", "city", "score");
        assertThat(map(rows.get(0), "predictions")).containsOnlyKeys("score", "p");
        assertThat(map(rows.get(0), "features")).containsEntry("age", 40.0).containsEntry("city", null)
                .containsEntry("score", null);
        assertThat(map(rows.get(0), "predictions")).containsEntry("score", 0.5).containsEntry("p", null);
        assertThat(rows.get(0).get("other_features")).isNull();
        Map<String, Object> b = rows.get(1);
        assertThat(map(b, "features")).containsEntry("score", 1.0).containsEntry("age", null);
        assertThat(map(b, "other_features")).containsExactly(entry("AGE", 2.0));
        assertThat(map(b, "predictions")).containsEntry("p", 3.0).containsEntry("score", null);
        assertThat(map(rows.get(2), "string_features")).containsExactly(entry("city", "Oslo"));
        Map<String, Object> c = rows.get(3); // a definition first seen after the schema was fixed
        assertThat(map(c, "other_features")).containsExactly(entry("late", 7.0));
        assertThat(map(c, "predictions")).containsEntry("p", null);
        assertThat(map(c, "other_predictions")).containsExactly(entry("age", 8.0));

        String meta;
        try (org.apache.parquet.hadoop.ParquetFileReader reader = org.apache.parquet.hadoop.ParquetFileReader.open(
                new org.apache.parquet.io.LocalInputFile(file))) {
            meta = reader.getFooter().getFileMetaData().getKeyValueMetaData().get(ParquetSinks.ENDPOINT_COLUMNS_METADATA);
        }
        assertThat(meta).isEqualTo("{\"definitions\":[{\"features\":[\"age\",\"city\"],\"predictions\":[\"score\"]},"
                + "{\"features\":[\"score\",\"AGE\"],\"predictions\":[\"p\"]},"
                + "{\"features\":[\"late\"],\"predictions\":[\"age\"]}],"
                + "\"endpoints\":{\"ep-a\":[0],\"ep-b\":[1],\"ep-c\":[2]}}");
    }

    @Test
    void namesOfOneEndpointThatDifferOnlyInCaseAreNotTwoFields() throws Exception {
        MonitoredRecord r = row(new String[] {"age", "Age", "score", "SCORE"}, 2, 40.0, 41.0, 0.5, 0.6);
        Path file = write("case.parquet", r); // the endpoint-hour layout: one endpoint's own structs

        Map<String, Object> back = ParquetRows.read(file).get(0);
        assertThat(map(back, "features")).containsOnlyKeys("age").containsEntry("age", 40.0);
        assertThat(map(back, "other_features")).containsExactly(entry("Age", 41.0));
        assertThat(map(back, "predictions")).containsOnlyKeys("score").containsEntry("score", 0.5);
        assertThat(map(back, "other_predictions")).containsExactly(entry("SCORE", 0.6));
    }

    @Test
    void aFileOfOneEndpointHasNoColumnsMetadata() throws Exception {
        Path file = write("one.parquet", TestData.record("ep-1", "r1", 1_767_607_199_500L, 42.0, "Paris"));
        try (org.apache.parquet.hadoop.ParquetFileReader reader = org.apache.parquet.hadoop.ParquetFileReader.open(
                new org.apache.parquet.io.LocalInputFile(file))) {
            assertThat(reader.getFooter().getFileMetaData().getKeyValueMetaData())
                    .doesNotContainKey(ParquetSinks.ENDPOINT_COLUMNS_METADATA);
        }
    }

    /** Row groups are flushed as they fill: every row comes back, in order, whichever row group holds it. */
    @Test
    void aFileOfSeveralRowGroupsHoldsEveryRow() throws Exception {
        String[] names = {"a", "b", "p"};
        List<MonitoredRecord> rows = new ArrayList<>();
        for (int i = 0; i < 5_000; i++) {
            MonitoredRecord r = row(names, 2, i, i % 7 == 0 ? Double.NaN : -i, i / 2.0);
            r.requestId = "req-" + i;
            r.labels = i % 3 == 0 ? null : Map.of("n", Integer.toString(i % 3));
            rows.add(r);
        }
        // 1 byte: the first size check (every 1,024 rows) flushes, so the file has five row groups
        Path file = withFileWriter("groups.parquet", rows.get(0), 1, (w, out) -> {
            for (MonitoredRecord r : rows) {
                w.write(r);
            }
            w.close();
        });
        assertThat(ParquetRows.footer(file).getBlocks()).extracting(b -> b.getRowCount())
                .containsExactly(1024L, 1024L, 1024L, 1024L, 904L);
        List<Map<String, Object>> back = ParquetRows.read(file);
        assertThat(back).hasSize(5_000);
        for (int i : new int[] {0, 1023, 1024, 2047, 3000, 4999}) {
            Map<String, Object> r = back.get(i);
            assertThat(r).containsEntry("request_id", "req-" + i);
            assertThat(map(r, "features")).containsExactly(entry("a", (double) i),
                    entry("b", i % 7 == 0 ? null : (double) -i));
            assertThat(map(r, "predictions")).containsExactly(entry("p", i / 2.0));
            assertThat(r.get("labels")).isEqualTo(i % 3 == 0 ? null : Map.of("n", Integer.toString(i % 3)));
        }
        assertThat(ParquetRows.footer(file).getFileMetaData().getKeyValueMetaData())
                .containsEntry("writer.model.name", "driftline");
    }

    /** The sink's writer takes the configured row group size: 32 MiB unless told, and only a positive one. */
    @Test
    void thePartWriterFlushesRowGroupsAtTheFactorysSize() throws Exception {
        assertThat(new RecordsWriterFactory(ParquetSinks.DEFAULT_CODEC, RecordsLayout.HOUR).rowGroupBytes())
                .isEqualTo(32L << 20);
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> new RecordsWriterFactory(ParquetSinks.DEFAULT_CODEC, RecordsLayout.HOUR, 0))
                .isInstanceOf(IllegalArgumentException.class);
        String[] names = {"a", "p"};
        MonitoredRecord[] rows = new MonitoredRecord[2_500];
        for (int i = 0; i < rows.length; i++) {
            rows[i] = row(names, 1, i, i / 2.0);
            rows[i].requestId = "req-" + i;
        }
        for (RecordsLayout layout : RecordsLayout.values()) {
            // 1 byte: every size check (each 1,024 rows) flushes a row group; through a serialized copy, as the sink
            // ships the factory to its writers
            RecordsWriterFactory factory = InstantiationUtil.clone(
                    new RecordsWriterFactory(ParquetSinks.DEFAULT_CODEC, layout, 1));
            assertThat(factory.rowGroupBytes()).isEqualTo(1);
            Path small = write(factory, "small-groups-" + layout + ".parquet", rows);
            assertThat(ParquetRows.footer(small).getBlocks()).extracting(b -> b.getRowCount())
                    .containsExactly(1024L, 1024L, 452L);
            List<Map<String, Object>> back = ParquetRows.read(small);
            assertThat(back).hasSize(2_500);
            assertThat(back.get(2_499)).containsEntry("request_id", "req-2499");
            Path usual = write(new RecordsWriterFactory(ParquetSinks.DEFAULT_CODEC, layout),
                    "one-group-" + layout + ".parquet", rows);
            assertThat(ParquetRows.footer(usual).getBlocks()).extracting(b -> b.getRowCount()).containsExactly(2_500L);
        }
    }

    /**
     * Page buffers are handed out again after each page and each row group (the file writer's allocator recycles
     * them) and string values' bytes are kept per file: many pages and row groups of changing values, nulls that make
     * the definition levels bit-packed, more distinct strings than are kept — every value comes back as written.
     */
    @Test
    void recycledBuffersAndKeptStringsLoseNoValue() throws Exception {
        String[] names = {"x", "y", "city", "p"};
        java.util.Random random = new java.util.Random(11);
        List<MonitoredRecord> rows = new ArrayList<>();
        for (int i = 0; i < 30_000; i++) {
            MonitoredRecord r = row(names, 3, random.nextGaussian(), random.nextInt(5) == 0 ? Double.NaN : i,
                    Double.NaN, random.nextDouble());
            r.texts[2] = random.nextInt(4) == 0 ? "town-" + (i % 3000) : "city-" + random.nextInt(4);
            r.requestId = "req-" + i;
            rows.add(r);
        }
        // A shared file (those recycle), 200 KB row groups: several of them, so the pages' copies are released and
        // reused as well
        Path file = withFileWriter("recycled.parquet", RecordsFileSchema.union(rows.subList(0, 1)), 200_000, (w, out) -> {
            for (MonitoredRecord r : rows) {
                w.write(r);
            }
            // the shared file recycles: released slabs are kept for its next pages
            assertThat(w.allocator()).isInstanceOf(RecyclingHeapAllocator.class);
            assertThat(((RecyclingHeapAllocator) w.allocator()).keptBytes()).isPositive();
            w.close();
        });
        // a file of one endpoint (one may be open per busy endpoint) keeps Parquet's own allocator
        withFileWriter("one-endpoint.parquet", rows.get(0), 200_000, (w, out) -> {
            assertThat(w.allocator()).isNotInstanceOf(RecyclingHeapAllocator.class);
            w.close();
        });
        assertThat(ParquetRows.footer(file).getBlocks().size()).isGreaterThan(3);
        List<Map<String, Object>> back = ParquetRows.read(file);
        assertThat(back).hasSize(rows.size());
        for (int i = 0; i < rows.size(); i++) {
            MonitoredRecord r = rows.get(i);
            Map<String, Object> b = back.get(i);
            assertThat(b).containsEntry("request_id", "req-" + i);
            Map<String, Object> features = map(b, "features");
            assertThat(features.get("x")).isEqualTo(r.numbers[0]);
            assertThat(features.get("y")).isEqualTo(Double.isNaN(r.numbers[1]) ? null : r.numbers[1]);
            assertThat(map(b, "string_features")).containsExactly(entry("city", r.texts[2]));
            assertThat(map(b, "predictions")).containsExactly(entry("p", r.numbers[3]));
        }
    }

    /**
     * Maps are null, empty or filled per row, in a shared file too: labels without a usable entry are an empty map,
     * not a missing one; an overflow column's NaN is a null value under its name.
     */
    @Test
    void mapsAreNullEmptyOrFilledRowByRow() throws Exception {
        MonitoredRecord first = row(new String[] {"a", "b", "p"}, 2, 1.0, 2.0, 3.0);
        first.endpointId = "ep-1";
        MonitoredRecord emptyLabels = row(new String[] {"a", "b", "p"}, 2, 4.0, 5.0, 6.0);
        emptyLabels.endpointId = "ep-1";
        emptyLabels.labels = new LinkedHashMap<>();
        emptyLabels.labels.put("k", null);
        emptyLabels.texts[0] = "x";
        emptyLabels.texts[1] = "y";
        MonitoredRecord other = row(new String[] {"a", "z", "p"}, 2, 7.0, Double.NaN, 8.0);
        other.endpointId = "ep-2";
        other.labels = Map.of("team", "risk");
        // Sized so that ep-2's definition is not in the union: its "z" is an overflow column.
        RecordsWriterFactory shared = RecordsWriterFactory.withSharedBatchRows(ParquetSinks.DEFAULT_CODEC, RecordsLayout.HOUR, 2);
        List<Map<String, Object>> rows = ParquetRows.read(write(shared, "maps.parquet", first, emptyLabels, other));

        assertThat(rows.get(0).get("labels")).isNull();
        assertThat(map(rows.get(0), "string_features")).isEmpty();
        assertThat(map(rows.get(1), "labels")).isEmpty();
        assertThat(map(rows.get(1), "string_features")).containsExactly(entry("a", "x"), entry("b", "y"));
        assertThat(map(rows.get(1), "features")).containsExactly(entry("a", null), entry("b", null));
        assertThat(rows.get(1).get("other_features")).isNull();
        assertThat(map(rows.get(2), "labels")).containsExactly(entry("team", "risk"));
        assertThat(map(rows.get(2), "features")).containsExactly(entry("a", 7.0), entry("b", null));
        assertThat(map(rows.get(2), "other_features")).containsExactly(entry("z", null));
        assertThat(map(rows.get(2), "string_features")).isEmpty();
    }

    /** Overflow maps hold every overflowing column of the row, in column order, NaN as a null value; labels follow row by row. */
    @Test
    void overflowMapsAndLabelsHoldEveryEntryOfTheirRow() throws Exception {
        MonitoredRecord first = row(new String[] {"a", "p"}, 1, 0.5, 0.1);
        MonitoredRecord wider = row(new String[] {"a", "x", "y", "z", "p", "q", "s"}, 4, 0.0, 1.0, Double.NaN, 3.0, 0.2, 7.0, Double.NaN);
        wider.labels = new LinkedHashMap<>();
        wider.labels.put("a", "1");
        wider.labels.put("b", "2");
        wider.labels.put("c", "3");
        MonitoredRecord back = row(new String[] {"a", "p"}, 1, 0.25, 0.3);
        MonitoredRecord nullLabel = row(new String[] {"a", "p"}, 1, 0.75, 0.4);
        nullLabel.labels = new LinkedHashMap<>();
        nullLabel.labels.put("k", null);
        first.labels = null;
        back.labels = null;
        List<Map<String, Object>> rows = ParquetRows.read(write("overflow.parquet", first, wider, back, nullLabel));

        assertThat(rows.get(0).get("other_features")).isNull();
        assertThat(map(rows.get(1), "features")).containsExactly(entry("a", 0.0));
        assertThat(map(rows.get(1), "other_features")).containsExactly(entry("x", 1.0), entry("y", null), entry("z", 3.0));
        assertThat(map(rows.get(1), "predictions")).containsExactly(entry("p", 0.2));
        assertThat(map(rows.get(1), "other_predictions")).containsExactly(entry("q", 7.0), entry("s", null));
        assertThat(map(rows.get(1), "labels")).containsExactly(entry("a", "1"), entry("b", "2"), entry("c", "3"));
        assertThat(rows.get(2).get("other_features")).isNull();
        assertThat(rows.get(2).get("other_predictions")).isNull();
        assertThat(rows.get(2).get("labels")).isNull();
        assertThat(map(rows.get(3), "labels")).isEmpty();
    }

    /**
     * A row that fails part-way leaves some columns a value ahead: the file takes no more rows and gets no footer, so
     * no reader takes it for whole. Closing again does nothing.
     */
    @Test
    void aRowThatFailsPartWayAbortsTheFile() throws Exception {
        MonitoredRecord good = row(new String[] {"a", "p"}, 1, 1.0, 2.0);
        MonitoredRecord bad = row(new String[] {"a", "p"}, 1, 3.0, 4.0);
        bad.labels = new java.util.HashMap<>() {
            @Override
            public java.util.Set<Map.Entry<String, String>> entrySet() {
                throw new IllegalStateException("labels unreadable");
            }
        };
        Path file = withFileWriter("aborted.parquet", good, RecordsFileWriter.ROW_GROUP_SIZE, (w, out) -> {
            w.write(good);
            org.assertj.core.api.Assertions.assertThatThrownBy(() -> w.write(bad)).hasMessage("labels unreadable");
            org.assertj.core.api.Assertions.assertThatThrownBy(() -> w.write(good))
                    .isInstanceOf(java.io.IOException.class).hasMessageContaining("aborted");
            w.close();
            w.close();
        });
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> ParquetRows.read(file))
                .hasMessageContaining("not a Parquet file");
    }

    /**
     * Another Parquet writer built while a records file is open (the other subtask's file, a results file) leaves
     * the file's column buffers alone. Before Parquet 1.18 the default values-writer factory kept the properties of
     * the writer built last, JVM-wide (apache/parquet-java#3497), which once gave a subtask's columns the other
     * subtask's recycling allocator, corrupted files and failed the job. Since 1.18 Parquet's default no longer does,
     * so this passes on Parquet's fix alone; {@link #aRecordsFileHasAValuesWriterFactoryOfItsOwn} pins the records
     * files' own factory, which keeps them safe on an older Parquet.
     */
    @Test
    void anotherWriterBuiltMeanwhileDoesNotLendTheFileItsBuffers() throws Exception {
        MonitoredRecord r = row(new String[] {"a", "b", "p"}, 2, 1.5, 2.5, 3.5);
        org.apache.parquet.bytes.ByteBufferAllocator foreign = new org.apache.parquet.bytes.ByteBufferAllocator() {
            @Override
            public java.nio.ByteBuffer allocate(int size) {
                throw new IllegalStateException("a buffer from another writer's allocator");
            }

            @Override
            public void release(java.nio.ByteBuffer b) {
                throw new IllegalStateException("a buffer released to another writer's allocator");
            }

            @Override
            public boolean isDirect() {
                return false;
            }
        };
        int rows = 5_000;
        Path file;
        try {
            file = withFileWriter("own-buffers.parquet", RecordsFileSchema.union(List.of(r)), 1, (w, out) -> {
                assertThat(w.allocator()).isInstanceOf(RecyclingHeapAllocator.class);
                for (int i = 0; i < rows; i++) {
                    if (i % 1_000 == 0) { // before the first row group and within the later ones (one every 1,024 rows)
                        org.apache.parquet.column.ParquetProperties.builder().withAllocator(foreign).build();
                    }
                    w.write(r);
                }
                w.close();
            });
        } finally {
            // Before 1.18 Parquet's JVM-wide factory kept the last properties built: leave it plain ones, not the foreign.
            org.apache.parquet.column.ParquetProperties.builder().build();
        }
        assertThat(ParquetRows.footer(file).getBlocks()).hasSize(5);
        assertThat(ParquetRows.read(file)).hasSize(rows)
                .allSatisfy(row -> assertThat(row).containsEntry("request_id", "req"));
    }

    /**
     * Each records file builds its column value writers from a factory of its own, never from one that other Parquet
     * writers share (see {@link #anotherWriterBuiltMeanwhileDoesNotLendTheFileItsBuffers}).
     */
    @Test
    void aRecordsFileHasAValuesWriterFactoryOfItsOwn() throws Exception {
        MonitoredRecord r = row(new String[] {"a", "b", "p"}, 2, 1.5, 2.5, 3.5);
        java.util.List<Object> factories = new java.util.ArrayList<>();
        for (String name : List.of("first.parquet", "second.parquet")) {
            withFileWriter(name, RecordsFileSchema.union(List.of(r)), 1, (w, out) -> {
                factories.add(w.valuesWriterFactory());
                w.write(r);
                w.close();
            });
        }
        assertThat(factories).hasSize(2).allSatisfy(f -> assertThat(f)
                .isInstanceOf(org.apache.parquet.column.values.factory.DefaultV1ValuesWriterFactory.class)
                .isNotSameAs(org.apache.parquet.column.ParquetProperties.DEFAULT_VALUES_WRITER_FACTORY));
        assertThat(factories.get(0)).isNotSameAs(factories.get(1));
    }

    /** Closing twice writes one footer. */
    @Test
    void closingTwiceWritesOneFooter() throws Exception {
        MonitoredRecord r = row(new String[] {"a", "p"}, 1, 1.0, 2.0);
        Path file = withFileWriter("twice.parquet", r, RecordsFileWriter.ROW_GROUP_SIZE, (w, out) -> {
            w.write(r);
            w.close();
            long size = out.getPos();
            w.close();
            assertThat(out.getPos()).isEqualTo(size);
            org.assertj.core.api.Assertions.assertThatThrownBy(() -> w.write(r)).isInstanceOf(IllegalStateException.class);
        });
        assertThat(ParquetRows.read(file)).hasSize(1);
    }

    @Test
    void aPartWithoutRecordsIsStillAValidFile() throws Exception {
        Path file = write("none.parquet");
        assertThat(ParquetRows.read(file)).isEmpty();
    }

    /** A row of the given columns and numbers (no strings); later texts can be set on {@code texts}. */
    private static MonitoredRecord row(String[] columns, int featureCount, double... numbers) {
        MonitoredRecord r = new MonitoredRecord();
        r.endpointId = "ep";
        r.requestId = "req";
        r.timestamp = 1_767_607_199_000L;
        r.columns = columns;
        r.featureCount = featureCount;
        r.numbers = numbers;
        r.texts = new String[columns.length];
        r.estimatedPredictionCount = 1.0;
        r.effectiveSampleCount = -1;
        return r;
    }

    private Path write(String name, MonitoredRecord... rows) throws Exception {
        return write(new RecordsWriterFactory(ParquetSinks.DEFAULT_CODEC, RecordsLayout.ENDPOINT_HOUR), name, rows);
    }

    private Path write(BulkWriter.Factory<MonitoredRecord> factory, String name, MonitoredRecord... rows)
            throws Exception {
        Path file = dir.resolve(name);
        try (FSDataOutputStream out = LocalFileSystem.getSharedInstance()
                .create(new org.apache.flink.core.fs.Path(file.toUri()), FileSystem.WriteMode.NO_OVERWRITE)) {
            BulkWriter<MonitoredRecord> w = factory.create(out);
            for (MonitoredRecord r : rows) {
                w.addElement(r);
            }
            w.flush();
            w.finish();
        }
        assertThat(Files.size(file)).isPositive();
        return file;
    }

    /** What a test does with a file writer of its own (not through the sink's part writer) and the file's stream. */
    @FunctionalInterface
    private interface FileWork {
        void run(RecordsFileWriter writer, FSDataOutputStream out) throws Exception;
    }

    /** A file written by {@code work} with a file writer whose schema is that of {@code first}. */
    private Path withFileWriter(String name, MonitoredRecord first, long rowGroupSize, FileWork work) throws Exception {
        return withFileWriter(name, RecordsFileSchema.of(first), rowGroupSize, work);
    }

    private Path withFileWriter(String name, RecordsFileSchema schema, long rowGroupSize, FileWork work) throws Exception {
        Path file = dir.resolve(name);
        try (FSDataOutputStream out = LocalFileSystem.getSharedInstance()
                .create(new org.apache.flink.core.fs.Path(file.toUri()), FileSystem.WriteMode.NO_OVERWRITE)) {
            work.run(RecordsWriterFactory.open(new FlinkOutputFile(out), schema, CompressionCodecName.SNAPPY,
                    rowGroupSize), out);
        }
        return file;
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> map(Map<String, Object> row, String field) {
        return (Map<String, Object>) row.get(field);
    }

    /** A shared part's batch is grouped by endpoint exactly as a stable sort by endpoint id would order it. */
    @Test
    void aBatchIsGroupedByEndpointInNameOrderKeepingEachEndpointsArrivalOrder() {
        java.util.Random random = new java.util.Random(3);
        List<MonitoredRecord> rows = new ArrayList<>();
        for (int i = 0; i < 5_000; i++) {
            MonitoredRecord r = new MonitoredRecord();
            int run = random.nextInt(4) == 0 ? 1 : 0; // sometimes runs of one endpoint, as rows of a request come
            r.endpointId = random.nextInt(50) == 0 ? null : "ep-" + random.nextInt(run == 1 ? 3 : 40);
            r.requestId = "req-" + i;
            rows.add(r);
        }
        List<MonitoredRecord> expected = new ArrayList<>(rows);
        expected.sort(java.util.Comparator.comparing(r -> r.endpointId, java.util.Comparator.nullsFirst(java.util.Comparator.naturalOrder())));

        List<MonitoredRecord> grouped = RecordsWriterFactory.byEndpoint(rows);
        assertThat(grouped).extracting(r -> r.requestId).containsExactlyElementsOf(expected.stream().map(r -> r.requestId).toList());
        assertThat(rows).as("the batch itself is left as it came").extracting(r -> r.requestId).startsWith("req-0", "req-1");
    }
}
