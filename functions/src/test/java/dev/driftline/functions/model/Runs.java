package dev.driftline.functions.model;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.apache.flink.core.memory.DataInputDeserializer;
import org.apache.flink.core.memory.DataOutputSerializer;

/** Builds and reads {@link EndpointRun}s in tests, as decoding writes them and enrichment reads them. */
public final class Runs {
    private Runs() {}

    /** A run of the given rows, in order. */
    public static EndpointRun of(List<InferenceRecord> records) throws IOException {
        DataOutputSerializer out = new DataOutputSerializer(256 * Math.max(1, records.size()));
        InferenceRecord previous = null;
        for (InferenceRecord r : records) {
            InferenceRecordSerializer.INSTANCE.serializeInRun(r, previous, out);
            previous = r;
        }
        return new EndpointRun(records.isEmpty() ? null : records.get(0).endpointId, records.size(),
                out.getCopyOfBuffer());
    }

    /** The run's rows, read back as new objects. */
    public static List<InferenceRecord> records(EndpointRun run) throws IOException {
        List<InferenceRecord> out = new ArrayList<>(run.rows);
        DataInputDeserializer in = new DataInputDeserializer(run.bytes);
        InferenceRecord previous = null;
        for (int i = 0; i < run.rows; i++) {
            previous = InferenceRecordSerializer.INSTANCE.deserializeInRun(previous, in);
            out.add(previous);
        }
        return out;
    }
}
