package dev.driftline.functions.alerts;

import static dev.driftline.functions.alerts.AlertFixtures.config;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class AlertTemplatesTest {

    @Test
    void dataDriftDetectedTemplateFillsEveryUnsetField() {
        AlertConfig in = config("""
                {"name": "churn-drift", "template": "DataDriftDetected", "project": "shop",
                 "notifications": [{"kind": "console"}]}
                """);
        AlertConfig r = AlertTemplates.resolve(in);

        assertThat(r.name).isEqualTo("churn-drift");
        assertThat(r.project).isEqualTo("shop");
        assertThat(r.severity).isEqualTo("high");
        assertThat(r.triggerEvents).containsExactly("data-drift-detected");
        assertThat(r.summary).isEqualTo("Data drift detected on {{entity}} in {{project}}");
        assertThat(r.criteria.count).isEqualTo(1);
        assertThat(r.criteria.period).isEqualTo("10m");
        assertThat(r.resetPolicy).isEqualTo("auto");
        assertThat(r.entity).isEqualTo("*");
        assertThat(r.notifications).extracting(n -> n.kind).containsExactly("console");
        assertThat(AlertTemplates.validate(r)).isEmpty();
        // the argument is left as it was
        assertThat(in.severity).isNull();
        assertThat(in.summary).isNull();
        assertThat(in.triggerEvents).isEmpty();
    }

    @Test
    void dataDriftSuspectedTemplateIsMedium() {
        AlertConfig r = AlertTemplates.resolve(config("{\"name\": \"s\", \"template\": \"DataDriftSuspected\"}"));
        assertThat(r.severity).isEqualTo("medium");
        assertThat(r.triggerEvents).containsExactly("data-drift-suspected");
        assertThat(r.summary).isEqualTo("Data drift suspected on {{entity}} in {{project}}");
        assertThat(AlertTemplates.names()).containsExactly("DataDriftDetected", "DataDriftSuspected");
        assertThat(AlertTemplates.template("datadriftsuspected").template).isEqualTo("DataDriftSuspected");
        assertThat(AlertTemplates.template("JobFailed")).isNull();
    }

    @Test
    void fieldsSetOnTheAlertWinOverTheTemplate() {
        AlertConfig r = AlertTemplates.resolve(config("""
                {"name": "ep1-drift", "template": "DataDriftDetected", "severity": "LOW", "summary": "custom {{name}}",
                 "entity": "ep1.histogram-data-drift.result.general_drift",
                 "trigger_events": ["data-drift-detected", "data-drift-suspected"],
                 "criteria": {"count": 3, "period": "1h"}, "reset_policy": "Manual"}
                """));
        assertThat(r.severity).isEqualTo("low");
        assertThat(r.summary).isEqualTo("custom {{name}}");
        assertThat(r.entity).isEqualTo("ep1.histogram-data-drift.result.general_drift");
        assertThat(r.triggerEvents).containsExactly("data-drift-detected", "data-drift-suspected");
        assertThat(r.criteria.count).isEqualTo(3);
        assertThat(r.criteria.period).isEqualTo("1h");
        assertThat(r.resetPolicy).isEqualTo("manual");
        assertThat(AlertTemplates.validate(r)).isEmpty();
    }

    @Test
    void withoutTemplateTheDefaultsApplyAndMissingFieldsAreReported() {
        AlertConfig r = AlertTemplates.resolve(config("{\"name\": \"bare\"}"));
        assertThat(r.entity).isEqualTo("*");
        assertThat(r.criteria.count).isEqualTo(1);
        assertThat(r.criteria.period).isEqualTo("10m");
        assertThat(r.resetPolicy).isEqualTo("auto");
        assertThat(AlertTemplates.validate(r)).containsExactly(
                "severity (none) must be low, medium or high",
                "trigger_events must name at least one event kind");
    }

    @Test
    void validationNamesEveryProblem() {
        AlertConfig r = AlertTemplates.resolve(config("""
                {"name": "bad name!", "template": "NoSuchTemplate", "severity": "urgent", "reset_policy": "sometimes",
                 "trigger_events": ["data-drift-detected"], "criteria": {"count": 0, "period": "ten minutes"},
                 "notifications": [
                   {"name": "ops", "kind": "webhook", "url": "https://hooks.example.com/a"},
                   {"name": "ops", "kind": "slack", "url_ref": "env:SLACK_URL", "cooldown_period": "soon"},
                   {"kind": "pager"}]}
                """));
        assertThat(AlertTemplates.validate(r)).containsExactly(
                "name 'bad name!' must match [a-zA-Z0-9-]+",
                "template 'NoSuchTemplate' is unknown (built-in: DataDriftDetected, DataDriftSuspected)",
                "severity 'urgent' must be low, medium or high",
                "reset_policy 'sometimes' must be auto or manual",
                "criteria.count 0 must be at least 1",
                "criteria.period 'ten minutes' is not a duration (use e.g. 30s, 10m, 1h or PT10M)",
                "notification name 'ops' is used more than once",
                "notification 'ops': cooldown_period 'soon' is not a duration",
                "notification 'pager': kind 'pager' must be webhook, slack, email or console");
        assertThat(AlertTemplates.validate(null)).containsExactly("alert configuration is missing");
    }

    @Test
    void notificationNamesDefaultToTheirKindWhenCheckingUniqueness() {
        AlertConfig r = AlertTemplates.resolve(config("""
                {"name": "two-consoles", "template": "DataDriftDetected",
                 "notifications": [{"kind": "console"}, {"name": "console", "kind": "console"}]}
                """));
        assertThat(AlertTemplates.validate(r)).containsExactly("notification name 'console' is used more than once");
    }

    @Test
    void periodMustBePositiveAndMayBeLeftOutForNoTimeLimit() {
        AlertConfig zero = AlertTemplates.resolve(config(
                "{\"name\": \"z\", \"template\": \"DataDriftDetected\", \"criteria\": {\"count\": 2, \"period\": \"0s\"}}"));
        assertThat(AlertTemplates.validate(zero)).containsExactly("criteria.period '0s' must be positive");
        AlertConfig unbounded = AlertTemplates.resolve(config(
                "{\"name\": \"u\", \"template\": \"DataDriftDetected\", \"criteria\": {\"count\": 2, \"period\": null}}"));
        assertThat(unbounded.criteria.period).isNull();
        assertThat(AlertTemplates.validate(unbounded)).isEmpty();
    }

    @Test
    void durationsInShortAndIsoForm() {
        assertThat(AlertTemplates.parseDuration("500ms")).isEqualTo(Duration.ofMillis(500));
        assertThat(AlertTemplates.parseDuration("30s")).isEqualTo(Duration.ofSeconds(30));
        assertThat(AlertTemplates.parseDuration("10m")).isEqualTo(Duration.ofMinutes(10));
        assertThat(AlertTemplates.parseDuration(" 1h ")).isEqualTo(Duration.ofHours(1));
        assertThat(AlertTemplates.parseDuration("1d")).isEqualTo(Duration.ofDays(1));
        assertThat(AlertTemplates.parseDuration("0")).isEqualTo(Duration.ZERO);
        assertThat(AlertTemplates.parseDuration("PT10M")).isEqualTo(Duration.ofMinutes(10));
        assertThat(AlertTemplates.parseDuration("pt1h30m")).isEqualTo(Duration.ofMinutes(90));
        assertThat(AlertTemplates.parseDuration("P1D")).isEqualTo(Duration.ofDays(1));
        assertThatThrownBy(() -> AlertTemplates.parseDuration("10 minutes")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("not a duration");
        assertThatThrownBy(() -> AlertTemplates.parseDuration("")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> AlertTemplates.parseDuration(null)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void resolveAllKeepsOrderAndRejectsInvalidOrDuplicateAlerts() throws Exception {
        Map<String, String> ok = AlertTemplates.resolveAll(List.of(
                config("{\"name\": \"b\", \"template\": \"DataDriftSuspected\"}"),
                config("{\"name\": \"a\", \"template\": \"DataDriftDetected\"}")));
        assertThat(ok.keySet()).containsExactly("b", "a");
        assertThat(AlertTemplates.fromJson(ok.get("a")).severity).isEqualTo("high");

        assertThatThrownBy(() -> AlertTemplates.resolveAll(List.of(
                config("{\"name\": \"a\", \"template\": \"DataDriftDetected\"}"),
                config("{\"name\": \"a\", \"template\": \"DataDriftSuspected\"}"),
                config("{\"name\": \"c\", \"severity\": \"high\"}"))))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("alert 'a' is configured more than once")
                .hasMessageContaining("alert 'c': trigger_events must name at least one event kind");
        assertThat(AlertTemplates.resolveAll(null)).isEmpty();
    }

    @Test
    void resolvedJsonRoundTripsWithMlrunFieldNames() throws Exception {
        AlertConfig r = AlertTemplates.resolve(config("""
                {"name": "rt", "template": "DataDriftDetected", "reset_policy": "manual",
                 "notifications": [{"name": "hook", "kind": "webhook", "url": "https://hooks.example.com/x", "cooldown_period": "1h"}]}
                """));
        String json = AlertTemplates.toJson(r);
        assertThat(json).contains("\"trigger_events\":[\"data-drift-detected\"]", "\"reset_policy\":\"manual\"",
                "\"cooldown_period\":\"1h\"");
        AlertConfig back = AlertTemplates.fromJson(json);
        assertThat(AlertTemplates.toJson(AlertTemplates.resolve(back))).isEqualTo(json);
    }
}
