package dev.driftline.functions.decode;

import static dev.driftline.functions.decode.JsonValues.describe;
import static dev.driftline.functions.decode.JsonValues.next;
import static dev.driftline.functions.decode.JsonValues.skip;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;

/**
 * Reads {@code request.inputs} straight from the parser into the records' arrays, without a tree: the inputs are most
 * of an event. The rules and reasons are those of the tree-based decoding (see {@link MlrunEventDecoder}), including
 * which problem is reported when there are several: too many rows before anything inside the rows; in a row, an empty
 * row or too many values before a bad value; otherwise the first problem in payload order. Every value is consumed
 * even after a problem, so that malformed JSON further on is still found.
 *
 * <p>Not thread-safe: it reuses one scratch row.
 */
final class InputRowsReader {
    private static final String INPUTS = "request.inputs";

    private final DecoderSettings settings;
    private final TensorMean tensor = new TensorMean();
    private double[] numbers = new double[64];
    private String[] texts = new String[64];
    /** The first problem of the row being read, or null. */
    private String rowProblem;

    InputRowsReader(DecoderSettings settings) {
        this.settings = settings;
    }

    /** Reads the value at the parser's current token (the value of {@code inputs}) up to and including its end. */
    InputRows read(JsonParser p) throws IOException {
        JsonToken t = p.currentToken();
        if (t == JsonToken.VALUE_NULL) {
            return InputRows.MISSING;
        }
        if (t != JsonToken.START_ARRAY) {
            skip(p);
            return InputRows.rejected("field '" + INPUTS + "' is " + describe(t) + "; expected a list of rows");
        }
        JsonToken first = next(p);
        if (first == JsonToken.END_ARRAY) {
            return InputRows.rejected("field '" + INPUTS + "' is an empty list: the event has no rows to monitor");
        }
        if (first == JsonToken.START_OBJECT) {
            skipRestOfList(p);
            return InputRows.rejected("field '" + INPUTS + "[0]' is an object; rows must be lists of values");
        }
        if (first != JsonToken.START_ARRAY) {
            // MLRun's own test: a first element that is not a list means one unwrapped row.
            RowValues row = row(p, first, -1);
            return row == null ? InputRows.rejected(rowProblem) : InputRows.of(Collections.singletonList(row));
        }
        return rows(p);
    }

    /** A list of rows, the parser at the first row's START_ARRAY. */
    private InputRows rows(JsonParser p) throws IOException {
        int maxRows = settings.maxRowsPerEvent();
        List<RowValues> rows = new ArrayList<>(4);
        String problem = null;
        int count = 0;
        JsonToken t = p.currentToken();
        do {
            if (t == JsonToken.START_ARRAY && problem == null && count < maxRows) {
                RowValues row = row(p, next(p), count);
                if (row == null) {
                    problem = rowProblem;
                } else {
                    rows.add(row);
                }
            } else {
                if (t != JsonToken.START_ARRAY && problem == null) {
                    problem = "field '" + INPUTS + "[" + count + "]' is " + describe(t)
                            + " but '" + INPUTS + "[0]' is a list: every row must be a list of values";
                }
                skip(p);
            }
            count++;
        } while ((t = next(p)) != JsonToken.END_ARRAY);
        if (count > maxRows) {
            return InputRows.rejected("field '" + INPUTS + "' has " + count + " rows, more than decoder "
                    + "max-rows-per-event (" + maxRows + ")");
        }
        return problem != null ? InputRows.rejected(problem) : InputRows.of(rows);
    }

    /**
     * One row, the parser at its first token inside the list (its END_ARRAY when empty), read up to its END_ARRAY.
     * Returns null and sets {@link #rowProblem} when the row cannot be monitored.
     *
     * @param index the row's index in {@code inputs}, or -1 for an unwrapped single row
     */
    private RowValues row(JsonParser p, JsonToken t, int index) throws IOException {
        int maxColumns = settings.maxColumnsPerRow();
        rowProblem = null;
        String valueProblem = null;
        int count = 0;
        for (; t != JsonToken.END_ARRAY; t = next(p), count++) {
            if (count >= maxColumns || valueProblem != null) {
                // Only counted from here on: the row is rejected either way.
                skip(p);
                continue;
            }
            if (count == numbers.length) {
                numbers = Arrays.copyOf(numbers, count * 2);
                texts = Arrays.copyOf(texts, count * 2);
            }
            texts[count] = null;
            switch (t) {
                case VALUE_NULL:
                    numbers[count] = Double.NaN;
                    break;
                case VALUE_NUMBER_INT:
                case VALUE_NUMBER_FLOAT:
                    double d = p.getDoubleValue();
                    numbers[count] = Double.isFinite(d) ? d : Double.NaN;
                    break;
                case VALUE_TRUE:
                    numbers[count] = 1.0;
                    break;
                case VALUE_FALSE:
                    numbers[count] = 0.0;
                    break;
                case VALUE_STRING:
                    numbers[count] = Double.NaN;
                    texts[count] = p.getText();
                    break;
                case START_ARRAY:
                    numbers[count] = tensor.read(p);
                    if (tensor.notNumeric() != null) {
                        valueProblem = TensorMean.problem(where(index) + "[" + count + "]", tensor.notNumeric());
                    }
                    break;
                default:
                    skip(p);
                    valueProblem = "field '" + where(index) + "[" + count + "]' is " + describe(t)
                            + "; values must be numbers, strings, booleans, null or numeric arrays";
            }
        }
        if (count == 0) {
            rowProblem = "field '" + where(index) + "' is an empty row (no input values)";
        } else if (count > maxColumns) {
            rowProblem = "field '" + where(index) + "' has " + count + " values, more than decoder "
                    + "max-columns-per-row (" + maxColumns + ")";
        } else {
            rowProblem = valueProblem;
        }
        return rowProblem != null ? null : new RowValues(Arrays.copyOf(numbers, count), Arrays.copyOf(texts, count));
    }

    private static String where(int index) {
        return index < 0 ? INPUTS : INPUTS + "[" + index + "]";
    }

    private void skipRestOfList(JsonParser p) throws IOException {
        skip(p);
        while (next(p) != JsonToken.END_ARRAY) {
            skip(p);
        }
    }
}
