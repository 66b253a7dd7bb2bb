package dev.driftline.sinks.parquet;

import java.util.Arrays;
import java.util.stream.Collectors;

/**
 * How the records table is partitioned into directories and files ({@code sinks.records-layout}).
 *
 * <p>Bulk part files roll on every checkpoint (exactly-once), so the partitioning decides how many files a checkpoint
 * interval makes: {@link #ENDPOINT_HOUR} makes one per active endpoint, hour and writer subtask that saw the endpoint
 * (1,000 endpoints keyed by endpoint with 30 s checkpoints: ≈ 120,000 files an hour of a few hundred rows each, and
 * each file pays a Parquet writer's fixed cost), {@link #HOUR} one per parallel writer and hour.
 */
public enum RecordsLayout {
    /**
     * {@code year=YYYY/month=MM/day=DD/hour=HH}, one file per writer subtask, hour and checkpoint holding every endpoint
     * of the subtask: {@code endpoint_id} is a column (rows grouped by endpoint within a file, so readers skip pages
     * by its statistics), the {@code features}/{@code predictions} structs have a field per column name of the
     * file's endpoints (see {@link RecordsFileSchema}).
     */
    HOUR("hour"),
    /**
     * MLRun's layout, {@code key=<endpoint_id>/year=YYYY/month=MM/day=DD/hour=HH}: a file holds one endpoint, so
     * {@code features}/{@code predictions} are structs with one column per feature, named verbatim.
     */
    ENDPOINT_HOUR("endpoint-hour");

    private final String configName;

    RecordsLayout(String configName) {
        this.configName = configName;
    }

    /** Its name in the configuration. */
    public String configName() {
        return configName;
    }

    /** The layout of a configuration name ({@code hour}, {@code endpoint-hour}). */
    public static RecordsLayout parse(String name) {
        for (RecordsLayout l : values()) {
            if (l.configName.equals(name)) {
                return l;
            }
        }
        throw new IllegalArgumentException("records layout must be one of " + names() + ", not '" + name + "'");
    }

    /** Every configuration name. */
    public static String names() {
        return Arrays.stream(values()).map(RecordsLayout::configName).collect(Collectors.joining(", ", "[", "]"));
    }
}
