package dev.driftline.apps;

/** Result kinds with MLRun's numeric codes; {@link #eventName()} is the hyphen form used in alert events. */
public enum ResultKind {
    DATA_DRIFT(0),
    CONCEPT_DRIFT(1),
    MODEL_PERFORMANCE(2),
    SYSTEM_PERFORMANCE(3),
    MM_APP_ANOMALY(4);

    private final int code;

    ResultKind(int code) {
        this.code = code;
    }

    public int code() {
        return code;
    }

    /** {@code data_drift}: the name MLRun uses in stores. */
    public String wireName() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }

    /** {@code data-drift}: the form used in alert event kinds. */
    public String eventName() {
        return wireName().replace('_', '-');
    }

    public static ResultKind fromCode(int code) {
        for (ResultKind k : values()) {
            if (k.code == code) {
                return k;
            }
        }
        throw new IllegalArgumentException("unknown result kind code " + code);
    }
}
