package dev.driftline.functions.model;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.apache.flink.api.common.typeinfo.TypeInfo;
import org.apache.flink.core.memory.DataInputDeserializer;
import org.apache.flink.core.memory.DataOutputSerializer;

/**
 * Consecutive decoded rows of one endpoint, already serialized: what decoding hands to enrichment. Each row is written
 * with {@link InferenceRecordSerializer} when it is decoded, while its objects are still in the cache, and read back
 * in sequence on the other side; holding the rows as objects until their run is complete would let them go cold.
 */
@TypeInfo(EndpointRunSerializer.Factory.class)
public class EndpointRun {
    /** The rows' endpoint (null when the decoder found none). */
    public String endpointId;
    /** How many rows {@link #bytes} holds. */
    public int rows;
    /** The rows, each as {@link InferenceRecordSerializer} writes it, in arrival order. */
    public byte[] bytes;

    public EndpointRun() {}

    public EndpointRun(String endpointId, int rows, byte[] bytes) {
        this.endpointId = endpointId;
        this.rows = rows;
        this.bytes = bytes;
    }

    /** A run of the given rows (tests, and any producer that has the rows at hand). */
    public static EndpointRun of(List<InferenceRecord> records) throws IOException {
        DataOutputSerializer out = new DataOutputSerializer(256 * Math.max(1, records.size()));
        for (InferenceRecord r : records) {
            InferenceRecordSerializer.INSTANCE.serialize(r, out);
        }
        return new EndpointRun(records.isEmpty() ? null : records.get(0).endpointId, records.size(),
                out.getCopyOfBuffer());
    }

    /** The rows, read back as new objects. */
    public List<InferenceRecord> records() throws IOException {
        List<InferenceRecord> out = new ArrayList<>(rows);
        DataInputDeserializer in = new DataInputDeserializer(bytes);
        for (int i = 0; i < rows; i++) {
            out.add(InferenceRecordSerializer.INSTANCE.deserialize(in));
        }
        return out;
    }
}
