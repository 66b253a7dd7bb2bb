package dev.driftline.functions.model;

import org.apache.flink.api.common.typeinfo.TypeInfo;

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
    /**
     * The rows in arrival order, each as {@link InferenceRecordSerializer#serializeInRun} writes it after the one before
     * (read with {@link InferenceRecordSerializer#deserializeInRun}).
     */
    public byte[] bytes;

    public EndpointRun() {}

    public EndpointRun(String endpointId, int rows, byte[] bytes) {
        this.endpointId = endpointId;
        this.rows = rows;
        this.bytes = bytes;
    }
}
