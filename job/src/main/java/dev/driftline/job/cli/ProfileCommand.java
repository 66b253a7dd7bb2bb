package dev.driftline.job.cli;

import dev.driftline.apps.stats.FeatureReference;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** Computes reference feature_stats (spec §3) from a training set. */
@Command(name = "profile", mixinStandardHelpOptions = true,
        description = "Compute reference feature_stats from a CSV or Parquet training set.")
public class ProfileCommand implements Callable<Integer> {
    @Option(names = "--input", required = true, description = "training set (.csv or .parquet)")
    Path input;

    @Option(names = "--label-columns", split = ",", description = "label columns (compared with predictions of the same name)")
    List<String> labelColumns = new ArrayList<>();

    @Option(names = "--output", description = "where to write the JSON (default: standard output)")
    Path output;

    @Override
    public Integer call() throws Exception {
        Map<String, FeatureReference> stats = ReferenceFiles.reference(input, labelColumns);
        var writer = ReferenceFiles.JSON.writerWithDefaultPrettyPrinter();
        if (output == null) {
            System.out.println(writer.writeValueAsString(stats));
        } else {
            writer.writeValue(output.toFile(), stats);
            System.err.println("wrote feature_stats of " + stats.size() + " columns to " + output);
        }
        return 0;
    }
}
