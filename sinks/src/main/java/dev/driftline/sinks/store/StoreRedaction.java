package dev.driftline.sinks.store;

import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Keeps store secrets out of messages: URLs with their secret parameters masked, and exceptions rebuilt with every
 * known secret value scrubbed from their messages (drivers may echo a URL or a property back in an error).
 */
public final class StoreRedaction {
    public static final String MASK = dev.driftline.sinks.notify.Redaction.MASK;

    /**
     * A URL parameter whose name says it holds a secret: {@code password}, {@code sslpassword},
     * {@code trustCertificateKeyStorePassword}, {@code passwd}, {@code pwd}, {@code *secret*}, {@code *token*},
     * {@code *credential*} or a name ending in {@code key} ({@code sslkey}, {@code apiKey}). Parameters are separated
     * by {@code ?}, {@code &}, {@code ;} or sit in {@code (...)} groups (MariaDB's {@code address=(...)} form).
     */
    private static final Pattern SECRET_PARAM = Pattern.compile(
            "(?i)([?&;(]\\s*)([\\w.-]*(?:password|passwd|pwd|secret|token|credential)[\\w.-]*|[\\w.-]*key)=([^&;)\\s]*)");
    /** {@code //user:secret@host}. */
    private static final Pattern USER_INFO = Pattern.compile("(//[^/:@?\\s]*:)([^@/\\s]*)@");

    private StoreRedaction() {}

    /** The URL with the values of secret-looking parameters and any user-info password replaced by {@value #MASK}. */
    public static String url(String url) {
        if (url == null) {
            return null;
        }
        String out = SECRET_PARAM.matcher(url).replaceAll(m -> Matcher.quoteReplacement(m.group(1) + m.group(2) + "=" + MASK));
        return USER_INFO.matcher(out).replaceAll(m -> Matcher.quoteReplacement(m.group(1) + MASK + "@"));
    }

    /** The secret values written in the URL itself (secret parameters, user-info password), for scrubbing. */
    public static List<String> urlSecrets(String url) {
        List<String> out = new ArrayList<>();
        if (url == null) {
            return out;
        }
        Matcher m = SECRET_PARAM.matcher(url);
        while (m.find()) {
            out.add(m.group(3));
        }
        Matcher u = USER_INFO.matcher(url);
        while (u.find()) {
            out.add(u.group(2));
        }
        return out;
    }

    /** See {@link dev.driftline.sinks.notify.Redaction#scrub}: one masking rule for every secret the project holds. */
    public static String scrub(String text, Collection<String> secrets) {
        return dev.driftline.sinks.notify.Redaction.scrub(text, secrets);
    }

    /**
     * A copy of {@code e} whose message and causes' messages are scrubbed of {@code secrets} and of the raw
     * {@code url} (replaced by its redacted form); SQL state, vendor code and stack traces are kept. Causes become
     * {@link RedactedException}s that name the original class.
     */
    public static SQLException sanitize(SQLException e, String url, Collection<String> secrets) {
        return sanitize(e, url, secrets, SQLException::new);
    }

    /** As {@link #sanitize(SQLException, String, Collection)}, building the top exception with {@code factory}. */
    public static <E extends SQLException> E sanitize(SQLException e, String url, Collection<String> secrets,
                                                      SqlExceptionFactory<E> factory) {
        List<String> all = new ArrayList<>(secrets);
        all.addAll(urlSecrets(url));
        E copy = factory.create(clean(e.getMessage(), url, all), e.getSQLState(), e.getErrorCode());
        copy.setStackTrace(e.getStackTrace());
        Throwable cause = e.getCause();
        if (cause != null && cause != e) {
            copy.initCause(redactedChain(cause, url, all, 0));
        }
        return copy;
    }

    static String clean(String message, String url, Collection<String> secrets) {
        if (message == null) {
            return null;
        }
        String m = url == null ? message : message.replace(url, url(url));
        return scrub(m, secrets);
    }

    private static Throwable redactedChain(Throwable t, String url, Collection<String> secrets, int depth) {
        RedactedException copy = new RedactedException(
                t.getClass().getName() + (t.getMessage() == null ? "" : ": " + clean(t.getMessage(), url, secrets)));
        copy.setStackTrace(t.getStackTrace());
        Throwable cause = t.getCause();
        if (cause != null && cause != t && depth < 16) {
            copy.initCause(redactedChain(cause, url, secrets, depth + 1));
        }
        return copy;
    }

    /** Builds an SQL exception from a message, SQL state and vendor code. */
    @FunctionalInterface
    public interface SqlExceptionFactory<E extends SQLException> {
        E create(String message, String sqlState, int vendorCode);
    }

    /** Stands in for a cause whose message was scrubbed; its message starts with the original class name. */
    public static final class RedactedException extends Exception {
        private static final long serialVersionUID = 1L;

        RedactedException(String message) {
            super(message);
        }
    }
}
