package dev.driftline.functions.window;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.driftline.functions.model.DeadLetter;
import java.time.Instant;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.functions.RichMapFunction;
import org.apache.flink.metrics.Counter;

/**
 * A window partial that reached the window operator after the window had fired. Each pre-aggregating subtask judges
 * lateness against its own watermark, and the window operator against the smallest of its inputs'; the two differ
 * when an input was idle (its source subtask had no traffic since start) and comes back with older event times than
 * the other inputs have reached. Flink would drop such a partial silently; its records are counted and dead-lettered
 * instead, one dead letter per partial (the rows themselves are in the offline store, which takes every record).
 */
public class LatePartialsToDeadLetters extends RichMapFunction<WindowAccumulator, DeadLetter> {
    private static final long serialVersionUID = 1L;

    private transient ObjectMapper mapper;
    private transient Counter lateRecords;

    @Override
    public void open(OpenContext openContext) {
        mapper = new ObjectMapper();
        lateRecords = getRuntimeContext().getMetricGroup().counter("lateWindowRecords");
    }

    @Override
    public DeadLetter map(WindowAccumulator partial) throws Exception {
        lateRecords.inc(partial.records);
        ObjectNode raw = mapper.createObjectNode();
        raw.put("endpoint_id", partial.endpointId);
        raw.put("records", partial.records);
        raw.put("first_timestamp", Instant.ofEpochMilli(partial.firstRequest).toString());
        raw.put("last_timestamp", Instant.ofEpochMilli(partial.lastRequest).toString());
        String reason = "late records: " + partial.records + " record(s) of endpoint " + partial.endpointId
                + " with event times " + Instant.ofEpochMilli(partial.firstRequest) + " to "
                + Instant.ofEpochMilli(partial.lastRequest) + " reached the window operator after their window had"
                + " fired (another input's watermark had passed it; raise windows.out-of-orderness to accept them)";
        return new DeadLetter(reason, mapper.writeValueAsString(raw), null, -1, -1, System.currentTimeMillis());
    }
}
