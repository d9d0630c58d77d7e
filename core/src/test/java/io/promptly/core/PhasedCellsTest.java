package io.promptly.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.Test;

/**
 * The two-generation cells of histograms and summaries: exact totals (by integer arithmetic on dyadic values)
 * across many collections while the generations alternate, and when more threads than stripes share a series, so
 * that some write through the shared stripes.
 */
class PhasedCellsTest {
    @Test
    void totalsStayExactWhileCollectionsAlternateTheGenerations() {
        HistogramHandle h = Histogram.builder("alternating").buckets(1, 2, 3).build().labels();
        long halves = 0;
        for (int i = 0; i < 10_000; i++) {
            double v = (i % 7) * 0.5;
            h.observe(v);
            halves += i % 7;
            if (i % 3 == 0) {
                assertEquals(i + 1, h.count(), "count after a collection flipped the phase");
                assertEquals(halves / 2.0, h.sum());
            }
        }
        assertEquals(10_000, h.count());
        assertEquals(halves / 2.0, h.sum());
    }

    @Test
    void moreThreadsThanStripesWriteThroughTheSharedStripesAndLoseNothing() throws InterruptedException {
        HistogramHandle h = Histogram.builder("crowded").buckets(1, 2, 3).nativeHistogram().build().labels();
        SummaryHandle s = Summary.builder("crowded_summary").quantiles().build().labels();
        int threads = 2 * Stripes.COUNT + 3;
        int perThread = 2_000;
        CountDownLatch go = new CountDownLatch(1);
        List<Thread> started = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            Thread thread = new Thread(() -> {
                try {
                    go.await();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                }
                for (int i = 0; i < perThread; i++) {
                    h.observe(1.5);
                    s.observe(0.5);
                }
            });
            thread.start();
            started.add(thread);
        }
        go.countDown();
        long previous = 0;
        for (int i = 0; i < 50; i++) {
            long now = h.count();
            assertTrue(now >= previous, "count fell from " + previous + " to " + now + " while writers run");
            previous = now;
        }
        for (Thread t : started) {
            t.join();
        }
        long total = (long) threads * perThread;
        assertTrue(h.usesSharedStripes(), "pigeonhole: more threads than stripes share some stripe");
        assertEquals(total, h.count());
        assertEquals(total * 1.5, h.sum());
        assertEquals(total, s.count());
        assertEquals(total * 0.5, s.sum());
    }
}
