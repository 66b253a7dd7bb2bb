package dev.driftline.job.cli;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.driftline.apps.offline.CsvTable;
import dev.driftline.apps.offline.OfflineProfile;
import dev.driftline.apps.stats.FeatureReference;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** Reads a reference: either feature_stats JSON (MLRun format) or a training set to profile. */
final class ReferenceFiles {
    static final ObjectMapper JSON = new ObjectMapper();

    private ReferenceFiles() {}

    static Map<String, FeatureReference> readStats(Path file) throws IOException {
        return JSON.readValue(file.toFile(), new TypeReference<java.util.LinkedHashMap<String, FeatureReference>>() {});
    }

    /** A training table from CSV or Parquet. */
    static CsvTable readTable(Path file) throws Exception {
        String name = file.getFileName().toString().toLowerCase(Locale.ROOT);
        if (name.endsWith(".parquet") || name.endsWith(".pq")) {
            return ParquetTables.read(file);
        }
        return CsvTable.read(file);
    }

    /** JSON feature_stats as is, or a training set (CSV/Parquet) profiled with the given label columns. */
    static Map<String, FeatureReference> reference(Path file, List<String> labelColumns) throws Exception {
        if (file.getFileName().toString().toLowerCase(Locale.ROOT).endsWith(".json")) {
            return readStats(file);
        }
        return OfflineProfile.profile(readTable(file), labelColumns);
    }
}
