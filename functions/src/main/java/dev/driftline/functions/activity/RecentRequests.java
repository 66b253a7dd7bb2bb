package dev.driftline.functions.activity;

/**
 * The last few requests (id and event time) seen on one endpoint, to tell a request's further rows from a new
 * request (keyed state, a Flink POJO).
 *
 * <p>A request's rows leave the decoder one after another, but they reach this endpoint's subtask through a shuffle:
 * rows of a request decoded on another subtask for the same endpoint may be read in between. Remembering a few
 * requests rather than only the previous row's keeps such a request counted once. The event time is part of the
 * match because every row of one event carries the event's time: the same id at another time is another request.
 */
public class RecentRequests {
    static final int SIZE = 4;

    public String[] ids = new String[SIZE];
    public long[] times = new long[SIZE];
    /** Where the next request is written (the oldest is overwritten). */
    public int next;

    public RecentRequests() {}

    boolean contains(String id, long time) {
        // Newest first: a request's rows usually follow each other.
        for (int i = 1; i <= SIZE; i++) {
            int at = Math.floorMod(next - i, SIZE);
            if (times[at] == time && id.equals(ids[at])) {
                return true;
            }
        }
        return false;
    }

    void add(String id, long time) {
        ids[next] = id;
        times[next] = time;
        next = (next + 1) % SIZE;
    }
}
