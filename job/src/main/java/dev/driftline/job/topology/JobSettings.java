package dev.driftline.job.topology;

import dev.driftline.apps.MonitoringApplication;
import dev.driftline.apps.drift.HistogramDataDriftApp;
import dev.driftline.job.config.DriftlineConfig;
import dev.driftline.sinks.kafka.KafkaSettings;
import dev.driftline.sinks.kafka.SecretReferences;
import java.util.LinkedHashMap;
import java.util.Map;

/** Turns the typed configuration into the pieces the topology and the sinks take. */
public final class JobSettings {
    private JobSettings() {}

    /**
     * Kafka client properties. A value written {@code env:VAR} or {@code file:/path} (SASL JAAS config,
     * keystore/truststore passwords, mounted Kubernetes secrets) stays a reference, which each Kafka client resolves
     * where it runs ({@link SecretReferences}): neither the configuration file nor the job graph holds the secret.
     */
    public static KafkaSettings kafka(DriftlineConfig config) {
        return new KafkaSettings(config.kafka.bootstrapServers, SecretReferences.placeholders(config.kafka.properties));
    }

    /** The enabled applications, built-in by name or custom by {@code class}. */
    public static Map<String, MonitoringApplication> applications(DriftlineConfig config) {
        Map<String, MonitoringApplication> apps = new LinkedHashMap<>();
        for (String name : config.enabledApplications()) {
            DriftlineConfig.Application a = config.applications.get(name);
            MonitoringApplication app;
            if (a.className != null && !a.className.isBlank()) {
                try {
                    app = (MonitoringApplication) Class.forName(a.className).getDeclaredConstructor().newInstance();
                } catch (ReflectiveOperationException | ClassCastException e) {
                    throw new IllegalArgumentException("application " + name + ": cannot create " + a.className + ": " + e, e);
                }
            } else if (HistogramDataDriftApp.NAME.equals(name)) {
                app = new HistogramDataDriftApp(dev.driftline.apps.stats.Binning.fromConfig(a.binning));
            } else {
                throw new IllegalArgumentException("application " + name + " is not built in and has no class");
            }
            if (!name.equals(app.name())) {
                throw new IllegalArgumentException("application configured as " + name + " calls itself " + app.name());
            }
            apps.put(name, app);
        }
        return apps;
    }
}
