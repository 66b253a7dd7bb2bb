package dev.driftline.sinks.parquet;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.driftline.functions.model.InferenceError;
import dev.driftline.functions.model.MonitoredRecord;
import dev.driftline.functions.model.MonitoringResult;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.RestartStrategyOptions;
import org.apache.flink.runtime.testutils.MiniClusterResourceConfiguration;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * A bounded Flink job writes records, results and errors through {@link ParquetSinks} (checkpointing on, files
 * committed at the final checkpoint); DuckDB reads the committed files back.
 */
class ParquetSinksMiniClusterTest {

    private static Configuration clusterConfig() {
        Configuration c = new Configuration();
        c.set(RestartStrategyOptions.RESTART_STRATEGY, "none");
        return c;
    }

    @RegisterExtension
    static final MiniClusterExtension MINI_CLUSTER = new MiniClusterExtension(
            new MiniClusterResourceConfiguration.Builder()
                    .setConfiguration(clusterConfig())
                    .setNumberTaskManagers(1)
                    .setNumberSlotsPerTaskManager(2)
                    .build());

    static final String EP_A = "ep-a";
    /** An id with a slash, a space and quotes: must stay inside one {@code key=} directory. */
    static final String EP_B = "model/b 'v2\"";
    static final String EP_B_DIR = "key=model%2Fb%20%27v2%22";
    /** An endpoint whose column names are no Avro names, and whose definition changes within the hour. */
    static final String EP_ODD = "ep-odd";
    static final String[] ODD_COLUMNS = {"a b", "x.y", "say \"hi\"", "é", "score %"};
    static final String[] ODD_COLUMNS_CHANGED = {"a b", "new col", "é", "score %"};
    static final String DAY = "year=2026/month=01/day=05";

    static final long H09 = Instant.parse("2026-01-05T09:00:00Z").toEpochMilli();
    static final long H10 = Instant.parse("2026-01-05T10:00:00Z").toEpochMilli();

    @TempDir
    Path dir;

    @Test
    @Timeout(120)
    void writesPartitionedParquetReadableByDuckDb() throws Exception {
        MonitoredRecord[] records = records();
        MonitoringResult[] results = {
            TestData.result(EP_A, MonitoringResult.RESULT, "hellinger", H09, H10, 0.25),
            TestData.result(EP_A, MonitoringResult.METRIC, "latency_avg", H09, H09 + 1_800_000, Double.NaN),
            TestData.result(EP_B, MonitoringResult.RESULT, "kld", H09, H10, 1.5),
        };
        InferenceError[] errors = {TestData.error(EP_B, "b-err", H09 + 10)};

        Configuration jobConfig = new Configuration();
        jobConfig.set(RestartStrategyOptions.RESTART_STRATEGY, "none");
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment(jobConfig);
        env.enableCheckpointing(200);
        env.setParallelism(2);

        String recordsPath = ParquetSinks.tablePath(dir.toUri().toString(), ParquetSinks.RECORDS); // file:///...
        String resultsPath = ParquetSinks.tablePath(dir.toString(), ParquetSinks.RESULTS); // a plain local path
        String errorsPath = ParquetSinks.tablePath(dir.toString(), ParquetSinks.ERRORS);
        env.fromData(records).keyBy(r -> r.endpointId)
                .sinkTo(ParquetSinks.records(recordsPath, RecordsLayout.ENDPOINT_HOUR)).name("records-parquet");
        env.fromData(results).sinkTo(ParquetSinks.results(resultsPath)).name("results-parquet");
        env.fromData(errors).sinkTo(ParquetSinks.errors(errorsPath)).name("errors-parquet");
        env.execute("parquet-sinks-test");
        checkEndpointHourRecordsResultsAndErrors();
    }

    /** The rows every records test writes: three endpoints over two hours, odd names, a definition change, a NaN. */
    private static MonitoredRecord[] records() {
        MonitoredRecord[] records = {
            TestData.record(EP_A, "a1", H09 + 1_000, 42.0, "Paris"),
            TestData.record(EP_A, "a2", H09 + 1_800_000, 30.0, "Oslo"),
            TestData.record(EP_A, "a3", H10 - 1, 31.0, "Rome"),
            TestData.record(EP_A, "a4", H10, 50.0, "Lima"),
            TestData.record(EP_A, "a5", H10 + 3_599_999, Double.NaN, null),
            TestData.record(EP_B, "b1", H09 + 5, 1.0, "Kyiv"),
            TestData.record(EP_B, "b2", H09 + 6, 2.0, "Riga"),
            TestData.record(EP_B, "b3", H10 + 7, 3.0, "Bern"),
            odd("o1", H09 + 20, ODD_COLUMNS, 4, 1.0, 2.0, 3.0, Double.NaN, 0.25),
            odd("o2", H09 + 21, ODD_COLUMNS_CHANGED, 3, 5.0, 6.0, Double.NaN, 0.75),
        };
        records[5].effectiveSampleCount = 12;
        records[8].texts[2] = "hello";
        records[9].texts[2] = "bonjour";
        return records;
    }

    private void checkEndpointHourRecordsResultsAndErrors() throws Exception {
        Path recordsDir = dir.resolve("records");
        Path resultsDir = dir.resolve("results");
        Path errorsDir = dir.resolve("errors");

        // Everything committed: only part-*.parquet files, no hidden in-progress files.
        List<Path> all;
        try (Stream<Path> s = Files.walk(dir)) {
            all = s.filter(Files::isRegularFile).collect(Collectors.toList());
        }
        assertThat(all).isNotEmpty().allSatisfy(p -> assertThat(p.getFileName().toString())
                .startsWith("part-").endsWith(".parquet"));

        assertThat(partitionDirs(recordsDir)).containsExactlyInAnyOrder(
                "key=ep-a/" + DAY + "/hour=09",
                "key=ep-a/" + DAY + "/hour=10",
                EP_B_DIR + "/" + DAY + "/hour=09",
                EP_B_DIR + "/" + DAY + "/hour=10",
                "key=ep-odd/" + DAY + "/hour=09");
        // Results and errors: by hour only, the endpoint is a column.
        assertThat(partitionDirs(resultsDir)).containsExactlyInAnyOrder(
                DAY + "/hour=10", // results of ep-a and ep-b: window end 10:00
                DAY + "/hour=09"); // metric: window end 09:30
        assertThat(partitionDirs(errorsDir)).containsExactly(DAY + "/hour=09");
        try (Stream<Path> s = Files.list(dir)) { // nothing escaped into the base directory
            assertThat(s.map(p -> p.getFileName().toString())).containsExactlyInAnyOrder("records", "results", "errors");
        }

        try (DuckDb db = new DuckDb()) {
            // Each file's features and predictions structs are its endpoint's columns: reading several endpoints
            // at once unions them by name.
            String allRecords = "read_parquet('" + recordsDir + "/**/*.parquet', hive_partitioning=false, union_by_name=true)";

            // Row counts per endpoint.
            Map<Object, Object> counts = new HashMap<>();
            for (Map<String, Object> row : db.query("SELECT endpoint_id, count(*) AS n FROM " + allRecords + " GROUP BY 1")) {
                counts.put(row.get("endpoint_id"), ((Number) row.get("n")).longValue());
            }
            assertThat(counts).containsOnly(Map.entry(EP_A, 5L), Map.entry(EP_B, 3L), Map.entry(EP_ODD, 2L));

            // Each row sits in the bucket of its own endpoint and UTC hour.
            Map<String, String> expectedDir = Map.of(
                    "a1", "key=ep-a/" + DAY + "/hour=09", "a2", "key=ep-a/" + DAY + "/hour=09",
                    "a3", "key=ep-a/" + DAY + "/hour=09", "a4", "key=ep-a/" + DAY + "/hour=10",
                    "a5", "key=ep-a/" + DAY + "/hour=10", "b1", EP_B_DIR + "/" + DAY + "/hour=09",
                    "b2", EP_B_DIR + "/" + DAY + "/hour=09", "b3", EP_B_DIR + "/" + DAY + "/hour=10",
                    "o1", "key=ep-odd/" + DAY + "/hour=09", "o2", "key=ep-odd/" + DAY + "/hour=09");
            List<Map<String, Object>> files = db.query("SELECT request_id, filename FROM read_parquet('"
                    + recordsDir + "/**/*.parquet', hive_partitioning=false, union_by_name=true, filename=true)");
            assertThat(files).hasSize(10);
            for (Map<String, Object> row : files) {
                Path file = Path.of((String) row.get("filename"));
                assertThat(recordsDir.relativize(file.getParent()).toString())
                        .isEqualTo(expectedDir.get((String) row.get("request_id")));
            }

            // Real values: features struct, string feature, NaN as null, timestamps, predictions, labels.
            String rec = "read_parquet(['" + recordsDir + "/key=ep-a/**/*.parquet', '" + recordsDir + "/" + EP_B_DIR
                    + "/**/*.parquet'], hive_partitioning=false)";
            Map<String, Object> a1 = db.one("SELECT epoch_ms(\"timestamp\") AS ts, typeof(\"timestamp\") AS ts_type, "
                    + "project, latency_microsec, features.age AS age, features.income AS income, "
                    + "features.city AS city_num, string_features['city'] AS city, predictions.score AS score, "
                    + "string_predictions['label'] AS label, labels['team'] AS team, custom_metrics, "
                    + "estimated_prediction_count, effective_sample_count FROM " + rec + " WHERE request_id = 'a1'");
            assertThat(a1).containsEntry("ts", H09 + 1_000).containsEntry("project", "proj")
                    .containsEntry("latency_microsec", 1500.0).containsEntry("age", 42.0)
                    .containsEntry("income", null).containsEntry("city_num", null).containsEntry("city", "Paris")
                    .containsEntry("label", "yes").containsEntry("team", "risk")
                    .containsEntry("custom_metrics", "{\"m\":1}").containsEntry("estimated_prediction_count", 1.0)
                    .containsEntry("effective_sample_count", null);
            assertThat((String) a1.get("ts_type")).startsWith("TIMESTAMP");
            assertThat((Double) a1.get("score")).isCloseTo(0.92, within(1e-12));

            Map<String, Object> a5 = db.one("SELECT epoch_ms(\"timestamp\") AS ts, features.age AS age, "
                    + "features.city AS city_num, string_features AS sf, predictions.score AS score FROM "
                    + rec + " WHERE request_id = 'a5'");
            assertThat(a5).containsEntry("ts", H10 + 3_599_999).containsEntry("age", null)
                    .containsEntry("city_num", null).containsEntry("score", null);

            Map<String, Object> b1 = db.one("SELECT endpoint_id, effective_sample_count, "
                    + "strftime(\"timestamp\" AT TIME ZONE 'UTC', '%Y-%m-%d %H:%M:%S.%g') AS utc FROM " + rec
                    + " WHERE request_id = 'b1'");
            assertThat(b1).containsEntry("endpoint_id", EP_B).containsEntry("effective_sample_count", 12)
                    .containsEntry("utc", "2026-01-05 09:00:00.005");

            // Odd column names, and a definition change within one file: nothing lost.
            String odd = DuckDb.parquet(recordsDir + "/key=ep-odd/**/*.parquet");
            assertThat(db.one("SELECT count(DISTINCT filename) AS n FROM read_parquet('" + recordsDir
                    + "/key=ep-odd/**/*.parquet', filename=true)")).containsEntry("n", 1L);
            Map<String, Object> o1 = db.one("SELECT features.\"a b\" AS ab, features.\"x.y\" AS xy, "
                    + "features.\"é\" AS e, string_features['say \"hi\"'] AS hi, predictions.\"score %\" AS score, "
                    + "other_features FROM " + odd + " WHERE request_id = 'o1'");
            assertThat(o1).containsEntry("ab", 1.0).containsEntry("xy", 2.0).containsEntry("e", null)
                    .containsEntry("hi", "hello").containsEntry("score", 0.25).containsEntry("other_features", null);
            Map<String, Object> o2 = db.one("SELECT features.\"a b\" AS ab, features.\"x.y\" AS xy, "
                    + "other_features['new col'] AS new_col, string_features['new col'] AS new_col_text, "
                    + "string_features['é'] AS e, predictions.\"score %\" AS score FROM " + odd
                    + " WHERE request_id = 'o2'");
            assertThat(o2).containsEntry("ab", 5.0).containsEntry("xy", null).containsEntry("new_col", 6.0)
                    .containsEntry("new_col_text", null).containsEntry("e", "bonjour").containsEntry("score", 0.75);

            // Results and metrics.
            String res = DuckDb.parquet(resultsDir + "/**/*.parquet");
            assertThat(db.one("SELECT count(*) AS n FROM " + res).get("n")).isEqualTo(3L);
            Map<String, Object> hellinger = db.one("SELECT type, endpoint_id, project, application, "
                    + "epoch_ms(start_infer_time) AS s, epoch_ms(end_infer_time) AS e, value, kind, status, "
                    + "extra_data FROM " + res + " WHERE name = 'hellinger'");
            assertThat(hellinger).containsEntry("type", "result").containsEntry("endpoint_id", EP_A)
                    .containsEntry("project", "proj").containsEntry("application", "drift-app")
                    .containsEntry("s", H09).containsEntry("e", H10).containsEntry("value", 0.25)
                    .containsEntry("kind", 0).containsEntry("status", 2)
                    .containsEntry("extra_data", "{\"threshold\":0.7}");
            Map<String, Object> metric = db.one("SELECT type, value, kind, status, extra_data, "
                    + "epoch_ms(end_infer_time) AS e FROM " + res + " WHERE name = 'latency_avg'");
            assertThat(metric).containsEntry("type", "metric").containsEntry("value", null)
                    .containsEntry("kind", null).containsEntry("status", null).containsEntry("extra_data", null)
                    .containsEntry("e", H09 + 1_800_000);
            assertThat(db.one("SELECT value, endpoint_id FROM " + res + " WHERE name = 'kld'"))
                    .containsEntry("value", 1.5).containsEntry("endpoint_id", EP_B);

            // Errors.
            Map<String, Object> err = db.one("SELECT epoch_ms(\"timestamp\") AS ts, endpoint_id, project, model, "
                    + "request_id, error, error_type FROM " + DuckDb.parquet(errorsDir + "/**/*.parquet"));
            assertThat(err).containsEntry("ts", H09 + 10).containsEntry("endpoint_id", EP_B)
                    .containsEntry("model", "model-1").containsEntry("request_id", "b-err")
                    .containsEntry("error", "ValueError: bad input").containsEntry("error_type", "ValueError");

            // Written with the default codec.
            assertThat(db.query("SELECT DISTINCT compression FROM parquet_metadata('" + recordsDir
                    + "/**/*.parquet')")).extracting(m -> String.valueOf(m.get("compression")))
                    .containsOnly(ParquetSinks.DEFAULT_CODEC.name());
        }
    }

    @Test
    @Timeout(120)
    void recordsByHourHoldEveryEndpointOfASubtaskInOneFileWithTheUnionOfTheirColumns() throws Exception {
        Configuration jobConfig = new Configuration();
        jobConfig.set(RestartStrategyOptions.RESTART_STRATEGY, "none");
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment(jobConfig);
        // Every row must reach the writer before the first checkpoint, which would roll the file: Flink starts the
        // first one at a random delay between the minimum pause and the interval, so both are set well above the
        // time the ten rows take (with 200 ms, a slow start once split an hour into two files).
        env.enableCheckpointing(2_000);
        env.getCheckpointConfig().setMinPauseBetweenCheckpoints(1_500);
        env.setParallelism(1); // one writer: all endpoints of an hour in one file
        Path recordsDir = dir.resolve("records");
        // Endpoints interleaved as they arrive from a shuffle; the writer groups them.
        MonitoredRecord[] records = records();
        MonitoredRecord[] interleaved = {records[0], records[5], records[8], records[1], records[6], records[9],
            records[2], records[3], records[7], records[4]};
        env.fromData(interleaved).sinkTo(ParquetSinks.records(recordsDir.toString(), RecordsLayout.HOUR))
                .name("records-parquet");
        env.execute("parquet-records-by-hour-test");

        assertThat(partitionDirs(recordsDir)).containsExactlyInAnyOrder(DAY + "/hour=09", DAY + "/hour=10");
        try (DuckDb db = new DuckDb()) {
            String all = "read_parquet('" + recordsDir + "/**/*.parquet', hive_partitioning=false, filename=true, "
                    + "file_row_number=true, union_by_name=true)";
            // One file per hour (one writer, every row committed at the end), each endpoint's rows together, in
            // the order they came.
            List<Map<String, Object>> rows = db.query("SELECT request_id, endpoint_id, filename, file_row_number "
                    + "FROM " + all + " ORDER BY filename, file_row_number");
            assertThat(rows).extracting(r -> (String) r.get("request_id"))
                    .containsExactly("a1", "a2", "a3", "o1", "o2", "b1", "b2", "a4", "a5", "b3");
            assertThat(rows.stream().map(r -> r.get("filename")).distinct()).hasSize(2);
            for (Map<String, Object> r : rows) {
                String hour = ((String) r.get("request_id")).matches("a4|a5|b3") ? "hour=10" : "hour=09";
                assertThat(recordsDir.relativize(Path.of((String) r.get("filename")).getParent()).toString())
                        .isEqualTo(DAY + "/" + hour);
            }

            // Real values: the structs hold the union of the file's columns, an endpoint's row only its own.
            Map<String, Object> a1 = db.one("SELECT epoch_ms(\"timestamp\") AS ts, endpoint_id, project, "
                    + "latency_microsec, features.age AS age, features.income AS income, features.city AS city_num, "
                    + "string_features['city'] AS city, predictions.score AS score, features.\"a b\" AS ab, "
                    + "string_predictions['label'] AS label, labels['team'] AS team, custom_metrics, "
                    + "estimated_prediction_count, effective_sample_count FROM " + all + " WHERE request_id = 'a1'");
            assertThat(a1).containsEntry("ts", H09 + 1_000).containsEntry("endpoint_id", EP_A)
                    .containsEntry("project", "proj").containsEntry("latency_microsec", 1500.0)
                    .containsEntry("age", 42.0).containsEntry("income", null).containsEntry("city_num", null)
                    .containsEntry("city", "Paris").containsEntry("ab", null)
                    .containsEntry("label", "yes").containsEntry("team", "risk")
                    .containsEntry("custom_metrics", "{\"m\":1}").containsEntry("estimated_prediction_count", 1.0)
                    .containsEntry("effective_sample_count", null);
            assertThat((Double) a1.get("score")).isCloseTo(0.92, within(1e-12));
            assertThat(db.one("SELECT effective_sample_count AS n FROM " + all + " WHERE request_id = 'b1'"))
                    .containsEntry("n", 12);

            // Hour 09's file: the union of ep-a's (and model/b's) columns and both of ep-odd's definitions, in order
            // of appearance after grouping by endpoint; nothing in the overflow maps.
            String hour09 = DuckDb.parquet(recordsDir + "/" + DAY + "/hour=09/*.parquet");
            assertThat(db.query("SELECT name FROM parquet_schema('" + recordsDir + "/" + DAY + "/hour=09/*.parquet') "
                    + "WHERE name IN ('age', 'city', 'income', 'a b', 'x.y', 'say \"hi\"', 'é', 'new col', "
                    + "'score', 'label', 'score %')"))
                    .extracting(m -> (String) m.get("name"))
                    .containsExactly("age", "city", "income", "a b", "x.y", "say \"hi\"", "é", "new col", "score",
                            "label", "score %");
            // The footer says which columns are whose.
            String meta = (String) db.one("SELECT decode(value) AS v FROM parquet_kv_metadata('" + recordsDir + "/"
                    + DAY + "/hour=09/*.parquet') WHERE decode(key) = '" + ParquetSinks.ENDPOINT_COLUMNS_METADATA + "'")
                    .get("v");
            com.fasterxml.jackson.databind.JsonNode columns = new com.fasterxml.jackson.databind.ObjectMapper().readTree(meta);
            assertThat(columns.get("definitions").toString()).isEqualTo("[{\"features\":[\"age\",\"city\",\"income\"],"
                    + "\"predictions\":[\"score\",\"label\"]},{\"features\":[\"a b\",\"x.y\",\"say \\\"hi\\\"\",\"é\"],"
                    + "\"predictions\":[\"score %\"]},{\"features\":[\"a b\",\"new col\",\"é\"],\"predictions\":[\"score %\"]}]");
            assertThat(columns.get("endpoints").toString()).isEqualTo("{\"ep-a\":[0],\"ep-odd\":[1,2],"
                    + "\"model/b 'v2\\\"\":[0]}");

            Map<String, Object> o1 = db.one("SELECT features.\"a b\" AS ab, features.\"x.y\" AS xy, "
                    + "features.\"new col\" AS new_col, string_features['say \"hi\"'] AS hi, "
                    + "predictions.\"score %\" AS score, features.age AS age, other_features FROM " + hour09
                    + " WHERE request_id = 'o1'");
            assertThat(o1).containsEntry("ab", 1.0).containsEntry("xy", 2.0).containsEntry("new_col", null)
                    .containsEntry("hi", "hello").containsEntry("score", 0.25).containsEntry("age", null)
                    .containsEntry("other_features", null);
            Map<String, Object> o2 = db.one("SELECT features.\"a b\" AS ab, features.\"x.y\" AS xy, "
                    + "features.\"new col\" AS new_col, string_features['é'] AS e, predictions.\"score %\" AS score "
                    + "FROM " + hour09 + " WHERE request_id = 'o2'");
            assertThat(o2).containsEntry("ab", 5.0).containsEntry("xy", null).containsEntry("new_col", 6.0)
                    .containsEntry("e", "bonjour").containsEntry("score", 0.75);
        }
    }

    /** A row of {@link #EP_ODD}: the first {@code featureCount} columns are inputs. */
    private static MonitoredRecord odd(String requestId, long time, String[] columns, int featureCount,
                                       double... numbers) {
        MonitoredRecord r = TestData.record(EP_ODD, requestId, time, 0, null);
        r.columns = columns;
        r.featureCount = featureCount;
        r.numbers = numbers;
        r.texts = new String[columns.length];
        return r;
    }

    /** The directories (relative to {@code table}) that hold committed Parquet files. */
    private static Set<String> partitionDirs(Path table) throws IOException {
        try (Stream<Path> s = Files.walk(table)) {
            return s.filter(p -> p.getFileName().toString().endsWith(".parquet"))
                    .map(p -> table.relativize(p.getParent()).toString())
                    .collect(Collectors.toCollection(TreeSet::new));
        }
    }
}
