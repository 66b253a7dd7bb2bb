package dev.driftline.sinks.store.tdengine;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class BoundedJsonTest {
    static final ObjectMapper JSON = new ObjectMapper();

    static String extra(int statsChars, int measuresChars) {
        return "{\"reference\":\"ref-1\",\"drift_measures\":{\"tvd\":\"" + "m".repeat(measuresChars) + "\"},"
                + "\"current_stats\":{\"amount\":\"" + "s".repeat(statsChars) + "\"},\"threshold\":0.5}";
    }

    @Test
    void smallJsonIsKeptAsIs() {
        String small = extra(10, 10);
        assertThat(BoundedJson.fit(small, 1000)).isSameAs(small);
        assertThat(BoundedJson.fit(null, 1000)).isNull();
    }

    @Test
    void currentStatsGoFirst() throws Exception {
        String fitted = BoundedJson.fit(extra(2000, 100), 1000);
        JsonNode node = JSON.readTree(fitted);
        assertThat(node.has("current_stats")).isFalse();
        assertThat(node.path("drift_measures").path("tvd").asText()).hasSize(100);
        assertThat(node.path("reference").asText()).isEqualTo("ref-1");
        assertThat(node.path("threshold").asDouble()).isEqualTo(0.5);
        assertThat(node.path("truncated").asBoolean()).isTrue();
        assertThat(node.path("omitted").toString()).isEqualTo("[\"current_stats\"]");
        assertThat(fitted.getBytes(StandardCharsets.UTF_8).length).isLessThanOrEqualTo(1000);
    }

    @Test
    void thenDriftMeasures() throws Exception {
        String fitted = BoundedJson.fit(extra(2000, 2000), 1000);
        assertThat(fitted).isEqualTo(
                "{\"reference\":\"ref-1\",\"threshold\":0.5,\"truncated\":true,"
                        + "\"omitted\":[\"current_stats\",\"drift_measures\"]}");
    }

    @Test
    void thenTheLargestRemainingMembersAndAtWorstOnlyTheMark() throws Exception {
        String big = "{\"a\":\"" + "x".repeat(800) + "\",\"b\":\"" + "y".repeat(300) + "\",\"c\":1}";
        String fitted = BoundedJson.fit(big, 400);
        assertThat(JSON.readTree(fitted).has("a")).isFalse();
        assertThat(JSON.readTree(fitted).path("b").asText()).hasSize(300);
        assertThat(fitted).endsWith("\"truncated\":true,\"omitted\":[\"a\"]}");
        assertThat(BoundedJson.fit(big, 20)).isEqualTo("{\"truncated\":true}");
    }

    @Test
    void multiByteTextIsMeasuredInBytesAndNeverCut() throws Exception {
        // 400 three-byte characters: 1200 bytes though only 400 characters.
        String wide = "{\"note\":\"" + "\u6a21".repeat(400) + "\",\"current_stats\":{}}";
        String fitted = BoundedJson.fit(wide, 1000);
        assertThat(fitted.getBytes(StandardCharsets.UTF_8).length).isLessThanOrEqualTo(1000);
        JSON.readTree(fitted);
        // Not JSON: cut at a character boundary, marked with an ellipsis.
        String text = "\ud83d\ude80".repeat(300);
        String cut = BoundedJson.fit(text, 1000);
        assertThat(cut).endsWith("\u2026");
        assertThat(cut.getBytes(StandardCharsets.UTF_8).length).isLessThanOrEqualTo(1000);
        assertThat(cut.substring(0, cut.length() - 1)).isEqualTo("\ud83d\ude80".repeat(249));
    }
}
