package dev.driftline.job.cli;

import dev.driftline.job.config.ConfigLoader;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeParseException;

/** Times given on the command line ({@code --from}, {@code --to}, {@code --since}), absolute or relative to now. */
final class TimeArgument {
    private TimeArgument() {}

    /**
     * An instant from {@code text}: {@code now}; an ISO-8601 instant or date-time with offset; a local date-time or a
     * date (taken as UTC, a date at its midnight); or a duration ({@link ConfigLoader#parseDuration}) meaning that long
     * before {@code now}.
     *
     * @throws IllegalArgumentException naming the option, when the text is none of these
     */
    static Instant parse(String option, String text, Instant now) {
        String t = text == null ? "" : text.trim();
        if (t.equalsIgnoreCase("now")) {
            return now;
        }
        try {
            return OffsetDateTime.parse(t).toInstant();
        } catch (DateTimeParseException ignored) {
            // next form
        }
        try {
            return ZonedDateTime.parse(t).toInstant();
        } catch (DateTimeParseException ignored) {
            // next form
        }
        try {
            return LocalDateTime.parse(t).toInstant(ZoneOffset.UTC);
        } catch (DateTimeParseException ignored) {
            // next form
        }
        try {
            return LocalDate.parse(t).atStartOfDay(ZoneOffset.UTC).toInstant();
        } catch (DateTimeParseException ignored) {
            // next form
        }
        Duration ago;
        try {
            ago = ConfigLoader.parseDuration(t);
        } catch (IllegalArgumentException | ArithmeticException e) {
            throw new IllegalArgumentException(option + " '" + text + "' is not a time: use an ISO-8601 instant "
                    + "(2026-01-05T10:00:00Z), a date (2026-01-05), now, or a duration before now (30m, 6h, 2d)");
        }
        if (ago.isNegative()) {
            throw new IllegalArgumentException(option + " '" + text + "': a relative time must not be negative");
        }
        return now.minus(ago);
    }
}
