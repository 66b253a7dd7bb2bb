package dev.driftline.functions.model;

import java.io.IOException;
import java.lang.reflect.Type;
import java.util.Map;
import org.apache.flink.api.common.typeinfo.TypeInfoFactory;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeutils.SimpleTypeSerializerSnapshot;
import org.apache.flink.api.common.typeutils.TypeSerializerSnapshot;
import org.apache.flink.core.memory.DataInputView;
import org.apache.flink.core.memory.DataOutputView;

/** {@link EndpointRun}'s serializer: the run's rows cross the forward channel to enrichment as one block of bytes. */
public final class EndpointRunSerializer extends RecordSerializer<EndpointRun> {
    private static final long serialVersionUID = 1L;

    public static final EndpointRunSerializer INSTANCE = new EndpointRunSerializer();

    @Override
    public EndpointRun createInstance() {
        return new EndpointRun();
    }

    /** The bytes are never changed once the run is built: a copy shares them. */
    @Override
    public EndpointRun copy(EndpointRun from) {
        return new EndpointRun(from.endpointId, from.rows, from.bytes);
    }

    @Override
    public void serialize(EndpointRun run, DataOutputView out) throws IOException {
        RecordFields.writeString(run.endpointId, out);
        out.writeInt(run.rows);
        if (run.bytes == null) {
            out.writeInt(-1);
        } else {
            out.writeInt(run.bytes.length);
            out.write(run.bytes);
        }
    }

    @Override
    public EndpointRun deserialize(DataInputView in) throws IOException {
        String endpointId = RecordFields.readString(in);
        int rows = in.readInt();
        int length = in.readInt();
        byte[] bytes = null;
        if (length >= 0) {
            bytes = new byte[length];
            in.readFully(bytes);
        }
        return new EndpointRun(endpointId, rows, bytes);
    }

    @Override
    public TypeSerializerSnapshot<EndpointRun> snapshotConfiguration() {
        return new Snapshot();
    }

    /** The serializer has no configuration: its snapshot restores the same singleton. */
    public static final class Snapshot extends SimpleTypeSerializerSnapshot<EndpointRun> {
        public Snapshot() {
            super(() -> INSTANCE);
        }
    }

    /** Named by {@link EndpointRun}'s {@code @TypeInfo}. */
    public static final class Factory extends TypeInfoFactory<EndpointRun> {
        @Override
        public TypeInformation<EndpointRun> createTypeInfo(Type t, Map<String, TypeInformation<?>> parameters) {
            return new RecordTypeInfo<>(EndpointRun.class, INSTANCE);
        }
    }
}
