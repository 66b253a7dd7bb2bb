package dev.driftline.job.cli;

import dev.driftline.apps.DriftThresholds;
import dev.driftline.apps.drift.DriftReport;
import dev.driftline.apps.offline.OfflineDrift;
import dev.driftline.apps.stats.Binning;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** Scores one window of rows against a reference with the same code the job runs. */
@Command(name = "drift", mixinStandardHelpOptions = true,
        description = "Compute histogram data drift of a window (CSV, empty cells are nulls) against a reference.")
public class DriftCommand implements Callable<Integer> {
    @Option(names = "--reference", required = true, description = "feature_stats JSON (from `driftline profile`)")
    Path reference;

    @Option(names = "--input", required = true, description = "the window's rows (.csv or .parquet)")
    Path input;

    @Option(names = "--binning", defaultValue = "default", description = "default or mlrun-compatible")
    String binning;

    @Option(names = "--potential-threshold", defaultValue = "0.5")
    double potential;

    @Option(names = "--detected-threshold", defaultValue = "0.7")
    double detected;

    @Override
    public Integer call() throws Exception {
        DriftReport report = OfflineDrift.compute(ReferenceFiles.readStats(reference), ReferenceFiles.readTable(input),
                Binning.fromConfig(binning), new DriftThresholds(potential, detected));
        System.out.println(ReferenceFiles.JSON.writerWithDefaultPrettyPrinter().writeValueAsString(report));
        return 0;
    }
}
