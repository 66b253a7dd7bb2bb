package dev.driftline.sinks.store.sql;

import java.util.ArrayList;
import java.util.List;

/**
 * The upserts of {@code model_endpoints}. The command line ({@link #register}) and the job (activity and drift) own
 * disjoint columns, so a registration never undoes the job's counts and the job never overwrites a definition; any of
 * them creates the row when the endpoint was never seen (the other columns stay null).
 *
 * <p>The job's updates are guarded by the window/interval they describe, so a replay of older data after a restart
 * never moves a record backwards. The guard column is assigned last: MySQL evaluates the assignments of
 * {@code ON DUPLICATE KEY UPDATE} left to right, each seeing the values assigned before it.
 */
public final class EndpointStatements {
    /** Definition columns written by {@link #register}, bound in this order after {@code uid}. */
    public static final List<String> DEFINITION_COLUMNS = List.of("project", "name", "function_uri", "model",
            "model_class", "labels", "feature_names", "label_names", "feature_stats", "monitoring_mode");

    private static final SqlTable T = SqlTables.MODEL_ENDPOINTS;

    private EndpointStatements() {}

    /**
     * Parameters: uid, project, first_request, last_request, error_count, metrics, activity_end. First request keeps
     * the earliest, last request the latest; error_count and metrics come from the newest activity interval.
     */
    public static String activity(SqlDialect d) {
        List<String> set = new ArrayList<>();
        set.add(keepExisting(d, "project"));
        set.add("first_request = " + earliest(d, "first_request"));
        set.add("last_request = " + latest(d, "last_request"));
        set.add(guarded(d, "error_count", "activity_end"));
        set.add(guarded(d, "metrics", "activity_end"));
        set.add("activity_end = " + latest(d, "activity_end"));
        set.add("updated = " + d.now());
        return insert(d, List.of("uid", "project", "first_request", "last_request", "error_count", "metrics",
                "activity_end"), set);
    }

    /**
     * Parameters: uid, project, drift_status, drift_measures, current_stats, drift_window_end. The drift fields are
     * replaced only by a result of the same or a later window.
     */
    public static String drift(SqlDialect d) {
        List<String> set = new ArrayList<>();
        set.add(keepExisting(d, "project"));
        set.add(guarded(d, "drift_status", "drift_window_end"));
        set.add(guarded(d, "drift_measures", "drift_window_end"));
        set.add(guarded(d, "current_stats", "drift_window_end"));
        set.add("drift_window_end = " + latest(d, "drift_window_end"));
        set.add("updated = " + d.now());
        return insert(d, List.of("uid", "project", "drift_status", "drift_measures", "current_stats",
                "drift_window_end"), set);
    }

    /**
     * Parameters: uid, the {@link #DEFINITION_COLUMNS}, created (null: now). Replaces the definition; keeps the
     * job-maintained columns and the creation time of an existing row.
     */
    public static String register(SqlDialect d) {
        List<String> columns = new ArrayList<>();
        columns.add("uid");
        columns.addAll(DEFINITION_COLUMNS);
        List<String> set = new ArrayList<>();
        for (String c : DEFINITION_COLUMNS) {
            set.add(c + " = " + d.inserted(c));
        }
        set.add("updated = " + d.now());
        String values = String.join(", ", columns.stream().map(c -> "?").toList());
        return "INSERT INTO " + T.name() + " (" + String.join(", ", columns) + ", created, updated) VALUES ("
                + values + ", COALESCE(?, " + d.now() + "), " + d.now() + ") " + d.upsertClause(T) + " "
                + String.join(", ", set);
    }

    private static String insert(SqlDialect d, List<String> columns, List<String> set) {
        String values = String.join(", ", columns.stream().map(c -> "?").toList());
        return "INSERT INTO " + T.name() + " (" + String.join(", ", columns) + ", created, updated) VALUES ("
                + values + ", " + d.now() + ", " + d.now() + ") " + d.upsertClause(T) + " " + String.join(", ", set);
    }

    /** A registered value wins; the job fills the column only while it is empty. */
    private static String keepExisting(SqlDialect d, String c) {
        return c + " = COALESCE(" + d.existing(T, c) + ", " + d.inserted(c) + ")";
    }

    /** LEAST ignoring nulls (MySQL's LEAST is null when any argument is). */
    private static String earliest(SqlDialect d, String c) {
        String e = d.existing(T, c);
        String i = d.inserted(c);
        return "COALESCE(LEAST(" + e + ", " + i + "), " + e + ", " + i + ")";
    }

    private static String latest(SqlDialect d, String c) {
        String e = d.existing(T, c);
        String i = d.inserted(c);
        return "COALESCE(GREATEST(" + e + ", " + i + "), " + e + ", " + i + ")";
    }

    private static String guarded(SqlDialect d, String c, String guard) {
        String g = d.existing(T, guard);
        return c + " = CASE WHEN " + g + " IS NULL OR " + d.inserted(guard) + " >= " + g + " THEN " + d.inserted(c)
                + " ELSE " + d.existing(T, c) + " END";
    }
}
