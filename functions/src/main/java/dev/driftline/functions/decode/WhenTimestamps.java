package dev.driftline.functions.decode;

import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.chrono.IsoChronology;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeFormatterBuilder;
import java.time.format.ResolverStyle;
import java.time.temporal.ChronoField;
import java.time.temporal.TemporalAccessor;

/**
 * Epoch milliseconds of an MLRun {@code when}: ISO-8601 with {@code T} or a space between date and time (Python's
 * {@code str(datetime)}), an optional fraction of up to nanoseconds (truncated to milliseconds) and an optional
 * offset or {@code Z}; a naive date-time is UTC.
 *
 * <p>Every event's {@code when} is read as it enters the job (and a failed one's again, for its watermark), and {@link
 * DateTimeFormatter} costs about a microsecond per call. So the layouts MLRun and common clients write —
 * {@code yyyy-MM-dd[T| ]HH:mm[:ss[.f{1,9}]][Z|±HH:MM|±HHMM|±HH]} with a valid date and time — are read by hand, and
 * anything else (other years, lower-case letters, whitespace around, invalid fields…) goes to the formatter, which
 * decides exactly as before: the same result, or the same {@link DateTimeException}.
 */
public final class WhenTimestamps {

    /** {@code 2026-11-26T03:00:00[.fffffffff][Z|+hh:mm|+hhmm|+hh]}, after a space separator has been turned into T. */
    private static final DateTimeFormatter WHEN = new DateTimeFormatterBuilder()
            .parseCaseInsensitive()
            .append(DateTimeFormatter.ISO_LOCAL_DATE)
            .appendLiteral('T')
            .appendValue(ChronoField.HOUR_OF_DAY, 2)
            .appendLiteral(':')
            .appendValue(ChronoField.MINUTE_OF_HOUR, 2)
            .optionalStart()
            .appendLiteral(':')
            .appendValue(ChronoField.SECOND_OF_MINUTE, 2)
            .optionalStart()
            .appendFraction(ChronoField.NANO_OF_SECOND, 0, 9, true)
            .optionalEnd()
            .optionalEnd()
            .optionalStart().appendOffset("+HH:MM", "Z").optionalEnd()
            .optionalStart().appendOffset("+HHMM", "Z").optionalEnd()
            .optionalStart().appendOffset("+HH", "Z").optionalEnd()
            .toFormatter()
            .withResolverStyle(ResolverStyle.STRICT)
            .withChronology(IsoChronology.INSTANCE);

    /** What {@link #commonLayout} returns for a text it leaves to the formatter (no valid time maps to it). */
    private static final long NOT_COMMON = Long.MIN_VALUE;

    private static final int SECONDS_PER_DAY = 86_400;
    /** {@link ZoneOffset} accepts at most ±18:00. */
    private static final int MAX_OFFSET_SECONDS = 18 * 3600;

    private WhenTimestamps() {}

    /**
     * Epoch ms of an MLRun {@code when}.
     *
     * @throws DateTimeException if it is not such a date-time
     */
    public static long epochMillis(String text) {
        long millis = commonLayout(text);
        return millis != NOT_COMMON ? millis : withFormatter(text);
    }

    /** The formatter alone: the reference that {@link #epochMillis} matches. Package-private for tests. */
    static long withFormatter(String text) {
        String s = text.strip();
        if (s.length() > 10 && s.charAt(10) == ' ') {
            s = s.substring(0, 10) + 'T' + s.substring(11);
        }
        TemporalAccessor parsed = WHEN.parse(s);
        Instant instant = parsed.isSupported(ChronoField.OFFSET_SECONDS)
                ? OffsetDateTime.from(parsed).toInstant()
                : LocalDateTime.from(parsed).toInstant(ZoneOffset.UTC);
        return instant.toEpochMilli();
    }

    /**
     * Epoch ms of a {@code when} in a common layout with valid fields, or {@link #NOT_COMMON} for anything else
     * (which may still be valid: the formatter decides). Package-private for tests.
     */
    static long commonLayout(String s) {
        int n = s.length();
        // yyyy-MM-ddTHH:mm is the shortest common layout.
        if (n < 16 || s.charAt(4) != '-' || s.charAt(7) != '-' || s.charAt(13) != ':') {
            return NOT_COMMON;
        }
        char separator = s.charAt(10);
        if (separator != 'T' && separator != ' ') {
            return NOT_COMMON;
        }
        int year = digits(s, 0, 4);
        int month = digits(s, 5, 2);
        int day = digits(s, 8, 2);
        int hour = digits(s, 11, 2);
        int minute = digits(s, 14, 2);
        if ((year | month | day | hour | minute) < 0
                || month < 1 || month > 12 || day < 1 || day > lengthOfMonth(year, month)
                || hour > 23 || minute > 59) {
            return NOT_COMMON;
        }
        int pos = 16;
        int second = 0;
        int nanos = 0;
        if (pos < n && s.charAt(pos) == ':') {
            second = pos + 3 <= n ? digits(s, pos + 1, 2) : -1;
            if (second < 0 || second > 59) {
                return NOT_COMMON;
            }
            pos += 3;
            if (pos < n && s.charAt(pos) == '.') {
                int start = ++pos;
                while (pos < n && pos - start < 10 && isDigit(s.charAt(pos))) {
                    nanos = nanos * 10 + (s.charAt(pos) - '0');
                    pos++;
                }
                int count = pos - start;
                // No digit after the point, or a tenth one: left to the formatter, whatever it makes of them.
                if (count == 0 || count > 9) {
                    return NOT_COMMON;
                }
                for (int i = count; i < 9; i++) {
                    nanos *= 10;
                }
            }
        }
        int offsetSeconds = 0;
        if (pos < n) {
            char c = s.charAt(pos);
            if (c == 'Z' && pos + 1 == n) {
                offsetSeconds = 0;
            } else if (c == '+' || c == '-') {
                offsetSeconds = offsetSeconds(s, pos + 1);
                if (offsetSeconds == Integer.MIN_VALUE) {
                    return NOT_COMMON;
                }
                if (c == '-') {
                    offsetSeconds = -offsetSeconds;
                }
            } else {
                return NOT_COMMON;
            }
        }
        long epochSecond = LocalDate.of(year, month, day).toEpochDay() * SECONDS_PER_DAY
                + hour * 3600L + minute * 60L + second - offsetSeconds;
        // nanos >= 0, so this is Instant.toEpochMilli's floor also before 1970.
        return epochSecond * 1000 + nanos / 1_000_000;
    }

    /** Seconds of an unsigned {@code HH:MM}, {@code HHMM} or {@code HH} filling the rest of s, else MIN_VALUE. */
    private static int offsetSeconds(String s, int pos) {
        int rest = s.length() - pos;
        int hours = rest >= 2 ? digits(s, pos, 2) : -1;
        int minutes;
        if (rest == 2) {
            minutes = 0;
        } else if (rest == 4) {
            minutes = digits(s, pos + 2, 2);
        } else if (rest == 5 && s.charAt(pos + 2) == ':') {
            minutes = digits(s, pos + 3, 2);
        } else {
            return Integer.MIN_VALUE;
        }
        if (hours < 0 || minutes < 0 || minutes > 59) {
            return Integer.MIN_VALUE;
        }
        int seconds = hours * 3600 + minutes * 60;
        return seconds > MAX_OFFSET_SECONDS ? Integer.MIN_VALUE : seconds;
    }

    /** The non-negative number written by {@code count} ASCII digits at {@code from}, or -1. */
    private static int digits(String s, int from, int count) {
        int value = 0;
        for (int i = from; i < from + count; i++) {
            char c = s.charAt(i);
            if (!isDigit(c)) {
                return -1;
            }
            value = value * 10 + (c - '0');
        }
        return value;
    }

    private static boolean isDigit(char c) {
        return c >= '0' && c <= '9';
    }

    private static int lengthOfMonth(int year, int month) {
        return month == 2 ? (IsoChronology.INSTANCE.isLeapYear(year) ? 29 : 28)
                : month == 4 || month == 6 || month == 9 || month == 11 ? 30 : 31;
    }
}
