package dev.driftline.functions.decode;

import java.util.List;

/**
 * What {@code request.inputs} held: its rows, or why they cannot be monitored. The reason is kept rather than thrown
 * because the rest of the event must still be read first: a payload that is malformed further on is rejected as
 * malformed, and other fields are checked before the inputs, whatever the order of the fields in the payload.
 */
final class InputRows {
    /** {@code request} has no {@code inputs}. */
    static final InputRows MISSING = new InputRows(null, "missing field 'request.inputs' (the list of input rows)");

    private final List<RowValues> rows;
    private final String problem;

    private InputRows(List<RowValues> rows, String problem) {
        this.rows = rows;
        this.problem = problem;
    }

    static InputRows of(List<RowValues> rows) {
        return new InputRows(rows, null);
    }

    static InputRows rejected(String problem) {
        return new InputRows(null, problem);
    }

    /** The rows (never empty), or null when {@link #problem()} says why there are none. */
    List<RowValues> rows() {
        return rows;
    }

    String problem() {
        return problem;
    }
}
