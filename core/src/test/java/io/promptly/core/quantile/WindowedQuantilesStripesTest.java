package io.promptly.core.quantile;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/**
 * The sketch's per-stripe cells: once striped, every count in a stripe's copy is seen by queries and cleared by
 * rotations exactly as a shared cell is. Judged by exact arithmetic: a model of per-bucket totals, checked at every
 * bucket boundary through the documented rank rule.
 */
class WindowedQuantilesStripesTest {
    private static final double ALPHA = 0.01;
    private static final long PERIOD = 1_000_000_000L;
    private static final int AGE_BUCKETS = 3;
    private static final int THREADS = 8;
    /** One value per bucket, far apart (distinct binades, both signs, zero and the infinities), ascending. */
    private static final double[] VALUES = {
        Double.NEGATIVE_INFINITY, -64.0, -1.0, 0.0, 0x1p-20, 1.0, 3.0, 1024.0, 0x1p40, Double.POSITIVE_INFINITY
    };

    @Test
    void stripedCountsAreSeenByQueriesAndClearedByRotations() throws InterruptedException {
        checkPhasesAgainstModel(true);
    }

    @Test
    void sharedCellsUnderManyThreadsKeepTheSameExactTotals() throws InterruptedException {
        checkPhasesAgainstModel(false);
    }

    @Test
    void aSketchObservedByOneThreadNeverStripes() {
        WindowedQuantiles s = new WindowedQuantiles(ALPHA, AGE_BUCKETS * PERIOD, AGE_BUCKETS,
                new FakeClock(987_654_321L));
        Random random = new Random(11);
        for (int i = 0; i < 500_000; i++) {
            s.observe(i % 97 == 0 ? 0.0 : Math.exp(random.nextGaussian() * 4));
        }
        assertFalse(s.isStriped(), "no other thread ever changed a cell between a read and its CAS");
        assertEquals(0, s.stripeArrays());
        assertEquals(500_000, s.windowCount());
    }

    @Test
    void aStripeCopiesOnlyTheChunksItsThreadsObserve() throws InterruptedException {
        WindowedQuantiles s = new WindowedQuantiles(ALPHA, AGE_BUCKETS * PERIOD, AGE_BUCKETS,
                new FakeClock(987_654_321L));
        s.observe(1.0);
        s.observe(2.0);
        s.stripeNow();
        assertEquals(0, s.stripeArrays(), "turning striped allocates only the stripe table");
        s.observe(1.5); // binade of 1.0: this stripe's copy of that chunk
        s.observe(5.0); // a new binade: its shared array, and this stripe's copy
        assertEquals(2, s.stripeArrays());
        assertEquals(3, s.chunkArrays());
        s.observe(0.0); // the special cells' copy
        assertEquals(3, s.stripeArrays());
        Thread other = new Thread(() -> s.observe(1.25));
        other.start();
        other.join();
        int expected = WindowedQuantiles.stripeOf(other.getId()) == WindowedQuantiles.stripeOf(currentThreadId())
                ? 3 : 4;
        assertEquals(expected, s.stripeArrays(), "another stripe copies only the chunk it counted into");
        assertEquals(6, s.windowCount());
    }

    @Test
    void stripeMemoryFiguresMatchTheArraysAStripeHolds() {
        // the stripe table: one 4-byte reference per stripe behind a 16-byte array header, 8-byte aligned
        assertEquals((16 + 4L * WindowedQuantiles.STRIPES + 7) / 8 * 8, WindowedQuantiles.bytesOnContention());
        // a stripe's table of 32 chunk copies and the special copy (16 + 33 x 4 = 148, aligned to 152), its chunk
        // copies of K x 36 longs each (no settled counts: those are in the shared chunk, K more longs), and the
        // special copy of K x 3 longs
        long chunk = 16 + 8L * 5 * 36;
        assertEquals(chunk + 8L * 5, WindowedQuantiles.bytesPerChunk(ALPHA, 5));
        assertEquals(152, WindowedQuantiles.bytesPerStripe(ALPHA, 5, 0, false));
        assertEquals(152 + 6 * chunk, WindowedQuantiles.bytesPerStripe(ALPHA, 5, 6, false));
        assertEquals(8_888, WindowedQuantiles.bytesPerStripe(ALPHA, 5, 6, false), "the Javadoc's example");
        assertEquals(152 + 16 + 8L * 5 * 3, WindowedQuantiles.bytesPerStripe(ALPHA, 5, 0, true));
        assertThrows(IllegalArgumentException.class, () -> WindowedQuantiles.bytesPerStripe(ALPHA, 5, 33, false));
        assertThrows(IllegalArgumentException.class, () -> WindowedQuantiles.bytesPerStripe(ALPHA, 0, 1, false));
    }

    @SuppressWarnings("deprecation") // Thread.getId: threadId() needs JDK 19
    private static long currentThreadId() {
        return Thread.currentThread().getId();
    }

    /**
     * Three observation phases by {@value #THREADS} threads, each followed by an exact check of every bucket total;
     * between them the clock moves so that the first phase's age bucket is cleared and then reused, and at the end
     * every bucket expires.
     */
    private static void checkPhasesAgainstModel(boolean striped) throws InterruptedException {
        FakeClock clock = new FakeClock(987_654_321L);
        WindowedQuantiles s = new WindowedQuantiles(ALPHA, AGE_BUCKETS * PERIOD, AGE_BUCKETS, clock);
        if (striped) {
            s.stripeNow();
        }
        long[] first = observeInThreads(s, 1);
        assertTotals(s, first, "period 0");

        clock.advance(PERIOD);
        s.windowCount(); // rotates before the next phase, so each observation's period is known
        long[] second = observeInThreads(s, 2);
        assertTotals(s, sum(first, second), "periods 0 and 1");

        clock.advance(2 * PERIOD); // period 3: period 0's age bucket is cleared, period 1's is still live
        assertTotals(s, second, "period 0 expired");
        long[] third = observeInThreads(s, 3); // into the age bucket period 0 used
        assertTotals(s, sum(second, third), "periods 1 and 3");

        clock.advance(AGE_BUCKETS * PERIOD);
        assertEquals(0, s.windowCount(), "every age bucket expired");
        if (striped) {
            assertTrue(s.stripeArrays() > 0, "the threads counted into stripe copies");
        }
    }

    /**
     * Each thread observes each value a number of times that depends on the thread, the value and the phase, in a
     * shuffled order; returns the exact per-value totals.
     */
    private static long[] observeInThreads(WindowedQuantiles s, int phase) throws InterruptedException {
        long[] totals = new long[VALUES.length];
        List<Thread> threads = new ArrayList<>();
        CountDownLatch start = new CountDownLatch(1);
        AtomicReference<Throwable> failure = new AtomicReference<>();
        for (int t = 0; t < THREADS; t++) {
            List<Integer> sequence = new ArrayList<>();
            for (int v = 0; v < VALUES.length; v++) {
                int times = 1 + (t * 7 + v * 13 + phase * 5) % 23 * 211;
                totals[v] += times;
                for (int i = 0; i < times; i++) {
                    sequence.add(v);
                }
            }
            Collections.shuffle(sequence, new Random(phase * 100L + t));
            int[] mine = sequence.stream().mapToInt(Integer::intValue).toArray();
            Thread thread = new Thread(() -> {
                try {
                    start.await();
                    for (int v : mine) {
                        s.observe(VALUES[v]);
                    }
                } catch (Throwable e) {
                    failure.set(e);
                }
            });
            threads.add(thread);
            thread.start();
        }
        start.countDown();
        for (Thread thread : threads) {
            thread.join();
        }
        if (failure.get() != null) {
            fail(failure.get());
        }
        return totals;
    }

    private static long[] sum(long[] a, long[] b) {
        long[] sum = new long[a.length];
        for (int i = 0; i < a.length; i++) {
            sum[i] = a[i] + b[i];
        }
        return sum;
    }

    /**
     * The window's count is the model's total, and at every boundary between buckets with counts the last rank of
     * one bucket reports that bucket's value and the next rank the next bucket's: so every bucket total is exact.
     */
    private static void assertTotals(WindowedQuantiles s, long[] totals, String what) {
        long n = 0;
        for (long t : totals) {
            n += t;
        }
        assertEquals(n, s.windowCount(), what + ": window count");
        List<Double> qs = new ArrayList<>();
        List<Double> expected = new ArrayList<>();
        long cumulative = 0;
        for (int v = 0; v < VALUES.length; v++) {
            if (totals[v] == 0) {
                continue;
            }
            // first and last rank of value v: cumulative and cumulative + totals[v] - 1
            qs.add((cumulative + 0.5) / n);
            expected.add(VALUES[v]);
            cumulative += totals[v];
            qs.add((cumulative - 0.5) / n);
            expected.add(VALUES[v]);
        }
        double[] q = qs.stream().mapToDouble(Double::doubleValue).toArray();
        double[] out = new double[q.length];
        s.quantiles(q, out);
        for (int i = 0; i < q.length; i++) {
            long rank = Math.max(0, (long) Math.ceil(q[i] * n) - 1);
            double want = expected.get(i);
            boolean exact = Double.isInfinite(want) || want == 0.0;
            double bound = exact ? 0.0 : (ALPHA + 0x1p-52) * Math.abs(want);
            if (!(Math.abs(out[i] - want) <= bound) && !(exact && out[i] == want)) {
                fail(what + ": rank " + rank + " of " + n + " reports " + out[i] + ", the model says " + want);
            }
        }
    }
}
