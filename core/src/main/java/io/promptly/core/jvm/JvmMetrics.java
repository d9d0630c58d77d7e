package io.promptly.core.jvm;

import io.promptly.core.CallbackMetric;
import io.promptly.core.Collectable;
import io.promptly.core.Info;
import io.promptly.core.Registry;
import java.lang.management.BufferPoolMXBean;
import java.lang.management.ClassLoadingMXBean;
import java.lang.management.CompilationMXBean;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryUsage;
import java.lang.management.OperatingSystemMXBean;
import java.lang.management.RuntimeMXBean;
import java.lang.management.ThreadMXBean;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * JVM and process metrics, read from the platform MXBeans (and {@code /proc/self/status} on Linux) at scrape
 * time, under the names Prometheus users already query (those of client_java; simpleclient's where they
 * differ only in shape). One call registers them all:
 *
 * <pre>{@code
 * JvmMetrics.register();                 // into Registry.DEFAULT
 * JvmMetrics.register(myRegistry);       // or any registry
 * }</pre>
 *
 * <p>Families (type; labels). Bytes are gauges in bytes, times are in seconds:
 * <table>
 *   <caption>JVM and process families</caption>
 *   <tr><th>family</th><th>type</th><th>labels</th><th>meaning</th></tr>
 *   <tr><td>{@code jvm_memory_used_bytes}</td><td>gauge</td><td>{@code area}: heap, nonheap</td>
 *       <td>memory in use</td></tr>
 *   <tr><td>{@code jvm_memory_committed_bytes}</td><td>gauge</td><td>{@code area}</td>
 *       <td>memory the OS has committed to the JVM</td></tr>
 *   <tr><td>{@code jvm_memory_max_bytes}</td><td>gauge</td><td>{@code area}</td>
 *       <td>the limit, <b>-1 when undefined</b> (as client_java reports it)</td></tr>
 *   <tr><td>{@code jvm_memory_pool_used_bytes}, {@code _committed_bytes}, {@code _max_bytes}</td><td>gauge</td>
 *       <td>{@code pool}: each memory pool (e.g. {@code G1 Eden Space}, {@code Metaspace})</td>
 *       <td>as above, per pool; max -1 when undefined</td></tr>
 *   <tr><td>{@code jvm_buffer_pool_used_bytes}, {@code jvm_buffer_pool_capacity_bytes}</td><td>gauge</td>
 *       <td>{@code pool}: {@code direct}, {@code mapped}, ...</td><td>NIO buffer memory used / total capacity
 *       (-1 when the JVM cannot tell)</td></tr>
 *   <tr><td>{@code jvm_buffer_pool_used_buffers}</td><td>gauge</td><td>{@code pool}</td>
 *       <td>number of buffers in the pool</td></tr>
 *   <tr><td>{@code jvm_gc_collection_seconds}</td><td>summary (count and sum, no quantiles)</td>
 *       <td>{@code gc}: each collector</td><td>{@code _count}: collections; {@code _sum}: total time spent
 *       collecting</td></tr>
 *   <tr><td>{@code jvm_threads_current}, {@code jvm_threads_daemon}, {@code jvm_threads_peak}</td>
 *       <td>gauge</td><td>none</td><td>live, daemon, and peak live threads</td></tr>
 *   <tr><td>{@code jvm_threads_started_total}</td><td>counter</td><td>none</td>
 *       <td>threads started since the JVM started</td></tr>
 *   <tr><td>{@code jvm_threads_deadlocked}, {@code jvm_threads_deadlocked_monitor}</td><td>gauge</td>
 *       <td>none</td><td>threads deadlocked on monitors or ownable synchronizers / on monitors only</td></tr>
 *   <tr><td>{@code jvm_threads_state}</td><td>gauge</td><td>{@code state}: every {@link Thread.State} name</td>
 *       <td>live threads per state, all counted from one snapshot per scrape</td></tr>
 *   <tr><td>{@code jvm_classes_currently_loaded}</td><td>gauge</td><td>none</td><td>classes loaded now</td></tr>
 *   <tr><td>{@code jvm_classes_loaded_total}, {@code jvm_classes_unloaded_total}</td><td>counter</td>
 *       <td>none</td><td>classes loaded / unloaded since the JVM started</td></tr>
 *   <tr><td>{@code jvm_compilation_time_seconds_total}</td><td>counter</td><td>none</td>
 *       <td>time the JIT compiler spent compiling; absent when the JVM does not monitor it</td></tr>
 *   <tr><td>{@code process_cpu_seconds_total}</td><td>counter</td><td>none</td>
 *       <td>user + system CPU time of the process; needs {@code jdk.management}</td></tr>
 *   <tr><td>{@code process_start_time_seconds}</td><td>gauge</td><td>none</td>
 *       <td>JVM start, seconds since the Unix epoch</td></tr>
 *   <tr><td>{@code process_open_fds}, {@code process_max_fds}</td><td>gauge</td><td>none</td>
 *       <td>open file descriptors / their limit; Unix with {@code jdk.management} only</td></tr>
 *   <tr><td>{@code process_resident_memory_bytes}, {@code process_virtual_memory_bytes}</td><td>gauge</td>
 *       <td>none</td><td>{@code VmRSS} / {@code VmSize} of {@code /proc/self/status}; Linux only</td></tr>
 *   <tr><td>{@code jvm_info}</td><td>info</td><td>{@code version} ({@code java.runtime.version}),
 *       {@code vendor} ({@code java.vm.vendor}), {@code runtime} ({@code java.runtime.name})</td>
 *       <td>constant 1</td></tr>
 * </table>
 * A family whose source this JVM or OS lacks is not registered at all (so no family is ever empty for that
 * reason). A source that throws or answers "unavailable" at scrape time drops only its own samples for that
 * scrape.
 *
 * <p><b>Registering twice is an error</b>: {@link #register(Registry)} throws {@link IllegalArgumentException}
 * when the registry already holds any of these families, and leaves the registry unchanged (registration is
 * all or nothing). Use the returned object's {@link #unregister()} to remove them.
 *
 * <p>Thread-safe: scrape from any number of threads. Cost per scrape: one MXBean call per sample (heap,
 * non-heap and each pool's usage is read once and shared by its used/committed/max samples, see
 * {@code SharedReading}); {@code jvm_threads_state} and the deadlock counts are O(threads) and allocate inside
 * the JDK; the two process memory families read {@code /proc/self/status} once together. Registration allocates.
 */
public final class JvmMetrics {
    /** How long a shared reading may serve the other families of the same source. */
    static final long MAX_READING_AGE_NANOS = 1_000_000_000L;

    private static final double NANOS_PER_SECOND = 1e9;
    private static final double MILLIS_PER_SECOND = 1e3;
    private static final int USED = 0;
    private static final int COMMITTED = 1;
    private static final int MAX = 2;

    private final Registry registry;
    private final List<Collectable> collectables;

    private JvmMetrics(Registry registry, List<Collectable> collectables) {
        this.registry = registry;
        this.collectables = collectables;
    }

    /**
     * Registers every JVM and process family available here in {@link Registry#DEFAULT}.
     *
     * @return the registered families, to unregister them later
     * @throws IllegalArgumentException when the default registry already holds any of them
     */
    public static JvmMetrics register() {
        return register(Registry.DEFAULT);
    }

    /**
     * Registers every JVM and process family available here in {@code registry}, all or nothing.
     *
     * @return the registered families, to unregister them later
     * @throws IllegalArgumentException when {@code registry} is null, or already holds one of these families
     *                                  (JVM metrics registered twice) or a family whose samples would clash
     */
    public static JvmMetrics register(Registry registry) {
        if (registry == null) {
            throw new IllegalArgumentException("registry must not be null");
        }
        return register(registry, families(ProcessMemory.PROC_SELF_STATUS));
    }

    /** Registers {@code families} in {@code registry}, rolling back on the first failure. */
    static JvmMetrics register(Registry registry, List<Collectable> families) {
        for (Collectable c : families) {
            if (registry.get(c.metadata().name()) != null) {
                throw refused(c, null);
            }
        }
        List<Collectable> done = new ArrayList<>(families.size());
        for (Collectable c : families) {
            try {
                registry.register(c);
            } catch (IllegalArgumentException e) {
                for (Collectable d : done) {
                    registry.unregister(d);
                }
                throw refused(c, e);
            }
            done.add(c);
        }
        return new JvmMetrics(registry, Collections.unmodifiableList(done));
    }

    /** The families this call registered, in registration order. */
    public List<Collectable> collectables() {
        return collectables;
    }

    /** Removes these families from the registry they were registered in (those still there). */
    public void unregister() {
        for (Collectable c : collectables) {
            registry.unregister(c);
        }
    }

    /** Builds every family available on this JVM and OS; process memory comes from {@code procStatus}. */
    static List<Collectable> families(Path procStatus) {
        List<Collectable> out = new ArrayList<>();
        addMemory(out);
        addBufferPools(out);
        out.add(new GcCollectable("jvm_gc_collection_seconds", "Time spent in a given JVM garbage collector"
                + " in seconds (_count: collections).", ManagementFactory.getGarbageCollectorMXBeans()));
        addThreads(out);
        addClasses(out);
        addCompilation(out);
        addProcess(out, procStatus);
        addInfo(out);
        return out;
    }

    private static void addMemory(List<Collectable> out) {
        CallbackMetric used = gauge("jvm_memory_used_bytes", "Used bytes of a given JVM memory area.", "area");
        CallbackMetric committed = gauge("jvm_memory_committed_bytes",
                "Committed bytes of a given JVM memory area.", "area");
        CallbackMetric max = gauge("jvm_memory_max_bytes",
                "Maximum bytes of a given JVM memory area (-1 when undefined).", "area");
        MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
        addUsage(used, committed, max, new SharedReading<>(memory::getHeapMemoryUsage, 3, MAX_READING_AGE_NANOS),
                "heap");
        addUsage(used, committed, max,
                new SharedReading<>(memory::getNonHeapMemoryUsage, 3, MAX_READING_AGE_NANOS), "nonheap");
        out.add(used);
        out.add(committed);
        out.add(max);

        CallbackMetric poolUsed = gauge("jvm_memory_pool_used_bytes", "Used bytes of a given JVM memory pool.",
                "pool");
        CallbackMetric poolCommitted = gauge("jvm_memory_pool_committed_bytes",
                "Committed bytes of a given JVM memory pool.", "pool");
        CallbackMetric poolMax = gauge("jvm_memory_pool_max_bytes",
                "Maximum bytes of a given JVM memory pool (-1 when undefined).", "pool");
        for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
            addUsage(poolUsed, poolCommitted, poolMax,
                    new SharedReading<>(pool::getUsage, 3, MAX_READING_AGE_NANOS), pool.getName());
        }
        out.add(poolUsed);
        out.add(poolCommitted);
        out.add(poolMax);
    }

    private static void addUsage(CallbackMetric used, CallbackMetric committed, CallbackMetric max,
                                 SharedReading<MemoryUsage> usage, String label) {
        used.addSeries(() -> usage.get(USED).getUsed(), label);
        committed.addSeries(() -> usage.get(COMMITTED).getCommitted(), label);
        max.addSeries(() -> usage.get(MAX).getMax(), label);
    }

    private static void addBufferPools(List<Collectable> out) {
        CallbackMetric used = gauge("jvm_buffer_pool_used_bytes", "Used bytes of a given JVM buffer pool.",
                "pool");
        CallbackMetric capacity = gauge("jvm_buffer_pool_capacity_bytes",
                "Bytes capacity of a given JVM buffer pool.", "pool");
        CallbackMetric buffers = gauge("jvm_buffer_pool_used_buffers", "Used buffers of a given JVM buffer pool.",
                "pool");
        for (BufferPoolMXBean pool : ManagementFactory.getPlatformMXBeans(BufferPoolMXBean.class)) {
            String name = pool.getName();
            used.addSeries(pool::getMemoryUsed, name);
            capacity.addSeries(pool::getTotalCapacity, name);
            buffers.addSeries(pool::getCount, name);
        }
        out.add(used);
        out.add(capacity);
        out.add(buffers);
    }

    private static void addThreads(List<Collectable> out) {
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        out.add(gauge("jvm_threads_current", "Current thread count of the JVM.").addSeries(threads::getThreadCount));
        out.add(gauge("jvm_threads_daemon", "Daemon thread count of the JVM.")
                .addSeries(threads::getDaemonThreadCount));
        out.add(gauge("jvm_threads_peak", "Peak thread count of the JVM.").addSeries(threads::getPeakThreadCount));
        out.add(counter("jvm_threads_started_total", "Threads started since the JVM started.")
                .addSeries(threads::getTotalStartedThreadCount));
        out.add(gauge("jvm_threads_deadlocked",
                "Threads deadlocked waiting for monitors or ownable synchronizers.")
                .addSeries(() -> count(threads.findDeadlockedThreads())));
        out.add(gauge("jvm_threads_deadlocked_monitor", "Threads deadlocked waiting for monitors.")
                .addSeries(() -> count(threads.findMonitorDeadlockedThreads())));
        out.add(new ThreadStateCollectable("jvm_threads_state", "Current count of threads by state.", threads));
    }

    private static int count(long[] threadIds) {
        return threadIds == null ? 0 : threadIds.length; // the MXBean answers null for "none"
    }

    private static void addClasses(List<Collectable> out) {
        ClassLoadingMXBean classes = ManagementFactory.getClassLoadingMXBean();
        out.add(gauge("jvm_classes_currently_loaded", "Classes currently loaded in the JVM.")
                .addSeries(classes::getLoadedClassCount));
        out.add(counter("jvm_classes_loaded_total", "Classes loaded since the JVM started.")
                .addSeries(classes::getTotalLoadedClassCount));
        out.add(counter("jvm_classes_unloaded_total", "Classes unloaded since the JVM started.")
                .addSeries(classes::getUnloadedClassCount));
    }

    private static void addCompilation(List<Collectable> out) {
        CompilationMXBean jit = ManagementFactory.getCompilationMXBean();
        if (jit == null || !jit.isCompilationTimeMonitoringSupported()) {
            return; // an interpreter-only JVM, or one that does not time compilation
        }
        out.add(CallbackMetric.counter("jvm_compilation_time_seconds_total").unit("seconds")
                .help("Time the JIT compiler spent compiling, in seconds.").build()
                .addSeries(() -> jit.getTotalCompilationTime() / MILLIS_PER_SECOND));
    }

    private static void addProcess(List<Collectable> out, Path procStatus) {
        OperatingSystemMXBean os = ManagementFactory.getOperatingSystemMXBean();
        boolean cpu;
        boolean fds;
        try {
            cpu = SunOperatingSystem.hasProcessCpuTime(os);
            fds = SunOperatingSystem.hasFileDescriptorCounts(os);
        } catch (LinkageError e) {
            cpu = false; // module jdk.management is not in this runtime (or not readable)
            fds = false;
        }
        if (cpu) {
            out.add(CallbackMetric.counter("process_cpu_seconds_total").unit("seconds")
                    .help("Total user and system CPU time spent in seconds.").build()
                    .addSeries(() -> SunOperatingSystem.processCpuNanos(os) / NANOS_PER_SECOND));
        }
        RuntimeMXBean runtime = ManagementFactory.getRuntimeMXBean();
        double startSeconds = runtime.getStartTime() / MILLIS_PER_SECOND;
        out.add(CallbackMetric.gauge("process_start_time_seconds").unit("seconds")
                .help("Start time of the process since unix epoch in seconds.").build()
                .addSeries(() -> startSeconds));
        if (fds) {
            out.add(gauge("process_open_fds", "Number of open file descriptors.")
                    .addSeries(() -> SunOperatingSystem.openFileDescriptors(os)));
            out.add(gauge("process_max_fds", "Maximum number of open file descriptors.")
                    .addSeries(() -> SunOperatingSystem.maxFileDescriptors(os)));
        }
        if (readable(procStatus)) {
            SharedReading<ProcessMemory> memory = new SharedReading<>(() -> ProcessMemory.read(procStatus), 2,
                    MAX_READING_AGE_NANOS);
            out.add(CallbackMetric.gauge("process_resident_memory_bytes").unit("bytes")
                    .help("Resident memory size in bytes.").build()
                    .addSeries(() -> memory.get(0).residentBytes()));
            out.add(CallbackMetric.gauge("process_virtual_memory_bytes").unit("bytes")
                    .help("Virtual memory size in bytes.").build()
                    .addSeries(() -> memory.get(1).virtualBytes()));
        }
    }

    /** True when the status file exists here and parses (Linux); else the memory families are left out. */
    private static boolean readable(Path procStatus) {
        try {
            ProcessMemory.read(procStatus);
            return true;
        } catch (RuntimeException e) {
            return false;
        }
    }

    private static void addInfo(List<Collectable> out) {
        Info info = Info.builder("jvm_info").help("VM version info.").labelNames("version", "vendor", "runtime")
                .build();
        info.set(property("java.runtime.version"), property("java.vm.vendor"), property("java.runtime.name"));
        out.add(info);
    }

    private static String property(String key) {
        String value;
        try {
            value = System.getProperty(key);
        } catch (SecurityException e) {
            value = null;
        }
        return value == null ? "unknown" : value;
    }

    private static CallbackMetric gauge(String name, String help, String... labelNames) {
        return CallbackMetric.gauge(name).unit(name.endsWith("_bytes") ? "bytes" : "").help(help)
                .labelNames(labelNames).build();
    }

    private static CallbackMetric counter(String name, String help) {
        return CallbackMetric.counter(name).help(help).build();
    }

    private static IllegalArgumentException refused(Collectable family, IllegalArgumentException cause) {
        String name = family.metadata().name();
        if (cause == null) {
            return new IllegalArgumentException("cannot register JVM metrics: family \"" + name + "\" is already"
                    + " in this registry (JvmMetrics.register is not idempotent: call it once per registry, or"
                    + " unregister() the earlier registration first)");
        }
        return new IllegalArgumentException("cannot register JVM metrics: family \"" + name + "\" was refused ("
                + cause.getMessage() + "); nothing was registered", cause);
    }
}
