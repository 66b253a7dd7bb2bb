package dev.driftline.sinks.store.sql;

import java.io.Serializable;
import java.util.List;

/**
 * A table in dialect-neutral terms: its columns in insert order, its primary key, the column a TimescaleDB hypertable
 * is partitioned by (null for a plain table), and the secondary indexes it needs.
 */
public record SqlTable(String name, List<Column> columns, List<String> key, String timeColumn, List<String> indexed)
        implements Serializable {

    public SqlTable {
        columns = List.copyOf(columns);
        key = List.copyOf(key);
        indexed = List.copyOf(indexed);
        List<String> names = columns.stream().map(Column::name).toList();
        for (String k : key) {
            if (!names.contains(k)) {
                throw new IllegalArgumentException(name + ": key column " + k + " is not a column");
            }
        }
    }

    public Column column(String name) {
        for (Column c : columns) {
            if (c.name().equals(name)) {
                return c;
            }
        }
        throw new IllegalArgumentException(this.name + " has no column " + name);
    }

    public List<String> columnNames() {
        return columns.stream().map(Column::name).toList();
    }

    public boolean isKey(String column) {
        return key.contains(column);
    }

    /** The kinds of values a column holds; each dialect maps them to its own types. */
    public enum Type {
        /** Text bounded to {@link Column#length()} characters (key columns, names). */
        VARCHAR,
        /** Unbounded text (JSON, error messages), stored verbatim. */
        TEXT,
        /** An instant with millisecond precision, bound and read as epoch milliseconds. */
        TIME,
        DOUBLE,
        INT,
        BIGINT
    }

    /** @param length the maximum number of characters of a {@link Type#VARCHAR}, 0 otherwise */
    public record Column(String name, Type type, int length) implements Serializable {
        static Column varchar(String name, int length) {
            return new Column(name, Type.VARCHAR, length);
        }

        static Column of(String name, Type type) {
            return new Column(name, type, 0);
        }
    }
}
