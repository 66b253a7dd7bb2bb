package dev.driftline.sinks.store.tdengine;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Objects;

/**
 * One row for one super table: its tag values (which select the subtable) and its column values, the first being
 * the timestamp in epoch milliseconds. Values are {@link Number}s for TIMESTAMP, INT and FLOAT columns and
 * {@link String}s for BINARY ones; null is NULL.
 */
public final class TdengineRow implements Serializable {
    private static final long serialVersionUID = 1L;

    private final SuperTable table;
    private final List<Object> tags;
    private final List<Object> values;
    private final String subtable;

    public TdengineRow(SuperTable table, List<?> tags, List<?> values) {
        this.table = Objects.requireNonNull(table, "table");
        this.tags = Collections.unmodifiableList(new ArrayList<>(tags));
        this.values = Collections.unmodifiableList(new ArrayList<>(values));
        if (this.tags.size() != table.tags().size() || this.values.size() != table.columns().size()) {
            throw new IllegalArgumentException(table.name() + " needs " + table.tags().size() + " tags and "
                    + table.columns().size() + " values, got " + this.tags.size() + " and " + this.values.size());
        }
        if (!(this.values.get(0) instanceof Number)) {
            throw new IllegalArgumentException(table.name() + ": the timestamp must be a number of milliseconds");
        }
        this.subtable = TdengineSchema.subtableName(table, this.tags);
    }

    public SuperTable table() {
        return table;
    }

    public List<Object> tags() {
        return tags;
    }

    public List<Object> values() {
        return values;
    }

    /** The subtable of this row's series (see {@link TdengineSchema#subtableName}). */
    public String subtable() {
        return subtable;
    }

    /** Epoch milliseconds: the row's identity within its subtable. */
    public long timestamp() {
        return ((Number) values.get(0)).longValue();
    }

    /**
     * Why this row cannot be stored as it is, or null when it can: a string longer than its BINARY width (TDengine
     * refuses the whole statement then, so such a row must never be sent). The reason names the field and the lengths,
     * never the value.
     */
    public String problem() {
        String p = check(table.tags(), tags, "tag");
        return p != null ? p : check(table.columns(), values, "column");
    }

    private static String check(List<Column> columns, List<Object> values, String what) {
        for (int i = 0; i < columns.size(); i++) {
            Column c = columns.get(i);
            if (c.type() == Column.Type.BINARY && values.get(i) instanceof String s) {
                int bytes = TdengineSql.utf8Length(s);
                if (bytes > c.width()) {
                    return what + " " + c.name() + " is " + bytes + " bytes, longer than BINARY(" + c.width() + ")";
                }
            }
        }
        return null;
    }

    @Override
    public String toString() {
        return "TdengineRow{" + subtable + " @" + timestamp() + "}";
    }
}
