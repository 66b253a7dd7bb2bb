package dev.driftline.functions.apps;

import dev.driftline.apps.EndpointInfo;
import dev.driftline.apps.stats.Binning;
import dev.driftline.apps.stats.ColumnBinner;
import dev.driftline.apps.stats.FeatureProfiler;
import dev.driftline.apps.stats.FeatureWindowStats;
import dev.driftline.functions.endpoint.TestEndpoints;
import dev.driftline.functions.model.WindowSummary;
import java.util.List;
import java.util.function.IntToDoubleFunction;

/** A fraud endpoint whose reference is profiled from a training set, and window summaries built like the job builds them. */
final class Fixtures {
    static final String EP = "ep-fraud";
    static final long MINUTE = 60_000;
    static final List<String> COLUMNS = List.of("amount", "score");

    private Fixtures() {}

    /** Training set: amount uniform over [0, 99.9] (1000 values), score uniform over [0, 0.99]. */
    static double[] trainingAmount() {
        return values(1000, i -> (i * 37 % 1000) / 10.0);
    }

    static double[] trainingScore() {
        return values(1000, i -> (i % 100) / 100.0);
    }

    static double[] values(int n, IntToDoubleFunction f) {
        double[] v = new double[n];
        for (int i = 0; i < n; i++) {
            v[i] = f.applyAsDouble(i);
        }
        return v;
    }

    static EndpointInfo fraudEndpoint() {
        EndpointInfo info = new EndpointInfo();
        info.id = EP;
        info.name = "fraud";
        info.project = "bank";
        info.model = "fraud:v1";
        info.functionUri = "bank/serving:latest";
        info.featureNames = List.of("amount");
        info.labelNames = List.of("score");
        info.featureStats.put("amount", FeatureProfiler.numeric(trainingAmount()));
        info.featureStats.put("score", FeatureProfiler.numeric(trainingScore()));
        return info;
    }

    static String fraudJson() {
        return TestEndpoints.json(fraudEndpoint());
    }

    /** The summary of one window of {@code amount}/{@code score} values, binned on the registered reference. */
    static WindowSummary summary(String endpointId, long windowStart, double[] amount, double[] score) {
        EndpointInfo info = TestEndpoints.parse(fraudJson());
        ColumnBinner binner = new ColumnBinner(COLUMNS, info.featureStats, Binning.DEFAULT);
        FeatureWindowStats[] stats = {binner.newStats(0), binner.newStats(1)};
        for (double v : amount) {
            stats[0].addNumber(v, binner.bin(0, v));
        }
        for (double v : score) {
            stats[1].addNumber(v, binner.bin(1, v));
        }
        WindowSummary s = new WindowSummary();
        s.endpointId = endpointId;
        s.project = "bank";
        s.windowStart = windowStart;
        s.windowEnd = windowStart + 10 * MINUTE;
        s.recordCount = amount.length;
        s.firstRequest = windowStart + 1;
        s.lastRequest = s.windowEnd - 1;
        s.latencyAvgMicros = 900;
        s.estimatedPredictionCount = amount.length;
        s.columns = COLUMNS.toArray(new String[0]);
        s.featureCount = 1;
        s.stats = stats;
        return s;
    }

    /** 500 values from the training distribution (a different sample of it). */
    static WindowSummary sameDistribution(String endpointId, long windowStart) {
        return summary(endpointId, windowStart, values(500, i -> (i * 13 % 1000) / 10.0), values(500, i -> (i * 7 % 100) / 100.0));
    }

    /** 500 values far outside the training range: everything lands in the overflow bins. */
    static WindowSummary farShifted(String endpointId, long windowStart) {
        return summary(endpointId, windowStart, values(500, i -> 1_000 + i), values(500, i -> 5 + i / 100.0));
    }
}
