package dev.driftline.sinks.store.tdengine;

import java.io.Serializable;

/**
 * Turns one stream element into the row it is stored as. Part of the sink's definition, so it must be serializable;
 * {@link TdengineRows} has the mappers of the monitoring outputs.
 */
@FunctionalInterface
public interface TdengineRowMapper<T> extends Serializable {
    /** The row of {@code element}, or null when the element is not stored. */
    TdengineRow toRow(T element);
}
