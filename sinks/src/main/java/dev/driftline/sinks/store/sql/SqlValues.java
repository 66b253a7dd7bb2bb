package dev.driftline.sinks.store.sql;

import dev.driftline.sinks.store.sql.SqlTable.Column;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Types;

/**
 * Binds values the way every table wants them. Nothing here throws on odd data: a value the server would refuse
 * (fails the batch, then the job, again on every replay) is adjusted instead — text is cut to its column's length and
 * loses NUL characters (PostgreSQL refuses them), a null key part becomes the empty string, a non-finite number is
 * stored as NULL (MySQL has no NaN).
 */
final class SqlValues {
    private SqlValues() {}

    /** Binds {@code values} (in the table's column order) to parameters 1..n by the columns' types. */
    static void bindRow(PreparedStatement ps, SqlTable table, SqlDialect dialect, Object[] values) throws SQLException {
        if (values.length != table.columns().size()) {
            throw new IllegalStateException(table.name() + ": " + values.length + " values for "
                    + table.columns().size() + " columns");
        }
        for (int i = 0; i < values.length; i++) {
            Column c = table.columns().get(i);
            bind(ps, i + 1, c, table.isKey(c.name()), values[i], dialect);
        }
    }

    static void bind(PreparedStatement ps, int index, Column c, boolean key, Object value, SqlDialect dialect)
            throws SQLException {
        switch (c.type()) {
            case VARCHAR -> text(ps, index, fit(value == null && key ? "" : (String) value, c.length()));
            case TEXT -> text(ps, index, clean((String) value));
            case TIME -> dialect.bindTime(ps, index, (Long) value);
            case DOUBLE -> number(ps, index, (Double) value);
            case INT -> {
                if (value == null) {
                    ps.setNull(index, Types.INTEGER);
                } else {
                    ps.setInt(index, (Integer) value);
                }
            }
            case BIGINT -> {
                if (value == null) {
                    ps.setNull(index, Types.BIGINT);
                } else {
                    ps.setLong(index, (Long) value);
                }
            }
        }
    }

    static void text(PreparedStatement ps, int index, String value) throws SQLException {
        if (value == null) {
            ps.setNull(index, Types.VARCHAR);
        } else {
            ps.setString(index, value);
        }
    }

    static void number(PreparedStatement ps, int index, Double value) throws SQLException {
        if (value == null || !Double.isFinite(value)) {
            ps.setNull(index, Types.DOUBLE);
        } else {
            ps.setDouble(index, value);
        }
    }

    /** At most {@code length} characters (code points, as SQL counts them), without NUL characters. */
    static String fit(String value, int length) {
        String v = clean(value);
        if (v == null || v.codePointCount(0, v.length()) <= length) {
            return v;
        }
        return v.substring(0, v.offsetByCodePoints(0, length));
    }

    static String clean(String value) {
        return value == null || value.indexOf('\0') < 0 ? value : value.replace("\0", "");
    }

    /** Epoch ms, or null for 0 ("never", in the activity's running fields). */
    static Long instantOrNull(long epochMs) {
        return epochMs == 0 ? null : epochMs;
    }

    static Double finiteOrNull(double v) {
        return Double.isFinite(v) ? v : null;
    }
}
