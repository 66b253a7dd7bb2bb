package dev.driftline.functions.activity;

/**
 * What one endpoint's rows added to one minute since the last hand-on ({@link PreAggregateActivity} to
 * {@link AggregateEndpointActivity}): the activity operator then merges a few of these per minute instead of handling
 * every row. A Flink POJO.
 */
public class ActivityPartial {
    public String endpointId;
    /** The minute's start, epoch ms. */
    public long minute;
    public OpenMinute counts;

    public ActivityPartial() {}

    ActivityPartial(String endpointId, long minute, OpenMinute counts) {
        this.endpointId = endpointId;
        this.minute = minute;
        this.counts = counts;
    }
}
