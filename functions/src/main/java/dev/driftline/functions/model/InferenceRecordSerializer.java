package dev.driftline.functions.model;

import static dev.driftline.functions.model.RecordFields.cloned;
import static dev.driftline.functions.model.RecordFields.copyLabels;
import static dev.driftline.functions.model.RecordFields.readDoubles;
import static dev.driftline.functions.model.RecordFields.readLabels;
import static dev.driftline.functions.model.RecordFields.readString;
import static dev.driftline.functions.model.RecordFields.readStrings;
import static dev.driftline.functions.model.RecordFields.writeDoubles;
import static dev.driftline.functions.model.RecordFields.writeLabels;
import static dev.driftline.functions.model.RecordFields.writeString;
import static dev.driftline.functions.model.RecordFields.writeStrings;

import java.io.IOException;
import java.lang.reflect.Type;
import java.util.Map;
import java.util.Objects;
import org.apache.flink.api.common.typeinfo.TypeInfoFactory;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeutils.SimpleTypeSerializerSnapshot;
import org.apache.flink.api.common.typeutils.TypeSerializerSnapshot;
import org.apache.flink.core.memory.DataInputView;
import org.apache.flink.core.memory.DataOutputView;

/** {@link InferenceRecord}'s serializer: every decoded row crosses to enrichment (a forward channel) through it. */
public final class InferenceRecordSerializer extends RecordSerializer<InferenceRecord> {
    private static final long serialVersionUID = 1L;

    public static final InferenceRecordSerializer INSTANCE = new InferenceRecordSerializer();

    @Override
    public InferenceRecord createInstance() {
        return new InferenceRecord();
    }

    @Override
    public InferenceRecord copy(InferenceRecord from) {
        InferenceRecord r = new InferenceRecord();
        r.endpointId = from.endpointId;
        r.project = from.project;
        r.model = from.model;
        r.functionUri = from.functionUri;
        r.requestId = from.requestId;
        r.timestamp = from.timestamp;
        r.latencyMicros = from.latencyMicros;
        r.inputNumbers = cloned(from.inputNumbers);
        r.inputTexts = cloned(from.inputTexts);
        r.outputNumbers = cloned(from.outputNumbers);
        r.outputTexts = cloned(from.outputTexts);
        r.labels = copyLabels(from.labels);
        r.customMetrics = from.customMetrics;
        r.estimatedPredictionCount = from.estimatedPredictionCount;
        r.effectiveSampleCount = from.effectiveSampleCount;
        r.continuesRequest = from.continuesRequest;
        return r;
    }

    @Override
    public void serialize(InferenceRecord r, DataOutputView out) throws IOException {
        writeString(r.endpointId, out);
        writeString(r.project, out);
        writeString(r.model, out);
        writeString(r.functionUri, out);
        writeRest(r, out);
    }

    /** Everything after the identity fields. */
    private static void writeRest(InferenceRecord r, DataOutputView out) throws IOException {
        writeString(r.requestId, out);
        out.writeLong(r.timestamp);
        out.writeDouble(r.latencyMicros);
        writeDoubles(r.inputNumbers, out);
        writeStrings(r.inputTexts, out);
        writeDoubles(r.outputNumbers, out);
        writeStrings(r.outputTexts, out);
        writeLabels(r.labels, out);
        writeString(r.customMetrics, out);
        out.writeDouble(r.estimatedPredictionCount);
        out.writeInt(r.effectiveSampleCount);
        out.writeBoolean(r.continuesRequest);
    }

    @Override
    public InferenceRecord deserialize(DataInputView in) throws IOException {
        InferenceRecord r = new InferenceRecord();
        r.endpointId = readString(in);
        r.project = readString(in);
        r.model = readString(in);
        r.functionUri = readString(in);
        readRest(r, in);
        return r;
    }

    private static void readRest(InferenceRecord r, DataInputView in) throws IOException {
        r.requestId = readString(in);
        r.timestamp = in.readLong();
        r.latencyMicros = in.readDouble();
        r.inputNumbers = readDoubles(in);
        r.inputTexts = readStrings(in);
        r.outputNumbers = readDoubles(in);
        r.outputTexts = readStrings(in);
        r.labels = readLabels(in);
        r.customMetrics = readString(in);
        r.estimatedPredictionCount = in.readDouble();
        r.effectiveSampleCount = in.readInt();
        r.continuesRequest = in.readBoolean();
    }

    /** {@link #serializeInRun} flags: the field is the previous row's. */
    private static final int SAME_ENDPOINT = 1;
    private static final int SAME_PROJECT = 1 << 1;
    private static final int SAME_MODEL = 1 << 2;
    private static final int SAME_FUNCTION = 1 << 3;

    /**
     * Writes a row of an {@link EndpointRun}: as {@link #serialize}, except that the endpoint, project, model and
     * function of {@code previous} (the run's row before it, or null for its first) are not written again — the rows
     * of a run nearly always share them, and they were most of a row's strings. A flag byte says which were left out.
     * Read back with {@link #deserializeInRun}, row after row.
     */
    public void serializeInRun(InferenceRecord r, InferenceRecord previous, DataOutputView out) throws IOException {
        int same = 0;
        if (previous != null) {
            same |= Objects.equals(r.endpointId, previous.endpointId) ? SAME_ENDPOINT : 0;
            same |= Objects.equals(r.project, previous.project) ? SAME_PROJECT : 0;
            same |= Objects.equals(r.model, previous.model) ? SAME_MODEL : 0;
            same |= Objects.equals(r.functionUri, previous.functionUri) ? SAME_FUNCTION : 0;
        }
        out.writeByte(same);
        if ((same & SAME_ENDPOINT) == 0) {
            writeString(r.endpointId, out);
        }
        if ((same & SAME_PROJECT) == 0) {
            writeString(r.project, out);
        }
        if ((same & SAME_MODEL) == 0) {
            writeString(r.model, out);
        }
        if ((same & SAME_FUNCTION) == 0) {
            writeString(r.functionUri, out);
        }
        writeRest(r, out);
    }

    /**
     * Reads a row that {@link #serializeInRun} wrote after {@code previous} (the row read before it from the same run,
     * or null for the first). Fields shared with {@code previous} are its very instances, so the rows of a run compare
     * their endpoint by reference.
     */
    public InferenceRecord deserializeInRun(InferenceRecord previous, DataInputView in) throws IOException {
        int same = in.readUnsignedByte();
        if ((same & ~(SAME_ENDPOINT | SAME_PROJECT | SAME_MODEL | SAME_FUNCTION)) != 0) {
            throw new IOException("not a row of a run: unknown flags " + same);
        }
        if (previous == null && same != 0) {
            throw new IOException("the first row of a run refers to a row before it (flags " + same + ")");
        }
        InferenceRecord r = new InferenceRecord();
        r.endpointId = (same & SAME_ENDPOINT) != 0 ? previous.endpointId : readString(in);
        r.project = (same & SAME_PROJECT) != 0 ? previous.project : readString(in);
        r.model = (same & SAME_MODEL) != 0 ? previous.model : readString(in);
        r.functionUri = (same & SAME_FUNCTION) != 0 ? previous.functionUri : readString(in);
        readRest(r, in);
        return r;
    }

    @Override
    public TypeSerializerSnapshot<InferenceRecord> snapshotConfiguration() {
        return new Snapshot();
    }

    /** The serializer has no configuration: its snapshot restores the same singleton. */
    public static final class Snapshot extends SimpleTypeSerializerSnapshot<InferenceRecord> {
        public Snapshot() {
            super(() -> INSTANCE);
        }
    }

    /** Named by {@link InferenceRecord}'s {@code @TypeInfo}. */
    public static final class Factory extends TypeInfoFactory<InferenceRecord> {
        @Override
        public TypeInformation<InferenceRecord> createTypeInfo(Type t, Map<String, TypeInformation<?>> parameters) {
            return new RecordTypeInfo<>(InferenceRecord.class, INSTANCE);
        }
    }
}
