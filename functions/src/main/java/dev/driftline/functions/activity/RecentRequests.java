package dev.driftline.functions.activity;

/**
 * The last few requests (id and event time) of one endpoint, as earlier versions kept them in keyed state to tell a
 * request's further rows from a new request. Only restored, and dropped, from their checkpoints
 * ({@link AggregateEndpointActivity#LEGACY_RECENT}); the shape must stay as it was for that (a Flink POJO).
 */
public class RecentRequests {
    static final int SIZE = 4;

    public String[] ids = new String[SIZE];
    public long[] times = new long[SIZE];
    /** Where the next request is written (the oldest is overwritten). */
    public int next;

    public RecentRequests() {}
}
