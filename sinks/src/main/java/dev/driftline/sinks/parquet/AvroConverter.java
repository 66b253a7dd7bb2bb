package dev.driftline.sinks.parquet;

import java.io.Serializable;
import org.apache.avro.generic.GenericRecord;

/** Turns one stream element into an Avro record of a fixed schema; must be serialisable (shipped with the sink). */
@FunctionalInterface
public interface AvroConverter<T> extends Serializable {
    GenericRecord toAvro(T element);
}
