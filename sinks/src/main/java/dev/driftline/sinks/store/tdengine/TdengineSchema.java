package dev.driftline.sinks.store.tdengine;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.HexFormat;
import java.util.List;

/**
 * The TDengine schema of the monitoring store (spec §5, MLRun's layout): one database in millisecond precision and
 * four super tables, with one subtable per series (per distinct tag values).
 *
 * <pre>
 * app_results (end_infer_time TIMESTAMP, start_infer_time TIMESTAMP, result_value FLOAT, result_status INT,
 *              result_extra_data BINARY(1000))
 *        TAGS (project BINARY(64), endpoint_id BINARY(64), application_name BINARY(64), result_name BINARY(64),
 *              result_kind INT)
 * metrics     (end_infer_time TIMESTAMP, start_infer_time TIMESTAMP, metric_value FLOAT)
 *        TAGS (project BINARY(64), endpoint_id BINARY(64), application_name BINARY(64), metric_name BINARY(64))
 * predictions (time TIMESTAMP, latency FLOAT, custom_metrics BINARY(1000), estimated_prediction_count FLOAT,
 *              effective_sample_count INT)
 *        TAGS (project BINARY(64), endpoint_id BINARY(64))
 * errors      (time TIMESTAMP, model_error BINARY(1000))
 *        TAGS (project BINARY(64), endpoint_id BINARY(64), error_type BINARY(64))
 * </pre>
 *
 * String tags are BINARY(64) as in MLRun; a tag value longer than that cannot be stored (see {@link TdengineRow}).
 *
 * <p><b>No duplicates after a restart.</b> The first column of each table is its primary key: a row's timestamp is
 * its identity within its subtable, and writing a row with an existing timestamp overwrites the stored row. Subtable
 * names are a function of the tag values alone ({@link #subtableName}), so the same series always lands in the same
 * subtable. Together this makes every write idempotent: rows replayed after a failure (the sink is at-least-once)
 * replace what the first attempt stored instead of adding to it. The flip side: two different rows of one series with
 * the same millisecond (e.g. two errors of one type on one endpoint in the same millisecond) keep only the last.
 */
public final class TdengineSchema {
    /** MLRun's database name, the default of {@code StoreSettings.database}. */
    public static final String DEFAULT_DATABASE = "mlrun_model_monitoring";
    /** Width of the string tags (as in MLRun). */
    public static final int TAG_WIDTH = 64;
    /** Width of the JSON and text columns. */
    public static final int TEXT_WIDTH = 1000;
    /** Hex digits of the tag hash in a subtable name: 128 bits, so distinct series never collide in practice. */
    static final int HASH_HEX_DIGITS = 32;

    public static final SuperTable APP_RESULTS = new SuperTable("app_results",
            List.of(Column.timestamp("end_infer_time"), Column.timestamp("start_infer_time"),
                    Column.floating("result_value"), Column.integer("result_status"),
                    Column.binary("result_extra_data", TEXT_WIDTH)),
            List.of(Column.binary("project", TAG_WIDTH), Column.binary("endpoint_id", TAG_WIDTH),
                    Column.binary("application_name", TAG_WIDTH), Column.binary("result_name", TAG_WIDTH),
                    Column.integer("result_kind")));

    public static final SuperTable METRICS = new SuperTable("metrics",
            List.of(Column.timestamp("end_infer_time"), Column.timestamp("start_infer_time"),
                    Column.floating("metric_value")),
            List.of(Column.binary("project", TAG_WIDTH), Column.binary("endpoint_id", TAG_WIDTH),
                    Column.binary("application_name", TAG_WIDTH), Column.binary("metric_name", TAG_WIDTH)));

    public static final SuperTable PREDICTIONS = new SuperTable("predictions",
            List.of(Column.timestamp("time"), Column.floating("latency"), Column.binary("custom_metrics", TEXT_WIDTH),
                    Column.floating("estimated_prediction_count"), Column.integer("effective_sample_count")),
            List.of(Column.binary("project", TAG_WIDTH), Column.binary("endpoint_id", TAG_WIDTH)));

    public static final SuperTable ERRORS = new SuperTable("errors",
            List.of(Column.timestamp("time"), Column.binary("model_error", TEXT_WIDTH)),
            List.of(Column.binary("project", TAG_WIDTH), Column.binary("endpoint_id", TAG_WIDTH),
                    Column.binary("error_type", TAG_WIDTH)));

    public static final List<SuperTable> SUPER_TABLES = List.of(APP_RESULTS, METRICS, PREDICTIONS, ERRORS);

    private TdengineSchema() {}

    /**
     * Checks a configured database name (a plain identifier of at most 64 bytes) and returns it.
     *
     * @throws IllegalArgumentException otherwise
     */
    public static String database(String name) {
        return TdengineSql.identifier(name, TdengineSql.MAX_DATABASE_NAME_BYTES, "database");
    }

    /** {@code CREATE DATABASE IF NOT EXISTS db PRECISION 'ms'}: timestamps are epoch milliseconds. */
    public static String createDatabase(String database) {
        return "CREATE DATABASE IF NOT EXISTS " + database(database) + " PRECISION 'ms'";
    }

    private static final Pattern KEEP_PART = Pattern.compile("(\\d{1,9})([mhd]?)");

    /** TDengine's default KEEP, which the database gets when Driftline creates it. */
    public static final Duration DEFAULT_KEEP = Duration.ofDays(3650);

    /** The query for the database's KEEP (one text value, e.g. {@code 3650d,3650d,3650d}). */
    public static String keepQuery(String database) {
        return "SELECT `keep` FROM information_schema.ins_databases WHERE name = '" + database(database) + "'";
    }

    /**
     * The longest retention in a KEEP value: one duration or three (tiered storage: {@code keep0,keep1,keep2}, the last
     * being how long rows are kept), each with a unit {@code m}, {@code h} or {@code d} (TDengine 3) or in days without
     * one (TDengine 2).
     *
     * @throws IllegalArgumentException when the text is not such a value
     */
    public static Duration parseKeep(String text) {
        if (text == null || text.isBlank()) {
            throw new IllegalArgumentException("empty KEEP value");
        }
        Duration longest = Duration.ZERO;
        for (String part : text.split(",")) {
            String p = part.trim().toLowerCase(Locale.ROOT);
            Matcher m = KEEP_PART.matcher(p);
            if (!m.matches()) {
                throw new IllegalArgumentException("not a KEEP value: '" + text + "'");
            }
            long n = Long.parseLong(m.group(1));
            Duration d = switch (m.group(2)) {
                case "m" -> Duration.ofMinutes(n);
                case "h" -> Duration.ofHours(n);
                default -> Duration.ofDays(n);
            };
            if (d.compareTo(longest) > 0) {
                longest = d;
            }
        }
        if (longest.isZero()) {
            throw new IllegalArgumentException("not a KEEP value: '" + text + "'");
        }
        return longest;
    }

    /** The statements that create the database and the four super tables, in order; each is idempotent. */
    public static List<String> ddl(String database) {
        List<String> statements = new ArrayList<>();
        statements.add(createDatabase(database));
        for (SuperTable table : SUPER_TABLES) {
            statements.add(table.createStatement(database(database)));
        }
        return statements;
    }

    /**
     * The subtable of one series: {@code <super table>_<32 hex digits>}, the digits being the first 128 bits of the
     * SHA-256 of the super table name and the tag values (each value typed and length-prefixed, so {@code ("a|b", "")}
     * and {@code ("a", "|b")} differ, and null differs from the empty string). The same tags always give the same
     * name, in any JVM; the name is a plain identifier of at most 44 bytes (limit: 192), whatever the tag values hold.
     */
    public static String subtableName(SuperTable table, List<?> tagValues) {
        if (tagValues.size() != table.tags().size()) {
            throw new IllegalArgumentException(table.name() + " has " + table.tags().size() + " tags, got "
                    + tagValues.size() + " values");
        }
        MessageDigest sha;
        try {
            sha = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is not available", e);
        }
        update(sha, "T", table.name());
        for (Object value : tagValues) {
            if (value == null) {
                sha.update((byte) 'N');
            } else if (value instanceof Number n) {
                update(sha, "I", Long.toString(n.longValue()));
            } else {
                update(sha, "S", value.toString());
            }
        }
        String hex = HexFormat.of().formatHex(sha.digest());
        return table.name() + "_" + hex.substring(0, HASH_HEX_DIGITS);
    }

    private static void update(MessageDigest sha, String kind, String text) {
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        sha.update(kind.getBytes(StandardCharsets.US_ASCII));
        sha.update((bytes.length + ":").getBytes(StandardCharsets.US_ASCII));
        sha.update(bytes);
    }
}
