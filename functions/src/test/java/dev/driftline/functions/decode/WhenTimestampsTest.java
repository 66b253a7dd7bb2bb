package dev.driftline.functions.decode;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The hand-written reading of common layouts must agree with the formatter on every input, valid or not. */
class WhenTimestampsTest {

    /** The four-digit years. */
    private static final long FIRST_DAY = LocalDate.of(0, 1, 1).toEpochDay();
    private static final long LAST_DAY = LocalDate.of(9999, 12, 31).toEpochDay();

    /** The value, or the exception's class: what the decoder and the source's peek go by. */
    private static String outcome(java.util.function.ToLongFunction<String> parser, String text) {
        try {
            return Long.toString(parser.applyAsLong(text));
        } catch (RuntimeException e) {
            return e.getClass().getName();
        }
    }

    private static void assertSameAsFormatter(String text) {
        assertThat(outcome(WhenTimestamps::epochMillis, text))
                .as("epoch ms of \"%s\"", text)
                .isEqualTo(outcome(WhenTimestamps::withFormatter, text));
    }

    @Test
    void readsMlrunsLayoutByHand() {
        String text = "2026-11-26 03:00:00.123456";
        assertThat(WhenTimestamps.commonLayout(text)).isEqualTo(Instant.parse("2026-11-26T03:00:00.123Z").toEpochMilli());
        assertThat(WhenTimestamps.epochMillis(text)).isEqualTo(WhenTimestamps.withFormatter(text));
    }

    @Test
    void aNaiveTimeIsUtc() {
        assertThat(WhenTimestamps.epochMillis("2026-11-26T03:00:00"))
                .isEqualTo(Instant.parse("2026-11-26T03:00:00Z").toEpochMilli());
        assertThat(WhenTimestamps.epochMillis("2026-11-26 03:00"))
                .isEqualTo(Instant.parse("2026-11-26T03:00:00Z").toEpochMilli());
    }

    @ParameterizedTest
    @ValueSource(strings = {
            // leap days, month ends, year ends
            "2024-02-29 00:00:00", "2023-02-29 00:00:00", "2000-02-29T12:00:00", "1900-02-29T12:00:00",
            "2100-02-29T00:00:00Z", "2026-04-31T00:00:00", "2026-12-31T23:59:59.999999999Z", "2026-01-01T00:00:00-00:00",
            "2026-00-10T00:00:00", "2026-13-10T00:00:00", "2026-11-00T00:00:00", "2026-11-32T00:00:00",
            // times out of range, leap seconds, 24:00
            "2026-11-26T24:00:00", "2026-11-26T23:60:00", "2026-11-26T23:59:60", "2026-11-26T23:59:60Z",
            // fractions: none, empty, 1..9 digits, 10 digits, with offsets
            "2026-11-26T03:00:00.", "2026-11-26T03:00:00.Z", "2026-11-26T03:00:00.1", "2026-11-26T03:00:00.12",
            "2026-11-26T03:00:00.123", "2026-11-26T03:00:00.1234", "2026-11-26T03:00:00.12345",
            "2026-11-26T03:00:00.123456", "2026-11-26T03:00:00.1234567", "2026-11-26T03:00:00.12345678",
            "2026-11-26T03:00:00.123456789", "2026-11-26T03:00:00.1234567891", "2026-11-26T03:00:00.9999999999Z",
            "2026-11-26T03:00:00,123", "2026-11-26T03:00:00.123+02:00", "2026-11-26 03:00:00.999-0130",
            // minutes only, seconds half-written
            "2026-11-26T03:00", "2026-11-26T03:00Z", "2026-11-26T03:00+02", "2026-11-26T03:00:", "2026-11-26T03:00:5",
            "2026-11-26T03", "2026-11-26", "2026-11-26T", "2026-11-26T3:00:00", "2026-11-26T03:0:00",
            // offsets of every form, out of range, half-written, several
            "2026-11-26T03:00:00Z", "2026-11-26T03:00:00z", "2026-11-26T03:00:00+02:00", "2026-11-26T03:00:00-02:30",
            "2026-11-26T03:00:00+0230", "2026-11-26T03:00:00+02", "2026-11-26T03:00:00-18:00", "2026-11-26T03:00:00+18:00",
            "2026-11-26T03:00:00+18:01", "2026-11-26T03:00:00+19", "2026-11-26T03:00:00+02:60", "2026-11-26T03:00:00+2",
            "2026-11-26T03:00:00+02:0", "2026-11-26T03:00:00+023", "2026-11-26T03:00:00+02:00:00", "2026-11-26T03:00:00Z+02",
            "2026-11-26T03:00:00+02:00Z", "2026-11-26T03:00:00 +02:00", "2026-11-26T03:00:00UTC", "2026-11-26T03:00:00+02:00[Europe/Paris]",
            // separators, case, whitespace
            "2026-11-26t03:00:00", "2026-11-26  03:00:00", "2026-11-26_03:00:00", " 2026-11-26 03:00:00", "2026-11-26 03:00:00 ",
            "\t2026-11-26T03:00:00Z\n", "2026-11-26\u200303:00:00", "2026/11/26 03:00:00",
            // years: zero, before 1970, five digits, signed
            "0000-01-01T00:00:00", "0001-01-01T00:00:00Z", "1969-12-31T23:59:59.999Z", "1969-12-31T23:59:59.9991Z",
            "1970-01-01T00:00:00.0000001Z", "9999-12-31T23:59:59.999999999+18:00", "9999-12-31T23:59:59-18:00",
            "+10000-01-01T00:00:00", "-0001-01-01T00:00:00", "10000-01-01T00:00:00", "02026-11-26T03:00:00",
            // not date-times at all
            "", " ", "yesterday", "1764126000", "2026-11-26T03:00:00.12a", "２０２６-11-26T03:00:00", "2026-1l-26T03:00:00"})
    void agreesWithTheFormatterOnEdgeCases(String text) {
        assertSameAsFormatter(text);
    }

    @Test
    void agreesWithTheFormatterOnGeneratedValidTimes() {
        Random random = new Random(20261126);
        String[] separators = {"T", " "};
        String[] offsets = {"", "Z", "+00:00", "-00:00", "+05:30", "-0800", "+14", "-18:00", "+18:00", "+01:01"};
        int byHand = 0;
        int total = 200_000;
        for (int i = 0; i < total; i++) {
            LocalDate date = LocalDate.ofEpochDay(FIRST_DAY + random.nextInt((int) (LAST_DAY - FIRST_DAY + 1)));
            if (i % 10 == 0) {
                // Many around leap days and month ends.
                int year = 1896 + random.nextInt(210);
                date = LocalDate.of(year, 2, 27).plusDays(random.nextInt(4));
            }
            StringBuilder s = new StringBuilder();
            s.append(String.format("%04d-%02d-%02d", date.getYear(), date.getMonthValue(), date.getDayOfMonth()));
            s.append(separators[random.nextInt(2)]);
            s.append(String.format("%02d:%02d", random.nextInt(24), random.nextInt(60)));
            if (random.nextInt(8) != 0) {
                s.append(String.format(":%02d", random.nextInt(60)));
                int digits = random.nextInt(11);
                if (digits > 0) {
                    s.append('.');
                    for (int d = 1; d < digits; d++) {
                        s.append((char) ('0' + random.nextInt(10)));
                    }
                }
            }
            s.append(offsets[random.nextInt(offsets.length)]);
            assertSameAsFormatter(s.toString());
            byHand += WhenTimestamps.commonLayout(s.toString()) != Long.MIN_VALUE ? 1 : 0;
        }
        // Only "." without digits and ten-digit fractions (2 in 11) are left to the formatter.
        assertThat(byHand).as("read by hand").isGreaterThan(total * 3 / 4);
    }

    @Test
    void agreesWithTheFormatterOnMutatedTimes() {
        Random random = new Random(42);
        String alphabet = "0123456789-:.+ TZtz,";
        List<String> seeds = List.of("2026-11-26 03:00:00.123456", "2024-02-29T23:59:59.999999999+18:00",
                "2026-11-26T03:00Z", "1999-12-31T00:00:00-0130", "2026-11-26T03:00:00+02");
        List<String> inputs = new ArrayList<>();
        for (int i = 0; i < 200_000; i++) {
            StringBuilder s = new StringBuilder(seeds.get(random.nextInt(seeds.size())));
            int edits = 1 + random.nextInt(3);
            for (int e = 0; e < edits; e++) {
                int at = random.nextInt(s.length() + 1);
                char c = alphabet.charAt(random.nextInt(alphabet.length()));
                switch (random.nextInt(3)) {
                    case 0 -> s.insert(at, c);
                    case 1 -> { if (at < s.length()) s.setCharAt(at, c); }
                    default -> { if (at < s.length()) s.deleteCharAt(at); }
                }
            }
            inputs.add(s.toString());
        }
        for (String text : inputs) {
            assertSameAsFormatter(text);
        }
    }

    @Test
    void invalidTimesFailAsBefore() {
        assertThatThrownBy(() -> WhenTimestamps.epochMillis("2023-02-29 00:00:00")).isInstanceOf(DateTimeException.class);
        assertThatThrownBy(() -> WhenTimestamps.epochMillis("2026-11-26T03:00:00+19")).isInstanceOf(DateTimeException.class);
        assertThatThrownBy(() -> WhenTimestamps.epochMillis("yesterday")).isInstanceOf(DateTimeException.class);
    }
}
