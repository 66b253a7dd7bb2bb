package dev.driftline.sinks.store;

import java.util.List;

/** Reads results and metrics back from a time-series store (SQL or TDengine). */
public interface ResultStore extends AutoCloseable {
    /**
     * Results and metrics of one endpoint whose window ended at or after {@code sinceMs}, oldest first.
     *
     * @param application only this application's, or all when null
     */
    List<StoredResult> results(String endpointId, String application, long sinceMs) throws Exception;

    @Override
    void close() throws Exception;
}
