package dev.driftline.functions.window;

import dev.driftline.functions.model.MonitoredRecord;
import org.apache.flink.api.common.functions.AggregateFunction;

/** Incremental window aggregation: records are folded into {@link WindowAccumulator}s and never buffered. */
public class WindowStatsAggregator implements AggregateFunction<MonitoredRecord, WindowAccumulator, WindowAccumulator> {
    private static final long serialVersionUID = 1L;

    @Override
    public WindowAccumulator createAccumulator() {
        return new WindowAccumulator();
    }

    @Override
    public WindowAccumulator add(MonitoredRecord record, WindowAccumulator acc) {
        acc.add(record);
        return acc;
    }

    @Override
    public WindowAccumulator getResult(WindowAccumulator acc) {
        return acc;
    }

    @Override
    public WindowAccumulator merge(WindowAccumulator a, WindowAccumulator b) {
        a.merge(b);
        return a;
    }
}
