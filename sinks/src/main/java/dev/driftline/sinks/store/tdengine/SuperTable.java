package dev.driftline.sinks.store.tdengine;

import java.io.Serializable;
import java.util.List;
import java.util.stream.Collectors;

/**
 * A TDengine super table: its data columns (the first is the TIMESTAMP primary key) and its tags (one subtable per
 * distinct tag combination).
 */
public record SuperTable(String name, List<Column> columns, List<Column> tags) implements Serializable {

    public SuperTable {
        TdengineSql.identifier(name, TdengineSql.MAX_TABLE_NAME_BYTES, "super table");
        columns = List.copyOf(columns);
        tags = List.copyOf(tags);
        if (columns.isEmpty() || columns.get(0).type() != Column.Type.TIMESTAMP) {
            throw new IllegalArgumentException("super table " + name + ": the first column must be a TIMESTAMP");
        }
        if (tags.isEmpty()) {
            throw new IllegalArgumentException("super table " + name + " needs at least one tag");
        }
    }

    /** The timestamp column: a row's identity within its subtable. */
    public Column timestampColumn() {
        return columns.get(0);
    }

    /** {@code CREATE STABLE IF NOT EXISTS db.name (columns) TAGS (tags)}. */
    public String createStatement(String database) {
        return "CREATE STABLE IF NOT EXISTS " + database + "." + name
                + " (" + columns.stream().map(Column::definition).collect(Collectors.joining(", ")) + ")"
                + " TAGS (" + tags.stream().map(Column::definition).collect(Collectors.joining(", ")) + ")";
    }

    @Override
    public String toString() {
        return name;
    }
}
