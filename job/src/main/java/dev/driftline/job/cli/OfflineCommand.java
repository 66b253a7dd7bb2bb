package dev.driftline.job.cli;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.driftline.job.config.DriftlineConfig;
import dev.driftline.sinks.parquet.EndpointHourBucketAssigner;
import dev.driftline.sinks.parquet.ParquetSinks;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.Writer;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import org.apache.parquet.example.data.Group;
import org.apache.parquet.filter2.compat.FilterCompat;
import org.apache.parquet.filter2.predicate.FilterApi;
import org.apache.parquet.filter2.predicate.FilterPredicate;
import org.apache.parquet.io.api.Binary;
import org.apache.parquet.hadoop.ParquetFileReader;
import org.apache.parquet.hadoop.ParquetReader;
import org.apache.parquet.hadoop.api.ReadSupport;
import org.apache.parquet.hadoop.example.GroupReadSupport;
import org.apache.parquet.io.LocalInputFile;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * Reads an endpoint's monitored records back from the Parquet offline store for a time range, as MLRun's
 * {@code get_offline_features} does: one row per record, with its time, request id, latency and every feature and
 * prediction by name.
 *
 * <p>The store is laid out by hour ({@code records/year=/month=/day=/hour=}, UTC event time, every endpoint in a file,
 * {@code endpoint_id} a column: layout {@code hour}) or by endpoint and hour ({@code records/key=<escaped id>/year=/…},
 * {@link EndpointHourBucketAssigner}: layout {@code endpoint-hour}); both are read, so a store whose layout was changed
 * reads whole. Only the hour directories that overlap the range are listed and read; in hour directories only the
 * endpoint's rows (Parquet skips row groups and pages by the endpoint id's statistics). Hidden files ({@code .}
 * or {@code _} first: the sink's in-progress part files, markers) are skipped. Features come first, then predictions;
 * within each group the names are in natural order (numbers inside names compare by value: f2 before f10), numeric and
 * string columns together. A feature or prediction whose name is already taken by an earlier column is shown as
 * {@code feature:<name>} or {@code prediction:<name>}.
 */
@Command(name = "offline", mixinStandardHelpOptions = true,
        description = "Print an endpoint's monitored records of a time range from the Parquet offline store.")
public class OfflineCommand implements Callable<Integer> {
    static final String TIMESTAMP = "timestamp";
    static final String REQUEST_ID = "request_id";
    static final String LATENCY = "latency_microsec";
    static final String ENDPOINT_ID = "endpoint_id";

    enum Format { table, csv, json }

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Mixin
    ConfigOptions options;

    @Option(names = "--endpoint", required = true, description = "the endpoint id")
    String endpoint;

    @Option(names = "--from", required = true, paramLabel = "TIME",
            description = "start (inclusive): an ISO-8601 instant (2026-01-05T10:00:00Z), a date (2026-01-05, UTC), "
                    + "now, or a duration before now (30m, 6h, 2d, PT6H)")
    String from;

    @Option(names = "--to", defaultValue = "now", paramLabel = "TIME",
            description = "end (exclusive), in the same forms as --from (default: ${DEFAULT-VALUE})")
    String to;

    @Option(names = "--path", paramLabel = "DIR",
            description = "the Parquet store's base directory or file: URI (default: sinks.parquet-path of the configuration); "
                    + "its records table is <DIR>/records")
    String path;

    @Option(names = "--format", defaultValue = "table",
            description = "table, csv or json (one JSON object a line) (default: ${DEFAULT-VALUE})")
    Format format;

    @Option(names = "--output", paramLabel = "FILE", description = "write to FILE instead of the standard output")
    Path output;

    @Option(names = "--limit", paramLabel = "N", description = "at most the first N rows in time order")
    Integer limit;

    /** The clock relative times are taken from; fixed in tests. */
    Clock clock = Clock.systemUTC();

    /** A problem of the user's input or of the store's content, reported as one line without a stack trace. */
    static final class OfflineException extends Exception {
        OfflineException(String message) {
            super(message);
        }
    }

    /** One stored record: its time, request id, latency and every feature and prediction value by name. */
    record Row(long timestamp, String requestId, Double latency, Map<String, Object> features,
               Map<String, Object> predictions) {}

    @Override
    public Integer call() throws Exception {
        PrintWriter err = spec.commandLine().getErr();
        try {
            Instant now = clock.instant();
            Instant start = parseTime("--from", from, now);
            Instant end = parseTime("--to", to, now);
            if (!start.isBefore(end)) {
                throw new OfflineException("--from (" + start + ") must be before --to (" + end + ")");
            }
            if (limit != null && limit < 1) {
                throw new OfflineException("--limit must be at least 1");
            }
            Path table = recordsTable(path != null ? path : configuredPath());
            List<Row> rows = read(table, endpoint, start, end, limit);
            if (rows.isEmpty()) {
                throw new OfflineException("no records of endpoint '" + endpoint + "' in [" + start + ", " + end
                        + ") under " + table + " (the sink commits files at checkpoints)");
            }
            if (output != null) {
                try (Writer w = Files.newBufferedWriter(output, StandardCharsets.UTF_8)) {
                    write(rows, format, w);
                }
                err.println("wrote " + rows.size() + " rows to " + output);
            } else {
                PrintWriter out = spec.commandLine().getOut();
                write(rows, format, out);
                out.flush();
            }
            return 0;
        } catch (OfflineException e) {
            err.println("driftline offline: " + e.getMessage());
            err.flush();
            return 1;
        }
    }

    private String configuredPath() throws Exception {
        DriftlineConfig config = options.load();
        String p = config.sinks.parquetPath;
        if (p == null || p.isBlank()) {
            throw new OfflineException("no Parquet store: sinks.parquet-path is empty (pass --path)");
        }
        return p;
    }

    // ------------------------------------------------------------------------------------------------ times

    /** See {@link TimeArgument#parse}. */
    static Instant parseTime(String option, String text, Instant now) throws OfflineException {
        try {
            return TimeArgument.parse(option, text, now);
        } catch (IllegalArgumentException e) {
            throw new OfflineException(e.getMessage());
        }
    }

    // ------------------------------------------------------------------------------------------------ the store

    /** The records table of a store given as a base directory, a file: URI, or the records directory itself. */
    static Path recordsTable(String location) throws OfflineException {
        Path base;
        try {
            URI uri = URI.create(location);
            if (uri.getScheme() == null) {
                base = Path.of(location);
            } else if (uri.getScheme().equals("file")) {
                base = Path.of(uri);
            } else {
                throw new OfflineException("only a local store can be read, not " + location);
            }
        } catch (IllegalArgumentException e) {
            base = Path.of(location);
        }
        Path table = base.resolve(ParquetSinks.RECORDS);
        if (Files.isDirectory(table)) {
            return table;
        }
        if (Files.isDirectory(base) && (hasEndpointDirs(base) || !partitions(base, "year=").isEmpty())) {
            return base;
        }
        throw new OfflineException("no Parquet records table at " + table
                + (Files.isDirectory(base) ? "" : " (" + base + " does not exist)")
                + "; is sinks.parquet-path (or --path) the store the job writes to?");
    }

    private static boolean hasEndpointDirs(Path dir) throws OfflineException {
        return !endpointIds(dir).isEmpty();
    }

    /** The directory of an endpoint's records in the endpoint-hour layout, named as the sink names it. */
    static Path endpointDir(Path table, String endpointId) {
        return table.resolve("key=" + EndpointHourBucketAssigner.escape(endpointId));
    }

    /** The endpoint ids with a directory in the table, unescaped, sorted. */
    static Set<String> endpointIds(Path table) throws OfflineException {
        Set<String> ids = new TreeSet<>();
        for (Path p : list(table)) {
            String name = p.getFileName().toString();
            if (name.startsWith("key=") && Files.isDirectory(p)) {
                // The sink percent-encodes every byte outside [A-Za-z0-9._-], '+' included, so this inverts it.
                ids.add(URLDecoder.decode(name.substring(4), StandardCharsets.UTF_8));
            }
        }
        return ids;
    }

    /**
     * Rows of the endpoint in {@code [from, to)} from both layouts, by time then request id; reading stops after
     * {@code limit} rows. An endpoint with neither its own directory nor hour directories to look in is an error that
     * names the endpoints that have directories.
     */
    static List<Row> read(Path table, String endpointId, Instant from, Instant to, Integer limit)
            throws OfflineException {
        Path endpointDir = endpointDir(table, endpointId);
        boolean byEndpoint = Files.isDirectory(endpointDir);
        if (!byEndpoint && partitions(table, "year=").isEmpty()) {
            Set<String> known = endpointIds(table);
            throw new OfflineException("no records of endpoint '" + endpointId + "' under " + table
                    + (known.isEmpty() ? " (no endpoint has records there)" : " (endpoints with records: "
                    + String.join(", ", known) + ")"));
        }
        // The endpoint's own hours (every row is its) and the shared hours (only its rows), merged hour by hour.
        List<Hour> hours = new ArrayList<>();
        if (byEndpoint) {
            hours.addAll(hourPartitions(endpointDir, from, to));
        }
        for (Hour h : hourPartitions(table, from, to)) {
            hours.add(new Hour(h.start(), h.dir(), endpointId));
        }
        hours.sort(Comparator.comparing(Hour::start));
        List<Row> rows = new ArrayList<>();
        for (int i = 0; i < hours.size(); ) {
            if (limit != null && rows.size() >= limit) {
                break;
            }
            Instant start = hours.get(i).start();
            List<Row> inHour = new ArrayList<>();
            for (; i < hours.size() && hours.get(i).start().equals(start); i++) {
                Hour hour = hours.get(i);
                for (Path file : list(hour.dir())) {
                    if (!hidden(file) && Files.isRegularFile(file)) {
                        readFile(file, hour.onlyEndpoint(), from.toEpochMilli(), to.toEpochMilli(), inHour);
                    }
                }
            }
            inHour.sort(Comparator.comparingLong(Row::timestamp)
                    .thenComparing(Row::requestId, Comparator.nullsLast(Comparator.naturalOrder())));
            rows.addAll(inHour);
        }
        return limit != null && rows.size() > limit ? new ArrayList<>(rows.subList(0, limit)) : rows;
    }

    /** An hour directory; {@code onlyEndpoint} set when its files hold other endpoints' rows too. */
    record Hour(Instant start, Path dir, String onlyEndpoint) {}

    /**
     * The {@code year=/month=/day=/hour=} directories below {@code dir} whose hour overlaps {@code [from, to)}, in
     * time order. Each level is listed once and a directory that cannot overlap is not entered.
     */
    static List<Hour> hourPartitions(Path dir, Instant from, Instant to) throws OfflineException {
        List<Hour> hours = new ArrayList<>();
        for (Partition y : partitions(dir, "year=")) {
            LocalDateTime ys = LocalDateTime.of(y.value, 1, 1, 0, 0);
            if (!overlaps(ys, ys.plusYears(1), from, to)) {
                continue;
            }
            for (Partition m : partitions(y.dir, "month=")) {
                if (m.value < 1 || m.value > 12) {
                    continue;
                }
                LocalDateTime ms = ys.withMonth(m.value);
                if (!overlaps(ms, ms.plusMonths(1), from, to)) {
                    continue;
                }
                for (Partition d : partitions(m.dir, "day=")) {
                    if (d.value < 1 || d.value > ms.toLocalDate().lengthOfMonth()) {
                        continue;
                    }
                    LocalDateTime ds = ms.withDayOfMonth(d.value);
                    if (!overlaps(ds, ds.plusDays(1), from, to)) {
                        continue;
                    }
                    for (Partition h : partitions(d.dir, "hour=")) {
                        if (h.value < 0 || h.value > 23) {
                            continue;
                        }
                        LocalDateTime hs = ds.withHour(h.value);
                        if (overlaps(hs, hs.plusHours(1), from, to)) {
                            hours.add(new Hour(hs.toInstant(ZoneOffset.UTC), h.dir, null));
                        }
                    }
                }
            }
        }
        return hours;
    }

    private record Partition(int value, Path dir) {}

    /** The {@code <prefix><number>} subdirectories of {@code dir}, by number. */
    private static List<Partition> partitions(Path dir, String prefix) throws OfflineException {
        List<Partition> out = new ArrayList<>();
        for (Path p : list(dir)) {
            String name = p.getFileName().toString();
            if (!name.startsWith(prefix) || !Files.isDirectory(p)) {
                continue;
            }
            try {
                out.add(new Partition(Integer.parseInt(name.substring(prefix.length())), p));
            } catch (NumberFormatException e) {
                // not a partition of the sink's layout
            }
        }
        out.sort(Comparator.comparingInt(Partition::value));
        return out;
    }

    private static boolean overlaps(LocalDateTime start, LocalDateTime end, Instant from, Instant to) {
        return start.toInstant(ZoneOffset.UTC).isBefore(to) && end.toInstant(ZoneOffset.UTC).isAfter(from);
    }

    private static boolean hidden(Path file) {
        String name = file.getFileName().toString();
        return name.startsWith(".") || name.startsWith("_");
    }

    private static List<Path> list(Path dir) throws OfflineException {
        try (Stream<Path> s = Files.list(dir)) {
            return s.sorted().toList();
        } catch (IOException e) {
            throw new OfflineException("cannot list " + dir + ": " + e.getMessage());
        }
    }

    /**
     * Adds the records of one Parquet file with {@code from <= timestamp < to} (and, when {@code onlyEndpoint} is set,
     * of that endpoint) to {@code rows}.
     */
    static void readFile(Path file, String onlyEndpoint, long from, long to, List<Row> rows) throws OfflineException {
        FilterPredicate predicate = FilterApi.and(
                FilterApi.gtEq(FilterApi.longColumn(TIMESTAMP), from),
                FilterApi.lt(FilterApi.longColumn(TIMESTAMP), to));
        if (onlyEndpoint != null) {
            predicate = FilterApi.and(predicate,
                    FilterApi.eq(FilterApi.binaryColumn(ENDPOINT_ID), Binary.fromString(onlyEndpoint)));
        }
        try (ParquetReader<Group> reader = new GroupReaderBuilder(new LocalInputFile(file))
                .withFilter(FilterCompat.get(predicate)).build()) {
            OwnColumns own = onlyEndpoint != null ? ownColumns(file, onlyEndpoint) : null;
            Group r;
            while ((r = reader.read()) != null) {
                long ts = r.getLong(TIMESTAMP, 0);
                if (ts < from || ts >= to
                        || (onlyEndpoint != null && !onlyEndpoint.equals(RecordGroups.value(r, ENDPOINT_ID)))) {
                    continue;
                }
                Map<String, Object> features = new LinkedHashMap<>();
                RecordGroups.putColumns(features, r, "features");
                RecordGroups.putColumns(features, r, "other_features");
                RecordGroups.putColumns(features, r, "string_features");
                Map<String, Object> predictions = new LinkedHashMap<>();
                RecordGroups.putColumns(predictions, r, "predictions");
                RecordGroups.putColumns(predictions, r, "other_predictions");
                RecordGroups.putColumns(predictions, r, "string_predictions");
                if (own != null) { // a file of many endpoints: its structs hold the others' columns too
                    features.keySet().retainAll(own.features());
                    predictions.keySet().retainAll(own.predictions());
                }
                Object requestId = RecordGroups.value(r, REQUEST_ID);
                Object latency = RecordGroups.value(r, LATENCY);
                rows.add(new Row(ts, requestId == null ? null : requestId.toString(),
                        latency instanceof Number n ? n.doubleValue() : null, features, predictions));
            }
        } catch (IOException | RuntimeException e) {
            throw new OfflineException("cannot read " + file + ": " + e);
        }
    }

    /**
     * The feature and prediction names of an endpoint's definitions in a file of many endpoints, from the file's
     * footer ({@link ParquetSinks#ENDPOINT_COLUMNS_METADATA}); null when the footer does not say (a file of one
     * endpoint, or of an earlier version), so every column of the file is the endpoint's.
     */
    static OwnColumns ownColumns(Path file, String endpointId) throws IOException {
        String json;
        try (ParquetFileReader reader = ParquetFileReader.open(new LocalInputFile(file))) {
            json = reader.getFooter().getFileMetaData().getKeyValueMetaData()
                    .get(ParquetSinks.ENDPOINT_COLUMNS_METADATA);
        }
        if (json == null) {
            return null;
        }
        JsonNode root = new ObjectMapper().readTree(json);
        OwnColumns own = new OwnColumns(new LinkedHashSet<>(), new LinkedHashSet<>());
        for (JsonNode index : root.path("endpoints").path(endpointId)) {
            JsonNode definition = root.path("definitions").path(index.asInt());
            definition.path("features").forEach(n -> own.features().add(n.asText()));
            definition.path("predictions").forEach(n -> own.predictions().add(n.asText()));
        }
        return own;
    }

    /** An endpoint's feature and prediction names in a file of many endpoints (a name may be either in another). */
    record OwnColumns(Set<String> features, Set<String> predictions) {}

    /**
     * Reads rows as Parquet's generic groups: column names are Parquet names, which may be any string (feature names
     * with spaces, dots, quotes), where an Avro reader rejects all but {@code [A-Za-z_][A-Za-z0-9_]*}.
     */
    private static final class GroupReaderBuilder extends ParquetReader.Builder<Group> {
        GroupReaderBuilder(LocalInputFile file) {
            super(file);
        }

        @Override
        protected ReadSupport<Group> getReadSupport() {
            return new GroupReadSupport();
        }
    }

    // ------------------------------------------------------------------------------------------------ output

    /** The columns of a set of rows: the fixed three, then every feature, then every prediction. */
    static List<Column> columns(List<Row> rows) {
        Set<String> featureNames = new TreeSet<>(OfflineCommand::compareNatural);
        Set<String> predictionNames = new TreeSet<>(OfflineCommand::compareNatural);
        for (Row r : rows) {
            featureNames.addAll(r.features().keySet());
            predictionNames.addAll(r.predictions().keySet());
        }
        List<Column> columns = new ArrayList<>();
        Set<String> taken = new LinkedHashSet<>(List.of(TIMESTAMP, REQUEST_ID, LATENCY));
        columns.add(new Column(TIMESTAMP, r -> Instant.ofEpochMilli(r.timestamp()).toString()));
        columns.add(new Column(REQUEST_ID, Row::requestId));
        columns.add(new Column(LATENCY, Row::latency));
        for (String name : featureNames) {
            String header = taken.add(name) ? name : "feature:" + name;
            taken.add(header);
            columns.add(new Column(header, r -> r.features().get(name)));
        }
        for (String name : predictionNames) {
            String header = taken.add(name) ? name : "prediction:" + name;
            taken.add(header);
            columns.add(new Column(header, r -> r.predictions().get(name)));
        }
        return columns;
    }

    record Column(String name, java.util.function.Function<Row, Object> value) {}

    static void write(List<Row> rows, Format format, Writer out) throws IOException {
        List<Column> columns = columns(rows);
        switch (format) {
            case csv -> writeCsv(rows, columns, out);
            case json -> writeJson(rows, columns, out);
            default -> writeTable(rows, columns, out);
        }
        out.flush();
    }

    private static void writeCsv(List<Row> rows, List<Column> columns, Writer out) throws IOException {
        out.write(String.join(",", columns.stream().map(c -> csvCell(c.name())).toList()));
        out.write('\n');
        for (Row r : rows) {
            List<String> cells = new ArrayList<>(columns.size());
            for (Column c : columns) {
                cells.add(csvCell(text(c.value().apply(r))));
            }
            out.write(String.join(",", cells));
            out.write('\n');
        }
    }

    /** RFC 4180: a cell with a comma, quote or line break is quoted, quotes doubled; null is an empty cell. */
    static String csvCell(String s) {
        if (s.indexOf(',') < 0 && s.indexOf('"') < 0 && s.indexOf('\n') < 0 && s.indexOf('\r') < 0) {
            return s;
        }
        return '"' + s.replace("\"", "\"\"") + '"';
    }

    private static final ObjectMapper JSON = new ObjectMapper()
            .configure(JsonGenerator.Feature.AUTO_CLOSE_TARGET, false);

    private static void writeJson(List<Row> rows, List<Column> columns, Writer out) throws IOException {
        for (Row r : rows) {
            Map<String, Object> object = new LinkedHashMap<>();
            for (Column c : columns) {
                object.put(c.name(), c.value().apply(r));
            }
            out.write(JSON.writeValueAsString(object));
            out.write('\n');
        }
    }

    private static void writeTable(List<Row> rows, List<Column> columns, Writer out) throws IOException {
        List<String[]> cells = new ArrayList<>(rows.size());
        int[] widths = new int[columns.size()];
        for (int i = 0; i < columns.size(); i++) {
            widths[i] = columns.get(i).name().length();
        }
        for (Row r : rows) {
            String[] line = new String[columns.size()];
            for (int i = 0; i < columns.size(); i++) {
                line[i] = text(columns.get(i).value().apply(r)).replace('\n', ' ').replace('\r', ' ');
                widths[i] = Math.max(widths[i], line[i].length());
            }
            cells.add(line);
        }
        String[] header = columns.stream().map(Column::name).toArray(String[]::new);
        writeTableLine(header, widths, out);
        for (String[] line : cells) {
            writeTableLine(line, widths, out);
        }
    }

    private static void writeTableLine(String[] line, int[] widths, Writer out) throws IOException {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < line.length; i++) {
            if (i > 0) {
                sb.append("  ");
            }
            sb.append(line[i]);
            if (i < line.length - 1) {
                sb.append(" ".repeat(widths[i] - line[i].length()));
            }
        }
        out.write(sb.append('\n').toString());
    }

    private static String text(Object v) {
        return v == null ? "" : v.toString();
    }

    /** Compares names with runs of digits by their value, so {@code f2} sorts before {@code f10}. */
    static int compareNatural(String a, String b) {
        int i = 0;
        int j = 0;
        while (i < a.length() && j < b.length()) {
            char ca = a.charAt(i);
            char cb = b.charAt(j);
            if (Character.isDigit(ca) && Character.isDigit(cb)) {
                int ei = i;
                while (ei < a.length() && Character.isDigit(a.charAt(ei))) {
                    ei++;
                }
                int ej = j;
                while (ej < b.length() && Character.isDigit(b.charAt(ej))) {
                    ej++;
                }
                String na = a.substring(i, ei).replaceFirst("^0+(?=.)", "");
                String nb = b.substring(j, ej).replaceFirst("^0+(?=.)", "");
                int c = na.length() != nb.length() ? Integer.compare(na.length(), nb.length()) : na.compareTo(nb);
                if (c != 0) {
                    return c;
                }
                i = ei;
                j = ej;
            } else {
                if (ca != cb) {
                    return Character.compare(ca, cb);
                }
                i++;
                j++;
            }
        }
        int c = Integer.compare(a.length() - i, b.length() - j);
        return c != 0 ? c : a.compareTo(b);
    }
}
