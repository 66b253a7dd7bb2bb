package dev.driftline.apps.stats;

import java.util.AbstractList;
import java.util.List;
import java.util.RandomAccess;

/**
 * An unmodifiable list of numbers of one boxed type ({@link Double}, {@link Integer} or {@link Long}) kept as a
 * {@code double[]} or {@code long[]}: a reference histogram parsed from JSON is a list of boxed numbers, 20 bytes per
 * value, and a job holds one per feature, endpoint and operator that resolved the endpoint. Elements are boxed again
 * on read, to the type they had, so the list equals (and serializes like) the one it replaces.
 */
final class NumberList extends AbstractList<Object> implements RandomAccess {
    private final double[] doubles;
    private final long[] longs;
    private final boolean ints;

    private NumberList(double[] doubles, long[] longs, boolean ints) {
        this.doubles = doubles;
        this.longs = longs;
        this.ints = ints;
    }

    /**
     * The compact form of {@code values}, or {@code values} itself when it is empty, already compact, or not all of one
     * of the three types (strings of a categorical column, mixed types, nulls).
     */
    static List<Object> of(List<Object> values) {
        if (values == null || values.isEmpty() || values instanceof NumberList) {
            return values;
        }
        Class<?> type = values.get(0) == null ? null : values.get(0).getClass();
        if (type != Double.class && type != Integer.class && type != Long.class) {
            return values;
        }
        for (Object v : values) {
            if (v == null || v.getClass() != type) {
                return values;
            }
        }
        int n = values.size();
        if (type == Double.class) {
            double[] d = new double[n];
            for (int i = 0; i < n; i++) {
                d[i] = (Double) values.get(i);
            }
            return new NumberList(d, null, false);
        }
        long[] l = new long[n];
        for (int i = 0; i < n; i++) {
            l[i] = ((Number) values.get(i)).longValue();
        }
        return new NumberList(null, l, type == Integer.class);
    }

    @Override
    public Object get(int index) {
        if (doubles != null) {
            return doubles[index];
        }
        return ints ? (Object) (int) longs[index] : (Object) longs[index];
    }

    @Override
    public int size() {
        return doubles != null ? doubles.length : longs.length;
    }
}
