package dev.driftline.job.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.driftline.functions.model.MonitoredRecord;
import dev.driftline.sinks.parquet.EndpointHourBucketAssigner;
import dev.driftline.sinks.parquet.ParquetSinks;
import dev.driftline.sinks.parquet.RecordsLayout;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.avro.LogicalTypes;
import org.apache.avro.Schema;
import org.apache.avro.SchemaBuilder;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericRecord;
import org.apache.parquet.avro.AvroParquetWriter;
import org.apache.parquet.hadoop.ParquetWriter;
import org.apache.parquet.io.LocalOutputFile;
import org.apache.flink.api.common.serialization.BulkWriter;
import org.apache.flink.core.fs.FSDataOutputStream;
import org.apache.flink.core.fs.FileSystem;
import org.apache.flink.core.fs.local.LocalFileSystem;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * {@code driftline offline} against a store written by the sink's own writer and partitioning: two endpoints over
 * three hours (10, 11 and 12 o'clock of 2026-01-05), with the kinds of files the sink leaves beside committed ones.
 */
class OfflineCommandTest {
    static final ObjectMapper JSON = new ObjectMapper();
    static final String FRAUD = "fraud/v1"; // a '/' in the id: stored as key=fraud%2Fv1
    static final String CHURN = "churn";
    static final String ODD = "odd names";
    static final String LEGACY = "legacy";

    @TempDir
    static Path store;

    static Path records;

    @BeforeAll
    static void writeStore() throws Exception {
        records = store.resolve(ParquetSinks.RECORDS);
        // Two committed files in hour 10 (one row exactly at the range's start), rows out of order in hour 11, and a
        // row exactly at the range's end in hour 12.
        write("part-a-0-0.parquet", fraud("r1", "2026-01-05T10:10:00Z", 20, "Berlin", "no"),
                fraud("r2", "2026-01-05T10:30:00Z", 30, "Paris, FR", "no"));
        write("part-b-1-0.parquet", fraud("r3", "2026-01-05T10:50:00.250Z", 40, "Oslo", "yes"));
        write("part-a-0-1.parquet", fraud("r5", "2026-01-05T11:40:00Z", 60, "Lima", "yes"),
                fraud("r4", "2026-01-05T11:05:00Z", 50, "Rome", "no"));
        write("part-a-0-2.parquet", fraud("r6", "2026-01-05T12:00:00Z", 70, "Kyiv", "no"),
                fraud("r7", "2026-01-05T12:20:00Z", 80, "Doha", "yes"));
        write("part-c-0-0.parquet", churn("c1", "2026-01-05T10:45:00Z", 3));
        write("part-c-0-1.parquet", churn("c2", "2026-01-05T11:15:00Z", 14));
        write("part-c-0-2.parquet", churn("c3", "2026-01-05T12:10:00Z", 27));
        assertThat(records.resolve("key=fraud%2Fv1/year=2026/month=01/day=05/hour=10")).isDirectory();

        // Column names that are no Avro names, and a definition that changes within one file.
        write("part-o-0-0.parquet", odd("o1", "2026-01-05T10:05:00Z", new String[] {"a b", "x.y", "say \"hi\""},
                        1.0, 2.0, "yes"),
                odd("o2", "2026-01-05T10:06:00Z", new String[] {"a b", "new col", "say \"hi\""}, 3.0, 4.0, "no"));
        // A file in the layout of earlier versions (feature maps, written through Avro).
        writeLegacy("part-l-0-0.parquet", LEGACY, "l1", "2026-01-05T10:15:00Z", 33.0, "Oslo", 0.7);

        // What must never be read: an in-progress part file and a marker beside committed files, and a visible file
        // that is not Parquet in an hour (09) outside every range below except the one that proves it is there.
        Path hour11 = records.resolve(EndpointHourBucketAssigner.bucketId(FRAUD, Instant.parse("2026-01-05T11:00:00Z").toEpochMilli()));
        Files.writeString(hour11.resolve(".part-a-0-3.parquet.inprogress.5b2c"), "half a file");
        Files.writeString(hour11.resolve("_SUCCESS"), "");
        Path hour09 = records.resolve(EndpointHourBucketAssigner.bucketId(FRAUD, Instant.parse("2026-01-05T09:00:00Z").toEpochMilli()));
        Files.createDirectories(hour09);
        Files.writeString(hour09.resolve("part-z-0-0.parquet"), "not parquet");
    }

    /** A row of the fraud endpoint: features age, city (string), income (null); predictions score, label (string). */
    static MonitoredRecord fraud(String requestId, String time, double age, String city, String label) {
        MonitoredRecord r = base(FRAUD, requestId, time);
        r.latencyMicros = 1000 + age;
        r.columns = new String[] {"age", "city", "income", "score", "label"};
        r.featureCount = 3;
        r.numbers = new double[] {age, Double.NaN, Double.NaN, age / 100, Double.NaN};
        r.texts = new String[] {null, city, null, null, label};
        return r;
    }

    /** A row of the odd endpoint: two numeric features, a string prediction. */
    static MonitoredRecord odd(String requestId, String time, String[] columns, double a, double b, String label) {
        MonitoredRecord r = base(ODD, requestId, time);
        r.latencyMicros = 250;
        r.columns = columns;
        r.featureCount = 2;
        r.numbers = new double[] {a, b, Double.NaN};
        r.texts = new String[] {null, null, label};
        return r;
    }

    /** The records schema of earlier versions, written through parquet-avro: features and predictions as maps. */
    static final Schema LEGACY_SCHEMA = SchemaBuilder.record("MonitoredRecord").namespace("dev.driftline.parquet")
            .fields()
            .name("timestamp").type(LogicalTypes.timestampMillis().addToSchema(Schema.create(Schema.Type.LONG)))
            .noDefault()
            .name("endpoint_id").type().stringType().noDefault()
            .name("project").type().optional().stringType()
            .name("request_id").type().optional().stringType()
            .name("latency_microsec").type().optional().doubleType()
            .name("features").type().map().values().nullable().doubleType().noDefault()
            .name("string_features").type().map().values().stringType().noDefault()
            .name("predictions").type().map().values().nullable().doubleType().noDefault()
            .name("string_predictions").type().map().values().stringType().noDefault()
            .name("labels").type().optional().map().values().stringType()
            .name("custom_metrics").type().optional().stringType()
            .name("estimated_prediction_count").type().doubleType().noDefault()
            .name("effective_sample_count").type().optional().intType()
            .endRecord();

    /** One row in the former layout: features age (number), city (string), income (null); prediction score. */
    static void writeLegacy(String name, String endpoint, String requestId, String time, double age, String city,
                            double score) throws Exception {
        long ts = Instant.parse(time).toEpochMilli();
        Path file = records.resolve(EndpointHourBucketAssigner.bucketId(endpoint, ts)).resolve(name);
        Files.createDirectories(file.getParent());
        GenericData.Record r = new GenericData.Record(LEGACY_SCHEMA);
        r.put("timestamp", ts);
        r.put("endpoint_id", endpoint);
        r.put("request_id", requestId);
        r.put("latency_microsec", 250.0);
        Map<String, Double> features = new LinkedHashMap<>();
        features.put("age", age);
        features.put("income", null);
        r.put("features", features);
        r.put("string_features", Map.of("city", city));
        r.put("predictions", Map.of("score", score));
        r.put("string_predictions", Map.of());
        r.put("estimated_prediction_count", 1.0);
        try (ParquetWriter<GenericRecord> w = AvroParquetWriter.<GenericRecord>builder(new LocalOutputFile(file))
                .withSchema(LEGACY_SCHEMA).withDataModel(GenericData.get()).build()) {
            w.write(r);
        }
    }

    /** A row of the churn endpoint: feature tenure, unnamed prediction p0. */
    static MonitoredRecord churn(String requestId, String time, double tenure) {
        MonitoredRecord r = base(CHURN, requestId, time);
        r.latencyMicros = 250;
        r.columns = new String[] {"tenure", null};
        r.featureCount = 1;
        r.numbers = new double[] {tenure, tenure > 10 ? 1 : 0};
        r.texts = new String[2];
        return r;
    }

    private static MonitoredRecord base(String endpoint, String requestId, String time) {
        MonitoredRecord r = new MonitoredRecord();
        r.endpointId = endpoint;
        r.project = "proj";
        r.requestId = requestId;
        r.timestamp = Instant.parse(time).toEpochMilli();
        r.estimatedPredictionCount = 1;
        r.effectiveSampleCount = -1;
        return r;
    }

    /** Writes one committed part file with the sink's writer into the records' (single) partition. */
    static void write(String name, MonitoredRecord... rows) throws Exception {
        String bucket = EndpointHourBucketAssigner.bucketId(rows[0].endpointId, rows[0].timestamp);
        for (MonitoredRecord r : rows) {
            assertThat(EndpointHourBucketAssigner.bucketId(r.endpointId, r.timestamp)).isEqualTo(bucket);
        }
        writePart(records.resolve(bucket).resolve(name), RecordsLayout.ENDPOINT_HOUR, rows);
    }

    /** Writes {@code file} as the sink's writer of the layout writes a committed part file. */
    static void writePart(Path file, RecordsLayout layout, MonitoredRecord... rows) throws Exception {
        Files.createDirectories(file.getParent());
        BulkWriter.Factory<MonitoredRecord> factory = ParquetSinks.recordsWriter(ParquetSinks.DEFAULT_CODEC, layout);
        try (FSDataOutputStream out = LocalFileSystem.getSharedInstance()
                .create(new org.apache.flink.core.fs.Path(file.toUri()), FileSystem.WriteMode.NO_OVERWRITE)) {
            BulkWriter<MonitoredRecord> w = factory.create(out);
            for (MonitoredRecord r : rows) {
                w.addElement(r);
            }
            w.finish();
        }
    }

    record Result(int code, String out, String err) {}

    static Result run(String... args) {
        return run(DriftlineCli.commandLine(), args);
    }

    static Result run(CommandLine cl, String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        cl.setOut(new PrintWriter(out, true));
        cl.setErr(new PrintWriter(err, true));
        int code = cl.execute(args);
        return new Result(code, out.toString(), err.toString());
    }

    static String[] args(String... extra) {
        List<String> a = new ArrayList<>(List.of("offline", "--path", store.toString()));
        a.addAll(List.of(extra));
        return a.toArray(String[]::new);
    }

    static final String CSV_HEADER = "timestamp,request_id,latency_microsec,age,city,income,label,score";
    static final List<String> CSV_ROWS = List.of(
            "2026-01-05T10:30:00Z,r2,1030.0,30.0,\"Paris, FR\",,no,0.3",
            "2026-01-05T10:50:00.250Z,r3,1040.0,40.0,Oslo,,yes,0.4",
            "2026-01-05T11:05:00Z,r4,1050.0,50.0,Rome,,no,0.5",
            "2026-01-05T11:40:00Z,r5,1060.0,60.0,Lima,,yes,0.6");

    @Test
    void aTableOfTheRowsInARangeThatCutsAnHour() {
        Result r = run(args("--endpoint", FRAUD, "--from", "2026-01-05T10:30:00Z", "--to", "2026-01-05T12:00:00Z"));
        assertThat(r.err()).isEmpty();
        assertThat(r.code()).isZero();
        assertThat(r.out()).isEqualTo(String.join("\n",
                "timestamp                 request_id  latency_microsec  age   city       income  label  score",
                "2026-01-05T10:30:00Z      r2          1030.0            30.0  Paris, FR          no     0.3",
                "2026-01-05T10:50:00.250Z  r3          1040.0            40.0  Oslo               yes    0.4",
                "2026-01-05T11:05:00Z      r4          1050.0            50.0  Rome               no     0.5",
                "2026-01-05T11:40:00Z      r5          1060.0            60.0  Lima               yes    0.6",
                ""));
    }

    @Test
    void csvFromTheStoreOfTheConfiguration() {
        Result r = run("offline", "--set", "sinks.parquet-path=" + store.toUri(), "--endpoint", FRAUD,
                "--from", "2026-01-05T10:30:00Z", "--to", "2026-01-05T12:00:00Z", "--format", "csv");
        assertThat(r.code()).isZero();
        assertThat(r.out()).isEqualTo(CSV_HEADER + "\n" + String.join("\n", CSV_ROWS) + "\n");
    }

    @Test
    void jsonOneObjectALineWithNullsAndTypes() throws Exception {
        Result r = run(args("--endpoint", FRAUD, "--from", "2026-01-05T10:30:00Z", "--to", "2026-01-05T12:00:00Z",
                "--format", "json"));
        assertThat(r.code()).isZero();
        List<String> lines = r.out().lines().toList();
        assertThat(lines).hasSize(4);
        JsonNode first = JSON.readTree(lines.get(0));
        List<String> keys = new ArrayList<>();
        first.fieldNames().forEachRemaining(keys::add);
        assertThat(keys).containsExactly("timestamp", "request_id", "latency_microsec", "age", "city", "income", "label", "score");
        assertThat(first.get("timestamp").asText()).isEqualTo("2026-01-05T10:30:00Z");
        assertThat(first.get("request_id").asText()).isEqualTo("r2");
        assertThat(first.get("latency_microsec").isDouble()).isTrue();
        assertThat(first.get("latency_microsec").asDouble()).isEqualTo(1030.0);
        assertThat(first.get("age").asDouble()).isEqualTo(30.0);
        assertThat(first.get("city").asText()).isEqualTo("Paris, FR");
        assertThat(first.get("income").isNull()).isTrue();
        assertThat(first.get("label").asText()).isEqualTo("no");
        assertThat(first.get("score").asDouble()).isEqualTo(0.3);
        Iterator<String> ids = lines.stream().map(l -> {
            try {
                return JSON.readTree(l).get("request_id").asText();
            } catch (Exception e) {
                throw new AssertionError(e);
            }
        }).iterator();
        assertThat(ids).toIterable().containsExactly("r2", "r3", "r4", "r5");
        assertThat(JSON.readTree(lines.get(1)).get("timestamp").asText()).isEqualTo("2026-01-05T10:50:00.250Z");
    }

    @Test
    void theOtherEndpointHasOnlyItsOwnRowsAndColumns() {
        Result r = run(args("--endpoint", CHURN, "--from", "2026-01-05", "--to", "2026-01-06", "--format", "csv"));
        assertThat(r.code()).isZero();
        assertThat(r.out()).isEqualTo(CHURN_CSV);
    }

    /** The churn endpoint's three rows as CSV: its own columns only. */
    static final String CHURN_CSV = String.join("\n",
            "timestamp,request_id,latency_microsec,tenure,p0",
            "2026-01-05T10:45:00Z,c1,250.0,3.0,0.0",
            "2026-01-05T11:15:00Z,c2,250.0,14.0,1.0",
            "2026-01-05T12:10:00Z,c3,250.0,27.0,1.0",
            "");

    @Test
    void oddColumnNamesAndADefinitionChangeWithinAFile() {
        Result r = run(args("--endpoint", ODD, "--from", "2026-01-05", "--to", "2026-01-06", "--format", "csv"));
        assertThat(r.err()).isEmpty();
        assertThat(r.out()).isEqualTo(String.join("\n",
                "timestamp,request_id,latency_microsec,a b,new col,x.y,\"say \"\"hi\"\"\"",
                "2026-01-05T10:05:00Z,o1,250.0,1.0,,2.0,yes",
                "2026-01-05T10:06:00Z,o2,250.0,3.0,4.0,,no",
                ""));
    }

    @Test
    void filesOfTheFormerMapLayoutReadTheSame() {
        Result r = run(args("--endpoint", LEGACY, "--from", "2026-01-05", "--to", "2026-01-06", "--format", "csv"));
        assertThat(r.err()).isEmpty();
        assertThat(r.out()).isEqualTo(String.join("\n",
                "timestamp,request_id,latency_microsec,age,city,income,score",
                "2026-01-05T10:15:00Z,l1,250.0,33.0,Oslo,,0.7",
                ""));
    }

    @Test
    void relativeTimesCountBackFromNow() {
        // now = 12:30, so [2h ago, 30m ago) is [10:30, 12:00), the same range as above.
        Clock at1230 = Clock.fixed(Instant.parse("2026-01-05T12:30:00Z"), ZoneOffset.UTC);
        CommandLine cl = new CommandLine(new DriftlineCli(), new CommandLine.IFactory() {
            @Override
            public <K> K create(Class<K> cls) throws Exception {
                K o = CommandLine.defaultFactory().create(cls);
                if (o instanceof OfflineCommand c) {
                    c.clock = at1230;
                }
                return o;
            }
        });
        Result r = run(cl, args("--endpoint", FRAUD, "--from", "2h", "--to", "30m", "--format", "csv"));
        assertThat(r.code()).isZero();
        assertThat(r.out()).isEqualTo(CSV_HEADER + "\n" + String.join("\n", CSV_ROWS) + "\n");
    }

    @Test
    void limitAndOutputFile(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("rows.csv");
        Result r = run(args("--endpoint", FRAUD, "--from", "2026-01-05T10:30:00Z", "--to", "2026-01-05T12:00:00Z",
                "--format", "csv", "--limit", "2", "--output", file.toString()));
        assertThat(r.code()).isZero();
        assertThat(r.out()).isEmpty();
        assertThat(r.err()).contains("wrote 2 rows to " + file);
        assertThat(Files.readString(file, StandardCharsets.UTF_8))
                .isEqualTo(CSV_HEADER + "\n" + CSV_ROWS.get(0) + "\n" + CSV_ROWS.get(1) + "\n");
    }

    @Test
    void onlyTheOverlappingHoursAreRead() {
        // Hour 09 holds a file that is not Parquet: a range that reaches into it fails on that file, one that starts
        // at 10:00 never opens it.
        Result into09 = run(args("--endpoint", FRAUD, "--from", "2026-01-05T09:59:00Z", "--to", "2026-01-05T10:20:00Z"));
        assertThat(into09.code()).isEqualTo(1);
        assertThat(into09.err()).contains("cannot read").contains("hour=09").contains("part-z-0-0.parquet");

        Result from10 = run(args("--endpoint", FRAUD, "--from", "2026-01-05T10:00:00Z", "--to", "2026-01-05T10:20:00Z",
                "--format", "csv"));
        assertThat(from10.code()).isZero();
        assertThat(from10.out().lines().skip(1).toList()).containsExactly("2026-01-05T10:10:00Z,r1,1020.0,20.0,Berlin,,no,0.2");
    }

    @Test
    void anUnknownEndpointIsAnErrorThatNamesTheKnownOnes() {
        Result r = run(args("--endpoint", "nope", "--from", "2026-01-05", "--to", "2026-01-06"));
        assertThat(r.code()).isEqualTo(1);
        assertThat(r.out()).isEmpty();
        assertThat(r.err()).isEqualTo("driftline offline: no records of endpoint 'nope' under " + records
                + " (endpoints with records: churn, fraud/v1, legacy, odd names)\n");
    }

    @Test
    void aMissingStoreOrAnEmptyRangeIsAnError() {
        Result missing = run("offline", "--path", store.resolve("elsewhere").toString(), "--endpoint", FRAUD, "--from", "1d");
        assertThat(missing.code()).isEqualTo(1);
        assertThat(missing.err()).startsWith("driftline offline: no Parquet records table at " + store.resolve("elsewhere"));

        Result empty = run(args("--endpoint", FRAUD, "--from", "2026-01-04", "--to", "2026-01-05"));
        assertThat(empty.code()).isEqualTo(1);
        assertThat(empty.err()).startsWith("driftline offline: no records of endpoint 'fraud/v1' in "
                + "[2026-01-04T00:00:00Z, 2026-01-05T00:00:00Z)");

        Result backwards = run(args("--endpoint", FRAUD, "--from", "2026-01-06", "--to", "2026-01-05"));
        assertThat(backwards.code()).isEqualTo(1);
        assertThat(backwards.err()).contains("--from (2026-01-06T00:00:00Z) must be before --to (2026-01-05T00:00:00Z)");
    }

    @Test
    void timesInEveryAcceptedForm() throws Exception {
        Instant now = Instant.parse("2026-01-05T12:30:00Z");
        assertThat(OfflineCommand.parseTime("--from", "now", now)).isEqualTo(now);
        assertThat(OfflineCommand.parseTime("--from", "6h", now)).isEqualTo(Instant.parse("2026-01-05T06:30:00Z"));
        assertThat(OfflineCommand.parseTime("--from", "2d", now)).isEqualTo(Instant.parse("2026-01-03T12:30:00Z"));
        assertThat(OfflineCommand.parseTime("--from", "PT30M", now)).isEqualTo(Instant.parse("2026-01-05T12:00:00Z"));
        assertThat(OfflineCommand.parseTime("--from", "2026-01-05", now)).isEqualTo(Instant.parse("2026-01-05T00:00:00Z"));
        assertThat(OfflineCommand.parseTime("--from", "2026-01-05T10:30", now)).isEqualTo(Instant.parse("2026-01-05T10:30:00Z"));
        assertThat(OfflineCommand.parseTime("--from", "2026-01-05T12:30:00+02:00", now)).isEqualTo(Instant.parse("2026-01-05T10:30:00Z"));
        assertThat(OfflineCommand.parseTime("--from", "2026-01-05T10:30:00.5Z", now)).isEqualTo(Instant.parse("2026-01-05T10:30:00.500Z"));
        assertThatThrownBy(() -> OfflineCommand.parseTime("--to", "yesterday", now))
                .hasMessageStartingWith("--to 'yesterday' is not a time");
    }

    @Test
    void namesWithNumbersSortByValue() {
        List<String> names = new ArrayList<>(List.of("f10", "f2", "f1", "age", "f01"));
        names.sort(OfflineCommand::compareNatural);
        assertThat(names).containsExactly("age", "f01", "f1", "f2", "f10");
    }
}
