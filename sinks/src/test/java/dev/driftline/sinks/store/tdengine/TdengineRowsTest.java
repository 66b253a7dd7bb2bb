package dev.driftline.sinks.store.tdengine;

import static org.assertj.core.api.Assertions.assertThat;

import dev.driftline.functions.model.MonitoringResult;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

class TdengineRowsTest {

    @Test
    void resultRow() {
        TdengineRow row = TdengineRows.monitoringResult(TestRows.result("proj", "ep", "drift", "hellinger",
                1_000, 61_000, 0.25, 2, 1, "{\"a\":1}"));
        assertThat(row.table()).isEqualTo(TdengineSchema.APP_RESULTS);
        assertThat(row.tags()).containsExactly("proj", "ep", "drift", "hellinger", 2);
        assertThat(row.values()).containsExactly(61_000L, 1_000L, 0.25, 1, "{\"a\":1}");
        assertThat(row.timestamp()).isEqualTo(61_000L);
        assertThat(row.problem()).isNull();
    }

    @Test
    void metricRow() {
        TdengineRow row = TdengineRows.monitoringResult(TestRows.metric("proj", "ep", "drift", "rows", 0, 60_000, 7));
        assertThat(row.table()).isEqualTo(TdengineSchema.METRICS);
        assertThat(row.tags()).containsExactly("proj", "ep", "drift", "rows");
        assertThat(row.values()).containsExactly(60_000L, 0L, 7.0);
    }

    @Test
    void otherTypesAreNotStored() {
        MonitoringResult r = TestRows.metric("p", "e", "a", "n", 0, 1, 1);
        r.type = "notice";
        assertThat(TdengineRows.monitoringResult(r)).isNull();
    }

    @Test
    void predictionRow() {
        TdengineRow row = TdengineRows.prediction(TestRows.activity("proj", "ep", 120_000, 1500.0,
                "{\"acc\":0.9}", 12.5, 10));
        assertThat(row.table()).isEqualTo(TdengineSchema.PREDICTIONS);
        assertThat(row.tags()).containsExactly("proj", "ep");
        assertThat(row.values()).containsExactly(120_000L, 1500.0, "{\"acc\":0.9}", 12.5, 10L);
        TdengineRow noLatency = TdengineRows.prediction(TestRows.activity("proj", "ep", 0, Double.NaN, null, 0, 0));
        assertThat(TdengineSchema.PREDICTIONS.columns().get(1).literal(noLatency.values().get(1))).isEqualTo("NULL");
    }

    @Test
    void errorRowCutsTextButNeverTheCharacters() {
        String longError = "\u6a21".repeat(400); // 1200 bytes
        String longType = "com.example.some.deeply.nested.package.VeryLongExceptionClassName\u00fc";
        TdengineRow row = TdengineRows.error(TestRows.error("proj", "ep", 5, longType, longError));
        assertThat(row.problem()).isNull();
        String error = (String) row.values().get(1);
        assertThat(TdengineSql.utf8Length(error)).isLessThanOrEqualTo(1000);
        assertThat(error).isEqualTo("\u6a21".repeat(332) + "\u2026");
        String type = (String) row.tags().get(2);
        assertThat(TdengineSql.utf8Length(type)).isLessThanOrEqualTo(64);
        assertThat(longType).startsWith(type);
    }

    @Test
    void extraDataIsShrunkToItsColumn() {
        String extra = "{\"drift_measures\":{},\"current_stats\":{\"x\":\"" + "s".repeat(3000) + "\"}}";
        TdengineRow row = TdengineRows.result(TestRows.result("p", "e", "a", "n", 0, 1, 0, 0, 0, extra));
        assertThat((String) row.values().get(4))
                .isEqualTo("{\"drift_measures\":{},\"truncated\":true,\"omitted\":[\"current_stats\"]}");
        assertThat(row.problem()).isNull();
    }

    @Test
    void identifyingTagsAreStoredVerbatimOrRefused() {
        String awkward = "ep 'quoted' \"x\" \\ '; DROP TABLE x; -- \u6a21\u578b";
        TdengineRow ok = TdengineRows.metric(TestRows.metric("p", awkward, "a", "n", 0, 1, 1));
        assertThat(ok.tags().get(1)).isEqualTo(awkward);
        assertThat(ok.problem()).isNull();

        TdengineRow tooLong = TdengineRows.metric(TestRows.metric("p", "e".repeat(65), "a", "n", 0, 1, 1));
        assertThat(tooLong.problem()).isEqualTo("tag endpoint_id is 65 bytes, longer than BINARY(64)");
        // 22 three-byte characters: 66 bytes in 22 characters.
        TdengineRow wide = TdengineRows.metric(TestRows.metric("p", "e", "\u6a21".repeat(22), "n", 0, 1, 1));
        assertThat(wide.problem()).isEqualTo("tag application_name is 66 bytes, longer than BINARY(64)");
    }

    @Test
    void nullTagsAreAllowed() {
        TdengineRow row = TdengineRows.error(TestRows.error(null, "ep", 1, null, null));
        assertThat(row.tags()).isEqualTo(Arrays.asList(null, "ep", null));
        assertThat(row.problem()).isNull();
    }
}
