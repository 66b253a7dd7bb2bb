package dev.driftline.job.topology;

import dev.driftline.functions.model.AlertEvent;
import dev.driftline.functions.model.AppNotice;
import dev.driftline.functions.model.DeadLetter;
import dev.driftline.functions.model.InferenceError;
import dev.driftline.functions.model.MonitoredRecord;
import dev.driftline.functions.model.MonitoringResult;
import dev.driftline.job.config.DriftlineConfig;
import dev.driftline.sinks.kafka.KafkaSettings;
import dev.driftline.sinks.kafka.KafkaSinks;
import dev.driftline.sinks.parquet.ParquetSinks;
import org.apache.flink.streaming.api.datastream.DataStream;

/** The writer as deployed: Kafka topics for results, alerts, notices and dead letters; Parquet for the offline store. */
public class ProductionSinks implements DriftlineSinks {
    private final DriftlineConfig config;
    private final KafkaSettings kafka;
    private final String parquet;

    public ProductionSinks(DriftlineConfig config) {
        this.config = config;
        this.kafka = JobSettings.kafka(config);
        String path = config.sinks.parquetPath;
        this.parquet = path == null || path.isBlank() ? null : path.replaceAll("/+$", "");
    }

    private String prefix(String sink) {
        return config.kafka.transactionalIdPrefix + "-" + sink;
    }

    @Override
    public void records(DataStream<MonitoredRecord> records) {
        if (parquet != null) {
            records.sinkTo(ParquetSinks.records(parquet + "/records")).uid("sink-records-parquet").name("Records to Parquet");
        }
    }

    @Override
    public void results(DataStream<MonitoringResult> results) {
        results.sinkTo(KafkaSinks.results(kafka, config.topics.results, prefix("results")))
                .uid("sink-results-kafka").name("Results to Kafka");
        if (parquet != null) {
            results.sinkTo(ParquetSinks.results(parquet + "/results")).uid("sink-results-parquet").name("Results to Parquet");
        }
    }

    @Override
    public void alerts(DataStream<AlertEvent> alerts) {
        alerts.sinkTo(KafkaSinks.alerts(kafka, config.topics.alerts, prefix("alerts")))
                .uid("sink-alerts-kafka").name("Alert events to Kafka");
    }

    @Override
    public void notices(DataStream<AppNotice> notices) {
        notices.sinkTo(KafkaSinks.notices(kafka, config.topics.notices, prefix("notices")))
                .uid("sink-notices-kafka").name("Application notices to Kafka");
    }

    @Override
    public void deadLetters(DataStream<DeadLetter> deadLetters) {
        deadLetters.sinkTo(KafkaSinks.deadLetters(kafka, config.topics.deadLetters))
                .uid("sink-dead-letters-kafka").name("Dead letters to Kafka");
    }

    @Override
    public void errors(DataStream<InferenceError> errors) {
        if (parquet != null) {
            errors.sinkTo(ParquetSinks.errors(parquet + "/errors")).uid("sink-errors-parquet").name("Request errors to Parquet");
        }
    }

    @Override
    public void firedAlerts(DataStream<dev.driftline.functions.alerts.FiredAlert> fired) {
        fired.sinkTo(KafkaSinks.firedAlerts(kafka, config.topics.firedAlerts, prefix("fired-alerts")))
                .uid("sink-fired-alerts-kafka").name("Fired alerts to Kafka");
    }

    @Override
    public void notificationOutcomes(DataStream<dev.driftline.functions.alerts.DeliveryOutcome> outcomes) {
        outcomes.sinkTo(KafkaSinks.deliveryOutcomes(kafka, config.topics.notifications))
                .uid("sink-notifications-kafka").name("Notification outcomes to Kafka");
    }
}
