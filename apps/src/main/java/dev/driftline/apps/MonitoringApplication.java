package dev.driftline.apps;

import java.io.Serializable;

/**
 * A monitoring application: called once per (endpoint, window) that had at least one record. Implementations must be
 * serializable (they are shipped to Flink task managers) and should be stateless between calls.
 */
public interface MonitoringApplication extends Serializable {
    /** Application name; also the operator's {@code uid}/{@code name} suffix ({@code app-<name>}). */
    String name();

    ApplicationOutput run(ApplicationContext context) throws Exception;
}
