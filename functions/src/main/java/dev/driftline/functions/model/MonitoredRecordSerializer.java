package dev.driftline.functions.model;

import static dev.driftline.functions.model.RecordFields.readDoubles;
import static dev.driftline.functions.model.RecordFields.readInts;
import static dev.driftline.functions.model.RecordFields.readLabels;
import static dev.driftline.functions.model.RecordFields.readString;
import static dev.driftline.functions.model.RecordFields.readStrings;
import static dev.driftline.functions.model.RecordFields.writeDoubles;
import static dev.driftline.functions.model.RecordFields.writeInts;
import static dev.driftline.functions.model.RecordFields.writeLabels;
import static dev.driftline.functions.model.RecordFields.writeString;
import static dev.driftline.functions.model.RecordFields.writeStrings;

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
 * {@link MonitoredRecord}'s serializer. A copy (Flink makes one per chained consumer of the enriched records: the
 * records writer, both pre-aggregations) shares what it refers to: {@link MonitoredRecord#columns}, so the windows and
 * the records writer see the same array for the same layout and compare it by identity, and the value arrays and
 * labels, which enrichment makes afresh for every record and nothing changes afterwards (no function writes into a
 * record it receives; the records writer keeps its own copy as it would with object reuse). Cloning them cost three
 * arrays and a map per consumer and row on the busiest thread.
 */
public final class MonitoredRecordSerializer extends RecordSerializer<MonitoredRecord> {
    private static final long serialVersionUID = 1L;

    public static final MonitoredRecordSerializer INSTANCE = new MonitoredRecordSerializer();

    @Override
    public MonitoredRecord createInstance() {
        return new MonitoredRecord();
    }

    @Override
    public MonitoredRecord copy(MonitoredRecord from) {
        MonitoredRecord r = new MonitoredRecord();
        r.endpointId = from.endpointId;
        r.project = from.project;
        r.requestId = from.requestId;
        r.timestamp = from.timestamp;
        r.latencyMicros = from.latencyMicros;
        r.columns = from.columns;
        r.featureCount = from.featureCount;
        r.numbers = from.numbers;
        r.texts = from.texts;
        r.bins = from.bins;
        r.definitionVersion = from.definitionVersion;
        r.definitionOffset = from.definitionOffset;
        r.labels = from.labels;
        r.customMetrics = from.customMetrics;
        r.estimatedPredictionCount = from.estimatedPredictionCount;
        r.effectiveSampleCount = from.effectiveSampleCount;
        r.continuesRequest = from.continuesRequest;
        return r;
    }

    @Override
    public void serialize(MonitoredRecord r, DataOutputView out) throws IOException {
        writeString(r.endpointId, out);
        writeString(r.project, out);
        writeString(r.requestId, out);
        out.writeLong(r.timestamp);
        out.writeDouble(r.latencyMicros);
        writeStrings(r.columns, out);
        out.writeInt(r.featureCount);
        writeDoubles(r.numbers, out);
        writeStrings(r.texts, out);
        writeInts(r.bins, out);
        out.writeLong(r.definitionVersion);
        out.writeLong(r.definitionOffset);
        writeLabels(r.labels, out);
        writeString(r.customMetrics, out);
        out.writeDouble(r.estimatedPredictionCount);
        out.writeInt(r.effectiveSampleCount);
        out.writeBoolean(r.continuesRequest);
    }

    @Override
    public MonitoredRecord deserialize(DataInputView in) throws IOException {
        MonitoredRecord r = new MonitoredRecord();
        r.endpointId = readString(in);
        r.project = readString(in);
        r.requestId = readString(in);
        r.timestamp = in.readLong();
        r.latencyMicros = in.readDouble();
        r.columns = readStrings(in);
        r.featureCount = in.readInt();
        r.numbers = readDoubles(in);
        r.texts = readStrings(in);
        r.bins = readInts(in);
        r.definitionVersion = in.readLong();
        r.definitionOffset = in.readLong();
        r.labels = readLabels(in);
        r.customMetrics = readString(in);
        r.estimatedPredictionCount = in.readDouble();
        r.effectiveSampleCount = in.readInt();
        r.continuesRequest = in.readBoolean();
        return r;
    }

    @Override
    public TypeSerializerSnapshot<MonitoredRecord> snapshotConfiguration() {
        return new Snapshot();
    }

    /** The serializer has no configuration: its snapshot restores the same singleton. */
    public static final class Snapshot extends SimpleTypeSerializerSnapshot<MonitoredRecord> {
        public Snapshot() {
            super(() -> INSTANCE);
        }
    }

    /** Named by {@link MonitoredRecord}'s {@code @TypeInfo}. */
    public static final class Factory extends TypeInfoFactory<MonitoredRecord> {
        @Override
        public TypeInformation<MonitoredRecord> createTypeInfo(Type t, Map<String, TypeInformation<?>> parameters) {
            return new RecordTypeInfo<>(MonitoredRecord.class, INSTANCE);
        }
    }
}
