package dev.driftline.sinks.store.tdengine;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * Builds multi-table INSERT statements with auto-created subtables:
 *
 * <pre>
 * INSERT INTO db.sub1 USING db.stable TAGS (...) VALUES (...)(...) db.sub2 USING db.stable TAGS (...) VALUES (...)
 * </pre>
 *
 * The {@code USING ... TAGS} clause creates a subtable the first time one of its rows is written and is ignored once
 * it exists (its tags never change, as the name is derived from them). Rows are grouped by subtable (in order of first
 * appearance), sorted by timestamp within a subtable, and a later row with the same timestamp replaces an earlier one —
 * the same "last write wins" the server applies across statements. Each statement stays within the given number of
 * UTF-8 bytes: when the next row would not fit, the statement is closed and the next one repeats the subtable's
 * {@code USING ... TAGS} clause.
 */
final class InsertStatements {
    private static final String INSERT_INTO = "INSERT INTO";

    private InsertStatements() {}

    /**
     * @param maxBytes the largest statement, in UTF-8 bytes
     * @throws IllegalArgumentException if a single row does not fit in {@code maxBytes} on its own
     */
    static List<String> build(String database, Collection<TdengineRow> rows, int maxBytes) {
        String db = TdengineSchema.database(database);
        List<String> statements = new ArrayList<>();
        StringBuilder sql = new StringBuilder();
        int bytes = 0;
        for (Series series : group(rows).values()) {
            String header = " " + db + "." + series.subtable + " USING " + db + "." + series.table.name()
                    + " TAGS (" + literals(series.table.tags(), series.tags) + ") VALUES ";
            int headerBytes = TdengineSql.utf8Length(header);
            boolean headerWritten = false;
            for (List<Object> values : series.rows.values()) {
                String row = "(" + literals(series.table.columns(), values) + ")";
                int rowBytes = TdengineSql.utf8Length(row);
                int needed = rowBytes + (headerWritten ? 0 : headerBytes);
                if (bytes > 0 && bytes + needed > maxBytes) {
                    statements.add(sql.toString());
                    sql.setLength(0);
                    bytes = 0;
                    headerWritten = false;
                    needed = rowBytes + headerBytes;
                }
                if (bytes == 0) {
                    sql.append(INSERT_INTO);
                    bytes = INSERT_INTO.length();
                    if (bytes + needed > maxBytes) {
                        throw new IllegalArgumentException("a row of " + series.table.name() + " needs "
                                + (bytes + needed) + " bytes, more than the statement limit of " + maxBytes);
                    }
                }
                if (!headerWritten) {
                    sql.append(header);
                    headerWritten = true;
                }
                sql.append(row);
                bytes += needed;
            }
        }
        if (bytes > 0) {
            statements.add(sql.toString());
        }
        return statements;
    }

    private static Map<String, Series> group(Collection<TdengineRow> rows) {
        Map<String, Series> bySubtable = new LinkedHashMap<>();
        for (TdengineRow row : rows) {
            bySubtable.computeIfAbsent(row.subtable(), s -> new Series(row))
                    .rows.put(row.timestamp(), row.values());
        }
        return bySubtable;
    }

    private static String literals(List<Column> columns, List<Object> values) {
        List<String> out = new ArrayList<>(columns.size());
        for (int i = 0; i < columns.size(); i++) {
            out.add(columns.get(i).literal(values.get(i)));
        }
        return out.stream().collect(Collectors.joining(", "));
    }

    /** The rows of one subtable, by timestamp. */
    private static final class Series {
        final SuperTable table;
        final String subtable;
        final List<Object> tags;
        final TreeMap<Long, List<Object>> rows = new TreeMap<>();

        Series(TdengineRow first) {
            this.table = first.table();
            this.subtable = first.subtable();
            this.tags = first.tags();
        }
    }
}
