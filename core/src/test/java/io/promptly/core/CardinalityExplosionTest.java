package io.promptly.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.lang.management.ThreadMXBean;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

/**
 * A label-value explosion (a request id or user id in a label) runs into the per-metric series limit: the lookup
 * that would add one series too many fails with an error naming the metric, the limit and the value; the series
 * created before are intact and still collected; and further attempts neither add series nor retain memory.
 * Memory is measured roughly (heap used after GC, allocation counted per thread), never against the clock.
 */
class CardinalityExplosionTest {
    private static final int LIMIT = 1_000;
    private static final int FLOOD = 20_000;
    private static final long MIB = 1 << 20;
    private static final StringBuilder FIGURES = new StringBuilder();

    @AfterAll
    static void report() {
        System.out.println("[CardinalityExplosionTest]" + FIGURES);
    }

    @Test
    void guardTripsAtTheLimitNamingMetricLimitAndValue() {
        Registry registry = new Registry();
        Counter requests = Counter.builder("requests").help("h").labelNames("user").maxSeries(LIMIT).register(registry);
        int created = 0;
        IllegalArgumentException tripped = null;
        while (tripped == null) {
            try {
                requests.labels("user-" + created).inc(created + 1L);
                created++;
            } catch (IllegalArgumentException e) {
                tripped = e;
            }
            assertTrue(created <= LIMIT, "the guard did not trip at " + LIMIT);
        }
        assertEquals(LIMIT, created);
        String message = tripped.getMessage();
        assertTrue(message.contains("\"requests\"") && message.contains(Integer.toString(LIMIT))
                && message.contains("user-" + LIMIT), message);
        // earlier series intact, with their own values
        RecordingSink sink = RecordingSink.collect(registry);
        assertEquals(LIMIT, sink.values.size());
        for (int i = 0; i < LIMIT; i++) {
            assertEquals(i + 1.0, sink.value("requests_total{user=\"user-" + i + "\"}"));
        }
        // existing series keep working at the limit; per-call label forms trip too
        requests.labels("user-0").inc();
        assertEquals(2.0, RecordingSink.collect(registry).value("requests_total{user=\"user-0\"}"));
        assertThrows(IllegalArgumentException.class, () -> requests.inc(Labels.of("user", "new")));
        assertThrows(IllegalArgumentException.class, () -> requests.inc(java.util.Map.of("user", "new")));
        // removing one makes room for exactly one
        assertTrue(requests.remove("user-5"));
        requests.labels("replacement").inc();
        assertThrows(IllegalArgumentException.class, () -> requests.labels("one-too-many"));
        assertEquals(LIMIT, requests.seriesCount());
    }

    @Test
    void floodPastTheLimitRetainsNoMemory() {
        Counter requests = Counter.builder("flooded").labelNames("id").maxSeries(LIMIT).build();
        for (int i = 0; i < LIMIT; i++) {
            requests.labels("id-" + i).inc();
        }
        long before = retainedHeap();
        int rejected = flood(requests, FLOOD);
        long after = retainedHeap();
        assertEquals(FLOOD, rejected);
        assertEquals(LIMIT, requests.seriesCount());
        FIGURES.append(" | flood of ").append(FLOOD).append(" new values past the limit: retained heap grew by ")
                .append((after - before) / 1024).append(" KiB");
        // 20,000 rejected values retaining even 100 bytes each would be 2 MB
        assertTrue(after - before < 2 * MIB, "retained heap grew by " + (after - before) + " bytes");
    }

    @Test
    void defaultLimitBoundsSeriesAndHeap() {
        Counter exploding = Counter.builder("exploding").labelNames("trace_id").build();
        long before = retainedHeap();
        int created = 0;
        try {
            while (created <= Metric.DEFAULT_MAX_SERIES) {
                exploding.labels(Integer.toHexString(0x10000000 + created)).inc();
                created++;
            }
        } catch (IllegalArgumentException expected) {
            assertTrue(expected.getMessage().contains(Integer.toString(Metric.DEFAULT_MAX_SERIES)),
                    expected.getMessage());
        }
        long after = retainedHeap();
        assertEquals(Metric.DEFAULT_MAX_SERIES, created);
        assertEquals(Metric.DEFAULT_MAX_SERIES, exploding.seriesCount());
        long perSeries = (after - before) / created;
        FIGURES.append(" | default limit ").append(created).append(" counter series: ~").append(perSeries)
                .append(" B retained per series, ").append((after - before) / MIB).append(" MiB in all");
        assertTrue(perSeries < 4096, "a counter series retains ~" + perSeries + " bytes");
        // the exploding metric is still collectable
        assertEquals(Metric.DEFAULT_MAX_SERIES, RecordingSink.collect(exploding).values.size());
    }

    @Test
    void rejectedLookupsDoNotBuildTheSeriesTheyRefuse() {
        // a summary series carries a quantile sketch (about 5 KB fixed, more per binade): refusing one must not build one
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        assumeTrue(threads instanceof com.sun.management.ThreadMXBean, "per-thread allocation counter available");
        com.sun.management.ThreadMXBean counting = (com.sun.management.ThreadMXBean) threads;
        assumeTrue(counting.isThreadAllocatedMemorySupported() && counting.isThreadAllocatedMemoryEnabled());
        Summary latency = Summary.builder("latency").labelNames("path").maxSeries(10).build();
        for (int i = 0; i < 10; i++) {
            latency.labels("/p" + i).observe(i);
        }
        String[] values = new String[1_000];
        for (int i = 0; i < values.length; i++) {
            values[i] = "/new" + i;
        }
        flood(latency, values, 100); // warm up the failure path
        long start = counting.getThreadAllocatedBytes(Thread.currentThread().getId());
        flood(latency, values, values.length);
        long perRejection = (counting.getThreadAllocatedBytes(Thread.currentThread().getId()) - start)
                / values.length;
        FIGURES.append(" | rejected summary lookup allocates ~").append(perRejection).append(" B");
        assertTrue(perRejection < 4096, "each rejected lookup allocated ~" + perRejection + " bytes");
    }

    private static int flood(Counter counter, int count) {
        int rejected = 0;
        for (int i = 0; i < count; i++) {
            try {
                counter.labels("flood-" + i).inc();
            } catch (IllegalArgumentException expected) {
                rejected++;
            }
        }
        return rejected;
    }

    private static void flood(Summary summary, String[] values, int count) {
        for (int i = 0; i < count; i++) {
            try {
                summary.labels(values[i]).observe(1);
                throw new AssertionError("series " + values[i] + " was created past the limit");
            } catch (IllegalArgumentException expected) {
                // the guard
            }
        }
    }

    /** Heap in use after the collector has run (a rough, retained-set figure). */
    private static long retainedHeap() {
        MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
        long used = Long.MAX_VALUE;
        for (int i = 0; i < 3; i++) {
            System.gc();
            used = Math.min(used, memory.getHeapMemoryUsage().getUsed());
        }
        return used;
    }
}
