package dev.driftline.sinks.store.sql;

import java.sql.PreparedStatement;
import java.sql.SQLException;
import org.apache.flink.connector.jdbc.JdbcStatementBuilder;
import org.apache.flink.util.function.SerializableFunction;

/** Binds an element to the {@link SqlDialect#upsert} of a table: every column, in order. */
final class TableRowBinder<T> implements JdbcStatementBuilder<T> {
    private static final long serialVersionUID = 1L;

    private final SqlTable table;
    private final SqlDialect dialect;
    private final SerializableFunction<T, Object[]> values;

    TableRowBinder(SqlTable table, SqlDialect dialect, SerializableFunction<T, Object[]> values) {
        this.table = table;
        this.dialect = dialect;
        this.values = values;
    }

    @Override
    public void accept(PreparedStatement ps, T element) throws SQLException {
        SqlValues.bindRow(ps, table, dialect, values.apply(element));
    }
}
