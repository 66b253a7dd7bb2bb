package dev.driftline.sinks.store.tdengine;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * The writer's batching policy: rows are buffered until {@code maxRows} are waiting (then the batch is written at
 * once) or until the oldest has waited {@code maxDelayMs} (then a timer writes it), whichever comes first. Keeps no
 * clock of its own: the caller passes the processing time, so the policy is tested with plain numbers.
 */
final class BatchBuffer {
    private final int maxRows;
    private final long maxDelayMs;
    private final List<TdengineRow> rows = new ArrayList<>();
    private long oldestAddedAt;

    BatchBuffer(int maxRows, long maxDelayMs) {
        if (maxRows < 1) {
            throw new IllegalArgumentException("batch size must be at least 1, got " + maxRows);
        }
        if (maxDelayMs < 1) {
            throw new IllegalArgumentException("batch interval must be at least 1 ms, got " + maxDelayMs);
        }
        this.maxRows = maxRows;
        this.maxDelayMs = maxDelayMs;
    }

    /**
     * Buffers a row.
     *
     * @return true when the buffer is full and must be written now
     */
    boolean add(TdengineRow row, long nowMs) {
        if (rows.isEmpty()) {
            oldestAddedAt = nowMs;
        }
        rows.add(row);
        return rows.size() >= maxRows;
    }

    boolean isEmpty() {
        return rows.isEmpty();
    }

    int size() {
        return rows.size();
    }

    /** When the oldest buffered row must be written; {@link Long#MAX_VALUE} when the buffer is empty. */
    long deadline() {
        return rows.isEmpty() ? Long.MAX_VALUE : oldestAddedAt + maxDelayMs;
    }

    /** True when rows are waiting and the oldest has waited the full interval. */
    boolean isDue(long nowMs) {
        return !rows.isEmpty() && nowMs >= deadline();
    }

    /** The buffered rows, oldest first (a view: copy before {@link #clear()} if kept). */
    List<TdengineRow> rows() {
        return Collections.unmodifiableList(rows);
    }

    /** Forgets the buffered rows, once they are written. */
    void clear() {
        rows.clear();
    }
}
