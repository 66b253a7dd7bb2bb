package dev.driftline.sinks.store.sql;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.driftline.sinks.store.sql.SqlTable.Column;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The SQL text of both dialects, without a server. */
class SqlDialectTest {

    @Test
    void mysqlTablesHaveKeysAndMillisecondTimes() {
        String ddl = SqlDialect.MYSQL.createTable(SqlTables.APP_RESULTS);
        assertThat(ddl).isEqualTo("""
                CREATE TABLE IF NOT EXISTS app_results (
                  end_infer_time DATETIME(3) NOT NULL,
                  start_infer_time DATETIME(3) NULL,
                  result_value DOUBLE NULL,
                  result_status INT NULL,
                  result_extra_data MEDIUMTEXT NULL,
                  project VARCHAR(255) NULL,
                  endpoint_id VARCHAR(255) NOT NULL,
                  application_name VARCHAR(128) NOT NULL,
                  result_name VARCHAR(128) NOT NULL,
                  result_kind INT NULL,
                  PRIMARY KEY (endpoint_id, application_name, result_name, end_infer_time)
                ) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin""");
        assertThat(SqlDialect.MYSQL.createTable(SqlTables.MODEL_ENDPOINTS))
                .contains("PRIMARY KEY (uid)", "KEY model_endpoints_project (project)");
        assertThat(SqlDialect.MYSQL.createIndexes(SqlTables.MODEL_ENDPOINTS)).isEmpty();
    }

    @Test
    void postgresqlTablesHaveKeysAndMillisecondTimes() {
        String ddl = SqlDialect.POSTGRESQL.createTable(SqlTables.ERRORS);
        assertThat(ddl).isEqualTo("""
                CREATE TABLE IF NOT EXISTS errors (
                  time TIMESTAMP(3) WITH TIME ZONE NOT NULL,
                  model_error TEXT NULL,
                  project VARCHAR(255) NULL,
                  endpoint_id VARCHAR(255) NOT NULL,
                  error_type VARCHAR(255) NOT NULL,
                  PRIMARY KEY (endpoint_id, error_type, time)
                )""");
        assertThat(SqlDialect.POSTGRESQL.createIndexes(SqlTables.MODEL_ENDPOINTS)).containsExactly(
                "CREATE INDEX IF NOT EXISTS model_endpoints_project ON model_endpoints (project)");
    }

    /** InnoDB refuses index keys over 3072 bytes; utf8mb4 reserves 4 bytes per character, DATETIME(3) takes 7. */
    @Test
    void everyMysqlKeyFitsInnoDbsIndexLimit() {
        for (SqlTable t : SqlTables.ALL) {
            int bytes = 0;
            for (String k : t.key()) {
                Column c = t.column(k);
                bytes += switch (c.type()) {
                    case VARCHAR -> 4 * c.length();
                    case TIME -> 7;
                    default -> 8;
                };
            }
            assertThat(bytes).as(t.name()).isLessThanOrEqualTo(3072);
        }
    }

    @Test
    void upsertsOverwriteTheNonKeyColumns() {
        assertThat(SqlDialect.MYSQL.upsert(SqlTables.PREDICTIONS)).isEqualTo(
                "INSERT INTO predictions (time, latency, custom_metrics, estimated_prediction_count, "
                        + "effective_sample_count, project, endpoint_id) VALUES (?, ?, ?, ?, ?, ?, ?) "
                        + "ON DUPLICATE KEY UPDATE latency = VALUES(latency), custom_metrics = VALUES(custom_metrics), "
                        + "estimated_prediction_count = VALUES(estimated_prediction_count), "
                        + "effective_sample_count = VALUES(effective_sample_count), project = VALUES(project)");
        assertThat(SqlDialect.POSTGRESQL.upsert(SqlTables.METRICS)).isEqualTo(
                "INSERT INTO metrics (end_infer_time, start_infer_time, metric_value, project, endpoint_id, "
                        + "application_name, metric_name) VALUES (?, ?, ?, ?, ?, ?, ?) "
                        + "ON CONFLICT (endpoint_id, application_name, metric_name, end_infer_time) DO UPDATE SET "
                        + "start_infer_time = EXCLUDED.start_infer_time, metric_value = EXCLUDED.metric_value, "
                        + "project = EXCLUDED.project");
    }

    @Test
    void hypertablesOnlyForPostgresqlWithTimescale() {
        List<String> expected = List.of(
                "SELECT create_hypertable('app_results', 'end_infer_time', if_not_exists => TRUE, migrate_data => TRUE)",
                "SELECT create_hypertable('metrics', 'end_infer_time', if_not_exists => TRUE, migrate_data => TRUE)",
                "SELECT create_hypertable('predictions', 'time', if_not_exists => TRUE, migrate_data => TRUE)",
                "SELECT create_hypertable('errors', 'time', if_not_exists => TRUE, migrate_data => TRUE)");
        assertThat(SqlDialect.POSTGRESQL.hypertableStatements()).isEqualTo(expected);
        List<String> withTimescale = SqlStoreSchema.statements(SqlDialect.POSTGRESQL, true);
        assertThat(withTimescale.subList(withTimescale.size() - 4, withTimescale.size())).isEqualTo(expected);
        assertThat(SqlStoreSchema.statements(SqlDialect.POSTGRESQL, false)).noneMatch(s -> s.contains("hypertable"));
        assertThat(SqlStoreSchema.statements(SqlDialect.MYSQL, true)).noneMatch(s -> s.contains("hypertable"));
    }

    /** MySQL applies ON DUPLICATE KEY UPDATE assignments in order: the guard must change after what it guards. */
    @Test
    void endpointGuardsAreAssignedLast() {
        for (SqlDialect d : SqlDialect.values()) {
            String drift = EndpointStatements.drift(d);
            assertThat(drift.lastIndexOf("drift_window_end = ")).isGreaterThan(drift.indexOf("current_stats = "))
                    .isGreaterThan(drift.indexOf("drift_status = "));
            String activity = EndpointStatements.activity(d);
            assertThat(activity.lastIndexOf("activity_end = ")).isGreaterThan(activity.indexOf("metrics = "))
                    .isGreaterThan(activity.indexOf("error_count = "));
        }
        assertThat(EndpointStatements.drift(SqlDialect.MYSQL)).contains(
                "drift_status = CASE WHEN drift_window_end IS NULL OR VALUES(drift_window_end) >= drift_window_end "
                        + "THEN VALUES(drift_status) ELSE drift_status END");
        assertThat(EndpointStatements.drift(SqlDialect.POSTGRESQL)).contains("ON CONFLICT (uid) DO UPDATE SET");
    }

    @Test
    void dialectFromStoreType() {
        assertThat(SqlDialect.of("MySQL")).isEqualTo(SqlDialect.MYSQL);
        assertThat(SqlDialect.of("mariadb")).isEqualTo(SqlDialect.MYSQL);
        assertThat(SqlDialect.of("postgresql")).isEqualTo(SqlDialect.POSTGRESQL);
        assertThatThrownBy(() -> SqlDialect.of("tdengine")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void valuesAreFittedToTheirColumns() {
        assertThat(SqlValues.fit("abc\0def", 10)).isEqualTo("abcdef");
        assertThat(SqlValues.fit("x".repeat(300), 255)).hasSize(255);
        String emoji = "\uD83D\uDE00".repeat(5); // 5 code points, 10 chars
        assertThat(SqlValues.fit(emoji, 3)).isEqualTo("\uD83D\uDE00".repeat(3));
        assertThat(SqlValues.fit(null, 3)).isNull();
    }

    @Test
    void backoffDoublesUpToItsCap() {
        Backoff b = new Backoff(java.time.Duration.ofMillis(100), java.time.Duration.ofMillis(700));
        assertThat(List.of(b.delayMillis(0), b.delayMillis(1), b.delayMillis(2), b.delayMillis(3), b.delayMillis(50)))
                .containsExactly(100L, 200L, 400L, 700L, 700L);
    }
}
