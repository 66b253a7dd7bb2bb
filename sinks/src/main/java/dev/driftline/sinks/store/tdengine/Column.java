package dev.driftline.sinks.store.tdengine;

import java.io.Serializable;
import java.util.Objects;

/**
 * One column or tag of a super table.
 *
 * @param width the BINARY width in bytes; 0 for the other types
 */
public record Column(String name, Type type, int width) implements Serializable {

    /** The TDengine types the schema uses. */
    public enum Type { TIMESTAMP, FLOAT, INT, BINARY }

    public Column {
        TdengineSql.identifier(name, TdengineSql.MAX_COLUMN_NAME_BYTES, "column");
        Objects.requireNonNull(type, "type");
        if ((type == Type.BINARY) != (width > 0)) {
            throw new IllegalArgumentException("column " + name + ": a width is needed for BINARY and only for it");
        }
    }

    public static Column timestamp(String name) {
        return new Column(name, Type.TIMESTAMP, 0);
    }

    public static Column floating(String name) {
        return new Column(name, Type.FLOAT, 0);
    }

    public static Column integer(String name) {
        return new Column(name, Type.INT, 0);
    }

    public static Column binary(String name, int width) {
        return new Column(name, Type.BINARY, width);
    }

    /** {@code name TYPE} as in CREATE STABLE. */
    public String definition() {
        return name + " " + (type == Type.BINARY ? "BINARY(" + width + ")" : type.name());
    }

    /**
     * The SQL literal of a value of this column: a timestamp or INT from a {@link Number}, a FLOAT from a
     * {@link Number} (NaN and infinities become NULL), a BINARY from a {@link String}; null becomes NULL.
     *
     * @throws IllegalArgumentException if the value's class does not fit the column
     */
    public String literal(Object value) {
        if (value == null) {
            return "NULL";
        }
        return switch (type) {
            case TIMESTAMP -> Long.toString(number(value).longValue());
            case INT -> TdengineSql.intValue(number(value).longValue());
            case FLOAT -> TdengineSql.floatValue(number(value).doubleValue());
            case BINARY -> {
                if (!(value instanceof String s)) {
                    throw new IllegalArgumentException("column " + name + " needs a String, got "
                            + value.getClass().getSimpleName());
                }
                yield TdengineSql.string(s);
            }
        };
    }

    private Number number(Object value) {
        if (!(value instanceof Number n)) {
            throw new IllegalArgumentException("column " + name + " needs a number, got "
                    + value.getClass().getSimpleName());
        }
        return n;
    }
}
