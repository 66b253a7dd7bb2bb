package dev.driftline.job.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ThreadsCpuTest {

    @Test
    void readsNameAndCpuTicksOfAThreadsStatLine() {
        // A name may hold spaces and parentheses; utime and stime follow at fixed places after the last ')'.
        String stat = "4242 (C2 CompilerThre) S 1 4200 4200 0 -1 1077936192 55 0 0 0 731 12 0 0 20 0 30 0 3870 "
                + "9417408512 44128 18446744073709551615 1 1 0 0 0 0 0 0 0 0 0 0 -1 1 0 0 0 0 0";
        assertEquals("C2 CompilerThre", ThreadsCpu.threadName(stat));
        assertEquals(743, ThreadsCpu.cpuTicks(stat));
        assertEquals(3870, ThreadsCpu.startTime(stat));
        String odd = "7 (a (b) c) R 1 7 7 0 -1 0 0 0 0 0 5 6 0 0 20 0 1 0 1 1 1 1";
        assertEquals("a (b) c", ThreadsCpu.threadName(odd));
        assertEquals(11, ThreadsCpu.cpuTicks(odd));
    }

    @Test
    void sortsHotSpotsThreadsIntoCompilersAndCollectorAndGroupsNumberedOnes() {
        assertEquals(ThreadsCpu.Kind.JIT, ThreadsCpu.kind("C1 CompilerThre"));
        assertEquals(ThreadsCpu.Kind.JIT, ThreadsCpu.kind("C2 CompilerThre"));
        assertEquals(ThreadsCpu.Kind.GC, ThreadsCpu.kind("GC Thread#1"));
        assertEquals(ThreadsCpu.Kind.GC, ThreadsCpu.kind("G1 Conc#0"));
        assertEquals(ThreadsCpu.Kind.OTHER, ThreadsCpu.kind("Enrich with end"));
        assertEquals(ThreadsCpu.Kind.OTHER, ThreadsCpu.kind("VM Thread"));
        assertEquals("GC Thread", ThreadsCpu.group("GC Thread#1"));
        assertEquals("flink-pekko.act", ThreadsCpu.group("flink-pekko.act"));
        assertEquals("pool-thread", ThreadsCpu.group("pool-thread-12"));
        assertEquals("Enrich with end", ThreadsCpu.group("Enrich with end"));
    }

    /**
     * CPU used before the first sample is not the run's; a thread that renames itself (Linux then shows the new name)
     * is still one thread, counted once under its latest name.
     */
    @Test
    void countsFromTheFirstSampleAndFollowsARenamedThread() throws Exception {
        assumeTrue(Files.isDirectory(Path.of("/proc/self/task")), "no /proc: not Linux");
        java.util.concurrent.CyclicBarrier step = new java.util.concurrent.CyclicBarrier(2);
        Thread worker = new Thread(() -> {
            try {
                spin(300);
                step.await(); // 1: spun before the first sample
                step.await(); // 2: the first sample is taken
                Thread.currentThread().setName("spin-renamed");
                spin(300);
                step.await(); // 3: spun again, under its new name
                step.await(); // 4: sampled
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        }, "spin-before");
        worker.start();
        step.await();
        ThreadsCpu cpu = new ThreadsCpu();
        cpu.sample();
        step.await();
        step.await();
        cpu.sample();
        step.await();
        worker.join();
        Map<String, Double> groups = cpu.secondsByGroup();
        assertEquals(null, groups.get("spin-before"), groups.toString());
        double renamed = groups.get("spin-renamed");
        assertTrue(renamed >= 0.25 && renamed < 0.45, "counted " + renamed + " s of 0.3 s spun after the first sample");
    }

    private static void spin(long cpuMillis) {
        long end = ManagementFactory.getThreadMXBean().getCurrentThreadCpuTime() + cpuMillis * 1_000_000L;
        double x = 0;
        while (ManagementFactory.getThreadMXBean().getCurrentThreadCpuTime() < end) {
            x += Math.sqrt(x + 1);
        }
        if (x < 0) {
            throw new AssertionError();
        }
    }

    @Test
    void countsTheCpuOfAThreadThatEndsBetweenSamplesUpToItsLastSample() throws Exception {
        assumeTrue(Files.isDirectory(Path.of("/proc/self/task")), "no /proc: not Linux");
        ThreadsCpu cpu = new ThreadsCpu();
        cpu.sample();
        Thread busy = new Thread(() -> spin(300), "spin-thread-7");
        busy.start();
        busy.join();
        // Sampled after it ended: it is gone from /proc and counts nothing, as a task thread after its last sample.
        cpu.sample();
        Map<String, Double> groups = cpu.secondsByGroup();
        assertEquals(null, groups.get("spin-thread"), groups.toString());

        ThreadsCpu again = new ThreadsCpu();
        again.sample();
        java.util.concurrent.CountDownLatch spun300 = new java.util.concurrent.CountDownLatch(1);
        java.util.concurrent.CountDownLatch release = new java.util.concurrent.CountDownLatch(1);
        Thread spinning = new Thread(() -> {
            spin(300);
            spun300.countDown();
            try {
                release.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, "spin-thread-8");
        spinning.start();
        spun300.await();
        again.sample(); // seen alive, after its 300 ms of CPU: it started after the first sample, so from zero
        release.countDown();
        spinning.join();
        again.sample();
        double spun = again.secondsByGroup().get("spin-thread");
        assertTrue(spun >= 0.25 && spun < 1.0, "spin-thread used " + spun + " s");
        assertTrue(again.available());
        assertEquals(again.secondsByGroup().values().stream().mapToDouble(Double::doubleValue).sum(),
                again.seconds(ThreadsCpu.Kind.JIT) + again.seconds(ThreadsCpu.Kind.GC)
                        + again.seconds(ThreadsCpu.Kind.OTHER), 1e-9);
    }
}
