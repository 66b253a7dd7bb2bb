package dev.driftline.sinks.store.tdengine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

class InsertStatementsTest {
    static final String DB = "mlrun_model_monitoring";

    static TdengineRow prediction(String endpoint, long time, double latency) {
        return TdengineRows.prediction(TestRows.activity("proj", endpoint, time, latency, null, 10.0, 5));
    }

    @Test
    void oneSubtable() {
        TdengineRow a = prediction("ep-1", 1000, 12.5);
        TdengineRow b = prediction("ep-1", 2000, Double.NaN);
        String sub = a.subtable();
        assertThat(InsertStatements.build(DB, List.of(a, b), TdengineSql.DEFAULT_MAX_SQL_BYTES)).containsExactly(
                "INSERT INTO mlrun_model_monitoring." + sub + " USING mlrun_model_monitoring.predictions"
                        + " TAGS ('proj', 'ep-1') VALUES (1000, 12.5, NULL, 10.0, 5)(2000, NULL, NULL, 10.0, 5)");
    }

    @Test
    void severalSuperTablesInOneStatement() {
        TdengineRow result = TdengineRows.result(TestRows.result("proj", "ep-1", "drift", "hellinger", 0, 60_000,
                0.25, 2, 1, "{\"k\":\"v\"}"));
        TdengineRow metric = TdengineRows.metric(TestRows.metric("proj", "ep-1", "drift", "rows", 0, 60_000, 42));
        TdengineRow error = TdengineRows.error(TestRows.error("proj", "ep-1", 5_000, "ValueError", "bad 'input'"));
        assertThat(result.subtable()).isEqualTo("app_results_beee896a63dfa4a1ca5436a8e93ad84c");
        assertThat(InsertStatements.build(DB, List.of(result, metric, error), TdengineSql.DEFAULT_MAX_SQL_BYTES))
                .containsExactly("INSERT INTO"
                        + " mlrun_model_monitoring.app_results_beee896a63dfa4a1ca5436a8e93ad84c"
                        + " USING mlrun_model_monitoring.app_results TAGS ('proj', 'ep-1', 'drift', 'hellinger', 2)"
                        + " VALUES (60000, 0, 0.25, 1, '{\\\"k\\\":\\\"v\\\"}')"
                        + " mlrun_model_monitoring." + metric.subtable()
                        + " USING mlrun_model_monitoring.metrics TAGS ('proj', 'ep-1', 'drift', 'rows')"
                        + " VALUES (60000, 0, 42.0)"
                        + " mlrun_model_monitoring." + error.subtable()
                        + " USING mlrun_model_monitoring.errors TAGS ('proj', 'ep-1', 'ValueError')"
                        + " VALUES (5000, 'bad \\'input\\'')");
    }

    @Test
    void rowsAreGroupedBySubtableSortedByTimeAndTheLastOfOneTimestampWins() {
        TdengineRow a3 = prediction("a", 3000, 3);
        TdengineRow b1 = prediction("b", 1000, 1);
        TdengineRow a1 = prediction("a", 1000, 1);
        TdengineRow a3again = prediction("a", 3000, 33);
        List<String> sql = InsertStatements.build(DB, List.of(a3, b1, a1, a3again), TdengineSql.DEFAULT_MAX_SQL_BYTES);
        assertThat(sql).containsExactly("INSERT INTO"
                + " mlrun_model_monitoring." + a1.subtable() + " USING mlrun_model_monitoring.predictions"
                + " TAGS ('proj', 'a') VALUES (1000, 1.0, NULL, 10.0, 5)(3000, 33.0, NULL, 10.0, 5)"
                + " mlrun_model_monitoring." + b1.subtable() + " USING mlrun_model_monitoring.predictions"
                + " TAGS ('proj', 'b') VALUES (1000, 1.0, NULL, 10.0, 5)");
    }

    @Test
    void awkwardNamesAreEscapedInTags() {
        TdengineRow row = TdengineRows.metric(TestRows.metric("p", "'; DROP TABLE x; --", "app \"q\" \\",
                "\u6a21\u578b", 0, 1, 1));
        assertThat(InsertStatements.build(DB, List.of(row), TdengineSql.DEFAULT_MAX_SQL_BYTES).get(0))
                .contains(" TAGS ('p', '\\'; DROP TABLE x; --', 'app \\\"q\\\" \\\\', '\u6a21\u578b') VALUES (1, 0, 1.0)");
    }

    @Test
    void statementsAreSplitUnderTheLimitRepeatingTheTableClause() {
        List<TdengineRow> rows = new ArrayList<>();
        for (int i = 0; i < 40; i++) {
            // Multi-byte text so that bytes, not characters, decide.
            rows.add(TdengineRows.error(TestRows.error("proj", "ep-" + (i % 3), 1000L * i, "E\u00fc",
                    "\u6a21\u578b error " + i)));
        }
        int limit = 300;
        List<String> statements = InsertStatements.build(DB, rows, limit);
        assertThat(statements).hasSizeGreaterThan(3);
        List<String> values = new ArrayList<>();
        Pattern clause = Pattern.compile(" mlrun_model_monitoring\\.(errors_[0-9a-f]{32}) USING"
                + " mlrun_model_monitoring\\.errors TAGS \\([^)]*\\) VALUES ((?:\\([^)]*\\))+)");
        for (String sql : statements) {
            assertThat(TdengineSql.utf8Length(sql)).isLessThanOrEqualTo(limit);
            assertThat(sql).startsWith("INSERT INTO mlrun_model_monitoring.errors_");
            Matcher m = clause.matcher(sql);
            int end = "INSERT INTO".length();
            while (m.find()) {
                assertThat(m.start()).isEqualTo(end);
                end = m.end();
                for (String v : m.group(2).substring(1, m.group(2).length() - 1).split("\\)\\(")) {
                    values.add(m.group(1) + " " + v);
                }
            }
            assertThat(end).isEqualTo(sql.length());
        }
        assertThat(values).hasSize(40).doesNotHaveDuplicates();
        // A subtable's rows continue in the next statement, which repeats its USING ... TAGS clause.
        String firstSubtable = rows.get(0).subtable();
        assertThat(statements.stream().filter(s -> s.contains(firstSubtable))).hasSizeGreaterThan(1);
    }

    @Test
    void aRowLargerThanTheLimitIsRefused() {
        TdengineRow row = TdengineRows.error(TestRows.error("p", "e", 1, "t", "x".repeat(500)));
        assertThatThrownBy(() -> InsertStatements.build(DB, List.of(row), 300))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("statement limit of 300");
    }

    @Test
    void noRowsNoStatements() {
        assertThat(InsertStatements.build(DB, List.of(), 1000)).isEmpty();
    }
}
