package dev.driftline.job.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code driftline}: the job and the tools around it. */
@Command(name = "driftline", mixinStandardHelpOptions = true, version = "driftline 0.1.0",
        description = "ML model monitoring as one Flink streaming job.",
        subcommands = {
            RunCommand.class,
            ProfileCommand.class,
            DriftCommand.class,
            EndpointsCommand.class,
            TrafficCommand.class,
            TailCommand.class,
            AlertsCommand.class,
            OfflineCommand.class,
            ResultsCommand.class,
        })
public class DriftlineCli implements Runnable {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(System.out);
    }

    public static void main(String[] args) {
        int code = commandLine().execute(args);
        // Under `flink run` (or in application mode, inside the JobManager) the JVM is not ours to exit: report a
        // failure by throwing. Started directly, the exit code is the answer.
        if (underFlinkClient()) {
            if (code != 0) {
                // The command only, not its arguments: --set values may hold credentials.
                throw new IllegalStateException("driftline " + (args.length > 0 ? args[0] : "") + " failed with exit code "
                        + code + " (the reason is in the log above)");
            }
            return;
        }
        System.exit(code);
    }

    public static CommandLine commandLine() {
        CommandLine cl = new CommandLine(new DriftlineCli());
        cl.setExecutionExceptionHandler((e, cmd, parsed) -> {
            cmd.getErr().println("driftline: " + e.getMessage());
            return 1;
        });
        return cl;
    }

    private static boolean underFlinkClient() {
        for (StackTraceElement e : Thread.currentThread().getStackTrace()) {
            if (e.getClassName().startsWith("org.apache.flink.client.")) {
                return true;
            }
        }
        return false;
    }
}
