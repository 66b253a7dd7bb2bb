package dev.driftline.job.cli;

import dev.driftline.job.config.ConfigLoader;
import dev.driftline.job.config.DriftlineConfig;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Option;

/** {@code --config FILE} and repeated {@code --set key.path=value}, shared by every command that talks to Kafka. */
public class ConfigOptions {
    @Option(names = "--config", description = "YAML configuration (see flink-conf/driftline.yaml); defaults apply without it")
    Path config;

    @Option(names = "--set", description = "override one configuration key, e.g. --set windows.base-period=30s", paramLabel = "KEY=VALUE")
    List<String> overrides = new ArrayList<>();

    public DriftlineConfig load() throws Exception {
        return ConfigLoader.load(config, overrides);
    }
}
