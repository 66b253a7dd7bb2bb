package dev.driftline.functions.window;

import java.util.HashMap;
import java.util.Iterator;
import java.util.Map;
import java.util.function.LongPredicate;
import java.util.function.Supplier;

/**
 * The partial aggregates a pre-aggregating operator holds between hand-ons, by endpoint and by the start of the span
 * they cover (a window, a minute). An endpoint has one per open span, usually one or two, kept in a short chain rather
 * than a map so that a record costs one hash lookup and no boxing.
 */
public final class OpenPartials<P> {
    /** One open partial: the span it covers and its value, which the owner may replace. */
    public static final class Slot<P> {
        public final long start;
        public P value;
        Slot<P> next;

        Slot(long start, P value, Slot<P> next) {
            this.start = start;
            this.value = value;
            this.next = next;
        }
    }

    /** Receives the partials handed on. */
    @FunctionalInterface
    public interface Receiver<P> {
        void accept(String endpoint, long start, P value);
    }

    private final Map<String, Slot<P>> byEndpoint = new HashMap<>();
    private int size;

    /** The endpoint's partial for the span starting at {@code start}, created by {@code fresh} when there is none. */
    public Slot<P> slot(String endpoint, long start, Supplier<P> fresh) {
        Slot<P> head = byEndpoint.get(endpoint);
        for (Slot<P> s = head; s != null; s = s.next) {
            if (s.start == start) {
                return s;
            }
        }
        Slot<P> created = new Slot<>(start, fresh.get(), head);
        byEndpoint.put(endpoint, created);
        size++;
        return created;
    }

    /** How many partials are open. */
    public int size() {
        return size;
    }

    /** Hands on and removes the partials whose span {@code closed} says has closed, keeping the others. */
    public void removeClosed(LongPredicate closed, Receiver<P> out) {
        for (Iterator<Map.Entry<String, Slot<P>>> it = byEndpoint.entrySet().iterator(); it.hasNext(); ) {
            Map.Entry<String, Slot<P>> e = it.next();
            Slot<P> kept = null;
            for (Slot<P> s = e.getValue(); s != null; ) {
                Slot<P> next = s.next;
                if (closed.test(s.start)) {
                    size--;
                    out.accept(e.getKey(), s.start, s.value);
                } else {
                    s.next = kept;
                    kept = s;
                }
                s = next;
            }
            if (kept == null) {
                it.remove();
            } else {
                e.setValue(kept);
            }
        }
    }

    /** Hands on and removes every partial. */
    public void removeAll(Receiver<P> out) {
        for (Map.Entry<String, Slot<P>> e : byEndpoint.entrySet()) {
            for (Slot<P> s = e.getValue(); s != null; s = s.next) {
                out.accept(e.getKey(), s.start, s.value);
            }
        }
        byEndpoint.clear();
        size = 0;
    }
}
