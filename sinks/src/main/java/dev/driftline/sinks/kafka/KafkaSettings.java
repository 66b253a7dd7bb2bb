package dev.driftline.sinks.kafka;

import java.io.Serializable;
import java.util.Properties;

/**
 * How to reach Kafka: bootstrap servers plus client properties passed through unchanged (SASL/SSL settings go
 * here). {@link #toString()} never prints the properties, which may hold secrets.
 */
public final class KafkaSettings implements Serializable {
    private static final long serialVersionUID = 1L;

    private final String bootstrapServers;
    private final Properties properties;

    public KafkaSettings(String bootstrapServers, Properties properties) {
        this.bootstrapServers = bootstrapServers;
        this.properties = properties == null ? new Properties() : properties;
    }

    public String bootstrapServers() {
        return bootstrapServers;
    }

    /** A copy, so builders can add their own settings. */
    public Properties properties() {
        Properties p = new Properties();
        p.putAll(properties);
        return p;
    }

    @Override
    public String toString() {
        return "KafkaSettings{bootstrapServers=" + bootstrapServers + ", properties=" + properties.size() + " keys}";
    }
}
