package dev.driftline.apps;

import java.util.Map;
import java.util.Objects;
import java.util.regex.Pattern;

/** A monitoring application's verdict for one (endpoint, window): name, value, kind, status and small extra data. */
public final class ApplicationResult {
    private static final Pattern NAME = Pattern.compile("[a-zA-Z_][a-zA-Z0-9_]*");

    private final String name;
    private final double value;
    private final ResultKind kind;
    private final ResultStatus status;
    private final Map<String, Object> extraData;

    public ApplicationResult(String name, double value, ResultKind kind, ResultStatus status, Map<String, Object> extraData) {
        this.name = checkName(name);
        this.value = value;
        this.kind = Objects.requireNonNull(kind, "kind");
        this.status = Objects.requireNonNull(status, "status");
        this.extraData = extraData == null ? Map.of() : extraData;
    }

    static String checkName(String name) {
        if (name == null || !NAME.matcher(name).matches()) {
            throw new IllegalArgumentException("result/metric name must match [a-zA-Z_][a-zA-Z0-9_]*, got: " + name);
        }
        return name;
    }

    public String name() {
        return name;
    }

    public double value() {
        return value;
    }

    public ResultKind kind() {
        return kind;
    }

    public ResultStatus status() {
        return status;
    }

    public Map<String, Object> extraData() {
        return extraData;
    }
}
