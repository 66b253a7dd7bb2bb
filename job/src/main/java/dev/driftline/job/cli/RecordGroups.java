package dev.driftline.job.cli;

import java.util.Map;
import org.apache.parquet.example.data.Group;
import org.apache.parquet.schema.GroupType;
import org.apache.parquet.schema.LogicalTypeAnnotation;
import org.apache.parquet.schema.PrimitiveType;
import org.apache.parquet.schema.Type;

/**
 * Values of a records-table row read as a Parquet {@link Group}. The features and predictions of a row are spread
 * over a struct (one field per column, the layout since the records writer writes columns), a map of the numbers of
 * columns the file's struct lacks, and a map of string values; files of earlier versions hold a map in place of the
 * struct. Both read the same: name → value, null for a null.
 */
final class RecordGroups {
    private RecordGroups() {}

    /** Puts every name → value of the struct or map field {@code name} into {@code into}; absent or null adds none. */
    static void putColumns(Map<String, Object> into, Group row, String name) {
        if (!row.getType().containsField(name) || row.getFieldRepetitionCount(name) == 0) {
            return;
        }
        Group g = row.getGroup(name, 0);
        GroupType type = g.getType();
        if (type.getLogicalTypeAnnotation() instanceof LogicalTypeAnnotation.MapLogicalTypeAnnotation) {
            int entries = g.getFieldRepetitionCount(0);
            for (int i = 0; i < entries; i++) {
                Group entry = g.getGroup(0, i);
                into.put(entry.getString(0, 0), value(entry, 1));
            }
        } else {
            for (int i = 0; i < type.getFieldCount(); i++) {
                into.put(type.getFieldName(i), value(g, i));
            }
        }
    }

    /** A primitive field's value (Double, Float, Integer, Long, Boolean or String), null when null or absent. */
    static Object value(Group g, String name) {
        return g.getType().containsField(name) ? value(g, g.getType().getFieldIndex(name)) : null;
    }

    static Object value(Group g, int field) {
        if (g.getFieldRepetitionCount(field) == 0) {
            return null;
        }
        Type t = g.getType().getType(field);
        if (!t.isPrimitive()) {
            return null;
        }
        PrimitiveType p = t.asPrimitiveType();
        return switch (p.getPrimitiveTypeName()) {
            case DOUBLE -> g.getDouble(field, 0);
            case FLOAT -> g.getFloat(field, 0);
            case INT32 -> g.getInteger(field, 0);
            case INT64 -> g.getLong(field, 0);
            case BOOLEAN -> g.getBoolean(field, 0);
            default -> g.getString(field, 0);
        };
    }
}
