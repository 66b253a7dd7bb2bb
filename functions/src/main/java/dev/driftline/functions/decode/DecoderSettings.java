package dev.driftline.functions.decode;

import java.io.Serializable;

/**
 * Limits applied by {@link MlrunEventDecoder} to every inference event (config section {@code decoder}).
 *
 * @param maxPayloadBytes     payloads larger than this are dead-lettered without being parsed (default 4 MiB)
 * @param maxRowsPerEvent     most rows ({@code request.inputs} entries) one event may carry (default 10,000)
 * @param maxColumnsPerRow    most values one input row, or one row's predictions, may carry (default 2,000)
 * @param maxFutureSkewMillis events whose {@code when} is further than this ahead of the processing time are
 *                            dead-lettered as clock skew (default 24 h)
 */
public record DecoderSettings(int maxPayloadBytes, int maxRowsPerEvent, int maxColumnsPerRow, long maxFutureSkewMillis)
        implements Serializable {

    public static final int DEFAULT_MAX_PAYLOAD_BYTES = 4 * 1024 * 1024;
    public static final int DEFAULT_MAX_ROWS_PER_EVENT = 10_000;
    public static final int DEFAULT_MAX_COLUMNS_PER_ROW = 2_000;
    public static final long DEFAULT_MAX_FUTURE_SKEW_MILLIS = 24L * 60 * 60 * 1000;

    /** 4 MiB payloads, 10,000 rows, 2,000 columns, 24 h future skew. */
    public static final DecoderSettings DEFAULTS = new DecoderSettings(DEFAULT_MAX_PAYLOAD_BYTES,
            DEFAULT_MAX_ROWS_PER_EVENT, DEFAULT_MAX_COLUMNS_PER_ROW, DEFAULT_MAX_FUTURE_SKEW_MILLIS);

    public DecoderSettings {
        if (maxPayloadBytes <= 0) {
            throw new IllegalArgumentException("decoder max-payload-bytes must be positive, got " + maxPayloadBytes);
        }
        if (maxRowsPerEvent <= 0) {
            throw new IllegalArgumentException("decoder max-rows-per-event must be positive, got " + maxRowsPerEvent);
        }
        if (maxColumnsPerRow <= 0) {
            throw new IllegalArgumentException("decoder max-columns-per-row must be positive, got " + maxColumnsPerRow);
        }
        if (maxFutureSkewMillis < 0) {
            throw new IllegalArgumentException("decoder max-future-skew must not be negative, got " + maxFutureSkewMillis + " ms");
        }
    }

    public static DecoderSettings defaults() {
        return DEFAULTS;
    }
}
