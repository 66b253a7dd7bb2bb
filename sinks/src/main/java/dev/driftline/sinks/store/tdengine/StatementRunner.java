package dev.driftline.sinks.store.tdengine;

/** Runs SQL statements against the store; {@link TdengineClient} over JDBC. */
interface StatementRunner extends AutoCloseable {
    /**
     * Runs one statement. A failure leaves the runner ready to try again (reconnecting if needed); the exception's
     * messages contain no secret.
     */
    void execute(String sql) throws Exception;

    /** Runs one query and returns the first column of its first row as text, or null when it has no row. */
    String queryOne(String sql) throws Exception;

    @Override
    void close();
}
