package io.promptly.exposition.http;

import io.promptly.core.Buckets;
import io.promptly.core.Counter;
import io.promptly.core.Histogram;
import io.promptly.core.HistogramHandle;
import io.promptly.core.Registry;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;

/**
 * The server side of {@link MetricsServerBoundedMemoryTest}, run in a forked JVM with a small heap: a registry
 * whose text body is many megabytes (1,000 histograms of 200 buckets) built from little memory, served with a
 * small hold bound. Prints {@code PORT <n>} when serving, then {@code PEAK_HEAP <bytes>} (the heap pools' peak
 * use) when its standard input closes, and exits.
 */
public final class BoundedMemoryServerMain {
    static final int SERIES = 1_000;
    static final int BUCKETS = 200;
    static final int HOLD_BYTES = 64 * 1024;

    private BoundedMemoryServerMain() {
    }

    public static void main(String[] args) throws IOException {
        Registry registry = new Registry();
        Histogram wide = Histogram.builder("wide_histogram_seconds").help("Many buckets, many series.")
                .labelNames("shard").buckets(Buckets.exponential(1e-6, 1.1, BUCKETS)).register(registry);
        for (int i = 0; i < SERIES; i++) {
            HistogramHandle h = wide.labels("shard-number-" + i);
            for (int k = 0; k < 20; k++) {
                h.observe(1e-6 * Math.pow(1.1, (i + k * 10) % BUCKETS));
            }
        }
        Counter.builder("after_the_big_one").help("Written last.").register(registry).inc(42);
        MetricsServer server = MetricsServer.builder().registry(registry).host("127.0.0.1")
                .holdBytes(HOLD_BYTES).selfMetrics(true).start();
        System.out.println("PORT " + server.port());
        System.out.flush();
        while (System.in.read() >= 0) {
            // serve until the parent closes our input
        }
        long peak = 0;
        for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
            if (pool.getType() == MemoryType.HEAP) {
                peak += pool.getPeakUsage().getUsed();
            }
        }
        System.out.println("PEAK_HEAP " + peak);
        System.out.flush();
        server.stop();
    }
}
