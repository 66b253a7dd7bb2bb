package dev.driftline.job.bench;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

/** The benchmark's reading of a job's exception history (Flink's /jobs/:jobid/exceptions, newest entry first). */
class JobFailuresTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void countsTheHistorysEntriesAndNamesTheOldest() throws Exception {
        Benchmark.JobFailures failures = new Benchmark.JobFailures();
        failures.seen(JSON.readTree("{\"exceptionHistory\":{\"entries\":[],\"truncated\":false}}"));
        assertThat(failures.count).isZero();

        failures.seen(JSON.readTree("{\"exceptionHistory\":{\"entries\":["
                + "{\"exceptionName\":\"java.lang.IllegalStateException\",\"taskName\":\"Enrich with endpoint (1/2)\"},"
                + "{\"exceptionName\":\"java.nio.BufferOverflowException\",\"taskName\":\"Enrich with endpoint (2/2)\"}"
                + "],\"truncated\":false}}"));
        assertThat(failures.count).isEqualTo(2);
        assertThat(failures.first).isEqualTo("java.nio.BufferOverflowException in Enrich with endpoint (2/2)");

        // A later read that shows fewer entries (a history truncated or not yet filled) does not undo what was seen.
        failures.seen(JSON.readTree("{\"exceptionHistory\":{\"entries\":[],\"truncated\":false}}"));
        assertThat(failures.count).isEqualTo(2);
        assertThat(failures.unreadable()).isEqualTo("not read"); // not through the REST API in this test
    }
}
