package dev.driftline.sinks.parquet;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.parquet.example.data.Group;
import org.apache.parquet.hadoop.ParquetFileReader;
import org.apache.parquet.hadoop.ParquetReader;
import org.apache.parquet.hadoop.api.ReadSupport;
import org.apache.parquet.hadoop.example.GroupReadSupport;
import org.apache.parquet.hadoop.metadata.ParquetMetadata;
import org.apache.parquet.io.LocalInputFile;
import org.apache.parquet.schema.GroupType;
import org.apache.parquet.schema.LogicalTypeAnnotation;
import org.apache.parquet.schema.Type;

/**
 * Reads a Parquet file back with parquet-java's generic example reader (no write-side class involved), each row as
 * nested maps: a struct is a map of its fields (every field of the file's schema present, null when null), a MAP is a
 * map of its entries, a TIMESTAMP a {@code Long}, strings {@code String}s.
 */
final class ParquetRows {
    private ParquetRows() {}

    static List<Map<String, Object>> read(Path file) throws IOException {
        List<Map<String, Object>> rows = new ArrayList<>();
        try (ParquetReader<Group> reader = new Builder(new LocalInputFile(file)).build()) {
            Group g;
            while ((g = reader.read()) != null) {
                rows.add(struct(g));
            }
        }
        return rows;
    }

    static ParquetMetadata footer(Path file) throws IOException {
        try (ParquetFileReader r = ParquetFileReader.open(new LocalInputFile(file))) {
            return r.getFooter();
        }
    }

    private static Map<String, Object> struct(Group g) {
        Map<String, Object> m = new LinkedHashMap<>();
        GroupType t = g.getType();
        for (int i = 0; i < t.getFieldCount(); i++) {
            m.put(t.getFieldName(i), value(g, i));
        }
        return m;
    }

    private static Object value(Group g, int i) {
        if (g.getFieldRepetitionCount(i) == 0) {
            return null;
        }
        Type t = g.getType().getType(i);
        if (!t.isPrimitive()) {
            Group inner = g.getGroup(i, 0);
            if (t.getLogicalTypeAnnotation() instanceof LogicalTypeAnnotation.MapLogicalTypeAnnotation) {
                Map<String, Object> entries = new LinkedHashMap<>();
                for (int k = 0; k < inner.getFieldRepetitionCount(0); k++) {
                    Group kv = inner.getGroup(0, k);
                    String key = kv.getString(0, 0);
                    if (entries.containsKey(key)) {
                        throw new AssertionError("duplicate map key " + key);
                    }
                    entries.put(key, value(kv, 1));
                }
                return entries;
            }
            return struct(inner);
        }
        return switch (t.asPrimitiveType().getPrimitiveTypeName()) {
            case DOUBLE -> g.getDouble(i, 0);
            case INT32 -> g.getInteger(i, 0);
            case INT64 -> g.getLong(i, 0);
            case BOOLEAN -> g.getBoolean(i, 0);
            case FLOAT -> g.getFloat(i, 0);
            default -> g.getString(i, 0);
        };
    }

    private static final class Builder extends ParquetReader.Builder<Group> {
        Builder(LocalInputFile file) {
            super(file);
        }

        @Override
        protected ReadSupport<Group> getReadSupport() {
            return new GroupReadSupport();
        }
    }
}
