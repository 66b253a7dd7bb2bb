package dev.driftline.sinks.store.tdengine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class TdengineSchemaTest {

    @Test
    void ddlIsExactlyTheSpecSchema() {
        assertThat(TdengineSchema.ddl("mlrun_model_monitoring")).containsExactly(
                "CREATE DATABASE IF NOT EXISTS mlrun_model_monitoring PRECISION 'ms'",
                "CREATE STABLE IF NOT EXISTS mlrun_model_monitoring.app_results (end_infer_time TIMESTAMP,"
                        + " start_infer_time TIMESTAMP, result_value FLOAT, result_status INT,"
                        + " result_extra_data BINARY(1000)) TAGS (project BINARY(64), endpoint_id BINARY(64),"
                        + " application_name BINARY(64), result_name BINARY(64), result_kind INT)",
                "CREATE STABLE IF NOT EXISTS mlrun_model_monitoring.metrics (end_infer_time TIMESTAMP,"
                        + " start_infer_time TIMESTAMP, metric_value FLOAT) TAGS (project BINARY(64),"
                        + " endpoint_id BINARY(64), application_name BINARY(64), metric_name BINARY(64))",
                "CREATE STABLE IF NOT EXISTS mlrun_model_monitoring.predictions (time TIMESTAMP, latency FLOAT,"
                        + " custom_metrics BINARY(1000), estimated_prediction_count FLOAT,"
                        + " effective_sample_count INT) TAGS (project BINARY(64), endpoint_id BINARY(64))",
                "CREATE STABLE IF NOT EXISTS mlrun_model_monitoring.errors (time TIMESTAMP,"
                        + " model_error BINARY(1000)) TAGS (project BINARY(64), endpoint_id BINARY(64),"
                        + " error_type BINARY(64))");
    }

    @Test
    void databaseNamesMustBePlainIdentifiers() {
        assertThat(TdengineSchema.createDatabase("monitoring_2"))
                .isEqualTo("CREATE DATABASE IF NOT EXISTS monitoring_2 PRECISION 'ms'");
        for (String bad : List.of("", "1db", "db; DROP DATABASE x", "db.x", "`db`", "my db", "d\u00e9j\u00e0",
                "x".repeat(65))) {
            assertThatThrownBy(() -> TdengineSchema.createDatabase(bad), bad)
                    .isInstanceOf(IllegalArgumentException.class);
        }
        assertThat(TdengineSchema.database("x".repeat(64))).hasSize(64);
    }

    @Test
    void subtableNamesAreStableValidAndDistinctPerSeries() {
        List<Object> tags = Arrays.asList("proj", "ep-1", "drift-app", "hellinger", 2);
        String name = TdengineSchema.subtableName(TdengineSchema.APP_RESULTS, tags);
        // Fixed across JVMs and releases: existing subtables are found again after an upgrade.
        assertThat(name).isEqualTo(TdengineSchema.subtableName(TdengineSchema.APP_RESULTS,
                Arrays.asList("proj", "ep-1", "drift-app", "hellinger", 2)));
        assertThat(name).matches("app_results_[0-9a-f]{32}");
        assertThat(name.length()).isLessThanOrEqualTo(TdengineSql.MAX_TABLE_NAME_BYTES);

        Set<String> names = new HashSet<>();
        names.add(name);
        names.add(TdengineSchema.subtableName(TdengineSchema.APP_RESULTS,
                Arrays.asList("proj", "ep-1", "drift-app", "hellinger", 3)));
        names.add(TdengineSchema.subtableName(TdengineSchema.APP_RESULTS,
                Arrays.asList("proj", "ep-2", "drift-app", "hellinger", 2)));
        // Concatenation ambiguities and null vs empty give different series.
        names.add(TdengineSchema.subtableName(TdengineSchema.APP_RESULTS,
                Arrays.asList("proj", "ep-1drift-app", "", "hellinger", 2)));
        names.add(TdengineSchema.subtableName(TdengineSchema.APP_RESULTS,
                Arrays.asList("proj", "ep-1drift-app", null, "hellinger", 2)));
        names.add(TdengineSchema.subtableName(TdengineSchema.METRICS,
                Arrays.asList("proj", "ep-1", "drift-app", "hellinger")));
        assertThat(names).hasSize(6);
    }

    @Test
    void awkwardTagValuesStillGivePlainSubtableNames() {
        for (String ep : List.of("ep 'quoted' \"double\"", "'; DROP TABLE x; --", "back\\slash", "\u6a21\u578b-\u00fc-\u2713",
                "emoji \ud83d\ude80", "x".repeat(500))) {
            String name = TdengineSchema.subtableName(TdengineSchema.PREDICTIONS, Arrays.asList("p", ep));
            assertThat(name).matches("predictions_[0-9a-f]{32}");
            assertThat(TdengineSql.identifier(name, TdengineSql.MAX_TABLE_NAME_BYTES, "table")).isEqualTo(name);
        }
    }

    @Test
    void subtableNameNeedsEveryTag() {
        assertThatThrownBy(() -> TdengineSchema.subtableName(TdengineSchema.ERRORS, List.of("p", "e")))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void keepValuesOfTdengine3And2AreReadAsTheirLongestRetention() {
        assertThat(TdengineSchema.parseKeep("3650d,3650d,3650d")).isEqualTo(java.time.Duration.ofDays(3650));
        assertThat(TdengineSchema.parseKeep("5256000m,5256000m,5256000m")).isEqualTo(java.time.Duration.ofDays(3650));
        assertThat(TdengineSchema.parseKeep("1d,30d,365d")).isEqualTo(java.time.Duration.ofDays(365));
        assertThat(TdengineSchema.parseKeep("30")).isEqualTo(java.time.Duration.ofDays(30));
        assertThat(TdengineSchema.parseKeep(" 12H ")).isEqualTo(java.time.Duration.ofHours(12));
        for (String bad : new String[] {"", "forever", "3650y", "0d", "-5d", "3650d;DROP"}) {
            org.assertj.core.api.Assertions.assertThatThrownBy(() -> TdengineSchema.parseKeep(bad)).as(bad)
                    .isInstanceOf(IllegalArgumentException.class);
        }
    }
}
