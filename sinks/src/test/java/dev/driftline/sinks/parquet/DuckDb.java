package dev.driftline.sinks.parquet;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Reads Parquet back with DuckDB (in-memory, in-JVM): an independent reader, not parquet-java. */
final class DuckDb implements AutoCloseable {
    private final Connection conn;

    DuckDb() throws SQLException {
        conn = DriverManager.getConnection("jdbc:duckdb:");
    }

    /** {@code read_parquet('<glob>', hive_partitioning=false)} as a SQL table expression. */
    static String parquet(String glob) {
        return "read_parquet('" + glob.replace("'", "''") + "', hive_partitioning=false)";
    }

    List<Map<String, Object>> query(String sql) throws SQLException {
        List<Map<String, Object>> rows = new ArrayList<>();
        try (Statement st = conn.createStatement(); ResultSet rs = st.executeQuery(sql)) {
            ResultSetMetaData md = rs.getMetaData();
            while (rs.next()) {
                Map<String, Object> row = new LinkedHashMap<>();
                for (int i = 1; i <= md.getColumnCount(); i++) {
                    row.put(md.getColumnLabel(i), rs.getObject(i));
                }
                rows.add(row);
            }
        }
        return rows;
    }

    Map<String, Object> one(String sql) throws SQLException {
        List<Map<String, Object>> rows = query(sql);
        if (rows.size() != 1) {
            throw new AssertionError("expected one row from " + sql + ", got " + rows);
        }
        return rows.get(0);
    }

    @Override
    public void close() throws SQLException {
        conn.close();
    }
}
