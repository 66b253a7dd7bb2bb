package dev.driftline.sinks.kafka;

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
 * Kafka sinks of the writer. Results and alerts are exactly-once (transactional, committed on checkpoint; readers
 * use {@code isolation.level=read_committed}); every record is keyed by endpoint id so an endpoint's records stay in
 * order within a partition.
 */
public final class KafkaSinks {
    /** Well above checkpoint interval + restart time, and within the broker's default 15 min maximum. */
    static final String TRANSACTION_TIMEOUT_MS = String.valueOf(10 * 60 * 1000);

    private KafkaSinks() {}

    public static KafkaSink<MonitoringResult> results(KafkaSettings kafka, String topic, String transactionalIdPrefix) {
        return build(kafka, topic, transactionalIdPrefix, DeliveryGuarantee.EXACTLY_ONCE,
                r -> key(r.endpointId), r -> JsonRecords.bytes(JsonRecords.result(r)));
    }

    public static KafkaSink<AlertEvent> alerts(KafkaSettings kafka, String topic, String transactionalIdPrefix) {
        return build(kafka, topic, transactionalIdPrefix, DeliveryGuarantee.EXACTLY_ONCE,
                e -> key(e.entityId), e -> JsonRecords.bytes(JsonRecords.alert(e)));
    }

    public static KafkaSink<AppNotice> notices(KafkaSettings kafka, String topic, String transactionalIdPrefix) {
        return build(kafka, topic, transactionalIdPrefix, DeliveryGuarantee.EXACTLY_ONCE,
                n -> key(n.endpointId), n -> JsonRecords.bytes(JsonRecords.notice(n)));
    }

    /** Dead letters are at-least-once: a rare duplicate after a restart is harmless, a lost one is not. */
    public static KafkaSink<DeadLetter> deadLetters(KafkaSettings kafka, String topic) {
        return build(kafka, topic, null, DeliveryGuarantee.AT_LEAST_ONCE,
                d -> key(d.topic + "-" + d.partition), d -> JsonRecords.bytes(JsonRecords.deadLetter(d)));
    }

    private static byte[] key(String s) {
        return s == null ? null : s.getBytes(StandardCharsets.UTF_8);
    }

    private static <T> KafkaSink<T> build(KafkaSettings kafka, String topic, String transactionalIdPrefix,
                                          DeliveryGuarantee guarantee, SerializationSchema<T> key,
                                          SerializationSchema<T> value) {
        Properties props = kafka.properties();
        props.putIfAbsent("transaction.timeout.ms", TRANSACTION_TIMEOUT_MS);
        props.putIfAbsent("compression.type", "lz4");
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
}
