package dev.driftline.sinks.notify;

import java.net.URI;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;

/** Keeps secrets out of messages: the loggable part of a URL, and scrubbing of known secret strings. */
public final class Redaction {
    public static final String MASK = "***";

    private Redaction() {}

    /** {@code scheme://host:port} of a URL: the only part of a webhook URL that is logged. */
    static String origin(URI uri) {
        String scheme = uri.getScheme() == null ? "?" : uri.getScheme().toLowerCase(Locale.ROOT);
        int port = uri.getPort();
        if (port < 0) {
            port = "https".equals(scheme) ? 443 : "http".equals(scheme) ? 80 : -1;
        }
        return scheme + "://" + (uri.getHost() == null ? "?" : uri.getHost()) + (port >= 0 ? ":" + port : "");
    }

    /** The secret-bearing parts of a URL (whole text, user info, path, query, fragment). */
    static List<String> secretParts(URI uri) {
        List<String> parts = new ArrayList<>();
        parts.add(uri.toString());
        parts.add(uri.getRawUserInfo());
        parts.add(uri.getUserInfo());
        if (uri.getRawPath() != null && uri.getRawPath().length() > 1) {
            parts.add(uri.getRawPath());
            parts.add(uri.getPath());
        }
        parts.add(uri.getRawQuery());
        parts.add(uri.getQuery());
        parts.add(uri.getRawFragment());
        return parts;
    }

    /**
     * Replaces every occurrence of the given secrets (longest first) in {@code text} by {@value #MASK}. Values shorter
     * than 3 characters are left alone: masking every "1" or "on" would make messages unreadable and hides nothing.
     */
    public static String scrub(String text, Collection<String> secrets) {
        if (text == null) {
            return null;
        }
        List<String> sorted = new ArrayList<>();
        for (String s : secrets) {
            if (s != null && s.length() >= 3) {
                sorted.add(s);
            }
        }
        sorted.sort(Comparator.comparingInt(String::length).reversed());
        String out = text;
        for (String s : sorted) {
            out = out.replace(s, MASK);
        }
        return out;
    }

    /** {@code SimpleClassName: scrubbed message} of an error. */
    static String describe(Throwable t, Collection<String> secrets) {
        String msg = t.getMessage();
        String name = t.getClass().getSimpleName();
        return msg == null || msg.isBlank() ? name : name + ": " + truncate(scrub(msg, secrets), 300);
    }

    static String truncate(String s, int max) {
        return s == null || s.length() <= max ? s : s.substring(0, max) + "...";
    }
}
