package dev.driftline.functions.window;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.driftline.functions.model.DeadLetter;
import dev.driftline.functions.model.MonitoredRecord;
import java.time.Instant;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.functions.RichMapFunction;
import org.apache.flink.metrics.Counter;

/**
 * A record whose window had already closed when it arrived is not silently lost: it is counted and dead-lettered
 * with the reason (it is still in the offline store, which takes every record).
 */
public class LateRecordsToDeadLetters extends RichMapFunction<MonitoredRecord, DeadLetter> {
    private static final long serialVersionUID = 1L;

    private transient ObjectMapper mapper;
    private transient Counter late;

    @Override
    public void open(OpenContext openContext) {
        mapper = new ObjectMapper();
        late = getRuntimeContext().getMetricGroup().counter("lateRecords");
    }

    @Override
    public DeadLetter map(MonitoredRecord r) throws Exception {
        late.inc();
        ObjectNode raw = mapper.createObjectNode();
        raw.put("endpoint_id", r.endpointId);
        raw.put("request_id", r.requestId);
        raw.put("timestamp", Instant.ofEpochMilli(r.timestamp).toString());
        String reason = "late record: event time " + Instant.ofEpochMilli(r.timestamp)
                + " arrived after its window had closed (raise windows.out-of-orderness to accept it)";
        return new DeadLetter(reason, mapper.writeValueAsString(raw), null, -1, -1, System.currentTimeMillis());
    }
}
