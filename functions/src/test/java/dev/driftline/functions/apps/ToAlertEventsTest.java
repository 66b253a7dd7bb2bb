package dev.driftline.functions.apps;

import static dev.driftline.functions.endpoint.TestEndpoints.T0;
import static org.assertj.core.api.Assertions.assertThat;

import dev.driftline.functions.model.AlertEvent;
import dev.driftline.functions.model.AppNotice;
import dev.driftline.functions.model.MonitoringResult;
import org.junit.jupiter.api.Test;

class ToAlertEventsTest {
    private static final long START = T0;
    private static final long END = T0 + 10 * Fixtures.MINUTE;

    private static MonitoringResult result(int kind, int status, double value) {
        MonitoringResult r = new MonitoringResult();
        r.type = MonitoringResult.RESULT;
        r.endpointId = "ep-fraud";
        r.project = "bank";
        r.model = "fraud:v1";
        r.application = "histogram-data-drift";
        r.name = "general_drift";
        r.windowStart = START;
        r.windowEnd = END;
        r.value = value;
        r.kind = kind;
        r.status = status;
        r.extraData = "{}";
        return r;
    }

    @Test
    void detectedDataDriftRaisesADetectedEventOnTheResultEntity() {
        AlertEvent e = ToAlertEvents.fromResult(result(0, 2, 0.83));
        assertThat(e).isNotNull();
        assertThat(e.kind).isEqualTo("data-drift-detected");
        assertThat(e.entityKind).isEqualTo("model-endpoint-result");
        assertThat(e.entityId).isEqualTo("ep-fraud.histogram-data-drift.result.general_drift");
        assertThat(e.project).isEqualTo("bank");
        assertThat(e.timestamp).isEqualTo(END);
        assertThat(e.id).isEqualTo("ep-fraud.histogram-data-drift.result.general_drift@" + START + ":data-drift-detected");
        assertThat(e.value)
                .containsEntry("app_name", "histogram-data-drift")
                .containsEntry("model", "fraud:v1")
                .containsEntry("model_endpoint_id", "ep-fraud")
                .containsEntry("result_name", "general_drift")
                .containsEntry("result_value", 0.83)
                .containsEntry("start_infer_time", START)
                .containsEntry("end_infer_time", END);
    }

    @Test
    void potentialDetectionRaisesASuspectedEvent() {
        AlertEvent e = ToAlertEvents.fromResult(result(0, 1, 0.6));
        assertThat(e.kind).isEqualTo("data-drift-suspected");
        assertThat(e.entityId).isEqualTo("ep-fraud.histogram-data-drift.result.general_drift");
    }

    @Test
    void otherKindsUseTheirHyphenName() {
        assertThat(ToAlertEvents.fromResult(result(1, 2, 1)).kind).isEqualTo("concept-drift-detected");
        assertThat(ToAlertEvents.fromResult(result(2, 1, 1)).kind).isEqualTo("model-performance-suspected");
        assertThat(ToAlertEvents.fromResult(result(3, 2, 1)).kind).isEqualTo("system-performance-detected");
        assertThat(ToAlertEvents.fromResult(result(4, 2, 1)).kind).isEqualTo("mm-app-anomaly-detected");
    }

    @Test
    void noDetectionIrrelevantAndMetricsRaiseNothing() {
        assertThat(ToAlertEvents.fromResult(result(0, 0, 0.1))).isNull();
        assertThat(ToAlertEvents.fromResult(result(0, -1, 0.1))).isNull();
        MonitoringResult metric = result(-1, 0, 0.9);
        metric.type = MonitoringResult.METRIC;
        metric.name = "tvd_mean";
        assertThat(ToAlertEvents.fromResult(metric)).isNull();
        // A metric never raises an event, even with a status-like value.
        metric.status = 2;
        assertThat(ToAlertEvents.fromResult(metric)).isNull();
    }

    @Test
    void anApplicationFailureRaisesAnMmAppFailedEvent() {
        AppNotice n = new AppNotice(AppNotice.FAILED, "ep-fraud", "bank", "flaky", START, END,
                "java.lang.IllegalStateException: cannot score the first window");
        AlertEvent e = ToAlertEvents.fromNotice(n);
        assertThat(e).isNotNull();
        assertThat(e.kind).isEqualTo("mm-app-failed");
        assertThat(e.entityKind).isEqualTo("model-monitoring-application");
        assertThat(e.entityId).isEqualTo("ep-fraud.flaky");
        assertThat(e.project).isEqualTo("bank");
        assertThat(e.timestamp).isEqualTo(END);
        assertThat(e.id).isEqualTo("ep-fraud.flaky@" + START + ":mm-app-failed");
        assertThat(e.value)
                .containsEntry("app_name", "flaky")
                .containsEntry("model_endpoint_id", "ep-fraud")
                .containsEntry("error", "java.lang.IllegalStateException: cannot score the first window")
                .containsEntry("start_infer_time", START)
                .containsEntry("end_infer_time", END);
    }

    @Test
    void aSkippedWindowRaisesNothing() {
        AppNotice n = new AppNotice(AppNotice.SKIPPED, "ep-ghost", "bank", "histogram-data-drift", START, END,
                "endpoint ep-ghost has no reference feature_stats");
        assertThat(ToAlertEvents.fromNotice(n)).isNull();
    }

    @Test
    void theSameResultAndWindowGiveTheSameEventId() {
        assertThat(ToAlertEvents.fromResult(result(0, 2, 0.8)).id).isEqualTo(ToAlertEvents.fromResult(result(0, 2, 0.9)).id);
        assertThat(ToAlertEvents.fromResult(result(0, 2, 0.8)).id).isNotEqualTo(ToAlertEvents.fromResult(result(0, 1, 0.6)).id);
    }
}
