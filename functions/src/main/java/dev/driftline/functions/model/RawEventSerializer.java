package dev.driftline.functions.model;

import static dev.driftline.functions.model.RecordFields.readString;
import static dev.driftline.functions.model.RecordFields.writeString;

import java.io.IOException;
import java.lang.reflect.Type;
import java.util.Map;
import org.apache.flink.api.common.typeinfo.TypeInfoFactory;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeutils.SimpleTypeSerializerSnapshot;
import org.apache.flink.api.common.typeutils.TypeSerializerSnapshot;
import org.apache.flink.core.memory.DataInputView;
import org.apache.flink.core.memory.DataOutputView;

/**
 * {@link RawEvent}'s serializer. A copy (the event is copied from the source into the chained decoder) shares the
 * payload bytes and the decoded form, which nothing changes after the source made them; the wire form carries the
 * Kafka record only, the receiver decodes again.
 */
public final class RawEventSerializer extends RecordSerializer<RawEvent> {
    private static final long serialVersionUID = 1L;

    public static final RawEventSerializer INSTANCE = new RawEventSerializer();

    @Override
    public RawEvent createInstance() {
        return new RawEvent();
    }

    @Override
    public RawEvent copy(RawEvent from) {
        RawEvent e = new RawEvent(from.topic, from.partition, from.offset, from.kafkaTimestamp, from.value);
        e.eventTime = from.eventTime;
        e.decoded = from.decoded;
        return e;
    }

    @Override
    public void serialize(RawEvent e, DataOutputView out) throws IOException {
        writeString(e.topic, out);
        out.writeInt(e.partition);
        out.writeLong(e.offset);
        out.writeLong(e.kafkaTimestamp);
        out.writeLong(e.eventTime);
        if (e.value == null) {
            out.writeInt(-1);
        } else {
            out.writeInt(e.value.length);
            out.write(e.value);
        }
    }

    @Override
    public RawEvent deserialize(DataInputView in) throws IOException {
        RawEvent e = new RawEvent();
        e.topic = readString(in);
        e.partition = in.readInt();
        e.offset = in.readLong();
        e.kafkaTimestamp = in.readLong();
        e.eventTime = in.readLong();
        int length = in.readInt();
        if (length >= 0) {
            e.value = new byte[length];
            in.readFully(e.value);
        }
        return e;
    }

    @Override
    public TypeSerializerSnapshot<RawEvent> snapshotConfiguration() {
        return new Snapshot();
    }

    /** The serializer has no configuration: its snapshot restores the same singleton. */
    public static final class Snapshot extends SimpleTypeSerializerSnapshot<RawEvent> {
        public Snapshot() {
            super(() -> INSTANCE);
        }
    }

    /** Named by {@link RawEvent}'s {@code @TypeInfo}. */
    public static final class Factory extends TypeInfoFactory<RawEvent> {
        @Override
        public TypeInformation<RawEvent> createTypeInfo(Type t, Map<String, TypeInformation<?>> parameters) {
            return new RecordTypeInfo<>(RawEvent.class, INSTANCE);
        }
    }
}
