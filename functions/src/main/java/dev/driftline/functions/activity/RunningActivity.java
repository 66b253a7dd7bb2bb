package dev.driftline.functions.activity;

/**
 * One endpoint's running activity (keyed state, a Flink POJO): totals since it was first seen, and a ring of the last
 * 60 one-minute buckets (request latency sum and count, estimated predictions) from which the 5-minute and 1-hour
 * figures are read. Its size is fixed, whatever the traffic.
 *
 * <p>Only closed intervals and late inputs are folded in, so the figures read after folding an interval describe the
 * endpoint as of that interval's end: inputs of later intervals that are already open are not in it yet.
 */
public class RunningActivity {
    static final int RING_MINUTES = 60;
    static final long MINUTE_MS = 60_000L;

    public String project;
    /** Event time of the first and last request folded in; {@link Long#MAX_VALUE} / {@link Long#MIN_VALUE} when none. */
    public long firstRequest = Long.MAX_VALUE;
    public long lastRequest = Long.MIN_VALUE;
    /** Requests plus failed requests. */
    public long invocationCount;
    public long errorCount;
    /** The newest minute (epoch ms / 60 000) in the ring; {@link Long#MIN_VALUE} while it is empty. */
    public long newestMinute = Long.MIN_VALUE;
    /** Ring slots, minute m at index m mod 60; a slot holds a minute in (newestMinute − 60, newestMinute]. */
    public double[] latencySum = new double[RING_MINUTES];
    public long[] latencyCount = new long[RING_MINUTES];
    public double[] estimatedPredictions = new double[RING_MINUTES];
    /**
     * End of the newest interval emitted (epoch ms); 0 before the first, and in state of earlier versions. An input of
     * an interval up to it is late.
     */
    public long lastIntervalEnd;
    /** When the endpoint's expiry timer is due (epoch ms); 0 when none is set (no expiry, or an earlier version's state). */
    public long expiresAt;

    public RunningActivity() {}

    /** Folds in what the endpoint saw in one minute (epoch minute {@code minute}). */
    void fold(long minute, OpenMinute m) {
        if (m.project != null) {
            project = m.project;
        }
        invocationCount += m.requests + m.errors;
        errorCount += m.errors;
        firstRequest = Math.min(firstRequest, m.firstRequest);
        lastRequest = Math.max(lastRequest, m.lastRequest);
        if (minute > newestMinute) {
            advanceTo(minute);
        } else if (minute <= newestMinute - RING_MINUTES) {
            return; // more than an hour older than what is already folded in: no future average covers it
        }
        int slot = slot(minute);
        latencySum[slot] += m.latencySum;
        latencyCount[slot] += m.latencyCount;
        estimatedPredictions[slot] += m.estimatedPredictions;
    }

    /** Makes {@code minute} the newest, emptying the slots of the minutes it skips over (at most the whole ring). */
    private void advanceTo(long minute) {
        long from = minute - RING_MINUTES + 1;
        if (newestMinute != Long.MIN_VALUE) {
            from = Math.max(from, newestMinute + 1);
        }
        for (long k = from; k <= minute; k++) {
            int slot = slot(k);
            latencySum[slot] = 0;
            latencyCount[slot] = 0;
            estimatedPredictions[slot] = 0;
        }
        newestMinute = minute;
    }

    /** Mean request latency over the {@code minutes} minutes before {@code endMinute} (exclusive); NaN if none. */
    double latencyAvg(long endMinute, int minutes) {
        if (newestMinute == Long.MIN_VALUE) {
            return Double.NaN;
        }
        double sum = 0;
        long count = 0;
        for (long k = first(endMinute, minutes); k < endMinute && k <= newestMinute; k++) {
            sum += latencySum[slot(k)];
            count += latencyCount[slot(k)];
        }
        return count == 0 ? Double.NaN : sum / count;
    }

    /** Estimated predictions over the {@code minutes} minutes before {@code endMinute} (exclusive). */
    double estimatedPredictions(long endMinute, int minutes) {
        if (newestMinute == Long.MIN_VALUE) {
            return 0;
        }
        double sum = 0;
        for (long k = first(endMinute, minutes); k < endMinute && k <= newestMinute; k++) {
            sum += estimatedPredictions[slot(k)];
        }
        return sum;
    }

    /** The first minute of the span that the ring still holds. */
    private long first(long endMinute, int minutes) {
        return Math.max(endMinute - minutes, newestMinute - RING_MINUTES + 1);
    }

    private static int slot(long minute) {
        return (int) Math.floorMod(minute, (long) RING_MINUTES);
    }
}
