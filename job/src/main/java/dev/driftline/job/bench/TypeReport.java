package dev.driftline.job.bench;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.java.typeutils.GenericTypeInfo;
import org.apache.flink.api.java.typeutils.ListTypeInfo;
import org.apache.flink.api.java.typeutils.MapTypeInfo;
import org.apache.flink.api.java.typeutils.ObjectArrayTypeInfo;
import org.apache.flink.api.java.typeutils.PojoTypeInfo;

/**
 * How Flink serializes the types that flow between (or are stored by) the job's operators: POJO or generic, and
 * which fields fall back to Kryo ({@link GenericTypeInfo}). Kryo fields cost a Kryo call per record even when null
 * (a null marker) and are slow when set; in state they also block schema evolution.
 */
final class TypeReport {
    private TypeReport() {}

    static Map<String, String> of(List<Class<?>> classes) {
        Map<String, String> out = new LinkedHashMap<>();
        for (Class<?> c : classes) {
            TypeInformation<?> ti = TypeInformation.of(c);
            List<String> kryo = new ArrayList<>();
            walk(ti, "", kryo, 0);
            String kind = ti instanceof PojoTypeInfo ? "POJO" : ti instanceof GenericTypeInfo ? "GENERIC (Kryo)" : ti.getClass().getSimpleName();
            out.put(c.getSimpleName(), kind + (kryo.isEmpty() ? "" : "; Kryo fields: " + String.join(", ", kryo)));
        }
        return out;
    }

    private static void walk(TypeInformation<?> ti, String path, List<String> kryo, int depth) {
        if (depth > 6) {
            return;
        }
        if (ti instanceof GenericTypeInfo<?> g) {
            if (!path.isEmpty()) {
                kryo.add(path + " (" + g.getTypeClass().getSimpleName() + ")");
            }
        } else if (ti instanceof PojoTypeInfo<?> p) {
            for (int i = 0; i < p.getArity(); i++) {
                var f = p.getPojoFieldAt(i);
                walk(f.getTypeInformation(), (path.isEmpty() ? "" : path + ".") + f.getField().getName(), kryo, depth + 1);
            }
        } else if (ti instanceof ObjectArrayTypeInfo<?, ?> a) {
            walk(a.getComponentInfo(), path + "[]", kryo, depth + 1);
        } else if (ti instanceof ListTypeInfo<?> l) {
            walk(l.getElementTypeInfo(), path + "<e>", kryo, depth + 1);
        } else if (ti instanceof MapTypeInfo<?, ?> m) {
            walk(m.getKeyTypeInfo(), path + "<k>", kryo, depth + 1);
            walk(m.getValueTypeInfo(), path + "<v>", kryo, depth + 1);
        }
    }
}
