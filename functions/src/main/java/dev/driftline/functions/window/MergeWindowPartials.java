package dev.driftline.functions.window;

import org.apache.flink.api.common.functions.AggregateFunction;

/**
 * The window operator's aggregation: it receives {@link PreAggregateWindows}' partial aggregates, a few per endpoint
 * and window (from every source subtask that saw the endpoint), and merges them in arrival order (between two
 * endpoint definitions the later on the control topic wins whatever the order: see {@link WindowAccumulator#merge}). Its accumulator is the same {@link WindowAccumulator} the windows have
 * always kept, so window state taken by earlier versions (which added records one by one) restores unchanged.
 */
public class MergeWindowPartials implements AggregateFunction<WindowAccumulator, WindowAccumulator, WindowAccumulator> {
    private static final long serialVersionUID = 1L;

    @Override
    public WindowAccumulator createAccumulator() {
        return new WindowAccumulator();
    }

    @Override
    public WindowAccumulator add(WindowAccumulator partial, WindowAccumulator acc) {
        if (acc.records == 0 && acc.stats == null) {
            return partial; // a window's first partial becomes its state: nothing to merge into
        }
        acc.merge(partial);
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
