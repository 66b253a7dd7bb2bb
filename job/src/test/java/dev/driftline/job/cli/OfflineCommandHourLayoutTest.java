package dev.driftline.job.cli;

import static dev.driftline.job.cli.OfflineCommandTest.CSV_HEADER;
import static dev.driftline.job.cli.OfflineCommandTest.CSV_ROWS;
import static dev.driftline.job.cli.OfflineCommandTest.churn;
import static dev.driftline.job.cli.OfflineCommandTest.fraud;
import static dev.driftline.job.cli.OfflineCommandTest.run;
import static org.assertj.core.api.Assertions.assertThat;

import dev.driftline.functions.model.MonitoredRecord;
import dev.driftline.sinks.parquet.EndpointHourBucketAssigner;
import dev.driftline.sinks.parquet.HourBucketAssigner;
import dev.driftline.sinks.parquet.ParquetSinks;
import dev.driftline.sinks.parquet.RecordsLayout;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code driftline offline} against a records table in the {@code hour} layout, where one file holds the rows of
 * several endpoints, and against a table whose layout was changed: hour 10 written per endpoint (MLRun's layout),
 * hours 11 and 12 by hour. The same rows as {@link OfflineCommandTest} read the same.
 */
class OfflineCommandHourLayoutTest {
    @TempDir
    static Path byHour;
    @TempDir
    static Path changed;

    @BeforeAll
    static void writeStores() throws Exception {
        MonitoredRecord[] hour10 = {fraud("r1", "2026-01-05T10:10:00Z", 20, "Berlin", "no"),
            churn("c1", "2026-01-05T10:45:00Z", 3), fraud("r2", "2026-01-05T10:30:00Z", 30, "Paris, FR", "no")};
        MonitoredRecord r3 = fraud("r3", "2026-01-05T10:50:00.250Z", 40, "Oslo", "yes");
        MonitoredRecord[] hour11 = {fraud("r5", "2026-01-05T11:40:00Z", 60, "Lima", "yes"),
            churn("c2", "2026-01-05T11:15:00Z", 14), fraud("r4", "2026-01-05T11:05:00Z", 50, "Rome", "no")};
        MonitoredRecord[] hour12 = {churn("c3", "2026-01-05T12:10:00Z", 27),
            fraud("r6", "2026-01-05T12:00:00Z", 70, "Kyiv", "no"), fraud("r7", "2026-01-05T12:20:00Z", 80, "Doha", "yes")};

        Path records = byHour.resolve(ParquetSinks.RECORDS);
        writeByHour(records, "part-a-0-0.parquet", hour10);
        writeByHour(records, "part-a-1-0.parquet", r3);
        writeByHour(records, "part-a-0-1.parquet", hour11);
        writeByHour(records, "part-a-0-2.parquet", hour12);
        assertThat(records.resolve("year=2026/month=01/day=05/hour=10")).isDirectory();

        Path mixed = changed.resolve(ParquetSinks.RECORDS);
        for (MonitoredRecord r : hour10) {
            writeByEndpoint(mixed, "part-e-0-" + r.requestId + ".parquet", r);
        }
        writeByEndpoint(mixed, "part-e-1-0.parquet", r3);
        writeByHour(mixed, "part-h-0-1.parquet", hour11);
        writeByHour(mixed, "part-h-0-2.parquet", hour12);
    }

    @Test
    void theRowsOfOneEndpointAreReadFromFilesOfMany() {
        for (Path store : new Path[] {byHour, changed}) {
            OfflineCommandTest.Result r = run("offline", "--path", store.toString(), "--endpoint", OfflineCommandTest.FRAUD,
                    "--from", "2026-01-05T10:30:00Z", "--to", "2026-01-05T12:00:00Z", "--format", "csv");
            assertThat(r.err()).as(store.toString()).isEmpty();
            assertThat(r.out()).as(store.toString()).isEqualTo(CSV_HEADER + "\n" + String.join("\n", CSV_ROWS) + "\n");

            OfflineCommandTest.Result churn = run("offline", "--path", store.toString(), "--endpoint",
                    OfflineCommandTest.CHURN, "--from", "2026-01-05", "--to", "2026-01-06", "--format", "csv");
            assertThat(churn.out()).as(store.toString()).isEqualTo(OfflineCommandTest.CHURN_CSV);
        }
    }

    @Test
    void limitStopsInTimeOrderAcrossLayouts() {
        OfflineCommandTest.Result r = run("offline", "--path", changed.toString(), "--endpoint", OfflineCommandTest.FRAUD,
                "--from", "2026-01-05", "--to", "2026-01-06", "--format", "csv", "--limit", "5");
        assertThat(r.out().lines().skip(1).map(l -> l.split(",")[1])).containsExactly("r1", "r2", "r3", "r4", "r5");
    }

    @Test
    void aNameThatIsAPredictionHereAndAFeatureThereStaysAPrediction(@TempDir Path store) throws Exception {
        MonitoredRecord a = named("ep-a", "a1", "2026-01-05T10:00:00Z", new String[] {"age", "score"}, 1, 30.0, 0.9);
        MonitoredRecord b = named("ep-b", "b1", "2026-01-05T10:01:00Z", new String[] {"score", "p"}, 1, 5.0, 1.0);
        writeByHour(store.resolve(ParquetSinks.RECORDS), "part-s-0-0.parquet", a, b);
        OfflineCommandTest.Result r = run("offline", "--path", store.toString(), "--endpoint", "ep-a",
                "--from", "2026-01-05", "--to", "2026-01-06", "--format", "csv");
        assertThat(r.err()).isEmpty();
        assertThat(r.out()).isEqualTo("timestamp,request_id,latency_microsec,age,score\n"
                + "2026-01-05T10:00:00Z,a1,250.0,30.0,0.9\n");
    }

    @Test
    void oneHourInBothLayoutsReadsAsOneInTimeOrder(@TempDir Path store) throws Exception {
        // The layout changed within hour 10: its rows are in key=fraud%2Fv1/…/hour=10 and in year=…/hour=10.
        Path records = store.resolve(ParquetSinks.RECORDS);
        writeByEndpoint(records, "part-e-0-0.parquet", fraud("r1", "2026-01-05T10:10:00Z", 20, "Berlin", "no"));
        writeByEndpoint(records, "part-e-0-1.parquet", fraud("r3", "2026-01-05T10:30:00Z", 40, "Oslo", "yes"));
        writeByHour(records, "part-h-0-0.parquet", fraud("r2", "2026-01-05T10:20:00Z", 30, "Paris", "no"),
                churn("c1", "2026-01-05T10:25:00Z", 3), fraud("r4", "2026-01-05T10:40:00Z", 50, "Rome", "no"));
        OfflineCommandTest.Result all = run("offline", "--path", store.toString(), "--endpoint",
                OfflineCommandTest.FRAUD, "--from", "2026-01-05", "--to", "2026-01-06", "--format", "csv");
        assertThat(all.out().lines().skip(1).map(l -> l.split(",")[1])).containsExactly("r1", "r2", "r3", "r4");
        OfflineCommandTest.Result limited = run("offline", "--path", store.toString(), "--endpoint",
                OfflineCommandTest.FRAUD, "--from", "2026-01-05", "--to", "2026-01-06", "--format", "csv",
                "--limit", "3");
        assertThat(limited.out().lines().skip(1).map(l -> l.split(",")[1])).containsExactly("r1", "r2", "r3");
    }

    private static MonitoredRecord named(String endpoint, String requestId, String time, String[] columns,
                                         int featureCount, double... numbers) {
        MonitoredRecord r = churn(requestId, time, 0);
        r.endpointId = endpoint;
        r.columns = columns;
        r.featureCount = featureCount;
        r.numbers = numbers;
        r.texts = new String[columns.length];
        return r;
    }

    @Test
    void anEndpointWithoutRowsInTheHoursIsAnError() {
        OfflineCommandTest.Result r = run("offline", "--path", byHour.toString(), "--endpoint", "nope",
                "--from", "2026-01-05", "--to", "2026-01-06");
        assertThat(r.code()).isEqualTo(1);
        assertThat(r.err()).isEqualTo("driftline offline: no records of endpoint 'nope' in "
                + "[2026-01-05T00:00:00Z, 2026-01-06T00:00:00Z) under " + byHour.resolve(ParquetSinks.RECORDS)
                + " (the sink commits files at checkpoints)\n");
    }

    private static void writeByHour(Path table, String name, MonitoredRecord... rows) throws Exception {
        OfflineCommandTest.writePart(table.resolve(HourBucketAssigner.bucketId(rows[0].timestamp)).resolve(name),
                RecordsLayout.HOUR, rows);
    }

    private static void writeByEndpoint(Path table, String name, MonitoredRecord row) throws Exception {
        OfflineCommandTest.writePart(table.resolve(EndpointHourBucketAssigner.bucketId(row.endpointId, row.timestamp))
                .resolve(name), RecordsLayout.ENDPOINT_HOUR, row);
    }
}
