package io.promptly.core.jvm;

import java.lang.management.OperatingSystemMXBean;

/**
 * The only class that touches {@code com.sun.management} (module {@code jdk.management}, an optional
 * dependency): process CPU time and file descriptor counts. Kept apart so that a runtime without that module
 * fails only when this class links, which {@link JvmMetrics} catches ({@link LinkageError}) and then skips the
 * families that need it.
 *
 * <p>Stateless; safe from any thread. Each method is one MXBean call.
 */
final class SunOperatingSystem {
    private SunOperatingSystem() {
    }

    /** True when {@code os} gives the process CPU time (a JDK with {@code jdk.management}). */
    static boolean hasProcessCpuTime(OperatingSystemMXBean os) {
        return os instanceof com.sun.management.OperatingSystemMXBean
                && ((com.sun.management.OperatingSystemMXBean) os).getProcessCpuTime() >= 0;
    }

    /** CPU time used by the process in nanoseconds; only when {@link #hasProcessCpuTime} said true. */
    static long processCpuNanos(OperatingSystemMXBean os) {
        long nanos = ((com.sun.management.OperatingSystemMXBean) os).getProcessCpuTime();
        if (nanos < 0) {
            throw new IllegalStateException("process CPU time is not available");
        }
        return nanos;
    }

    /** True when {@code os} counts file descriptors (Unix with {@code jdk.management}). */
    static boolean hasFileDescriptorCounts(OperatingSystemMXBean os) {
        return os instanceof com.sun.management.UnixOperatingSystemMXBean
                && ((com.sun.management.UnixOperatingSystemMXBean) os).getMaxFileDescriptorCount() >= 0;
    }

    /** Open file descriptors; only when {@link #hasFileDescriptorCounts} said true. */
    static long openFileDescriptors(OperatingSystemMXBean os) {
        return nonNegative(((com.sun.management.UnixOperatingSystemMXBean) os).getOpenFileDescriptorCount(),
                "open file descriptor count");
    }

    /** The file descriptor limit; only when {@link #hasFileDescriptorCounts} said true. */
    static long maxFileDescriptors(OperatingSystemMXBean os) {
        return nonNegative(((com.sun.management.UnixOperatingSystemMXBean) os).getMaxFileDescriptorCount(),
                "file descriptor limit");
    }

    /** {@code value}, or an exception (the MXBean answers -1 when it cannot tell). */
    private static long nonNegative(long value, String what) {
        if (value < 0) {
            throw new IllegalStateException(what + " is not available (got " + value + ")");
        }
        return value;
    }
}
