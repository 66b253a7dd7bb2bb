package dev.driftline.sinks.store.sql;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.driftline.sinks.notify.SecretResolver;
import dev.driftline.sinks.store.EndpointRecord;
import dev.driftline.sinks.store.StoreSettings;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** Registering and reading model endpoint records from the command line. */
@Timeout(120)
class EndpointStoreClientTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final SecretResolver NO_SECRETS = new SecretResolver(Map.of());

    @ParameterizedTest
    @EnumSource(SqlDialect.class)
    void registersReadsAndLists(SqlDialect dialect) throws Exception {
        StoreSettings store = EmbeddedDatabases.newStore(dialect);
        Instant created = Instant.parse("2026-01-01T00:00:00.250Z");
        try (EndpointStoreClient client = EndpointStoreClient.open(store, NO_SECRETS)) {
            client.register(new EndpointRecord("b-1", "p1", "b", "p1/fn:v1", "m", "cls", Map.of("k", "v"),
                    List.of("f1", "f2"), List.of("y"), JSON.readTree("{\"f1\": {\"mean\": 1.5}}"), null, null, null,
                    "enabled", null, null, null, null, created, null));
            client.register(EndpointRecord.definition("a-1", "p1", "a", null, null, null, null, null, null, null, null));
            client.register(EndpointRecord.definition("c-1", "p2", "c", null, null, null, null, null, null, null, null));

            EndpointRecord b = client.get("b-1").orElseThrow();
            assertThat(b.created()).isEqualTo(created);
            assertThat(b.updated()).isNotNull();
            assertThat(b.labels()).containsEntry("k", "v");
            assertThat(b.featureStats().get("f1").get("mean").asDouble()).isEqualTo(1.5);
            assertThat(b.errorCount()).isNull(); // nothing from the job yet
            assertThat(client.get("missing")).isEmpty();
            assertThat(client.list("p1")).extracting(EndpointRecord::uid).containsExactly("a-1", "b-1");
            assertThat(client.list(null)).extracting(EndpointRecord::uid).containsExactly("a-1", "b-1", "c-1");

            // JSON for people: snake_case names, ISO instants, JSON fields as JSON; and back.
            JsonNode json = JSON.valueToTree(b);
            assertThat(json.get("function_uri").asText()).isEqualTo("p1/fn:v1");
            assertThat(json.get("feature_names").get(1).asText()).isEqualTo("f2");
            assertThat(json.get("created").asText()).isEqualTo("2026-01-01T00:00:00.250Z");
            assertThat(json.has("drift_status")).isTrue();
            assertThat(JSON.treeToValue(json, EndpointRecord.class)).isEqualTo(b);
        }
    }

    @Test
    void refusesWhatItCannotStore() throws Exception {
        StoreSettings store = EmbeddedDatabases.newStore(SqlDialect.POSTGRESQL);
        try (EndpointStoreClient client = EndpointStoreClient.open(store, NO_SECRETS)) {
            assertThatThrownBy(() -> client.register(
                    EndpointRecord.definition(null, "p", "n", null, null, null, null, null, null, null, null)))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("uid");
            assertThatThrownBy(() -> client.register(EndpointRecord.definition("u", "p", "n".repeat(300), null, null,
                    null, null, null, null, null, null)))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("name is longer than 255");
            assertThat(client.list(null)).isEmpty();
        }
    }
}
