package dev.driftline.functions.decode;

import dev.driftline.functions.model.InferenceError;
import dev.driftline.functions.model.InferenceRecord;
import java.util.List;
import java.util.Objects;

/**
 * The outcome of decoding one inference event: exactly one of
 * <ul>
 *   <li>{@link Kind#RECORDS}: the monitored rows, one {@link InferenceRecord} per input row (never empty);</li>
 *   <li>{@link Kind#ERROR}: a failed request (the event carried {@code error});</li>
 *   <li>{@link Kind#FAILURE}: the event could not be decoded; {@link #failureReason()} says why, for a human.</li>
 * </ul>
 */
public final class DecodeResult {

    public enum Kind { RECORDS, ERROR, FAILURE }

    private final Kind kind;
    private final List<InferenceRecord> records;
    private final InferenceError error;
    private final String failureReason;

    private DecodeResult(Kind kind, List<InferenceRecord> records, InferenceError error, String failureReason) {
        this.kind = kind;
        this.records = records;
        this.error = error;
        this.failureReason = failureReason;
    }

    public static DecodeResult records(List<InferenceRecord> records) {
        Objects.requireNonNull(records, "records");
        return new DecodeResult(Kind.RECORDS, records, null, null);
    }

    public static DecodeResult error(InferenceError error) {
        return new DecodeResult(Kind.ERROR, null, Objects.requireNonNull(error, "error"), null);
    }

    public static DecodeResult failure(String reason) {
        return new DecodeResult(Kind.FAILURE, null, null, Objects.requireNonNull(reason, "reason"));
    }

    public Kind kind() {
        return kind;
    }

    public boolean isRecords() {
        return kind == Kind.RECORDS;
    }

    public boolean isError() {
        return kind == Kind.ERROR;
    }

    public boolean isFailure() {
        return kind == Kind.FAILURE;
    }

    /** The decoded rows; null unless {@link #isRecords()}. */
    public List<InferenceRecord> records() {
        return records;
    }

    /** The failed request; null unless {@link #isError()}. */
    public InferenceError error() {
        return error;
    }

    /** Why the event could not be decoded; null unless {@link #isFailure()}. */
    public String failureReason() {
        return failureReason;
    }

    @Override
    public String toString() {
        switch (kind) {
            case RECORDS: return "DecodeResult[records=" + records.size() + "]";
            case ERROR: return "DecodeResult[error=" + error.errorType + "]";
            default: return "DecodeResult[failure=" + failureReason + "]";
        }
    }
}
