package dev.driftline.sinks.kafka;

import com.fasterxml.jackson.databind.JsonNode;
import dev.driftline.functions.model.AlertEvent;
import dev.driftline.functions.model.AppNotice;
import dev.driftline.functions.model.DeadLetter;
import dev.driftline.functions.model.MonitoringResult;
import java.nio.charset.StandardCharsets;
import java.util.Properties;
import org.apache.flink.api.common.serialization.SerializationSchema;
import org.apache.flink.connector.base.DeliveryGuarantee;
import org.apache.flink.connector.kafka.sink.KafkaRecordSerializationSchema;
import org.apache.flink.connector.kafka.sink.KafkaSink;

/**
 * Kafka sinks of the writer. Results, alerts and notices are exactly-once (transactional, committed on checkpoint;
 * readers use {@code isolation.level=read_committed}); records are keyed by endpoint id (alerts by entity id) so that
 * one endpoint's records stay in order within a partition.
 */
public final class KafkaSinks {
    /**
     * How long a transaction may stay open before the broker aborts it; overridable with the client property
     * {@code transaction.timeout.ms}. The broker's default maximum, 15 min: the longest a job may take to fail over and
     * commit what its last checkpoint left pending. A transaction stays open until the checkpoint after it completes,
     * so checkpoints that fail in a row must not outlast it either (the configuration checks this): a commit the broker
     * has already aborted loses that checkpoint's output.
     */
    public static final long TRANSACTION_TIMEOUT_MS = 15 * 60 * 1000L;
    /**
     * Producer batching: every new batch opens an LZ4 frame with two 64 KiB buffers (≈ 10 µs), and results leave an
     * application a few at a time, so with the client's 5 ms linger nearly every batch held a handful of records.
     * Transactional outputs are invisible until the checkpoint commits them (and a checkpoint flushes the producer),
     * so waiting up to 100 ms to fill batches delays nothing a reader sees; the at-least-once outputs (dead letters,
     * delivery outcomes) wait at most that long.
     */
    static final String LINGER_MS = "100";
    static final String BATCH_BYTES = String.valueOf(256 * 1024);

    private KafkaSinks() {}

    public static KafkaSink<MonitoringResult> results(KafkaSettings kafka, String topic, String transactionalIdPrefix) {
        return build(kafka, topic, transactionalIdPrefix, DeliveryGuarantee.EXACTLY_ONCE, new ResultKey(), new ResultValue());
    }

    public static KafkaSink<AlertEvent> alerts(KafkaSettings kafka, String topic, String transactionalIdPrefix) {
        return build(kafka, topic, transactionalIdPrefix, DeliveryGuarantee.EXACTLY_ONCE, new AlertKey(), new AlertValue());
    }

    public static KafkaSink<AppNotice> notices(KafkaSettings kafka, String topic, String transactionalIdPrefix) {
        return build(kafka, topic, transactionalIdPrefix, DeliveryGuarantee.EXACTLY_ONCE, new NoticeKey(), new NoticeValue());
    }

    public static KafkaSink<dev.driftline.functions.alerts.FiredAlert> firedAlerts(KafkaSettings kafka, String topic, String transactionalIdPrefix) {
        return build(kafka, topic, transactionalIdPrefix, DeliveryGuarantee.EXACTLY_ONCE, new FiredAlertKey(), new FiredAlertValue());
    }

    /** Delivery outcomes are an audit trail: at-least-once. */
    public static KafkaSink<dev.driftline.functions.alerts.DeliveryOutcome> deliveryOutcomes(KafkaSettings kafka, String topic) {
        return build(kafka, topic, null, DeliveryGuarantee.AT_LEAST_ONCE, new OutcomeKey(), new OutcomeValue());
    }

    /** Dead letters are at-least-once: a rare duplicate after a restart is harmless, a lost one is not. */
    public static KafkaSink<DeadLetter> deadLetters(KafkaSettings kafka, String topic) {
        return build(kafka, topic, null, DeliveryGuarantee.AT_LEAST_ONCE, new DeadLetterKey(), new DeadLetterValue());
    }

    private static <T> KafkaSink<T> build(KafkaSettings kafka, String topic, String transactionalIdPrefix,
                                          DeliveryGuarantee guarantee, SerializationSchema<T> key,
                                          SerializationSchema<T> value) {
        Properties props = kafka.properties();
        props.putIfAbsent("transaction.timeout.ms", String.valueOf(TRANSACTION_TIMEOUT_MS));
        props.putIfAbsent("compression.type", "lz4");
        props.putIfAbsent("linger.ms", LINGER_MS);
        props.putIfAbsent("batch.size", BATCH_BYTES);
        var builder = KafkaSink.<T>builder()
                .setBootstrapServers(kafka.bootstrapServers())
                .setKafkaProducerConfig(props)
                .setDeliveryGuarantee(guarantee)
                .setRecordSerializer(KafkaRecordSerializationSchema.<T>builder()
                        .setTopic(topic)
                        .setKeySerializationSchema(key)
                        .setValueSerializationSchema(value)
                        .build());
        if (transactionalIdPrefix != null) {
            builder.setTransactionalIdPrefix(transactionalIdPrefix);
        }
        return builder.build();
    }

    // Named classes rather than lambdas: the connector infers the record type from the schema's class.

    abstract static class Json<T> implements SerializationSchema<T> {
        abstract JsonNode toJson(T element);

        @Override
        public byte[] serialize(T element) {
            return JsonRecords.bytes(toJson(element));
        }
    }

    abstract static class Key<T> implements SerializationSchema<T> {
        abstract String key(T element);

        @Override
        public byte[] serialize(T element) {
            String k = key(element);
            return k == null ? null : k.getBytes(StandardCharsets.UTF_8);
        }
    }

    static final class ResultValue extends Json<MonitoringResult> {
        @Override
        JsonNode toJson(MonitoringResult r) {
            return JsonRecords.result(r);
        }
    }

    static final class ResultKey extends Key<MonitoringResult> {
        @Override
        String key(MonitoringResult r) {
            return r.endpointId;
        }
    }

    static final class AlertValue extends Json<AlertEvent> {
        @Override
        JsonNode toJson(AlertEvent e) {
            return JsonRecords.alert(e);
        }
    }

    static final class AlertKey extends Key<AlertEvent> {
        @Override
        String key(AlertEvent e) {
            return e.entityId;
        }
    }

    static final class NoticeValue extends Json<AppNotice> {
        @Override
        JsonNode toJson(AppNotice n) {
            return JsonRecords.notice(n);
        }
    }

    static final class NoticeKey extends Key<AppNotice> {
        @Override
        String key(AppNotice n) {
            return n.endpointId;
        }
    }

    static final class DeadLetterValue extends Json<DeadLetter> {
        @Override
        JsonNode toJson(DeadLetter d) {
            return JsonRecords.deadLetter(d);
        }
    }

    static final class DeadLetterKey extends Key<DeadLetter> {
        @Override
        String key(DeadLetter d) {
            return d.topic + "-" + d.partition;
        }
    }

    static final class FiredAlertValue extends Json<dev.driftline.functions.alerts.FiredAlert> {
        @Override
        JsonNode toJson(dev.driftline.functions.alerts.FiredAlert a) {
            return JsonRecords.firedAlert(a);
        }
    }

    static final class FiredAlertKey extends Key<dev.driftline.functions.alerts.FiredAlert> {
        @Override
        String key(dev.driftline.functions.alerts.FiredAlert a) {
            return a.alert + "|" + a.entity;
        }
    }

    static final class OutcomeValue extends Json<dev.driftline.functions.alerts.DeliveryOutcome> {
        @Override
        JsonNode toJson(dev.driftline.functions.alerts.DeliveryOutcome o) {
            return JsonRecords.deliveryOutcome(o);
        }
    }

    static final class OutcomeKey extends Key<dev.driftline.functions.alerts.DeliveryOutcome> {
        @Override
        String key(dev.driftline.functions.alerts.DeliveryOutcome o) {
            return o.idempotencyKey;
        }
    }
}
