package dev.driftline.job.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.driftline.apps.ResultKind;
import dev.driftline.apps.ResultStatus;
import dev.driftline.job.config.DriftlineConfig;
import dev.driftline.sinks.store.ResultStore;
import dev.driftline.sinks.store.StoredResult;
import java.io.PrintWriter;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** Reads an endpoint's results and metrics back from the configured time-series store, for people. */
@Command(name = "results", mixinStandardHelpOptions = true,
        description = "Print an endpoint's results and metrics from the time-series store (stores.tsdb).")
public class ResultsCommand implements Callable<Integer> {
    enum Format { table, json }

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Mixin
    ConfigOptions options;

    @Option(names = "--endpoint", required = true, description = "endpoint id")
    String endpoint;

    @Option(names = "--app", description = "only this application's results and metrics")
    String application;

    @Option(names = "--since", defaultValue = "6h",
            description = "windows that ended at or after this time: 6h, 2d (before now), an ISO-8601 instant or a date (default: ${DEFAULT-VALUE})")
    String since;

    @Option(names = "--format", defaultValue = "table", description = "table or json (one object per line)")
    Format format;

    /** The clock relative times are taken from; fixed in tests. */
    Clock clock = Clock.systemUTC();

    @Override
    public Integer call() throws Exception {
        PrintWriter err = spec.commandLine().getErr();
        PrintWriter out = spec.commandLine().getOut();
        Instant from;
        DriftlineConfig config;
        try {
            from = TimeArgument.parse("--since", since, clock.instant());
            config = options.load();
        } catch (IllegalArgumentException e) {
            err.println("driftline results: " + e.getMessage());
            err.flush();
            return 1;
        }
        if (!config.stores.tsdb.enabled()) {
            err.println("driftline results: no time-series store is configured (stores.tsdb.type is none)");
            err.flush();
            return 1;
        }
        List<StoredResult> rows;
        try (ResultStore store = StoreClients.resultStore(config.stores.tsdb)) {
            rows = store.results(endpoint, application, from.toEpochMilli());
        }
        if (format == Format.json) {
            writeJson(rows, out);
        } else {
            writeTable(rows, out);
            err.printf("%d results and metrics of endpoint %s since %s%n", rows.size(), endpoint, from);
        }
        out.flush();
        err.flush();
        return 0;
    }

    private static final ObjectMapper JSON = new ObjectMapper();

    static void writeJson(List<StoredResult> rows, PrintWriter out) throws Exception {
        for (StoredResult r : rows) {
            ObjectNode n = JSON.createObjectNode();
            n.put("endpoint_id", r.endpointId());
            n.put("project", r.project());
            n.put("application_name", r.application());
            n.put("type", r.type());
            n.put("name", r.name());
            n.put("start_infer_time", Instant.ofEpochMilli(r.windowStart()).toString());
            n.put("end_infer_time", Instant.ofEpochMilli(r.windowEnd()).toString());
            n.put("value", r.value());
            if ("result".equals(r.type())) {
                n.put("kind", kindName(r.kind()));
                n.put("status", statusName(r.status()));
                if (r.extraData() != null) {
                    n.set("extra_data", JSON.readTree(r.extraData()));
                }
            }
            out.println(JSON.writeValueAsString(n));
        }
    }

    static void writeTable(List<StoredResult> rows, PrintWriter out) {
        String format = "%-20s  %-20s  %-22s  %-6s  %-16s  %12s  %-19s  %s%n";
        out.printf(format, "WINDOW START", "WINDOW END", "APPLICATION", "TYPE", "NAME", "VALUE", "STATUS", "KIND");
        for (StoredResult r : rows) {
            boolean result = "result".equals(r.type());
            out.printf(format, Instant.ofEpochMilli(r.windowStart()), Instant.ofEpochMilli(r.windowEnd()),
                    r.application(), r.type(), r.name(), String.format(java.util.Locale.ROOT, "%.6f", r.value()),
                    result ? statusName(r.status()) : "", result ? kindName(r.kind()) : "");
        }
    }

    static String statusName(int code) {
        try {
            return ResultStatus.fromCode(code).wireName();
        } catch (IllegalArgumentException e) {
            return String.valueOf(code);
        }
    }

    static String kindName(int code) {
        try {
            return ResultKind.fromCode(code).wireName();
        } catch (IllegalArgumentException e) {
            return String.valueOf(code);
        }
    }
}
