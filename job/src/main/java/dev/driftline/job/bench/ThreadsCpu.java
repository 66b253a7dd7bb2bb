package dev.driftline.job.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * The CPU this JVM's threads use while a job runs, by kind of thread, from Linux's per-thread accounting
 * ({@code /proc/self/task/<tid>/stat}, user + system time, native code included).
 *
 * <p>Why not the management beans: {@code CompilationMXBean} reports the compiler threads' elapsed time, which on a
 * busy two-core machine (where they wait for a core) far exceeds their CPU, and the collectors' beans report pauses,
 * not the CPU of G1's workers and concurrent threads. Nor JFR's execution samples: they see only threads running
 * Java code, not the JIT, the collector or native code (compression, file and socket I/O).
 *
 * <p>{@link #sample} reads every thread; call it before the job starts, every second or so while it runs (a task
 * thread ends with its job, and what it used after its last sample is lost), and once at the end. A thread first seen
 * after the first sample started during the run and counts from zero.
 */
final class ThreadsCpu {
    /** Clock ticks per second of {@code utime}/{@code stime}: USER_HZ, 100 on Linux. */
    private static final double TICKS_PER_SECOND = 100.0;
    private static final Path TASKS = Path.of("/proc/self/task");

    /**
     * Per thread — "tid starttime": Linux reuses ids, and a thread that renames itself is still the same — its ticks
     * at the first sample and at the latest.
     */
    private final Map<String, long[]> threads = new HashMap<>();
    /** The latest name of each thread (its group), by the same key. */
    private final Map<String, String> names = new HashMap<>();
    private boolean first = true;
    private boolean available = Files.isDirectory(TASKS);

    /** Reads every thread's CPU so far. */
    synchronized void sample() {
        if (!available) {
            return;
        }
        boolean baseline = first;
        first = false;
        try (Stream<Path> tasks = Files.list(TASKS)) {
            for (Path task : (Iterable<Path>) tasks::iterator) {
                String stat;
                try {
                    // Bytes as Latin-1: Linux cuts a name at 15 bytes, possibly inside a UTF-8 character.
                    stat = new String(Files.readAllBytes(task.resolve("stat")), StandardCharsets.ISO_8859_1);
                } catch (IOException ended) {
                    continue; // the thread ended while they were listed
                }
                String key = task.getFileName() + " " + startTime(stat);
                long ticks = cpuTicks(stat);
                long[] t = threads.computeIfAbsent(key, k -> new long[] {baseline ? ticks : 0, ticks});
                t[1] = ticks;
                names.put(key, threadName(stat));
            }
        } catch (IOException | RuntimeException e) {
            available = false; // not Linux's /proc after all: report nothing rather than something wrong
        }
    }

    /** Whether the samples measured anything. */
    synchronized boolean available() {
        return available && !threads.isEmpty();
    }

    /** CPU seconds since the first sample, by thread group ({@link #group}), the largest first. */
    synchronized Map<String, Double> secondsByGroup() {
        Map<String, Long> ticks = new TreeMap<>();
        threads.forEach((key, t) -> ticks.merge(group(names.get(key)), t[1] - t[0], Long::sum));
        Map<String, Double> out = new LinkedHashMap<>();
        ticks.entrySet().stream().sorted(Map.Entry.<String, Long>comparingByValue().reversed())
                .forEach(e -> out.put(e.getKey(), e.getValue() / TICKS_PER_SECOND));
        return out;
    }

    /** CPU seconds since the first sample of the threads of one kind. */
    synchronized double seconds(Kind kind) {
        return seconds(name -> kind(name) == kind);
    }

    /** CPU seconds since the first sample of the threads whose name starts with {@code prefix}. */
    synchronized double secondsOfNamesStartingWith(String prefix) {
        return seconds(name -> name.startsWith(prefix));
    }

    private double seconds(java.util.function.Predicate<String> threadName) {
        long sum = 0;
        for (Map.Entry<String, long[]> e : threads.entrySet()) {
            if (threadName.test(names.get(e.getKey()))) {
                sum += e.getValue()[1] - e.getValue()[0];
            }
        }
        return sum / TICKS_PER_SECOND;
    }

    enum Kind { JIT, GC, OTHER }

    /** HotSpot's thread names, cut to Linux's 15 characters: "C2 CompilerThre", "GC Thread#0", "G1 Conc#0", … */
    static Kind kind(String threadName) {
        if (threadName.startsWith("C1 CompilerThre") || threadName.startsWith("C2 CompilerThre")) {
            return Kind.JIT;
        }
        if (threadName.startsWith("GC Thread") || threadName.startsWith("G1 ")) {
            // G1's and Parallel's workers ("GC Thread#n"), G1's concurrent marking, refinement and service threads.
            // Not Serial GC (it collects on the "VM Thread"), nor ZGC's or Shenandoah's threads: the benchmark runs G1.
            return Kind.GC;
        }
        return Kind.OTHER;
    }

    /**
     * Threads of one kind under one name: the name less a trailing number ("GC Thread#1", "G1 Refine#0",
     * "flink-pekko.actor.default-dispatcher-12"); a task's subtasks share their (cut) name already.
     */
    static String group(String threadName) {
        return threadName.replaceFirst("[#-]?\\d+$", "");
    }

    /** The thread's name: between the first '(' and the last ')' (a name may hold either). */
    static String threadName(String stat) {
        return stat.substring(stat.indexOf('(') + 1, stat.lastIndexOf(')'));
    }

    /** When the thread started (field 22, clock ticks since boot): with the id, it tells a reused id apart. */
    static long startTime(String stat) {
        String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
        return Long.parseLong(f[19]);
    }

    /** utime + stime, fields 14 and 15 of the stat line (counted from the pid as field 1). */
    static long cpuTicks(String stat) {
        String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
        return Long.parseLong(f[11]) + Long.parseLong(f[12]);
    }
}
