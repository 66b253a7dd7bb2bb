package dev.driftline.functions.model;

import java.io.IOException;
import java.util.HashMap;
import java.util.Map;
import org.apache.flink.core.memory.DataInputView;
import org.apache.flink.core.memory.DataOutputView;
import org.apache.flink.types.StringValue;

/** The field encodings the per-row serializers share: nullable strings, arrays and label maps. */
final class RecordFields {
    private RecordFields() {}

    static void writeString(String s, DataOutputView out) throws IOException {
        StringValue.writeString(s, out); // null-safe
    }

    static String readString(DataInputView in) throws IOException {
        return StringValue.readString(in);
    }

    static void writeDoubles(double[] values, DataOutputView out) throws IOException {
        if (values == null) {
            out.writeInt(-1);
            return;
        }
        out.writeInt(values.length);
        for (double v : values) {
            out.writeDouble(v);
        }
    }

    static double[] readDoubles(DataInputView in) throws IOException {
        int n = in.readInt();
        if (n < 0) {
            return null;
        }
        double[] values = new double[n];
        for (int i = 0; i < n; i++) {
            values[i] = in.readDouble();
        }
        return values;
    }

    static void writeInts(int[] values, DataOutputView out) throws IOException {
        if (values == null) {
            out.writeInt(-1);
            return;
        }
        out.writeInt(values.length);
        for (int v : values) {
            out.writeInt(v);
        }
    }

    static int[] readInts(DataInputView in) throws IOException {
        int n = in.readInt();
        if (n < 0) {
            return null;
        }
        int[] values = new int[n];
        for (int i = 0; i < n; i++) {
            values[i] = in.readInt();
        }
        return values;
    }

    static void writeStrings(String[] values, DataOutputView out) throws IOException {
        if (values == null) {
            out.writeInt(-1);
            return;
        }
        out.writeInt(values.length);
        for (String v : values) {
            writeString(v, out);
        }
    }

    static String[] readStrings(DataInputView in) throws IOException {
        int n = in.readInt();
        if (n < 0) {
            return null;
        }
        String[] values = new String[n];
        for (int i = 0; i < n; i++) {
            values[i] = readString(in);
        }
        return values;
    }

    static void writeLabels(Map<String, String> labels, DataOutputView out) throws IOException {
        if (labels == null) {
            out.writeInt(-1);
            return;
        }
        out.writeInt(labels.size());
        for (Map.Entry<String, String> e : labels.entrySet()) {
            writeString(e.getKey(), out);
            writeString(e.getValue(), out);
        }
    }

    static Map<String, String> readLabels(DataInputView in) throws IOException {
        int n = in.readInt();
        if (n < 0) {
            return null;
        }
        Map<String, String> labels = new HashMap<>(Math.max(4, n * 2));
        for (int i = 0; i < n; i++) {
            labels.put(readString(in), readString(in));
        }
        return labels;
    }

    static Map<String, String> copyLabels(Map<String, String> labels) {
        return labels == null ? null : new HashMap<>(labels);
    }

    static <T> T[] cloned(T[] values) {
        return values == null ? null : values.clone();
    }

    static double[] cloned(double[] values) {
        return values == null ? null : values.clone();
    }

    static int[] cloned(int[] values) {
        return values == null ? null : values.clone();
    }
}
