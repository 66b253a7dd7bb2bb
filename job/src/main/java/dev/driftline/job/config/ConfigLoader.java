package dev.driftline.job.config;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.JsonDeserializer;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/** Reads {@link DriftlineConfig} from YAML and applies {@code key.path=value} overrides before mapping. */
public final class ConfigLoader {

    private ConfigLoader() {}

    public static ObjectMapper yamlMapper() {
        ObjectMapper mapper = new ObjectMapper(new YAMLFactory());
        SimpleModule durations = new SimpleModule();
        durations.addDeserializer(Duration.class, new JsonDeserializer<>() {
            @Override
            public Duration deserialize(JsonParser p, DeserializationContext ctx) throws IOException {
                return parseDuration(p.getValueAsString());
            }
        });
        mapper.registerModule(durations);
        return mapper;
    }

    /** Loads the file (or only the defaults when {@code file} is null) and applies the overrides in order. */
    public static DriftlineConfig load(Path file, List<String> overrides) throws IOException {
        ObjectMapper mapper = yamlMapper();
        JsonNode tree = file == null ? mapper.createObjectNode() : mapper.readTree(Files.readString(file));
        if (tree == null || tree.isMissingNode() || tree.isNull()) {
            tree = mapper.createObjectNode();
        }
        if (!tree.isObject()) {
            throw new IllegalArgumentException("configuration " + file + " must be a YAML mapping");
        }
        for (String o : overrides == null ? List.<String>of() : overrides) {
            apply((ObjectNode) tree, o, mapper);
        }
        DriftlineConfig config;
        try {
            config = mapper.treeToValue(tree, DriftlineConfig.class);
        } catch (Exception e) {
            throw new IllegalArgumentException("invalid configuration: " + e.getMessage(), e);
        }
        List<String> problems = config.problems();
        if (!problems.isEmpty()) {
            throw new IllegalArgumentException("invalid configuration: " + String.join("; ", problems));
        }
        return config;
    }

    static void apply(ObjectNode root, String override, ObjectMapper mapper) throws IOException {
        int eq = override.indexOf('=');
        if (eq <= 0) {
            throw new IllegalArgumentException("override must be key.path=value, got: " + override);
        }
        String[] path = splitPath(override.substring(0, eq).trim());
        String raw = override.substring(eq + 1);
        ObjectNode node = root;
        for (int i = 0; i < path.length - 1; i++) {
            JsonNode child = node.get(path[i]);
            if (child == null || !child.isObject()) {
                child = node.putObject(path[i]);
            }
            node = (ObjectNode) child;
        }
        // The value is read as YAML so numbers, booleans and lists keep their types.
        JsonNode value = mapper.readTree(raw.isEmpty() ? "\"\"" : raw);
        node.set(path[path.length - 1], value == null ? mapper.nullNode() : value);
    }

    /**
     * Splits {@code a.b.c} at dots, except below a {@code properties} map, whose keys (Kafka client settings such as
     * {@code security.protocol}) contain dots themselves.
     */
    static String[] splitPath(String key) {
        String[] parts = key.split("\\.");
        for (int i = 0; i < parts.length - 1; i++) {
            if (parts[i].equals("properties")) {
                String[] out = new String[i + 2];
                System.arraycopy(parts, 0, out, 0, i + 1);
                out[i + 1] = String.join(".", java.util.Arrays.copyOfRange(parts, i + 1, parts.length));
                return out;
            }
        }
        return parts;
    }

    /** {@code 500ms}, {@code 30s}, {@code 10m}, {@code 1h}, {@code 1d} or ISO-8601: the same syntax as in alerts. */
    public static Duration parseDuration(String text) {
        return dev.driftline.functions.alerts.AlertTemplates.parseDuration(text);
    }

}
