package dev.driftline.job.sources;

import dev.driftline.functions.decode.DecodeResult;
import dev.driftline.functions.decode.DecoderSettings;
import dev.driftline.functions.decode.EventTimePeek;
import dev.driftline.functions.decode.MlrunEventDecoder;
import dev.driftline.functions.model.RawEvent;
import java.util.Objects;
import org.apache.flink.api.common.serialization.DeserializationSchema;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.connector.kafka.source.reader.deserializer.KafkaRecordDeserializationSchema;
import org.apache.flink.util.Collector;
import org.apache.kafka.clients.consumer.ConsumerRecord;

/**
 * Keeps the payload and its Kafka coordinates, and decodes it here once: the event time must be known at the source
 * so that watermarks are generated per partition, and reading the whole event once costs less than a quick look at
 * {@code when} followed by a full parse downstream. The decoded form travels with the event; turning a bad event into
 * a dead letter is left to the decode function (the decoder never throws, so a bad payload cannot fail the source).
 */
public class RawEventDeserializer implements KafkaRecordDeserializationSchema<RawEvent> {
    private static final long serialVersionUID = 1L;

    private final DecoderSettings settings;
    private transient MlrunEventDecoder decoder;

    public RawEventDeserializer(DecoderSettings settings) {
        this.settings = Objects.requireNonNull(settings, "settings");
    }

    @Override
    public void open(DeserializationSchema.InitializationContext context) {
        decoder = new MlrunEventDecoder(settings);
    }

    @Override
    public void deserialize(ConsumerRecord<byte[], byte[]> record, Collector<RawEvent> out) {
        if (decoder == null) {
            decoder = new MlrunEventDecoder(settings);
        }
        RawEvent event = new RawEvent(record.topic(), record.partition(), record.offset(), record.timestamp(), record.value());
        DecodeResult decoded = decoder.decode(record.value(), System.currentTimeMillis());
        event.decoded = decoded;
        // An undecodable event still has a `when` to move the watermark by, if it can be read.
        event.eventTime = decoded.isRecords() ? decoded.records().get(0).timestamp
                : decoded.isError() ? decoded.error().timestamp : EventTimePeek.when(record.value());
        out.collect(event);
    }

    @Override
    public TypeInformation<RawEvent> getProducedType() {
        return TypeInformation.of(RawEvent.class);
    }
}
