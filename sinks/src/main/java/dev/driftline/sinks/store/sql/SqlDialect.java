package dev.driftline.sinks.store.sql;

import dev.driftline.sinks.store.StoreSettings;
import dev.driftline.sinks.store.sql.SqlTable.Column;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Types;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * What differs between the SQL servers the stores run on: column types, DDL, the upsert form, how instants are bound
 * and read, and how concurrent schema creation is serialized.
 *
 * <p>Instants are kept in UTC with millisecond precision: MySQL/MariaDB {@code DATETIME(3)} (no time-zone conversion
 * by the session, no 2038 limit), PostgreSQL {@code TIMESTAMP(3) WITH TIME ZONE}.
 */
public enum SqlDialect {
    /** MySQL 8+ and MariaDB 10.5+ (InnoDB, utf8mb4). */
    MYSQL {
        @Override
        String columnType(Column c) {
            return switch (c.type()) {
                case VARCHAR -> "VARCHAR(" + c.length() + ")";
                // TEXT holds 64 KB only; extra data and statistics can be bigger (a window's stats up to 256 K chars).
                case TEXT -> "MEDIUMTEXT";
                case TIME -> "DATETIME(3)";
                case DOUBLE -> "DOUBLE";
                case INT -> "INT";
                case BIGINT -> "BIGINT";
            };
        }

        @Override
        public String createTable(SqlTable t, String collation) {
            List<String> parts = columnDefinitions(t);
            parts.add("PRIMARY KEY (" + String.join(", ", t.key()) + ")");
            for (String c : t.indexed()) {
                parts.add("KEY " + indexName(t, c) + " (" + c + ")");
            }
            return "CREATE TABLE IF NOT EXISTS " + t.name() + " (\n  " + String.join(",\n  ", parts)
                    + "\n) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=" + (collation != null ? collation : PAD_BIN);
        }

        /**
         * A binary collation, so that ids are compared exactly ('EP-1' and 'ep-1' are two endpoints) as in PostgreSQL;
         * and one without padding where the server has it: {@code utf8mb4_bin} ignores trailing spaces when it
         * compares, so 'ep' and 'ep ' would be one key. MariaDB 10.2+ has {@code utf8mb4_nopad_bin}, MySQL 8
         * {@code utf8mb4_0900_bin} ({@link #NO_PAD_BIN}); tables that already exist keep theirs.
         */
        @Override
        String tableCollation(Connection c) throws SQLException {
            List<String> found = new ArrayList<>();
            try (Statement st = c.createStatement();
                 ResultSet rs = st.executeQuery("SELECT COLLATION_NAME FROM information_schema.COLLATIONS"
                         + " WHERE COLLATION_NAME IN ('" + String.join("', '", NO_PAD_BIN) + "')")) {
                while (rs.next()) {
                    found.add(rs.getString(1));
                }
            }
            for (String collation : NO_PAD_BIN) {
                if (found.contains(collation)) {
                    return collation;
                }
            }
            LOG.warn("The server has no binary collation without padding ({}): tables are created with {}, which "
                    + "takes ids that differ only in trailing spaces for the same", NO_PAD_BIN, PAD_BIN);
            return PAD_BIN;
        }

        @Override
        public List<String> createIndexes(SqlTable t) {
            return List.of(); // inline in CREATE TABLE: MySQL has no CREATE INDEX IF NOT EXISTS
        }

        @Override
        String upsertClause(SqlTable t) {
            return "ON DUPLICATE KEY UPDATE";
        }

        @Override
        String inserted(String column) {
            // VALUES() is deprecated in MySQL 8.0.20+ in favour of a row alias, which MariaDB does not support.
            return "VALUES(" + column + ")";
        }

        @Override
        String existing(SqlTable t, String column) {
            return column;
        }

        @Override
        public String now() {
            return "UTC_TIMESTAMP(3)";
        }

        @Override
        public void bindTime(PreparedStatement ps, int index, Long epochMs) throws SQLException {
            if (epochMs == null) {
                ps.setNull(index, Types.TIMESTAMP);
            } else {
                ps.setObject(index, LocalDateTime.ofInstant(Instant.ofEpochMilli(epochMs), ZoneOffset.UTC));
            }
        }

        @Override
        public Long readTime(ResultSet rs, String column) throws SQLException {
            LocalDateTime t = rs.getObject(column, LocalDateTime.class);
            return t == null ? null : t.toInstant(ZoneOffset.UTC).toEpochMilli();
        }

        /**
         * The schema lock's name, per database: at most 64 characters, as MySQL requires (databases sharing a long
         * prefix then share the lock, which only makes their writers create tables one after the other).
         */
        private static final String LOCK = "LEFT(CONCAT('" + LOCK_NAME + ".', COALESCE(DATABASE(), '')), 64)";

        @Override
        void lockSchema(Connection c) throws SQLException {
            try (Statement st = c.createStatement();
                 ResultSet rs = st.executeQuery("SELECT DATABASE(), GET_LOCK(" + LOCK + ", " + LOCK_TIMEOUT_SECONDS + ")")) {
                if (!rs.next()) {
                    throw new SQLException("no answer to the schema lock");
                }
                if (rs.getString(1) == null) {
                    throw new SQLException("the store's URL names no database (jdbc:mariadb://host:3306/<database>)");
                }
                if (rs.getInt(2) != 1) {
                    throw new SQLException("timed out waiting for the schema lock (another writer creates the tables)");
                }
            }
        }

        @Override
        void unlockSchema(Connection c) throws SQLException {
            try (Statement st = c.createStatement()) {
                st.execute("SELECT RELEASE_LOCK(" + LOCK + ")");
            }
        }

        @Override
        public boolean timescaleInstalled(Connection c) {
            return false;
        }
    },

    /** PostgreSQL 12+; with the {@code timescaledb} extension the time-series tables become hypertables. */
    POSTGRESQL {
        @Override
        String columnType(Column c) {
            return switch (c.type()) {
                case VARCHAR -> "VARCHAR(" + c.length() + ")";
                case TEXT -> "TEXT"; // not JSONB: extra data is kept verbatim, as written by the application
                case TIME -> "TIMESTAMP(3) WITH TIME ZONE";
                case DOUBLE -> "DOUBLE PRECISION";
                case INT -> "INTEGER";
                case BIGINT -> "BIGINT";
            };
        }

        /** Text comparison is exact already (trailing spaces count in {@code VARCHAR}): no collation is named. */
        @Override
        public String createTable(SqlTable t, String collation) {
            List<String> parts = columnDefinitions(t);
            parts.add("PRIMARY KEY (" + String.join(", ", t.key()) + ")");
            return "CREATE TABLE IF NOT EXISTS " + t.name() + " (\n  " + String.join(",\n  ", parts) + "\n)";
        }

        @Override
        public List<String> createIndexes(SqlTable t) {
            return t.indexed().stream()
                    .map(c -> "CREATE INDEX IF NOT EXISTS " + indexName(t, c) + " ON " + t.name() + " (" + c + ")")
                    .toList();
        }

        @Override
        String upsertClause(SqlTable t) {
            return "ON CONFLICT (" + String.join(", ", t.key()) + ") DO UPDATE SET";
        }

        @Override
        String inserted(String column) {
            return "EXCLUDED." + column;
        }

        @Override
        String existing(SqlTable t, String column) {
            return t.name() + "." + column;
        }

        @Override
        public String now() {
            return "now()";
        }

        @Override
        public void bindTime(PreparedStatement ps, int index, Long epochMs) throws SQLException {
            if (epochMs == null) {
                ps.setNull(index, Types.TIMESTAMP_WITH_TIMEZONE);
            } else {
                ps.setObject(index, OffsetDateTime.ofInstant(Instant.ofEpochMilli(epochMs), ZoneOffset.UTC));
            }
        }

        @Override
        public Long readTime(ResultSet rs, String column) throws SQLException {
            OffsetDateTime t = rs.getObject(column, OffsetDateTime.class);
            return t == null ? null : t.toInstant().toEpochMilli();
        }

        @Override
        void lockSchema(Connection c) throws SQLException {
            // Concurrent CREATE TABLE IF NOT EXISTS can fail in PostgreSQL (a unique violation on pg_type);
            // a transaction-scoped advisory lock (released at commit) lets one writer create at a time.
            try (Statement st = c.createStatement()) {
                st.execute("SELECT pg_advisory_xact_lock(" + LOCK_KEY + ")");
            }
        }

        @Override
        void unlockSchema(Connection c) {
            // released by the commit or rollback of the schema transaction
        }

        @Override
        public boolean timescaleInstalled(Connection c) throws SQLException {
            try (Statement st = c.createStatement();
                 ResultSet rs = st.executeQuery("SELECT 1 FROM pg_extension WHERE extname = 'timescaledb'")) {
                return rs.next();
            }
        }

        @Override
        public List<String> hypertableStatements() {
            List<String> out = new ArrayList<>();
            for (SqlTable t : SqlTables.TIME_SERIES) {
                // migrate_data: a table created before the extension was installed may already hold rows.
                out.add("SELECT create_hypertable('" + t.name() + "', '" + t.timeColumn()
                        + "', if_not_exists => TRUE, migrate_data => TRUE)");
            }
            return out;
        }
    };

    static final String LOCK_NAME = "driftline_schema";
    /**
     * MySQL/MariaDB: binary collations without padding, the first the server has is taken ({@code tableCollation}).
     * MariaDB's own name first: MariaDB 11 also knows {@code utf8mb4_0900_bin}, but as another name of its padding
     * {@code utf8mb4_bin}; MySQL 8 has only {@code utf8mb4_0900_bin}, which does not pad there.
     */
    static final List<String> NO_PAD_BIN = List.of("utf8mb4_nopad_bin", "utf8mb4_0900_bin");
    /** MySQL/MariaDB: the binary collation every version has; it pads (trailing spaces do not count). */
    static final String PAD_BIN = "utf8mb4_bin";
    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(SqlDialect.class);
    /** pg_advisory_xact_lock key: "drftline" as a number, to stay clear of other applications' locks. */
    static final long LOCK_KEY = 0x647266746c696e65L;
    static final int LOCK_TIMEOUT_SECONDS = 60;

    /** The dialect of a store type: {@code mysql} (also {@code mariadb}) or {@code postgresql} ({@code postgres}). */
    public static SqlDialect of(StoreSettings settings) {
        return of(settings.kind());
    }

    public static SqlDialect of(String type) {
        return switch (type == null ? "" : type.trim().toLowerCase(Locale.ROOT)) {
            case "mysql", "mariadb" -> MYSQL;
            case "postgresql", "postgres" -> POSTGRESQL;
            default -> throw new IllegalArgumentException("not an SQL store type: '" + type
                    + "' (expected mysql or postgresql)");
        };
    }

    abstract String columnType(Column c);

    /** Secondary indexes created separately ({@code CREATE INDEX IF NOT EXISTS}); empty where they are inline. */
    public abstract List<String> createIndexes(SqlTable t);

    abstract String upsertClause(SqlTable t);

    /** The value proposed by the insert, inside the update part of an upsert. */
    abstract String inserted(String column);

    /** The row's current value, inside the update part of an upsert. */
    abstract String existing(SqlTable t, String column);

    /** The current instant as an SQL expression of the {@link SqlTable.Type#TIME} type. */
    public abstract String now();

    public abstract void bindTime(PreparedStatement ps, int index, Long epochMs) throws SQLException;

    /** The instant of a {@link SqlTable.Type#TIME} column as epoch ms, or null. */
    public abstract Long readTime(ResultSet rs, String column) throws SQLException;

    abstract void lockSchema(Connection c) throws SQLException;

    abstract void unlockSchema(Connection c) throws SQLException;

    /** True when TimescaleDB is installed in the connection's database. */
    public abstract boolean timescaleInstalled(Connection c) throws SQLException;

    /** The collation of the tables this server gets ({@link #createTable(SqlTable, String)}); null: its default. */
    String tableCollation(Connection c) throws SQLException {
        return null;
    }

    /**
     * {@code CREATE TABLE IF NOT EXISTS} with the primary key (and, for MySQL, the secondary indexes);
     * {@code collation} null for the dialect's default.
     */
    public abstract String createTable(SqlTable t, String collation);

    /** {@link #createTable(SqlTable, String)} with the dialect's default collation. */
    public String createTable(SqlTable t) {
        return createTable(t, null);
    }

    /** Turn the time-series tables into hypertables (idempotent); none for MySQL. */
    public List<String> hypertableStatements() {
        return List.of();
    }

    /**
     * An idempotent insert of every column of {@code t} (one parameter each, in column order) that overwrites the
     * non-key columns of an existing row with the same key.
     */
    public String upsert(SqlTable t) {
        List<String> columns = t.columnNames();
        String updates = columns.stream()
                .filter(c -> !t.isKey(c))
                .map(c -> c + " = " + inserted(c))
                .collect(Collectors.joining(", "));
        return "INSERT INTO " + t.name() + " (" + String.join(", ", columns) + ") VALUES ("
                + columns.stream().map(c -> "?").collect(Collectors.joining(", ")) + ") "
                + upsertClause(t) + " " + updates;
    }

    List<String> columnDefinitions(SqlTable t) {
        List<String> parts = new ArrayList<>();
        for (Column c : t.columns()) {
            parts.add(c.name() + " " + columnType(c) + (t.isKey(c.name()) ? " NOT NULL" : " NULL"));
        }
        return parts;
    }

    static String indexName(SqlTable t, String column) {
        return t.name() + "_" + column;
    }
}
