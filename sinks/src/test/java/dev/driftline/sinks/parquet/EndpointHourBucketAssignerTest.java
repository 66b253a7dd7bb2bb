package dev.driftline.sinks.parquet;

import static org.assertj.core.api.Assertions.assertThat;

import dev.driftline.functions.model.MonitoringResult;
import java.nio.file.Path;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class EndpointHourBucketAssignerTest {

    private static long ms(String iso) {
        return Instant.parse(iso).toEpochMilli();
    }

    @Test
    void bucketIsEndpointThenUtcHourZeroPadded() {
        assertThat(EndpointHourBucketAssigner.bucketId("ep-1", ms("2026-01-05T09:59:59.999Z")))
                .isEqualTo("key=ep-1/year=2026/month=01/day=05/hour=09");
        assertThat(EndpointHourBucketAssigner.bucketId("ep-1", ms("2026-01-05T10:00:00Z")))
                .isEqualTo("key=ep-1/year=2026/month=01/day=05/hour=10");
        assertThat(EndpointHourBucketAssigner.bucketId("ep-1", ms("2026-12-31T23:30:00Z")))
                .isEqualTo("key=ep-1/year=2026/month=12/day=31/hour=23");
        assertThat(EndpointHourBucketAssigner.bucketId("ep-1", 0L))
                .isEqualTo("key=ep-1/year=1970/month=01/day=01/hour=00");
        assertThat(EndpointHourBucketAssigner.bucketId("ep-1", -1L)) // floor, not truncation
                .isEqualTo("key=ep-1/year=1969/month=12/day=31/hour=23");
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', quoteCharacter = '`', value = {
        "abc123                     | abc123",
        "A.b_c-9                    | A.b_c-9",
        "a/b                        | a%2Fb",
        "../../etc                  | ..%2F..%2Fetc",
        "`it's a \"q\"`             | it%27s%20a%20%22q%22",
        "a\\b:c                     | a%5Cb%3Ac",
        "50%                        | 50%25",
        "k=v                        | k%3Dv",
        "é€                         | %C3%A9%E2%82%AC",
        "``                         | ``",
    })
    void escapesEverythingOutsideTheSafeSet(String id, String escaped) {
        assertThat(EndpointHourBucketAssigner.escape(id)).isEqualTo(escaped);
    }

    @Test
    void escapedIdsStayOneDirectoryLevel() {
        for (String id : new String[] {"..", ".", "../x", "/abs", "a/../../b", "x\u0000y", "new\nline", "tab\t"}) {
            String bucket = EndpointHourBucketAssigner.bucketId(id, 0L);
            Path base = Path.of("/base");
            Path resolved = base.resolve(bucket).normalize();
            assertThat(resolved.startsWith(base)).as(id).isTrue();
            assertThat(base.relativize(resolved).getNameCount()).as(id).isEqualTo(5);
            assertThat(resolved.getName(1).toString()).as(id).startsWith("key=");
            assertThat(bucket.chars().allMatch(c -> c >= 0x21 && c < 0x7F)).as(id).isTrue();
        }
        assertThat(EndpointHourBucketAssigner.escape(null)).isEmpty();
    }

    @Test
    void recordsAreBucketedByEndpointAndEventTime() {
        assertThat(EndpointHourBucketAssigner.forRecords().getBucketId(
                TestData.record("e", "r", ms("2026-03-01T07:15:00Z"), 1, "c"), null))
                .isEqualTo("key=e/year=2026/month=03/day=01/hour=07");
    }

    @Test
    void resultsAreBucketedByTheHourOfTheirWindowEndAndErrorsByTheirEventTime() {
        MonitoringResult r = TestData.result("ep 1", MonitoringResult.RESULT, "x",
                ms("2026-01-05T09:00:00Z"), ms("2026-01-05T10:00:00Z"), 1.0);
        assertThat(HourBucketAssigner.forResults().getBucketId(r, null)).isEqualTo("year=2026/month=01/day=05/hour=10");
        assertThat(HourBucketAssigner.forErrors().getBucketId(
                TestData.error("e/2", "r", ms("2026-03-01T08:15:00Z")), null))
                .isEqualTo("year=2026/month=03/day=01/hour=08");
        assertThat(HourBucketAssigner.bucketId(-1)).as("before 1970: the hour that holds it")
                .isEqualTo("year=1969/month=12/day=31/hour=23");
    }

    /** Rows of one hour share one bucket id instance; the next hour, a copy of the assigner and times before 1970 get theirs. */
    @Test
    void rowsOfOneHourShareOneIdInstance() throws Exception {
        HourBucketAssigner<dev.driftline.functions.model.MonitoredRecord> a = HourBucketAssigner.forRecords();
        String first = a.getBucketId(TestData.record("e", "r", ms("2026-03-01T07:00:00Z"), 1, "c"), null);
        String same = a.getBucketId(TestData.record("f", "r", ms("2026-03-01T07:59:59.999Z"), 1, "c"), null);
        String next = a.getBucketId(TestData.record("e", "r", ms("2026-03-01T08:00:00Z"), 1, "c"), null);
        assertThat(first).isEqualTo("year=2026/month=03/day=01/hour=07");
        assertThat(same).isSameAs(first);
        assertThat(next).isEqualTo("year=2026/month=03/day=01/hour=08");
        assertThat(a.getBucketId(TestData.record("e", "r", ms("2026-03-01T07:30:00Z"), 1, "c"), null))
                .as("an earlier hour again").isEqualTo("year=2026/month=03/day=01/hour=07");

        HourBucketAssigner<dev.driftline.functions.model.MonitoredRecord> copy =
                org.apache.flink.util.InstantiationUtil.clone(a);
        assertThat(copy.getBucketId(TestData.record("e", "r", 0L, 1, "c"), null))
                .as("a deserialized assigner at the epoch's first hour").isEqualTo("year=1970/month=01/day=01/hour=00");
        assertThat(copy.getBucketId(TestData.record("e", "r", -1L, 1, "c"), null))
                .isEqualTo("year=1969/month=12/day=31/hour=23");
    }
}
