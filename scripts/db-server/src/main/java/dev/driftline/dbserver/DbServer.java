package dev.driftline.dbserver;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.lang.ProcessBuilder.Redirect;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;

/**
 * A real PostgreSQL server for the demo, run until this process is terminated: listens on 127.0.0.1 only, keeps its
 * data in {@code <dir>/data} across restarts, and creates the demo database when it is missing. The superuser is
 * {@code postgres} with trust authentication (no password) — a local demo server, never one to expose.
 *
 * <p>{@code DbServer --port 5433 --dir .work/postgres-5433 [--database driftline]}. It writes {@code <dir>/db-server.pid}
 * (this process) when it starts and {@code <dir>/ready} (the JDBC URL) once the database accepts connections; on
 * SIGTERM it stops PostgreSQL (fast shutdown: open sessions are ended) and removes both files.
 */
public final class DbServer {
    private DbServer() {}

    public static void main(String[] args) throws Exception {
        int port = 5433;
        Path dir = null;
        String database = "driftline";
        for (int i = 0; i < args.length; i++) {
            String value = i + 1 < args.length ? args[i + 1] : null;
            switch (args[i]) {
                case "--port" -> port = Integer.parseInt(require(args[i], value));
                case "--dir" -> dir = Path.of(require(args[i], value));
                case "--database" -> database = require(args[i], value);
                default -> throw new IllegalArgumentException("unknown argument " + args[i]
                        + " (usage: DbServer --port N --dir DIR [--database NAME])");
            }
            i++;
        }
        if (dir == null) {
            throw new IllegalArgumentException("--dir is required");
        }
        dir = dir.toAbsolutePath();
        Path data = dir.resolve("data");
        Path pidFile = dir.resolve("db-server.pid");
        Path ready = dir.resolve("ready");
        Files.createDirectories(data);
        Files.deleteIfExists(ready);
        Files.writeString(pidFile, ProcessHandle.current().pid() + "\n", StandardCharsets.UTF_8);
        EmbeddedPostgres pg;
        try {
            pg = start(port, data, dir.resolve("postgres.log"));
        } catch (Exception e) {
            Files.deleteIfExists(pidFile);
            throw e;
        }

        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            try {
                Files.deleteIfExists(ready);
                pg.close();
                Files.deleteIfExists(pidFile);
            } catch (IOException e) {
                System.err.println("stopping PostgreSQL: " + e);
            } finally {
                stopped.countDown();
            }
        }, "db-server-stop"));

        String admin = "jdbc:postgresql://127.0.0.1:" + port + "/postgres?user=postgres";
        try (Connection c = DriverManager.getConnection(admin)) {
            boolean exists;
            try (PreparedStatement q = c.prepareStatement("SELECT 1 FROM pg_database WHERE datname = ?")) {
                q.setString(1, database);
                try (ResultSet rs = q.executeQuery()) {
                    exists = rs.next();
                }
            }
            if (!exists) {
                try (Statement s = c.createStatement()) {
                    s.execute("CREATE DATABASE \"" + database.replace("\"", "\"\"") + "\"");
                }
                System.out.println("created database " + database);
            }
        }
        String url = "jdbc:postgresql://127.0.0.1:" + port + "/" + database;
        try (Connection c = DriverManager.getConnection(url + "?user=postgres");
             Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT version()")) {
            rs.next();
            System.out.println(rs.getString(1));
        }
        Files.writeString(ready, url + "\n", StandardCharsets.UTF_8);
        System.out.println("PostgreSQL ready at " + url + " (user postgres, no password); data in " + data);
        System.out.flush();
        stopped.await(); // until SIGTERM runs the hook
    }

    /** PostgreSQL on 127.0.0.1:{@code port} with its cluster in {@code data}; server output appended to {@code log}. */
    private static EmbeddedPostgres start(int port, Path data, Path log) throws IOException {
        return EmbeddedPostgres.builder()
                .setPort(port)
                .setDataDirectory(data)
                .setCleanDataDirectory(false) // initdb runs only when the directory has no cluster yet
                .setServerConfig("listen_addresses", "127.0.0.1")
                // zonky tunes for throwaway test databases (-F: no fsync, synchronous_commit=off); this store outlives
                // the demo, so commits are durable again
                .setServerConfig("fsync", "on")
                .setServerConfig("synchronous_commit", "on")
                .setLocaleConfig("locale", "C")
                .setPGStartupWait(Duration.ofSeconds(60))
                .setOutputRedirector(Redirect.appendTo(log.toFile()))
                .setErrorRedirector(Redirect.appendTo(log.toFile()))
                .setRegisterShutdownHook(false) // ours stops the server first, then removes the files
                .start();
    }

    private static String require(String option, String value) {
        if (value == null) {
            throw new IllegalArgumentException(option + " needs a value");
        }
        return value;
    }
}
