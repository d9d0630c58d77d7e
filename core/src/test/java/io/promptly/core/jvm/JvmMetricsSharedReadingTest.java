package io.promptly.core.jvm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** {@link SharedReading}: one source read per scrape, shared by the families that report parts of it. */
class JvmMetricsSharedReadingTest {
    private static final long AN_HOUR_NANOS = 3_600_000_000_000L;

    @Test
    void aScrapeOfEveryConsumerReadsTheSourceOnce() {
        AtomicInteger reads = new AtomicInteger();
        SharedReading<Integer> r = new SharedReading<>(reads::incrementAndGet, 3, AN_HOUR_NANOS);
        assertEquals(1, r.get(0));
        assertEquals(1, r.get(1));
        assertEquals(1, r.get(2));
        assertEquals(1, reads.get());
    }

    @Test
    void aConsumerServedTheCurrentReadingGetsAFreshOne() {
        AtomicInteger reads = new AtomicInteger();
        SharedReading<Integer> r = new SharedReading<>(reads::incrementAndGet, 2, AN_HOUR_NANOS);
        assertEquals(1, r.get(0));
        assertEquals(1, r.get(1));
        // next scrape: consumer 0 has seen reading 1, so it reads; consumer 1 has not seen reading 2
        assertEquals(2, r.get(0));
        assertEquals(2, r.get(1));
        // a scrape that collects only consumer 1 still gets fresh values each time
        assertEquals(3, r.get(1));
        assertEquals(4, r.get(1));
        assertEquals(4, reads.get());
    }

    @Test
    void aReadingOlderThanTheMaximumAgeIsNotShared() {
        AtomicInteger reads = new AtomicInteger();
        SharedReading<Integer> r = new SharedReading<>(reads::incrementAndGet, 2, 0);
        assertEquals(1, r.get(0));
        long t = System.nanoTime();
        while (System.nanoTime() == t) {
            Thread.onSpinWait(); // let the clock move so the reading is strictly older than 0 ns
        }
        assertEquals(2, r.get(1));
    }

    @Test
    void whatTheSourceThrowsReachesTheCaller() {
        SharedReading<Integer> r = new SharedReading<>(() -> {
            throw new IllegalStateException("unavailable");
        }, 1, AN_HOUR_NANOS);
        assertThrows(IllegalStateException.class, () -> r.get(0));
    }

    @Test
    void constructorRejectsBadArguments() {
        assertThrows(IllegalArgumentException.class, () -> new SharedReading<>(() -> 1, 0, 1));
        assertThrows(IllegalArgumentException.class, () -> new SharedReading<>(() -> 1, 1, -1));
    }
}
