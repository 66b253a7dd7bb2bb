package dev.driftline.sinks.store.tdengine;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class TdengineSqlTest {

    @Test
    void stringsAreQuotedAndEscaped() {
        assertThat(TdengineSql.string("plain")).isEqualTo("'plain'");
        assertThat(TdengineSql.string("it's")).isEqualTo("'it\\'s'");
        assertThat(TdengineSql.string("say \"hi\"")).isEqualTo("'say \\\"hi\\\"'");
        assertThat(TdengineSql.string("C:\\models\\v2")).isEqualTo("'C:\\\\models\\\\v2'");
        assertThat(TdengineSql.string("with spaces  in it")).isEqualTo("'with spaces  in it'");
        assertThat(TdengineSql.string("line1\nline2\r\tend")).isEqualTo("'line1\\nline2\\r\\tend'");
        assertThat(TdengineSql.string(null)).isEqualTo("NULL");
    }

    @Test
    void injectionAttemptsStayInsideTheLiteral() {
        String attack = "'; DROP TABLE x; --";
        String literal = TdengineSql.string(attack);
        assertThat(literal).isEqualTo("'\\'; DROP TABLE x; --'");
        assertThat(unescape(literal)).isEqualTo(attack);
        // A backslash before the quote must not turn the quote's escape into an escaped backslash.
        String sneaky = "\\'; DROP TABLE x; --";
        assertThat(TdengineSql.string(sneaky)).isEqualTo("'\\\\\\'; DROP TABLE x; --'");
        assertThat(unescape(TdengineSql.string(sneaky))).isEqualTo(sneaky);
    }

    @Test
    void likeWildcardEscapesAreStoredAsWritten() {
        // "\%" outside LIKE is kept as the two characters by TDengine; escaping the backslash keeps it so.
        assertThat(TdengineSql.string("100\\%_x")).isEqualTo("'100\\\\%_x'");
        assertThat(unescape(TdengineSql.string("100\\%_x"))).isEqualTo("100\\%_x");
    }

    @Test
    void unicodeIsKeptAndNulIsDropped() {
        assertThat(TdengineSql.string("\u6a21\u578b \u00fc \u2713 \ud83d\ude80")).isEqualTo("'\u6a21\u578b \u00fc \u2713 \ud83d\ude80'");
        assertThat(TdengineSql.string("a\0b")).isEqualTo("'ab'");
    }

    @Test
    void floatsAndInts() {
        assertThat(TdengineSql.floatValue(0.25)).isEqualTo("0.25");
        assertThat(TdengineSql.floatValue(-3)).isEqualTo("-3.0");
        assertThat(TdengineSql.floatValue(1e-5)).isEqualTo("1.0E-5");
        assertThat(TdengineSql.floatValue(Double.NaN)).isEqualTo("NULL");
        assertThat(TdengineSql.floatValue(Double.POSITIVE_INFINITY)).isEqualTo("NULL");
        assertThat(TdengineSql.floatValue(1e300)).isEqualTo("NULL");
        assertThat(TdengineSql.intValue(42)).isEqualTo("42");
        assertThat(TdengineSql.intValue(Long.MAX_VALUE)).isEqualTo("2147483647");
        assertThat(TdengineSql.intValue(Long.MIN_VALUE)).isEqualTo("-2147483648");
    }

    @Test
    void utf8LengthCountsBytes() {
        assertThat(TdengineSql.utf8Length("abc")).isEqualTo(3);
        assertThat(TdengineSql.utf8Length("\u00fc")).isEqualTo(2);
        assertThat(TdengineSql.utf8Length("\u6a21")).isEqualTo(3);
        assertThat(TdengineSql.utf8Length("\ud83d\ude80")).isEqualTo(4);
        String mixed = "a\u00fc\u6a21\ud83d\ude80";
        assertThat(TdengineSql.utf8Length(mixed)).isEqualTo(mixed.getBytes(StandardCharsets.UTF_8).length);
    }

    @Test
    void truncationNeverCutsACharacter() {
        String s = "ab\u00fc\u6a21\ud83d\ude80z"; // 1+1+2+3+4+1 = 12 bytes
        assertThat(TdengineSql.truncateUtf8(s, 12)).isEqualTo(s);
        assertThat(TdengineSql.truncateUtf8(s, 11)).isEqualTo("ab\u00fc\u6a21\ud83d\ude80");
        assertThat(TdengineSql.truncateUtf8(s, 10)).isEqualTo("ab\u00fc\u6a21");
        assertThat(TdengineSql.truncateUtf8(s, 7)).isEqualTo("ab\u00fc\u6a21");
        assertThat(TdengineSql.truncateUtf8(s, 6)).isEqualTo("ab\u00fc");
        assertThat(TdengineSql.truncateUtf8(s, 3)).isEqualTo("ab");
        for (int max = 0; max <= 12; max++) {
            String cut = TdengineSql.truncateUtf8(s, max);
            assertThat(TdengineSql.utf8Length(cut)).isLessThanOrEqualTo(max);
            assertThat(new String(cut.getBytes(StandardCharsets.UTF_8), StandardCharsets.UTF_8)).isEqualTo(cut);
        }
        assertThat(TdengineSql.truncateUtf8WithMarker("abcdefgh", 6)).isEqualTo("abc\u2026");
        assertThat(TdengineSql.truncateUtf8WithMarker("abc", 6)).isEqualTo("abc");
    }

    /** TDengine's reading of a single-quoted literal (escape table of the SQL manual). */
    static String unescape(String literal) {
        assertThat(literal).startsWith("'").endsWith("'");
        String body = literal.substring(1, literal.length() - 1);
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < body.length(); i++) {
            char c = body.charAt(i);
            if (c == '\'') {
                throw new AssertionError("unescaped quote ends the literal early at " + i + ": " + literal);
            }
            if (c == '\\') {
                char n = body.charAt(++i);
                switch (n) {
                    case 'n' -> out.append('\n');
                    case 'r' -> out.append('\r');
                    case 't' -> out.append('\t');
                    case '%', '_' -> out.append('\\').append(n);
                    default -> out.append(n);
                }
            } else {
                out.append(c);
            }
        }
        return out.toString();
    }
}
