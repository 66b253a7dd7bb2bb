package dev.driftline.sinks.store.tdengine;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;

/**
 * Keeps resolved secrets (the password, secret driver properties) out of messages: drivers may echo connection
 * properties or URLs in their errors, so every error that leaves the client is replaced by a {@link Scrubbed} copy —
 * same class name in the text, same stack trace, secrets masked — before it is logged, retried or thrown.
 */
final class Secrets {
    static final String MASK = "***";
    /** Shorter strings are not masked: masking "1" or "no" would garble messages without protecting anything. */
    static final int MIN_LENGTH = 3;
    private static final int MAX_CAUSES = 8;

    private final List<String> values;

    Secrets(Collection<String> values) {
        List<String> kept = new ArrayList<>();
        for (String v : values) {
            if (v != null && v.length() >= MIN_LENGTH) {
                kept.add(v);
            }
        }
        kept.sort(Comparator.comparingInt(String::length).reversed());
        this.values = List.copyOf(kept);
    }

    static Secrets none() {
        return new Secrets(List.of());
    }

    /** {@code text} with every secret (longest first) replaced by {@value #MASK}. */
    String scrub(String text) {
        if (text == null) {
            return null;
        }
        String out = text;
        for (String v : values) {
            out = out.replace(v, MASK);
        }
        return out;
    }

    /** A copy of {@code error} and its causes with scrubbed messages and the original stack traces. */
    Scrubbed scrub(Throwable error) {
        return copy(error, 0);
    }

    private Scrubbed copy(Throwable t, int depth) {
        Throwable cause = t.getCause();
        Scrubbed c = cause != null && cause != t && depth < MAX_CAUSES ? copy(cause, depth + 1) : null;
        // An already scrubbed error keeps the name of the class it stands for.
        Scrubbed s = t instanceof Scrubbed earlier
                ? new Scrubbed(earlier.originalClass, scrub(earlier.detail), c)
                : new Scrubbed(t.getClass().getName(), scrub(t.getMessage()), c);
        s.setStackTrace(t.getStackTrace());
        return s;
    }

    @Override
    public String toString() {
        return "Secrets{" + values.size() + " values hidden}";
    }

    /**
     * An error whose message had its secrets masked; {@link #getMessage()} starts with the original class name, so
     * logs still say what failed.
     */
    static final class Scrubbed extends Exception {
        private static final long serialVersionUID = 1L;
        private final String originalClass;
        private final String detail;

        Scrubbed(String originalClass, String detail, Scrubbed cause) {
            super(detail == null ? originalClass : originalClass + ": " + detail, cause);
            this.originalClass = originalClass;
            this.detail = detail;
        }

        String originalClass() {
            return originalClass;
        }
    }
}
