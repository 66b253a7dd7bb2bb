package dev.driftline.job.topology;

import dev.driftline.functions.model.AlertEvent;
import dev.driftline.functions.model.AppNotice;
import dev.driftline.functions.model.DeadLetter;
import dev.driftline.functions.model.InferenceError;
import dev.driftline.functions.model.MonitoredRecord;
import dev.driftline.functions.model.MonitoringResult;
import org.apache.flink.streaming.api.datastream.DataStream;

/**
 * Where the job's outputs go. The topology calls each method once with the stream to attach; production attaches
 * Kafka and Parquet sinks ({@link ProductionSinks}), tests attach what they want to observe.
 */
public interface DriftlineSinks {
    /** Every monitored record (the offline store). */
    void records(DataStream<MonitoredRecord> records);

    /** Application results and metrics. */
    void results(DataStream<MonitoringResult> results);

    /** Alert events: results with status 1/2 and application failures. */
    void alerts(DataStream<AlertEvent> alerts);

    /** Application failures and skips, with their reasons. */
    void notices(DataStream<AppNotice> notices);

    /** Inputs that could not be monitored, with why. */
    void deadLetters(DataStream<DeadLetter> deadLetters);

    /** Failed inference requests (events with {@code error}). */
    void errors(DataStream<InferenceError> errors);

    /** The stream function's outputs per endpoint and activity interval. Sink sets that do not observe them discard them. */
    default void activity(DataStream<dev.driftline.functions.model.EndpointActivity> activity) {
        activity.sinkTo(new org.apache.flink.streaming.api.functions.sink.v2.DiscardingSink<>())
                .uid("discard-endpoint-activity").name("Discard endpoint activity");
    }

    /** Alerts that fired (after criteria and reset policy). Sink sets that do not observe them discard them. */
    default void firedAlerts(DataStream<dev.driftline.functions.alerts.FiredAlert> fired) {
        fired.sinkTo(new org.apache.flink.streaming.api.functions.sink.v2.DiscardingSink<>())
                .uid("discard-fired-alerts").name("Discard fired alerts");
    }

    /** How each notification delivery ended. Sink sets that do not observe them discard them. */
    default void notificationOutcomes(DataStream<dev.driftline.functions.alerts.DeliveryOutcome> outcomes) {
        outcomes.sinkTo(new org.apache.flink.streaming.api.functions.sink.v2.DiscardingSink<>())
                .uid("discard-notification-outcomes").name("Discard notification outcomes");
    }
}
