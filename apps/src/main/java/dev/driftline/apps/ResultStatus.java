package dev.driftline.apps;

/** Result statuses with MLRun's numeric codes. */
public enum ResultStatus {
    IRRELEVANT(-1),
    NO_DETECTION(0),
    POTENTIAL_DETECTION(1),
    DETECTED(2);

    private final int code;

    ResultStatus(int code) {
        this.code = code;
    }

    public int code() {
        return code;
    }

    /** {@code no_detection}, {@code potential_detection}, ... */
    public String wireName() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }

    public static ResultStatus fromCode(int code) {
        for (ResultStatus s : values()) {
            if (s.code == code) {
                return s;
            }
        }
        throw new IllegalArgumentException("unknown result status code " + code);
    }
}
