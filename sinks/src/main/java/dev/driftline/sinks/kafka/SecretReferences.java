package dev.driftline.sinks.kafka;

import dev.driftline.sinks.notify.SecretResolver;
import java.util.HashMap;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import org.apache.kafka.common.config.ConfigData;
import org.apache.kafka.common.config.ConfigException;
import org.apache.kafka.common.config.provider.ConfigProvider;

/**
 * Secret references in Kafka client properties ({@code env:VAR}, {@code file:/path}), resolved by the Kafka client
 * where it runs — the JobManager and the TaskManagers — instead of where the job is built. {@link #placeholders}
 * turns each reference into a Kafka configuration variable ({@code ${driftline:env:VAR}},
 * {@code ${driftline:/path:file}}) and registers this class as the provider that resolves them, with the same rules
 * as everywhere else in Driftline ({@link SecretResolver}: set and non-empty, a file's trailing newlines trimmed). So
 * the job graph holds no secret value, a client that submits the job need not have the secrets, and a rotated secret is
 * read again when the job restarts.
 */
public final class SecretReferences implements ConfigProvider {
    /** The provider's alias in {@code config.providers}. */
    public static final String ALIAS = "driftline";
    /** The "path" of environment variables, and the "key" of a file. */
    static final String ENV = "env";
    static final String FILE = "file";

    private final SecretResolver resolver = SecretResolver.system();

    /**
     * The properties with every secret reference replaced by its variable, and this provider added to
     * {@code config.providers} (after any the properties name) when there is one.
     */
    public static Properties placeholders(Map<String, String> properties) {
        Properties p = new Properties();
        boolean any = false;
        for (Map.Entry<String, String> e : properties.entrySet()) {
            String value = e.getValue();
            if (SecretResolver.isReference(value)) {
                SecretResolver.checkReference("kafka.properties." + e.getKey(), value);
                value = value.startsWith(SecretResolver.ENV_PREFIX)
                        ? "${" + ALIAS + ":" + ENV + ":" + value.substring(SecretResolver.ENV_PREFIX.length()) + "}"
                        : "${" + ALIAS + ":" + value.substring(SecretResolver.FILE_PREFIX.length()) + ":" + FILE + "}";
                any = true;
            }
            p.put(e.getKey(), value);
        }
        if (any) {
            String providers = p.getProperty("config.providers", "").trim();
            p.put("config.providers", providers.isEmpty() ? ALIAS : providers + "," + ALIAS);
            p.put("config.providers." + ALIAS + ".class", SecretReferences.class.getName());
        }
        return p;
    }

    @Override
    public void configure(Map<String, ?> configs) {}

    @Override
    public ConfigData get(String path) {
        return new ConfigData(Map.of());
    }

    @Override
    public ConfigData get(String path, Set<String> keys) {
        Map<String, String> values = new HashMap<>();
        for (String key : keys) {
            String reference = ENV.equals(path) ? SecretResolver.ENV_PREFIX + key
                    : FILE.equals(key) ? SecretResolver.FILE_PREFIX + path : null;
            if (reference == null) {
                throw new ConfigException("not a Driftline secret reference: ${" + ALIAS + ":" + path + ":" + key + "}");
            }
            try {
                values.put(key, resolver.resolve("kafka.properties", reference));
            } catch (RuntimeException e) {
                throw new ConfigException(e.getMessage()); // names the variable or file, never a value
            }
        }
        return new ConfigData(values);
    }

    @Override
    public void close() {}
}
