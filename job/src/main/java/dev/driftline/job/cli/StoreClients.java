package dev.driftline.job.cli;

import dev.driftline.sinks.store.ResultStore;
import dev.driftline.sinks.store.StoreSettings;
import dev.driftline.sinks.store.sql.EndpointStoreClient;
import dev.driftline.sinks.store.sql.SqlResultStore;
import dev.driftline.sinks.store.tdengine.TdengineResultStore;

/** Opens the configured stores for the command line (the job writes them; people read them here). */
final class StoreClients {
    private StoreClients() {}

    static ResultStore resultStore(StoreSettings tsdb) throws Exception {
        return switch (tsdb.kind()) {
            case "tdengine" -> TdengineResultStore.open(tsdb);
            case "mysql", "postgresql" -> SqlResultStore.open(tsdb);
            default -> throw new IllegalArgumentException("no time-series store is configured (stores.tsdb.type is "
                    + tsdb.kind() + ")");
        };
    }

    /** The model endpoint store, or null when none is configured. */
    static EndpointStoreClient endpointStore(StoreSettings endpointStore) throws Exception {
        return endpointStore.enabled() ? EndpointStoreClient.open(endpointStore) : null;
    }
}
