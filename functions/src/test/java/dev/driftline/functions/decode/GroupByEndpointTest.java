package dev.driftline.functions.decode;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.driftline.functions.model.EndpointRun;
import dev.driftline.functions.model.InferenceRecord;
import dev.driftline.functions.model.Runs;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.apache.flink.streaming.api.watermark.Watermark;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.OneInputStreamOperatorTestHarness;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class GroupByEndpointTest {
    private OneInputStreamOperatorTestHarness<InferenceRecord, EndpointRun> harness;

    @AfterEach
    void close() throws Exception {
        if (harness != null) {
            harness.close();
        }
    }

    private void open(int maxRows, Duration maxDelay) throws Exception {
        harness = new OneInputStreamOperatorTestHarness<>(new GroupByEndpoint(maxRows, maxDelay));
        harness.setProcessingTime(1_000);
        harness.open();
    }

    private void row(String endpoint, String requestId, long timestamp) throws Exception {
        InferenceRecord r = new InferenceRecord();
        r.endpointId = endpoint;
        r.requestId = requestId;
        r.timestamp = timestamp;
        harness.processElement(new StreamRecord<>(r, timestamp));
    }

    /**
     * What left the operator so far, a string per run — "endpoint: request@time request@time … (stamped T)" — and
     * "wm:timestamp" per watermark; clears it.
     */
    private List<String> out() throws Exception {
        List<String> seen = new ArrayList<>();
        for (Object o : harness.getOutput()) {
            if (o instanceof StreamRecord<?> sr) {
                EndpointRun run = (EndpointRun) sr.getValue();
                StringBuilder sb = new StringBuilder(run.endpointId + ":");
                for (InferenceRecord r : Runs.records(run)) {
                    assertThat(r.endpointId).isEqualTo(run.endpointId);
                    sb.append(' ').append(r.requestId).append('@').append(r.timestamp);
                }
                assertThat(run.rows).isEqualTo(Runs.records(run).size());
                seen.add(sb.append(" (stamped ").append(sr.getTimestamp()).append(')').toString());
            } else if (o instanceof Watermark w) {
                seen.add("wm:" + w.getTimestamp());
            }
        }
        harness.getOutput().clear();
        return seen;
    }

    private void interleaved() throws Exception {
        row("a", "1", 100);
        row("b", "2", 90);
        row("a", "3", 101);
        row("c", "4", 80);
        row("b", "5", 95);
        row("a", "6", 99);
    }

    @Test
    void rowsLeaveAsOneRunPerEndpointEachInArrivalOrderWithTheirTimes() throws Exception {
        open(6, Duration.ofSeconds(1));
        row("a", "1", 100);
        row("b", "2", 90);
        row("a", "3", 101);
        row("c", "4", 80);
        row("b", "5", 95);
        assertThat(out()).as("held until the group is full").isEmpty();
        row("a", "6", 99);

        assertThat(out()).containsExactlyInAnyOrder(
                "a: 1@100 3@101 6@99 (stamped 101)", "b: 2@90 5@95 (stamped 95)", "c: 4@80 (stamped 80)");
        // The next group starts empty.
        row("c", "7", 120);
        assertThat(out()).isEmpty();
        harness.setProcessingTime(5_000);
        assertThat(out()).containsExactly("c: 7@120 (stamped 120)");
    }

    private void row(String endpoint, String project, String model, String requestId) throws Exception {
        row(endpoint, project, model, "fn", requestId);
    }

    private void row(String endpoint, String project, String model, String function, String requestId) throws Exception {
        InferenceRecord r = new InferenceRecord();
        r.endpointId = endpoint == null ? null : new String(endpoint); // equal to other rows' strings, not the same instance
        r.project = project == null ? null : new String(project);
        r.model = model == null ? null : new String(model);
        r.functionUri = function == null ? null : new String(function);
        r.requestId = requestId;
        r.timestamp = 100;
        harness.processElement(new StreamRecord<>(r, 100));
    }

    /** "request project/model" of every row of every run that left so far; clears it. */
    private List<String> identities() throws Exception {
        List<String> seen = new ArrayList<>();
        for (Object o : harness.getOutput()) {
            if (o instanceof StreamRecord<?> sr) {
                for (InferenceRecord r : Runs.records((EndpointRun) sr.getValue())) {
                    seen.add(r.endpointId + " " + r.requestId + " " + r.project + "/" + r.model + " " + r.functionUri);
                }
            }
        }
        harness.getOutput().clear();
        return seen;
    }

    @Test
    void aRowThatChangesItsProjectOrModelWithinARunKeepsItsOwnAndANewRunRepeatsNothing() throws Exception {
        open(100, Duration.ofSeconds(1));
        row("a", "p1", "m1", "1");
        row("b", "p9", "m9", "2");
        row("a", "p1", "m1", "3");
        row("a", "p2", "m1", "4");
        row("a", "p2", null, "5");
        row("a", "p2", null, "6");
        harness.processWatermark(new Watermark(50)); // hands the runs on

        assertThat(identities()).containsExactlyInAnyOrder(
                "a 1 p1/m1 fn", "a 3 p1/m1 fn", "a 4 p2/m1 fn", "a 5 p2/null fn", "a 6 p2/null fn", "b 2 p9/m9 fn");
        // The next run of "a" starts from nothing: its first row names everything again (else it could not be read).
        row("a", "p2", null, "7");
        harness.processWatermark(new Watermark(60));
        assertThat(identities()).containsExactly("a 7 p2/null fn");
    }

    @Test
    void everyIdentityFieldThatBecomesNullOrChangesWithinARunIsReadBackAsItsRowHasIt() throws Exception {
        open(100, Duration.ofSeconds(1));
        row("a", "p", "m", "f", "1");
        row("a", null, "m", "f", "2");   // a function URI that does not parse gives no project
        row("a", null, "m", null, "3");
        row("a", "p", "m", "g", "4");
        row("a", "p", "m", "g", "5");
        row(null, "p", "m", "f", "6");   // no endpoint id: the run of "" ...
        row("", "p", "m", "f", "7");     // ... shared with an empty id, each row keeping its own
        row(null, "p", "m", "f", "8");
        harness.processWatermark(new Watermark(50));

        assertThat(identities()).containsExactlyInAnyOrder(
                "a 1 p/m f", "a 2 null/m f", "a 3 null/m null", "a 4 p/m g", "a 5 p/m g",
                "null 6 p/m f", " 7 p/m f", "null 8 p/m f");
    }

    @Test
    void heldRowsLeaveBeforeAWatermarkSoNoneBecomesLate() throws Exception {
        open(4096, Duration.ofSeconds(1));
        interleaved();
        harness.processWatermark(new Watermark(200));
        List<String> seen = out();
        assertThat(seen).hasSize(4);
        assertThat(seen.get(3)).isEqualTo("wm:200");
    }

    @Test
    void heldRowsLeaveBeforeACheckpointBarrier() throws Exception {
        open(4096, Duration.ofSeconds(1));
        interleaved();
        harness.prepareSnapshotPreBarrier(1);
        assertThat(out()).containsExactlyInAnyOrder(
                "a: 1@100 3@101 6@99 (stamped 101)", "b: 2@90 5@95 (stamped 95)", "c: 4@80 (stamped 80)");
        assertThat(harness.snapshot(1, 1_500).getManagedOperatorState()).as("no state of its own").isEmpty();
    }

    @Test
    void aRowWaitsAtMostTheDelayInProcessingTime() throws Exception {
        open(4096, Duration.ofMillis(50));
        row("a", "1", 100);
        row("b", "2", 90);
        harness.setProcessingTime(1_049);
        assertThat(out()).isEmpty();
        harness.setProcessingTime(1_050);
        assertThat(out()).containsExactlyInAnyOrder("a: 1@100 (stamped 100)", "b: 2@90 (stamped 90)");
        // A new group gets a new deadline, from its first row.
        harness.setProcessingTime(2_000);
        row("a", "3", 101);
        harness.setProcessingTime(2_049);
        assertThat(out()).isEmpty();
        harness.setProcessingTime(2_050);
        assertThat(out()).containsExactly("a: 3@101 (stamped 101)");
    }

    @Test
    void theEndOfInputHandsOnWhatIsHeld() throws Exception {
        open(4096, Duration.ofSeconds(1));
        interleaved();
        harness.endInput();
        harness.close();
        assertThat(out()).hasSize(3);
        harness = null;
    }

    @Test
    void oneRowPerGroupHandsEveryRowOnAtOnce() throws Exception {
        open(1, Duration.ofSeconds(1));
        row("a", "1", 100);
        assertThat(out()).containsExactly("a: 1@100 (stamped 100)");
        row("b", "2", 90);
        assertThat(out()).containsExactly("b: 2@90 (stamped 90)");
    }

    @Test
    void rejectsAnEmptyGroup() {
        assertThatThrownBy(() -> new GroupByEndpoint(0, Duration.ofMillis(50)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("at least 1");
    }
}
