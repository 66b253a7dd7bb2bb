package dev.driftline.job.sources;

import dev.driftline.functions.decode.EventTimePeek;
import dev.driftline.functions.model.RawEvent;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.connector.kafka.source.reader.deserializer.KafkaRecordDeserializationSchema;
import org.apache.flink.util.Collector;
import org.apache.kafka.clients.consumer.ConsumerRecord;

/**
 * Keeps the payload and its Kafka coordinates, and peeks at its {@code when} so that watermarks are generated per
 * partition at the source; full parsing happens downstream so a bad event can be dead-lettered.
 */
public class RawEventDeserializer implements KafkaRecordDeserializationSchema<RawEvent> {
    private static final long serialVersionUID = 1L;

    @Override
    public void deserialize(ConsumerRecord<byte[], byte[]> record, Collector<RawEvent> out) {
        RawEvent event = new RawEvent(record.topic(), record.partition(), record.offset(), record.timestamp(), record.value());
        event.eventTime = EventTimePeek.when(record.value());
        out.collect(event);
    }

    @Override
    public TypeInformation<RawEvent> getProducedType() {
        return TypeInformation.of(RawEvent.class);
    }
}
