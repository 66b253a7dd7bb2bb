package dev.driftline.sinks.store.tdengine;

import java.nio.charset.StandardCharsets;
import java.util.regex.Pattern;

/**
 * Literals and identifiers of TDengine SQL text, and the limits they must respect (TDengine 3.x reference,
 * "Names & Limits" and "Escape Characters").
 *
 * <p>Values are always sent as SQL text (the multi-table INSERT with auto-created subtables has no parameter binding),
 * so every string goes through {@link #string(String)}: inside single quotes TDengine reads {@code \'}, {@code \"},
 * {@code \\}, {@code \n}, {@code \r} and {@code \t} as escapes, so quotes and backslashes are escaped and nothing in a
 * value can end the literal. {@code \%} and {@code \_} only mean something in LIKE patterns and are left alone (a
 * backslash before them is itself escaped, so they are stored as written).
 *
 * <p>Identifiers are never quoted: every name written into SQL is either a constant of {@link TdengineSchema}, a
 * generated subtable name, or the configured database, and each is checked against the plain-identifier rule (letters,
 * digits, underscore; not starting with a digit; within TDengine's byte limit). A name that fails is refused rather
 * than escaped, so no configuration value can change the meaning of a statement.
 */
public final class TdengineSql {
    /** Longest database name. */
    public static final int MAX_DATABASE_NAME_BYTES = 64;
    /** Longest table name (without the database prefix). */
    public static final int MAX_TABLE_NAME_BYTES = 192;
    /** Longest column or tag name. */
    public static final int MAX_COLUMN_NAME_BYTES = 64;
    /**
     * TDengine's default {@code maxSQLLength} is 1,048,576 characters. Statements are kept at or under this many UTF-8
     * bytes (never fewer than characters), leaving room for a server configured a little lower than the default.
     */
    public static final int DEFAULT_MAX_SQL_BYTES = 1_000_000;

    private static final Pattern PLAIN_IDENTIFIER = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");

    private TdengineSql() {}

    /**
     * Checks a name against TDengine's plain-identifier rule and returns it unchanged.
     *
     * @param what what the name is, for the error message (e.g. {@code database})
     * @throws IllegalArgumentException if the name is empty, too long or contains anything but letters, digits and
     *     underscores (or starts with a digit)
     */
    public static String identifier(String name, int maxBytes, String what) {
        if (name == null || name.isEmpty()) {
            throw new IllegalArgumentException(what + " name is empty");
        }
        if (!PLAIN_IDENTIFIER.matcher(name).matches()) {
            throw new IllegalArgumentException(what + " name '" + name + "' is not a plain TDengine identifier"
                    + " (letters, digits and underscores, not starting with a digit)");
        }
        if (name.length() > maxBytes) {
            throw new IllegalArgumentException(what + " name '" + name + "' is longer than " + maxBytes + " bytes");
        }
        return name;
    }

    /**
     * A string literal in single quotes, or {@code NULL} for null. NUL characters are dropped: the server parses SQL
     * as a C string, where a NUL would end the statement early.
     *
     * <p>Note that TDengine reads {@code ''}, {@code ' '} and {@code '\t'} as NULL: an empty string, a single space or
     * a single tab is stored as NULL, whatever the escaping.
     */
    public static String string(String value) {
        if (value == null) {
            return "NULL";
        }
        StringBuilder sb = new StringBuilder(value.length() + 8);
        sb.append('\'');
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            switch (c) {
                case '\'' -> sb.append("\\'");
                case '"' -> sb.append("\\\"");
                case '\\' -> sb.append("\\\\");
                case '\n' -> sb.append("\\n");
                case '\r' -> sb.append("\\r");
                case '\t' -> sb.append("\\t");
                case '\0' -> { }
                default -> sb.append(c);
            }
        }
        return sb.append('\'').toString();
    }

    /**
     * A FLOAT value: the double rounded to float precision (what the column keeps), or {@code NULL} when it is NaN,
     * infinite, or beyond FLOAT's range (the server refuses out-of-range values, which would fail the whole batch).
     * Exponent forms such as {@code 1.0E-5} are valid TDengine numeric literals.
     */
    public static String floatValue(double value) {
        float f = (float) value;
        if (Float.isNaN(f) || Float.isInfinite(f)) {
            return "NULL";
        }
        return Float.toString(f);
    }

    /** An INT value, clamped into INT's range. */
    public static String intValue(long value) {
        return Long.toString(Math.max(Integer.MIN_VALUE, Math.min(Integer.MAX_VALUE, value)));
    }

    /** Length of {@code s} in UTF-8 bytes (what BINARY widths and the statement limit count). */
    public static int utf8Length(CharSequence s) {
        int bytes = 0;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c < 0x80) {
                bytes += 1;
            } else if (c < 0x800) {
                bytes += 2;
            } else if (Character.isHighSurrogate(c) && i + 1 < s.length() && Character.isLowSurrogate(s.charAt(i + 1))) {
                bytes += 4;
                i++;
            } else {
                bytes += 3;
            }
        }
        return bytes;
    }

    /**
     * The longest prefix of {@code s} of at most {@code maxBytes} UTF-8 bytes that ends on a character boundary (a
     * multi-byte character or a surrogate pair is kept whole or dropped whole).
     */
    public static String truncateUtf8(String s, int maxBytes) {
        if (s == null || utf8Length(s) <= maxBytes) {
            return s;
        }
        int bytes = 0;
        int i = 0;
        while (i < s.length()) {
            int cp = s.codePointAt(i);
            int len = new String(Character.toChars(cp)).getBytes(StandardCharsets.UTF_8).length;
            if (bytes + len > maxBytes) {
                break;
            }
            bytes += len;
            i += Character.charCount(cp);
        }
        return s.substring(0, i);
    }

    /**
     * {@code s} cut to at most {@code maxBytes} UTF-8 bytes with a trailing ellipsis ({@code …}, 3 bytes) when it was
     * cut, so a reader sees that the text is incomplete.
     */
    public static String truncateUtf8WithMarker(String s, int maxBytes) {
        if (s == null || utf8Length(s) <= maxBytes) {
            return s;
        }
        return truncateUtf8(s, Math.max(0, maxBytes - 3)) + "\u2026";
    }
}
