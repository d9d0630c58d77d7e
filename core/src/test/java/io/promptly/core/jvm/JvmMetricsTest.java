package io.promptly.core.jvm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.promptly.core.Collectable;
import io.promptly.core.Gauge;
import io.promptly.core.MetricMetadata;
import io.promptly.core.MetricType;
import io.promptly.core.Registry;
import java.io.IOException;
import java.lang.management.BufferPoolMXBean;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class JvmMetricsTest {
    private static final boolean LINUX = System.getProperty("os.name").toLowerCase(Locale.ROOT).contains("linux");

    private static RecordingSink collect(Registry registry) {
        RecordingSink sink = new RecordingSink();
        registry.collect(sink);
        return sink;
    }

    private static RecordingSink collectFresh() {
        Registry registry = new Registry();
        JvmMetrics.register(registry);
        return collect(registry);
    }

    private static Set<String> labelNamesOf(RecordingSink sink, String sampleName) {
        Set<String> names = new HashSet<>();
        for (RecordingSink.Sample s : sink.named(sampleName)) {
            assertTrue(names.isEmpty() || names.equals(s.labels.keySet()), "mixed label sets in " + sampleName);
            names.addAll(s.labels.keySet());
        }
        return names;
    }

    private static Set<String> valuesOf(RecordingSink sink, String sampleName, String label) {
        Set<String> values = new HashSet<>();
        for (RecordingSink.Sample s : sink.named(sampleName)) {
            values.add(s.labels.get(label));
        }
        return values;
    }

    @Test
    void everyDocumentedSampleIsWrittenWithItsTypeAndLabelNames() {
        // sample name as Prometheus users query it (client_java's names) -> family type, label names
        Map<String, Object[]> expected = new TreeMap<>();
        expected.put("jvm_memory_used_bytes", new Object[] {MetricType.GAUGE, Set.of("area")});
        expected.put("jvm_memory_committed_bytes", new Object[] {MetricType.GAUGE, Set.of("area")});
        expected.put("jvm_memory_max_bytes", new Object[] {MetricType.GAUGE, Set.of("area")});
        expected.put("jvm_memory_pool_used_bytes", new Object[] {MetricType.GAUGE, Set.of("pool")});
        expected.put("jvm_memory_pool_committed_bytes", new Object[] {MetricType.GAUGE, Set.of("pool")});
        expected.put("jvm_memory_pool_max_bytes", new Object[] {MetricType.GAUGE, Set.of("pool")});
        expected.put("jvm_buffer_pool_used_bytes", new Object[] {MetricType.GAUGE, Set.of("pool")});
        expected.put("jvm_buffer_pool_capacity_bytes", new Object[] {MetricType.GAUGE, Set.of("pool")});
        expected.put("jvm_buffer_pool_used_buffers", new Object[] {MetricType.GAUGE, Set.of("pool")});
        expected.put("jvm_gc_collection_seconds_count", new Object[] {MetricType.SUMMARY, Set.of("gc")});
        expected.put("jvm_gc_collection_seconds_sum", new Object[] {MetricType.SUMMARY, Set.of("gc")});
        expected.put("jvm_threads_current", new Object[] {MetricType.GAUGE, Set.of()});
        expected.put("jvm_threads_daemon", new Object[] {MetricType.GAUGE, Set.of()});
        expected.put("jvm_threads_peak", new Object[] {MetricType.GAUGE, Set.of()});
        expected.put("jvm_threads_started_total", new Object[] {MetricType.COUNTER, Set.of()});
        expected.put("jvm_threads_deadlocked", new Object[] {MetricType.GAUGE, Set.of()});
        expected.put("jvm_threads_deadlocked_monitor", new Object[] {MetricType.GAUGE, Set.of()});
        expected.put("jvm_threads_state", new Object[] {MetricType.GAUGE, Set.of("state")});
        expected.put("jvm_classes_currently_loaded", new Object[] {MetricType.GAUGE, Set.of()});
        expected.put("jvm_classes_loaded_total", new Object[] {MetricType.COUNTER, Set.of()});
        expected.put("jvm_classes_unloaded_total", new Object[] {MetricType.COUNTER, Set.of()});
        expected.put("jvm_compilation_time_seconds_total", new Object[] {MetricType.COUNTER, Set.of()});
        expected.put("process_cpu_seconds_total", new Object[] {MetricType.COUNTER, Set.of()});
        expected.put("process_start_time_seconds", new Object[] {MetricType.GAUGE, Set.of()});
        expected.put("jvm_info", new Object[] {MetricType.INFO, Set.of("version", "vendor", "runtime")});
        if (LINUX) {
            expected.put("process_open_fds", new Object[] {MetricType.GAUGE, Set.of()});
            expected.put("process_max_fds", new Object[] {MetricType.GAUGE, Set.of()});
            expected.put("process_resident_memory_bytes", new Object[] {MetricType.GAUGE, Set.of()});
            expected.put("process_virtual_memory_bytes", new Object[] {MetricType.GAUGE, Set.of()});
        }

        RecordingSink sink = collectFresh();

        Map<String, MetricType> typeBySample = new TreeMap<>();
        for (RecordingSink.Sample s : sink.samples) {
            typeBySample.put(s.name, s.family.type());
        }
        for (Map.Entry<String, Object[]> e : expected.entrySet()) {
            String name = e.getKey();
            assertTrue(typeBySample.containsKey(name), name + " missing; written: " + typeBySample.keySet());
            assertEquals(e.getValue()[0], typeBySample.get(name), "type of " + name);
            assertEquals(e.getValue()[1], labelNamesOf(sink, name), "label names of " + name);
        }
    }

    @Test
    void byteFamiliesDeclareTheBytesUnitAndTimeFamiliesSeconds() {
        RecordingSink sink = collectFresh();
        for (MetricMetadata m : sink.families.values()) {
            if (m.name().endsWith("_bytes")) {
                assertEquals("bytes", m.unit(), m.name());
            } else if (m.name().endsWith("_seconds")) {
                assertEquals("seconds", m.unit(), m.name());
            }
        }
    }

    @Test
    void heapAndNonHeapAreasReportUsedNotAboveCommitted() {
        RecordingSink sink = collectFresh();
        assertEquals(Set.of("heap", "nonheap"), valuesOf(sink, "jvm_memory_used_bytes", "area"));
        for (String area : List.of("heap", "nonheap")) {
            double used = sink.value("jvm_memory_used_bytes", "area", area);
            double committed = sink.value("jvm_memory_committed_bytes", "area", area);
            double max = sink.value("jvm_memory_max_bytes", "area", area);
            // G1 may report 0 heap bytes used until its first eden region retires, so only ≥ 0 is certain
            assertTrue(used >= 0, area + " used " + used);
            assertTrue(used <= committed, area + " used " + used + " > committed " + committed);
            assertTrue(max == -1 || max >= committed, area + " max " + max + " below committed " + committed);
        }
        assertTrue(sink.value("jvm_memory_used_bytes", "area", "nonheap") > 0, "loaded classes use metaspace");
        // heap max is -Xmx or the default, both defined on HotSpot
        assertEquals((double) Runtime.getRuntime().maxMemory(), sink.value("jvm_memory_max_bytes", "area", "heap"),
                0.05 * Runtime.getRuntime().maxMemory());
    }

    @Test
    void everyMemoryPoolOfTheJvmIsReported() {
        Set<String> pools = new HashSet<>();
        for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
            pools.add(pool.getName());
        }
        RecordingSink sink = collectFresh();
        for (String sample : List.of("jvm_memory_pool_used_bytes", "jvm_memory_pool_committed_bytes",
                "jvm_memory_pool_max_bytes")) {
            assertEquals(pools, valuesOf(sink, sample, "pool"), sample);
        }
        for (String pool : pools) {
            double used = sink.value("jvm_memory_pool_used_bytes", "pool", pool);
            double committed = sink.value("jvm_memory_pool_committed_bytes", "pool", pool);
            double max = sink.value("jvm_memory_pool_max_bytes", "pool", pool);
            assertTrue(used >= 0 && used <= committed, pool + ": used " + used + ", committed " + committed);
            assertTrue(max == -1 || max >= committed, pool + ": max " + max + ", committed " + committed);
        }
    }

    @Test
    void bufferPoolsCountADirectBufferWeHold() {
        Set<String> pools = new HashSet<>();
        for (BufferPoolMXBean pool : ManagementFactory.getPlatformMXBeans(BufferPoolMXBean.class)) {
            pools.add(pool.getName());
        }
        assertTrue(pools.contains("direct"), "JDK buffer pools: " + pools);
        java.nio.ByteBuffer held = java.nio.ByteBuffer.allocateDirect(4096);
        RecordingSink sink = collectFresh();
        assertEquals(pools, valuesOf(sink, "jvm_buffer_pool_used_bytes", "pool"));
        assertTrue(sink.value("jvm_buffer_pool_used_buffers", "pool", "direct") >= 1);
        assertTrue(sink.value("jvm_buffer_pool_capacity_bytes", "pool", "direct") >= held.capacity());
        assertTrue(sink.value("jvm_buffer_pool_used_bytes", "pool", "direct") >= held.capacity());
    }

    @Test
    void gcSummaryHasOneSeriesPerCollectorAndCountsAnExplicitCollection() {
        Set<String> collectors = new HashSet<>();
        for (GarbageCollectorMXBean gc : ManagementFactory.getGarbageCollectorMXBeans()) {
            collectors.add(gc.getName());
        }
        System.gc();
        RecordingSink sink = collectFresh();
        assertEquals(collectors, valuesOf(sink, "jvm_gc_collection_seconds_count", "gc"));
        assertEquals(collectors, valuesOf(sink, "jvm_gc_collection_seconds_sum", "gc"));
        double collections = 0;
        for (RecordingSink.Sample s : sink.named("jvm_gc_collection_seconds_count")) {
            assertTrue(s.value >= 0 && s.value == Math.rint(s.value), s.toString());
            collections += s.value;
        }
        for (RecordingSink.Sample s : sink.named("jvm_gc_collection_seconds_sum")) {
            assertTrue(s.value >= 0, s.toString());
        }
        assertTrue(collections >= 1, "System.gc() ran, yet no collection was counted");
    }

    @Test
    void threadCountsArePlausible() {
        RecordingSink sink = collectFresh();
        double current = sink.value("jvm_threads_current");
        assertTrue(current >= 1, "current " + current);
        assertTrue(sink.value("jvm_threads_daemon") <= current);
        assertTrue(sink.value("jvm_threads_peak") >= current);
        assertTrue(sink.value("jvm_threads_started_total") >= current);
        assertEquals(0.0, sink.value("jvm_threads_deadlocked"));
        assertEquals(0.0, sink.value("jvm_threads_deadlocked_monitor"));
    }

    @Test
    void threadStatesListEveryStateAndCountThreadsWeParked() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        CountDownLatch started = new CountDownLatch(2);
        Thread waiting = new Thread(() -> {
            started.countDown();
            awaitQuietly(release, -1);
        }, "jvm-metrics-test-waiting");
        Thread timedWaiting = new Thread(() -> {
            started.countDown();
            awaitQuietly(release, 60);
        }, "jvm-metrics-test-timed-waiting");
        waiting.setDaemon(true);
        timedWaiting.setDaemon(true);
        waiting.start();
        timedWaiting.start();
        try {
            started.await();
            waitForState(waiting, Thread.State.WAITING);
            waitForState(timedWaiting, Thread.State.TIMED_WAITING);

            RecordingSink sink = collectFresh();
            Set<String> allStates = new HashSet<>();
            for (Thread.State s : Thread.State.values()) {
                allStates.add(s.name());
            }
            assertEquals(allStates, valuesOf(sink, "jvm_threads_state", "state"));
            assertEquals(allStates.size(), sink.named("jvm_threads_state").size());
            assertTrue(sink.value("jvm_threads_state", "state", "RUNNABLE") >= 1, "this thread runs");
            assertTrue(sink.value("jvm_threads_state", "state", "WAITING") >= 1);
            assertTrue(sink.value("jvm_threads_state", "state", "TIMED_WAITING") >= 1);
            double total = 0;
            for (RecordingSink.Sample s : sink.named("jvm_threads_state")) {
                total += s.value;
            }
            assertTrue(total >= 3, "states add up to " + total);
        } finally {
            release.countDown();
            waiting.join();
            timedWaiting.join();
        }
    }

    @Test
    void deadlockedThreadsAreCounted() throws Exception {
        ReentrantLock a = new ReentrantLock();
        ReentrantLock b = new ReentrantLock();
        CountDownLatch bothHold = new CountDownLatch(2);
        Thread t1 = new Thread(() -> lockBoth(a, b, bothHold), "jvm-metrics-test-deadlock-1");
        Thread t2 = new Thread(() -> lockBoth(b, a, bothHold), "jvm-metrics-test-deadlock-2");
        t1.setDaemon(true);
        t2.setDaemon(true);
        t1.start();
        t2.start();
        try {
            Registry registry = new Registry();
            JvmMetrics.register(registry);
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            RecordingSink sink = collect(registry);
            while (sink.value("jvm_threads_deadlocked") < 2 && System.nanoTime() < deadline) {
                Thread.sleep(10);
                sink = collect(registry);
            }
            assertEquals(2.0, sink.value("jvm_threads_deadlocked"));
            // ReentrantLock is an ownable synchronizer, not a monitor
            assertEquals(0.0, sink.value("jvm_threads_deadlocked_monitor"));
        } finally {
            t1.interrupt();
            t2.interrupt();
            t1.join();
            t2.join();
        }
    }

    private static void lockBoth(ReentrantLock first, ReentrantLock second, CountDownLatch bothHold) {
        try {
            first.lockInterruptibly();
            try {
                bothHold.countDown();
                bothHold.await();
                second.lockInterruptibly();
                second.unlock();
            } finally {
                first.unlock();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static void awaitQuietly(CountDownLatch latch, int seconds) {
        try {
            if (seconds < 0) {
                latch.await();
            } else {
                latch.await(seconds, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static void waitForState(Thread t, Thread.State state) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (t.getState() != state && System.nanoTime() < deadline) {
            Thread.sleep(1);
        }
        assertEquals(state, t.getState(), t.getName());
    }

    @Test
    void classCountsArePlausible() {
        RecordingSink sink = collectFresh();
        double current = sink.value("jvm_classes_currently_loaded");
        assertTrue(current > 100, "a JVM running JUnit has loaded more than 100 classes, got " + current);
        assertTrue(sink.value("jvm_classes_loaded_total") >= current);
        assertTrue(sink.value("jvm_classes_unloaded_total") >= 0);
        double total = sink.value("jvm_classes_loaded_total");
        assertEquals(current, total - sink.value("jvm_classes_unloaded_total"), 0.01 * total);
    }

    @Test
    void compilationTimeIsNonNegative() {
        RecordingSink sink = collectFresh();
        assertTrue(sink.value("jvm_compilation_time_seconds_total") >= 0);
    }

    @Test
    void processCpuSecondsArePositiveAndGrowWithWork() {
        Registry registry = new Registry();
        JvmMetrics.register(registry);
        double first = collect(registry).value("process_cpu_seconds_total");
        assertTrue(first > 0, "cpu " + first);
        // burn CPU until the process CPU time (an independent reading: the thread's own clock) has moved 50 ms
        long threadStart = ManagementFactory.getThreadMXBean().getCurrentThreadCpuTime();
        long sink = 0;
        while (ManagementFactory.getThreadMXBean().getCurrentThreadCpuTime() - threadStart < 50_000_000L) {
            for (int i = 0; i < 100_000; i++) {
                sink += Long.numberOfTrailingZeros(i * 0x9E3779B97F4A7C15L + sink);
            }
        }
        double second = collect(registry).value("process_cpu_seconds_total");
        assertTrue(second >= first + 0.04, "cpu went from " + first + " to " + second + " (" + sink + ")");
    }

    @Test
    void startTimeIsWithinTheLastHourAndNotInTheFuture() {
        double nowSeconds = System.currentTimeMillis() / 1e3;
        double start = collectFresh().value("process_start_time_seconds");
        assertTrue(start <= nowSeconds, "start " + start + " after now " + nowSeconds);
        assertTrue(start > nowSeconds - 3600, "start " + start + " more than an hour before " + nowSeconds);
        ProcessHandle.current().info().startInstant().ifPresent(os -> assertEquals(os.toEpochMilli() / 1e3,
                start, 60, "the OS's process start time"));
    }

    @Test
    void fileDescriptorsAreCountedOnLinux() throws IOException {
        assumeTrue(LINUX, "file descriptor counts are checked on Linux");
        RecordingSink sink = collectFresh();
        double open = sink.value("process_open_fds");
        double max = sink.value("process_max_fds");
        assertTrue(open > 0 && open <= max, "open " + open + ", max " + max);
        long listed;
        try (var fds = Files.list(Path.of("/proc/self/fd"))) {
            listed = fds.count();
        }
        assertEquals(listed, open, 64, "entries of /proc/self/fd");
    }

    @Test
    void residentAndVirtualMemoryComeFromProcOnLinux() {
        assumeTrue(LINUX, "/proc is Linux");
        RecordingSink sink = collectFresh();
        double rss = sink.value("process_resident_memory_bytes");
        double vsz = sink.value("process_virtual_memory_bytes");
        assertTrue(rss >= Runtime.getRuntime().totalMemory() / 8, "rss " + rss);
        assertTrue(vsz >= rss, "virtual " + vsz + " below resident " + rss);
        assertEquals(0.0, rss % 1024, "kB in /proc/self/status are 1024 bytes");
    }

    @Test
    void processMemoryParsesStatusLinesInKibibytes() {
        // line format from proc(5): "VmSize:  <n> kB"
        ProcessMemory m = ProcessMemory.parse(List.of("Name:\tjava", "VmPeak:\t  999999 kB",
                "VmSize:\t  123456 kB", "VmRSS:\t    2048 kB", "Threads:\t17"), "test");
        assertEquals(126_418_944L, m.virtualBytes());
        assertEquals(2_097_152L, m.residentBytes());
        assertThrows(IllegalStateException.class, () -> ProcessMemory.parse(List.of("VmSize:\t 1 kB"), "test"));
        assertThrows(IllegalStateException.class,
                () -> ProcessMemory.parse(List.of("VmSize:\t 1 kB", "VmRSS:\t x kB"), "test"));
    }

    @Test
    void processMemoryFamiliesAreLeftOutWithoutAStatusFile(@TempDir Path dir) {
        List<String> names = new ArrayList<>();
        for (Collectable c : JvmMetrics.families(dir.resolve("no-such-status"))) {
            names.add(c.metadata().name());
        }
        assertTrue(names.contains("jvm_threads_current"), names.toString());
        assertTrue(!names.contains("process_resident_memory_bytes") && !names.contains("process_virtual_memory_bytes"),
                names.toString());
    }

    @Test
    void aSourceThatFailsDropsOnlyItsOwnSamples(@TempDir Path dir) throws IOException {
        Path status = dir.resolve("status");
        Files.writeString(status, "VmSize:\t 4 kB\nVmRSS:\t 2 kB\n");
        Registry registry = new Registry();
        JvmMetrics.register(registry, JvmMetrics.families(status));
        RecordingSink before = collect(registry);
        assertEquals(4096.0, before.value("process_virtual_memory_bytes"));
        assertEquals(2048.0, before.value("process_resident_memory_bytes"));

        Files.delete(status);
        RecordingSink after = collect(registry);
        assertTrue(after.families.containsKey("process_resident_memory_bytes"), "the family is still written");
        assertTrue(after.named("process_resident_memory_bytes").isEmpty());
        assertTrue(after.named("process_virtual_memory_bytes").isEmpty());
        assertEquals(before.families.keySet(), after.families.keySet());
        assertTrue(after.value("jvm_threads_current") >= 1, "other families are unaffected");
    }

    @Test
    void bothMemoryFamiliesSeeTheNewReadingOfEachScrape(@TempDir Path dir) throws IOException {
        Path status = dir.resolve("status");
        Files.writeString(status, "VmSize:\t 4 kB\nVmRSS:\t 2 kB\n");
        Registry registry = new Registry();
        JvmMetrics.register(registry, JvmMetrics.families(status));
        collect(registry);
        // the first scrape's reading was served to both families: the next scrape must read the file again
        Files.writeString(status, "VmSize:\t 8 kB\nVmRSS:\t 6 kB\n");
        RecordingSink sink = collect(registry);
        assertEquals(8192.0, sink.value("process_virtual_memory_bytes"));
        assertEquals(6144.0, sink.value("process_resident_memory_bytes"));
    }

    @Test
    void jvmInfoCarriesTheRuntimeProperties() {
        RecordingSink sink = collectFresh();
        List<RecordingSink.Sample> info = sink.named("jvm_info");
        assertEquals(1, info.size());
        assertEquals(1.0, info.get(0).value);
        assertEquals(System.getProperty("java.runtime.version"), info.get(0).labels.get("version"));
        assertEquals(System.getProperty("java.vm.vendor"), info.get(0).labels.get("vendor"));
        assertEquals(System.getProperty("java.runtime.name"), info.get(0).labels.get("runtime"));
    }

    @Test
    void registeringTwiceInOneRegistryThrowsAndChangesNothing() {
        Registry registry = new Registry();
        JvmMetrics first = JvmMetrics.register(registry);
        int count = registry.collectables().size();
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> JvmMetrics.register(registry));
        assertTrue(e.getMessage().contains("already"), e.getMessage());
        assertEquals(count, registry.collectables().size());

        first.unregister();
        assertTrue(registry.collectables().isEmpty());
        JvmMetrics.register(registry);
        assertEquals(count, registry.collectables().size());
    }

    @Test
    void aClashingUserMetricMakesRegistrationFailWithoutPartialState() {
        Registry registry = new Registry();
        Gauge mine = Gauge.builder("jvm_threads_peak").help("mine").register(registry);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> JvmMetrics.register(registry));
        assertTrue(e.getMessage().contains("jvm_threads_peak"), e.getMessage());
        assertEquals(List.of(mine), registry.collectables());
    }

    @Test
    void aRaceLostMidwayRollsBackWhatWasRegistered() {
        // the pre-check passes, then a family refuses: everything registered before it is removed again
        Registry registry = new Registry();
        List<Collectable> families = JvmMetrics.families(Path.of("/no-such-status"));
        Collectable last = families.get(families.size() - 1);
        List<Collectable> withDuplicate = new ArrayList<>(families);
        withDuplicate.add(last); // registering the same object twice is refused by the registry
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> JvmMetrics.register(registry, withDuplicate));
        assertTrue(e.getMessage().contains("nothing was registered"), e.getMessage());
        assertTrue(registry.collectables().isEmpty(), registry.collectables().toString());
    }

    @Test
    void registerWithoutARegistryUsesTheDefaultOne() {
        assumeTrue(Registry.DEFAULT.get("jvm_threads_current") == null, "default registry is free");
        JvmMetrics metrics = JvmMetrics.register();
        try {
            assertSame(metrics.collectables().get(0), Registry.DEFAULT.get(metrics.collectables().get(0)
                    .metadata().name()));
            assertNotNull(Registry.DEFAULT.get("jvm_threads_current"));
        } finally {
            metrics.unregister();
        }
        assertNull(Registry.DEFAULT.get("jvm_threads_current"));
    }

    @Test
    void registerRejectsANullRegistry() {
        assertThrows(IllegalArgumentException.class, () -> JvmMetrics.register(null));
    }

    @Test
    void everyFamilyNameIsDistinct() {
        List<String> names = new ArrayList<>();
        for (Collectable c : JvmMetrics.families(ProcessMemory.PROC_SELF_STATUS)) {
            names.add(c.metadata().name());
        }
        assertEquals(new HashSet<>(names).size(), names.size(), Arrays.toString(names.toArray()));
    }
}
