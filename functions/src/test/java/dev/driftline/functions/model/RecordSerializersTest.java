package dev.driftline.functions.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.driftline.functions.decode.DecodeResult;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.apache.flink.api.common.ExecutionConfig;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeutils.TypeSerializer;
import org.apache.flink.api.common.typeutils.TypeSerializerSnapshot;
import org.apache.flink.core.memory.DataInputDeserializer;
import org.apache.flink.core.memory.DataOutputSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The hand-written serializers of the per-row types. Every public field is filled by reflection, so a field added to
 * a type but forgotten in its serializer fails here.
 */
class RecordSerializersTest {

    @ParameterizedTest
    @ValueSource(classes = {MonitoredRecord.class, InferenceRecord.class, RawEvent.class, EndpointRun.class})
    void everyFieldSurvivesSerializationAndCopy(Class<?> type) throws Exception {
        TypeSerializer<Object> serializer = serializerOf(type);
        for (Object value : List.of(filled(type, 1), filled(type, 2), empty(type))) {
            Object back = roundTrip(serializer, value);
            assertSameFields(type, value, back);

            Object copy = serializer.copy(value);
            assertSameFields(type, value, copy);
            for (Field f : fields(type)) {
                Object v = f.get(value);
                if (v != null && (v.getClass().isArray() || v instanceof Map)) {
                    if (SHARED_BY_COPIES.getOrDefault(type, java.util.Set.of()).contains(f.getName())) {
                        assertThat(f.get(copy)).as("%s.%s is shared", type.getSimpleName(), f.getName()).isSameAs(v);
                    } else {
                        assertThat(f.get(copy)).as("%s.%s is copied, not shared", type.getSimpleName(), f.getName()).isNotSameAs(v);
                    }
                }
            }
            // copy(DataInputView, DataOutputView) passes the bytes through unchanged.
            DataOutputSerializer first = new DataOutputSerializer(64);
            serializer.serialize(value, first);
            DataOutputSerializer second = new DataOutputSerializer(64);
            serializer.copy(new DataInputDeserializer(first.getCopyOfBuffer()), second);
            assertThat(second.getCopyOfBuffer()).isEqualTo(first.getCopyOfBuffer());
        }
    }

    @ParameterizedTest
    @ValueSource(classes = {MonitoredRecord.class, InferenceRecord.class, RawEvent.class, EndpointRun.class})
    void flinkUsesTheHandWrittenSerializerAndItsSnapshotRestoresIt(Class<?> type) throws Exception {
        TypeSerializer<Object> serializer = serializerOf(type);
        assertThat(serializer).isInstanceOfAny(MonitoredRecordSerializer.class, InferenceRecordSerializer.class,
                RawEventSerializer.class, EndpointRunSerializer.class);
        TypeSerializerSnapshot<Object> snapshot = serializer.snapshotConfiguration();
        DataOutputSerializer out = new DataOutputSerializer(64);
        TypeSerializerSnapshot.writeVersionedSnapshot(out, snapshot);
        TypeSerializerSnapshot<Object> read = TypeSerializerSnapshot.readVersionedSnapshot(
                new DataInputDeserializer(out.getCopyOfBuffer()), getClass().getClassLoader());
        assertThat(read.restoreSerializer()).isSameAs(serializer);
        assertThat(serializer.snapshotConfiguration().resolveSchemaCompatibility(read).isCompatibleAsIs()).isTrue();
    }

    /** Windows and the records writer compare a copy's column names by identity: the copy keeps the array. */
    @ParameterizedTest
    @ValueSource(classes = {MonitoredRecord.class})
    void aCopySharesTheColumnNames(Class<?> type) throws Exception {
        MonitoredRecord r = (MonitoredRecord) filled(type, 3);
        assertThat(MonitoredRecordSerializer.INSTANCE.copy(r).columns).isSameAs(r.columns);
    }

    /** The source's decoded form goes with a copy to the chained decode function, but never over the wire. */
    @Test
    void aRawEventsCopySharesItsPayloadAndDecodedFormWhichTheWireFormLeavesOut() throws Exception {
        RawEvent e = (RawEvent) filled(RawEvent.class, 4);
        e.decoded = DecodeResult.failure("not JSON");
        RawEvent copy = RawEventSerializer.INSTANCE.copy(e);
        assertThat(copy.value).isSameAs(e.value);
        assertThat(copy.decoded).isSameAs(e.decoded);
        RawEvent back = (RawEvent) roundTrip(serializerOf(RawEvent.class), e);
        assertThat(back.decoded).isNull();
        assertThat(back.value).isEqualTo(e.value).isNotSameAs(e.value);
        RawEvent noPayload = new RawEvent("t", 0, 1L, 2L, null);
        assertThat(((RawEvent) roundTrip(serializerOf(RawEvent.class), noPayload)).value).isNull();
    }

    /**
     * Rows of a run leave out the identity fields they share with the row before: every field still comes back, each
     * row's own where it differs (null included), the previous row's instance where it is the same; and the shorter
     * form is what makes it worth it.
     */
    @Test
    void rowsOfARunLeaveOutWhatTheyShareWithThePreviousRow() throws Exception {
        InferenceRecord first = (InferenceRecord) filled(InferenceRecord.class, 1);
        InferenceRecord same = (InferenceRecord) filled(InferenceRecord.class, 2);
        same.endpointId = new String(first.endpointId); // equal, not the same instance: as decoding makes them
        same.project = new String(first.project);
        same.model = new String(first.model);
        same.functionUri = new String(first.functionUri);
        InferenceRecord other = (InferenceRecord) filled(InferenceRecord.class, 3);
        other.endpointId = same.endpointId;
        other.project = null; // differs from the previous row's project by being null
        InferenceRecord afterNull = (InferenceRecord) filled(InferenceRecord.class, 4);
        afterNull.project = null; // the same null as before: left out
        List<InferenceRecord> rows = List.of(first, same, other, afterNull);

        DataOutputSerializer out = new DataOutputSerializer(64);
        InferenceRecord previous = null;
        for (InferenceRecord r : rows) {
            InferenceRecordSerializer.INSTANCE.serializeInRun(r, previous, out);
            previous = r;
        }
        DataOutputSerializer plain = new DataOutputSerializer(64);
        for (InferenceRecord r : rows) {
            InferenceRecordSerializer.INSTANCE.serialize(r, plain);
        }
        assertThat(out.length()).isLessThan(plain.length() - 3 * first.endpointId.length());

        DataInputDeserializer in = new DataInputDeserializer(out.getCopyOfBuffer());
        List<InferenceRecord> back = new java.util.ArrayList<>();
        previous = null;
        for (int i = 0; i < rows.size(); i++) {
            previous = InferenceRecordSerializer.INSTANCE.deserializeInRun(previous, in);
            back.add(previous);
        }
        assertThat(in.available()).isZero();
        for (int i = 0; i < rows.size(); i++) {
            assertSameFields(InferenceRecord.class, rows.get(i), back.get(i));
        }
        assertThat(back.get(1).endpointId).isSameAs(back.get(0).endpointId);
        assertThat(back.get(1).functionUri).isSameAs(back.get(0).functionUri);
        assertThat(back.get(2).endpointId).isSameAs(back.get(0).endpointId);
        assertThat(back.get(2).model).isNotEqualTo(back.get(1).model);
        assertThat(back.get(3).project).isNull();

        // A run's first row cannot refer to a row before it: corrupt input is an error, not a silent null.
        DataOutputSerializer bad = new DataOutputSerializer(64);
        InferenceRecordSerializer.INSTANCE.serializeInRun(same, first, bad);
        assertThatThrownBy(() -> InferenceRecordSerializer.INSTANCE.deserializeInRun(null,
                new DataInputDeserializer(bad.getCopyOfBuffer()))).isInstanceOf(java.io.IOException.class);
        assertThatThrownBy(() -> InferenceRecordSerializer.INSTANCE.deserializeInRun(first,
                new DataInputDeserializer(new byte[] {0x10}))).hasMessageContaining("unknown flags 16");
    }

    /** What a copy shares on purpose, per type: never changed once the record is emitted. */
    private static final Map<Class<?>, java.util.Set<String>> SHARED_BY_COPIES = Map.of(
            MonitoredRecord.class, java.util.Set.of("columns", "numbers", "texts", "bins", "labels"),
            RawEvent.class, java.util.Set.of("value"),
            EndpointRun.class, java.util.Set.of("bytes"));

    @SuppressWarnings("unchecked")
    private static TypeSerializer<Object> serializerOf(Class<?> type) {
        return (TypeSerializer<Object>) TypeInformation.of(type).createSerializer(new ExecutionConfig().getSerializerConfig());
    }

    private static Object roundTrip(TypeSerializer<Object> serializer, Object value) throws Exception {
        DataOutputSerializer out = new DataOutputSerializer(64);
        serializer.serialize(value, out);
        serializer.serialize(value, out); // two in a row: each read must stop at its own end
        DataInputDeserializer in = new DataInputDeserializer(out.getCopyOfBuffer());
        Object first = serializer.deserialize(in);
        assertSameFields(value.getClass(), value, first);
        Object second = serializer.deserialize(serializer.createInstance(), in);
        assertThat(in.available()).isZero();
        return second;
    }

    private static List<Field> fields(Class<?> type) {
        // Transient fields are not part of the wire form (RawEvent.decoded, tested on its own).
        return java.util.Arrays.stream(type.getFields())
                .filter(f -> !Modifier.isStatic(f.getModifiers()) && !Modifier.isTransient(f.getModifiers())).toList();
    }

    /** Every field set to a value that differs per field and per {@code seed} (nulls inside arrays and maps too). */
    private static Object filled(Class<?> type, int seed) throws Exception {
        Object o = type.getConstructor().newInstance();
        int k = seed * 100;
        for (Field f : fields(type)) {
            k++;
            Class<?> t = f.getType();
            String tag = f.getName() + "-" + k;
            if (t == String.class) {
                f.set(o, tag + "-ü€");
            } else if (t == long.class) {
                f.setLong(o, 1_795_662_000_000L + k);
            } else if (t == double.class) {
                f.setDouble(o, k + 0.25);
            } else if (t == int.class) {
                f.setInt(o, k);
            } else if (t == boolean.class) {
                f.setBoolean(o, true); // the default is false
            } else if (t == double[].class) {
                f.set(o, new double[] {k, Double.NaN, -0.0, Double.MAX_VALUE});
            } else if (t == byte[].class) {
                f.set(o, tag.getBytes(java.nio.charset.StandardCharsets.UTF_8));
            } else if (t == int[].class) {
                f.set(o, new int[] {k, -1, -2});
            } else if (t == String[].class) {
                f.set(o, new String[] {tag, null, ""});
            } else if (t == Map.class) {
                Map<String, String> m = new HashMap<>();
                m.put("team", tag);
                m.put("empty", null);
                f.set(o, m);
            } else {
                throw new AssertionError("no test value for " + type.getSimpleName() + "." + f.getName() + " of " + t);
            }
        }
        return o;
    }

    private static Object empty(Class<?> type) throws Exception {
        Object o = type.getConstructor().newInstance();
        for (Field f : fields(type)) {
            if (f.getType() == double.class) {
                f.setDouble(o, Double.NaN);
            }
        }
        return o;
    }

    private static void assertSameFields(Class<?> type, Object expected, Object actual) throws Exception {
        for (Field f : fields(type)) {
            assertThat(Objects.deepEquals(f.get(expected), f.get(actual)))
                    .as("%s.%s: %s vs %s", type.getSimpleName(), f.getName(), f.get(expected), f.get(actual)).isTrue();
        }
    }
}
