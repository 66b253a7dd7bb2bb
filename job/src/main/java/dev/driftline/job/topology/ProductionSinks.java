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
import dev.driftline.sinks.store.StoreSettings;
import dev.driftline.sinks.store.sql.SqlStoreSinks;
import dev.driftline.sinks.store.tdengine.TdengineSinks;
import dev.driftline.functions.model.EndpointActivity;
import org.apache.flink.streaming.api.datastream.DataStream;

/**
 * The writer as deployed: Kafka topics for results, alerts, notices and dead letters; Parquet for the offline store;
 * when configured, a time-series store (TDengine, MySQL/MariaDB or PostgreSQL) for results, metrics, predictions and
 * errors, and the model endpoint store (MySQL/MariaDB or PostgreSQL) kept current from activity and drift results.
 */
public class ProductionSinks implements DriftlineSinks {
    private final DriftlineConfig config;
    private final KafkaSettings kafka;
    private final String parquet;
    private final StoreSettings tsdb;
    private final SqlStoreSinks sqlTsdb;
    private final SqlStoreSinks endpointStore;

    public ProductionSinks(DriftlineConfig config) {
        this.config = config;
        this.kafka = JobSettings.kafka(config);
        String path = config.sinks.parquetPath;
        this.parquet = path == null || path.isBlank() ? null : path.replaceAll("/+$", "");
        this.tsdb = config.stores.tsdb;
        this.sqlTsdb = tsdb.enabled() && !"tdengine".equals(tsdb.kind()) ? new SqlStoreSinks(tsdb) : null;
        this.endpointStore = config.stores.endpointStore.enabled() ? new SqlStoreSinks(config.stores.endpointStore) : null;
    }

    private boolean tdengine() {
        return "tdengine".equals(tsdb.kind());
    }

    private String prefix(String sink) {
        return config.kafka.transactionalIdPrefix + "-" + sink;
    }

    @Override
    public void records(DataStream<MonitoredRecord> records) {
        if (parquet != null) {
            records.sinkTo(ParquetSinks.records(parquet + "/records", config.sinks.recordsLayout(),
                            ParquetSinks.DEFAULT_CODEC, config.sinks.recordsRowGroupBytes()))
                    .uid("sink-records-parquet").name("Records to Parquet");
        }
    }

    @Override
    public void results(DataStream<MonitoringResult> results) {
        results.sinkTo(KafkaSinks.results(kafka, config.topics.results, prefix("results")))
                .uid("sink-results-kafka").name("Results to Kafka");
        if (parquet != null) {
            results.sinkTo(ParquetSinks.results(parquet + "/results")).uid("sink-results-parquet").name("Results to Parquet");
        }
        if (tdengine()) {
            TdengineSinks.results(results, tsdb);
        } else if (sqlTsdb != null) {
            sqlTsdb.appResults(results);
            sqlTsdb.metrics(results);
        }
        if (endpointStore != null) {
            endpointStore.endpointDrift(results);
        }
    }

    @Override
    public void activity(DataStream<EndpointActivity> activity) {
        boolean written = false;
        if (tdengine()) {
            TdengineSinks.predictions(activity, tsdb);
            written = true;
        } else if (sqlTsdb != null) {
            sqlTsdb.predictions(activity);
            written = true;
        }
        if (endpointStore != null) {
            endpointStore.endpointActivity(activity);
            written = true;
        }
        if (!written) {
            DriftlineSinks.super.activity(activity);
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
        if (tdengine()) {
            TdengineSinks.errors(errors, tsdb);
        } else if (sqlTsdb != null) {
            sqlTsdb.errors(errors);
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
