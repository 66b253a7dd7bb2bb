package dev.driftline.job.sources;

import static org.assertj.core.api.Assertions.assertThat;

import dev.driftline.functions.model.EndpointDefinition;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.apache.flink.api.common.functions.util.ListCollector;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;

class EndpointDefinitionDeserializerTest {
    private final EndpointDefinitionDeserializer deserializer = new EndpointDefinitionDeserializer();

    private List<EndpointDefinition> read(String key, String value) {
        List<EndpointDefinition> out = new ArrayList<>();
        deserializer.deserialize(new ConsumerRecord<>("endpoints", 0, 7L,
                key == null ? null : key.getBytes(StandardCharsets.UTF_8),
                value == null ? null : value.getBytes(StandardCharsets.UTF_8)), new ListCollector<>(out));
        return out;
    }

    @Test
    void theValuesTopLevelIdWinsOverTheKeyAndNestedIdsAreSkipped() {
        String json = "{\"features\":[{\"id\":\"nested\",\"edges\":[0.1,2e3]}],\"meta\":{\"id\":\"deep\"},\"id\":\"ep-1\"}";
        List<EndpointDefinition> out = read("key-1", json);
        assertThat(out).hasSize(1);
        assertThat(out.get(0).id).isEqualTo("ep-1");
        assertThat(out.get(0).json).isEqualTo(json);
        assertThat(out.get(0).offset).isEqualTo(7L);
    }

    @Test
    void withoutAnIdInTheValueTheKeyNamesTheEndpoint() {
        assertThat(read("key-1", "{\"id\":null,\"features\":[]}")).singleElement()
                .satisfies(d -> assertThat(d.id).isEqualTo("key-1"));
        assertThat(read("key-2", "{}")).singleElement().satisfies(d -> assertThat(d.id).isEqualTo("key-2"));
    }

    @Test
    void aTombstoneRemovesTheKeysEndpoint() {
        assertThat(read("key-1", null)).singleElement().satisfies(d -> {
            assertThat(d.id).isEqualTo("key-1");
            assertThat(d.json).isNull();
        });
        assertThat(read(null, null)).isEmpty();
    }

    @Test
    void valuesThatAreNotOneJsonObjectAreIgnored() {
        assertThat(read("k", "[1,2]")).isEmpty();
        assertThat(read("k", "{\"id\":\"a\",\"x\":[1,2")).isEmpty(); // truncated inside a skipped field
        assertThat(read("k", "{\"id\":\"a\"} {\"id\":\"b\"}")).isEmpty();
        assertThat(read("k", "{\"id\":{\"x\":1}}")).isEmpty();
        assertThat(read(null, "{\"id\":\" \"}")).isEmpty();
        assertThat(read("k", "not json")).isEmpty();
    }

    /** Read as the enrichment and the catalog read it: bytes that are not UTF-8 become U+FFFD, nothing is refused. */
    @Test
    void aDefinitionWithBytesThatAreNotUtf8IsKeptAsTheCatalogWouldReadIt() {
        byte[] latin1 = "{\"features\":[\"caf\u00e9\"],\"id\":\"ep-9\"}".getBytes(StandardCharsets.ISO_8859_1);
        List<EndpointDefinition> out = new ArrayList<>();
        deserializer.deserialize(new ConsumerRecord<>("endpoints", 0, 3L, "k".getBytes(StandardCharsets.UTF_8), latin1),
                new ListCollector<>(out));
        assertThat(out).singleElement().satisfies(d -> {
            assertThat(d.id).isEqualTo("ep-9");
            assertThat(d.json).isEqualTo(new String(latin1, StandardCharsets.UTF_8)).contains("caf\ufffd");
        });
    }
}
