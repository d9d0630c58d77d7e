package io.promptly.core.quantile;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.util.Arrays;
import java.util.Random;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.Test;

class WindowedQuantilesTest {
    private static final double ALPHA = 0.01;
    private static final long SECOND = 1_000_000_000L;
    private static final double[] QS = {0, 0.01, 0.25, 0.5, 0.9, 0.99, 0.999, 1};

    private static WindowedQuantiles sketch() {
        return new WindowedQuantiles(ALPHA, 600 * SECOND, 5, new FakeClock(123_456_789L));
    }

    private static double[] query(WindowedQuantiles sketch, double... qs) {
        double[] out = new double[qs.length];
        sketch.quantiles(qs, out);
        return out;
    }

    /** Exact rank as documented: index max(0, ceil(q n) - 1) of the sorted data. */
    private static double exact(double[] sorted, double q) {
        long n = sorted.length;
        long rank = Math.max(0, (long) Math.ceil(q * n) - 1);
        return sorted[(int) Math.min(rank, n - 1)];
    }

    private static void assertWithinBound(double expected, double actual, double alpha, String what) {
        if (Double.isInfinite(expected) || Math.abs(expected) < Double.MIN_NORMAL) {
            double want = Double.isInfinite(expected) ? expected : 0.0;
            if (actual != want) {
                fail(what + ": expected exactly " + want + " for sample " + expected + " but got " + actual);
            }
            return;
        }
        double bound = (alpha + 0x1p-52) * Math.abs(expected);
        if (!(Math.abs(actual - expected) <= bound)) {
            fail(what + ": " + actual + " is not within relative " + alpha + " of " + expected);
        }
    }

    private static void assertMatchesExact(WindowedQuantiles sketch, double[] data, double alpha) {
        double[] sorted = data.clone();
        Arrays.sort(sorted);
        double[] out = query(sketch, QS);
        for (int i = 0; i < QS.length; i++) {
            assertWithinBound(exact(sorted, QS[i]), out[i], alpha, "q=" + QS[i]);
        }
    }

    @Test
    void emptyWindowReportsNaN() {
        double[] out = query(sketch(), QS);
        for (double v : out) {
            assertTrue(Double.isNaN(v), Arrays.toString(out));
        }
    }

    @Test
    void singleValueIsEveryQuantile() {
        WindowedQuantiles s = sketch();
        s.observe(42.0);
        for (double v : query(s, QS)) {
            assertWithinBound(42.0, v, ALPHA, "single");
        }
        assertEquals(1, s.windowCount());
    }

    @Test
    void zeroIsReportedExactly() {
        WindowedQuantiles s = sketch();
        s.observe(0.0);
        s.observe(-0.0);
        for (double v : query(s, QS)) {
            assertEquals(0.0, Math.abs(v));
        }
    }

    @Test
    void negativeAndMixedSignValuesKeepTheirOrder() {
        WindowedQuantiles s = sketch();
        double[] data = {5, -3, 0, 2, -1};
        for (double x : data) {
            s.observe(x);
        }
        assertMatchesExact(s, data, ALPHA);
        // sorted: -3, -1, 0, 2, 5; rank(0.25) = ceil(1.25) - 1 = 1, rank(0.5) = 2
        double[] out = query(s, 0.25, 0.5);
        assertWithinBound(-1, out[0], ALPHA, "q=0.25");
        assertEquals(0.0, out[1]);
    }

    @Test
    void nanObservationsAreIgnored() {
        WindowedQuantiles s = sketch();
        s.observe(Double.NaN);
        s.observe(Double.longBitsToDouble(0xFFF8_0000_0000_0001L)); // a negative NaN with payload
        s.observe(7.5);
        assertEquals(1, s.windowCount());
        for (double v : query(s, QS)) {
            assertWithinBound(7.5, v, ALPHA, "after NaN");
        }
    }

    @Test
    void infinitiesAreReportedAsInfinities() {
        WindowedQuantiles s = sketch();
        s.observe(Double.NEGATIVE_INFINITY);
        s.observe(1.0);
        s.observe(Double.POSITIVE_INFINITY);
        double[] out = query(s, 0, 0.5, 1);
        assertEquals(Double.NEGATIVE_INFINITY, out[0]);
        assertWithinBound(1.0, out[1], ALPHA, "middle");
        assertEquals(Double.POSITIVE_INFINITY, out[2]);
    }

    @Test
    void subnormalsAreReportedAsZero() {
        WindowedQuantiles s = sketch();
        s.observe(Double.MIN_VALUE);
        s.observe(-Double.MIN_VALUE);
        s.observe(Math.nextDown(Double.MIN_NORMAL));
        assertEquals(3, s.windowCount());
        // reported as zero, within the documented absolute error below MIN_NORMAL; the minimum and maximum
        // ranks report the extremes themselves
        for (double v : query(s, QS)) {
            assertTrue(Math.abs(v) < Double.MIN_NORMAL, "subnormal window reported " + v);
        }
        double[] ends = query(s, 0.0, 0.5, 1.0);
        assertEquals(-Double.MIN_VALUE, ends[0]);
        assertEquals(0.0, ends[1]);
        assertEquals(Math.nextDown(Double.MIN_NORMAL), ends[2]);
    }

    @Test
    void smallestNormalAndLargestFiniteValuesKeepTheBound() {
        WindowedQuantiles s = sketch();
        double[] data = {Double.MIN_NORMAL, -Double.MAX_VALUE, Double.MAX_VALUE, 1e300, -1e-300};
        for (double x : data) {
            s.observe(x);
        }
        assertMatchesExact(s, data, ALPHA);
        double[] out = query(s, 0, 1);
        assertTrue(Double.isFinite(out[0]) && Double.isFinite(out[1]), Arrays.toString(out));
    }

    @Test
    void ckmsLowRankFailureInputIsEstimatedWithinBound() {
        // CKMS with a 0.9 target is known to misreport when 0 and 9999 arrive first, then 1..9998
        WindowedQuantiles s = sketch();
        double[] data = new double[10_000];
        data[0] = 0;
        data[1] = 9999;
        for (int i = 2; i < data.length; i++) {
            data[i] = i - 1;
        }
        for (double x : data) {
            s.observe(x);
        }
        // sorted data is 0..9999, rank(0.9) = ceil(9000) - 1 = 8999
        assertWithinBound(8999, query(s, 0.9)[0], ALPHA, "q=0.9");
        assertMatchesExact(s, data, ALPHA);
    }

    @Test
    void targetWhoseAllowedErrorCoversTheTailIsStillAccurate() {
        // CKMS with target q=0.99 and epsilon 0.01 (2 epsilon >= 1 - q) may answer the maximum
        WindowedQuantiles s = sketch();
        double[] data = new double[1000];
        for (int i = 0; i < data.length; i++) {
            data[i] = i + 1;
        }
        shuffle(data, new Random(7));
        for (double x : data) {
            s.observe(x);
        }
        // sorted data is 1..1000, rank(0.99) = ceil(990) - 1 = 989, value 990; 1% of 990 stays below 1000
        double q99 = query(s, 0.99)[0];
        assertWithinBound(990, q99, ALPHA, "q=0.99");
        assertTrue(q99 < 1000, "q=0.99 reported as the maximum: " + q99);
    }

    @Test
    void quantilesNeverDecreaseAsQGrows() {
        WindowedQuantiles s = sketch();
        Random random = new Random(11);
        for (int i = 0; i < 20_000; i++) {
            s.observe(random.nextGaussian() * Math.exp(random.nextGaussian() * 5));
        }
        double[] qs = new double[1001];
        for (int i = 0; i < qs.length; i++) {
            qs[i] = i / 1000.0;
        }
        double[] out = query(s, qs);
        for (int i = 1; i < out.length; i++) {
            assertTrue(out[i] >= out[i - 1], "q=" + qs[i] + ": " + out[i] + " < " + out[i - 1]);
        }
    }

    @Test
    void randomDataAcrossManyBinadesIsWithinBound() {
        WindowedQuantiles s = sketch();
        Random random = new Random(3);
        double[] data = new double[50_000];
        for (int i = 0; i < data.length; i++) {
            double magnitude = Math.exp(random.nextDouble() * 9 - 4.5); // 14 binades, both signs: 28 chunks
            data[i] = random.nextInt(10) == 0 ? -magnitude : magnitude;
            s.observe(data[i]);
        }
        assertEquals(data.length, s.windowCount());
        assertMatchesExact(s, data, ALPHA);
    }

    @Test
    void everyRepresentativeIsWithinRelativeErrorOfItsValues() {
        Random random = new Random(5);
        for (double alpha : new double[] {0.001, 0.005, 0.01, 0.02, 0.05, 0.1, 1.0 / 3, 0.5}) {
            LogBucketMapping mapping = LogBucketMapping.forRelativeError(alpha);
            assertTrue(mapping.worstBucketError <= alpha, "worst bucket error for " + alpha);
            for (int i = 0; i < 100_000; i++) {
                double x = Math.scalb(1 + random.nextDouble(), random.nextInt(2046) - 1022);
                int exponent = Math.getExponent(x);
                double y = mapping.representative(mapping.subBucket(Double.doubleToRawLongBits(x)), exponent);
                assertWithinBound(x, y, alpha, "alpha=" + alpha);
            }
            // the binade's ends
            for (double x : new double[] {1.0, Math.nextDown(2.0), Double.MIN_NORMAL, Double.MAX_VALUE}) {
                double y = mapping.representative(mapping.subBucket(Double.doubleToRawLongBits(x)),
                        Math.getExponent(x));
                assertWithinBound(x, y, alpha, "alpha=" + alpha + " x=" + x);
            }
        }
    }

    @Test
    void defaultErrorUsesAboutTheOptimalNumberOfBuckets() {
        WindowedQuantiles s = sketch();
        double optimal = Math.log(2) / Math.log((1 + ALPHA) / (1 - ALPHA)); // 34.66
        assertTrue(s.bucketsPerBinade() >= Math.ceil(optimal) && s.bucketsPerBinade() <= optimal * 1.05,
                "buckets per binade " + s.bucketsPerBinade());
    }

    @Test
    void windowForgetsObservationsOlderThanMaxAge() {
        FakeClock clock = new FakeClock(123_456_789L);
        WindowedQuantiles s = new WindowedQuantiles(ALPHA, 10 * SECOND, 5, clock);
        s.observe(1000.0);
        clock.advance(8 * SECOND); // (K-1)/K of maxAge: still counted
        assertEquals(1, s.windowCount());
        s.observe(1.0);
        clock.advance(2 * SECOND); // maxAge after the first observation: gone
        assertEquals(1, s.windowCount());
        assertWithinBound(1.0, query(s, 1)[0], ALPHA, "max after forgetting");
        clock.advance(10 * SECOND);
        assertEquals(0, s.windowCount());
        assertTrue(Double.isNaN(query(s, 0.5)[0]));
    }

    /**
     * Slides windows of 1 to 6 age buckets by random numbers of periods (1 to K + 1), observing between the
     * queries: the window's count must equal, and every quantile be within the bound of, those of the exact window
     * kept beside it (every observation of a period placed in it, forgotten K periods later). Catches a settled
     * count of an age bucket that is stale, kept past its clearing or counted twice.
     */
    @Test
    void slidingWindowMatchesTheExactWindowForEveryAgeBucketCountAndStep() {
        Random random = new Random(0x51D1);
        for (int ages = 1; ages <= 6; ages++) {
            FakeClock clock = new FakeClock(123_456_789L);
            long period = SECOND;
            WindowedQuantiles s = new WindowedQuantiles(ALPHA, ages * period, ages, clock);
            java.util.List<double[]> placed = new java.util.ArrayList<>(); // {period index, value}
            long currentPeriod = 0;
            for (int round = 0; round < 60; round++) {
                int observations = random.nextInt(40);
                for (int i = 0; i < observations; i++) {
                    // a few binades, so cells are reused across periods (their counts pass through many ages)
                    double v = Math.scalb(1 + random.nextInt(8) / 8.0, random.nextInt(4) - 2);
                    s.observe(v);
                    placed.add(new double[] {currentPeriod, v});
                }
                long oldest = currentPeriod - ages + 1;
                double[] window = placed.stream().filter(o -> o[0] >= oldest).mapToDouble(o -> o[1]).toArray();
                assertEquals(window.length, s.windowCount(), "K=" + ages + " round " + round);
                if (window.length > 0) {
                    assertMatchesExact(s, window, ALPHA);
                }
                int steps = 1 + random.nextInt(ages + 1);
                clock.advance(steps * period);
                currentPeriod += steps;
                s.windowCount(); // rotates now, so the next round's observations are placed in the new period
            }
        }
    }

    /**
     * An observation whose own clock check rotates the window is moved into the new current age bucket; when the
     * rotation settled the bucket it left (two or more periods passed), the window must not count it twice.
     */
    @Test
    void observationMovedByItsOwnRotationIsCountedOnceWhateverTheStep() {
        for (int steps = 1; steps <= 6; steps++) {
            FakeClock clock = new FakeClock(123_456_789L);
            WindowedQuantiles s = new WindowedQuantiles(ALPHA, 5 * SECOND, 5, clock);
            s.observe(3.0); // the cell's first observation: its check finds nothing due
            clock.advance(steps * SECOND);
            s.observe(5.0); // a fresh cell: its check rotates, moving the observation into the new bucket
            long expected = steps < 5 ? 2 : 1; // 3.0 expires after 5 periods
            assertEquals(expected, s.windowCount(), "steps " + steps);
            for (int i = 0; i < 3; i++) {
                clock.advance(SECOND);
                assertEquals(steps + i + 1 < 5 ? 2 : 1, s.windowCount(), "steps " + steps + " then " + (i + 1));
            }
        }
    }

    @Test
    void windowSurvivesAClockJumpOfManyWindows() {
        FakeClock clock = new FakeClock(123_456_789L);
        WindowedQuantiles s = new WindowedQuantiles(ALPHA, 10 * SECOND, 5, clock);
        s.observe(3.0);
        clock.advance(1000 * SECOND);
        assertEquals(0, s.windowCount());
        s.observe(4.0);
        assertEquals(1, s.windowCount());
        assertWithinBound(4.0, query(s, 0.5)[0], ALPHA, "after jump");
    }

    @Test
    void firstObservationOfACellChecksTheClockWithoutAScrape() {
        FakeClock clock = new FakeClock(123_456_789L);
        WindowedQuantiles s = new WindowedQuantiles(ALPHA, 10 * SECOND, 5, clock);
        s.observe(1.0);
        clock.advance(5 * SECOND);
        s.observe(2.0); // fresh cell: reads the clock, rotates to the period holding t=5 s and moves itself there
        clock.advance(5 * SECOND + SECOND / 2);
        // 1.0 (t=0) has expired at t=10.5 s; 2.0 must stay until at least 5 s + (K-1)/K·maxAge = 13 s
        assertEquals(1, s.windowCount());
        assertWithinBound(2.0, query(s, 0.5)[0], ALPHA, "survivor");
    }

    @Test
    void observationAfterAGapLongerThanTheWindowIsNotDropped() {
        FakeClock clock = new FakeClock(123_456_789L);
        WindowedQuantiles s = new WindowedQuantiles(ALPHA, 10 * SECOND, 5, clock);
        s.observe(1.0);
        clock.advance(3600 * SECOND);
        s.observe(2.0); // its check clears every bucket, then places it in the new current one
        assertEquals(1, s.windowCount());
        assertWithinBound(2.0, query(s, 0.5)[0], ALPHA, "after gap");
    }

    @Test
    void binadesBeyondTheChunkPoolAreClampedButCounted() {
        WindowedQuantiles s = sketch();
        int binades = WindowedQuantiles.CHUNKS + 8;
        for (int e = 0; e < binades; e++) {
            s.observe(Math.scalb(1.0, e));
        }
        assertEquals(binades, s.windowCount());
        double[] qs = new double[binades];
        for (int i = 0; i < binades; i++) {
            qs[i] = (i + 1) / (double) binades;
        }
        double[] out = query(s, qs);
        for (int i = 0; i < WindowedQuantiles.CHUNKS; i++) {
            assertWithinBound(Math.scalb(1.0, i), out[i], ALPHA, "chunked binade " + i);
        }
        // the maximum's rank reports the maximum itself, whatever its binade
        assertEquals(Math.scalb(1.0, binades - 1), out[binades - 1]);
        for (int i = WindowedQuantiles.CHUNKS; i < binades - 1; i++) {
            // clamped to the top bucket of the highest chunked binade, [2^31, 2^32)
            assertTrue(out[i] >= Math.scalb(1.0, WindowedQuantiles.CHUNKS - 1)
                    && out[i] <= Math.scalb(1.0, WindowedQuantiles.CHUNKS), "clamped " + out[i]);
            assertTrue(out[i] >= out[i - 1]);
        }
    }

    @Test
    void concurrentObserversLoseNoObservation() throws InterruptedException {
        WindowedQuantiles s = sketch();
        int threads = 4;
        int perThread = 200_000;
        CountDownLatch start = new CountDownLatch(1);
        Thread[] workers = new Thread[threads];
        for (int t = 0; t < threads; t++) {
            long seed = t;
            workers[t] = new Thread(() -> {
                Random random = new Random(seed);
                try {
                    start.await();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                }
                for (int i = 0; i < perThread; i++) {
                    s.observe(random.nextInt(4) == 0 ? 1.0 : random.nextDouble() * 1e6 - 1e3);
                }
            });
            workers[t].start();
        }
        double[] out = new double[QS.length];
        start.countDown();
        for (int i = 0; i < 100; i++) {
            s.quantiles(QS, out); // scrapes race the observers; each answer must be ordered
            for (int j = 1; j < out.length; j++) {
                assertTrue(Double.isNaN(out[j]) || out[j] >= out[j - 1], Arrays.toString(out));
            }
        }
        for (Thread w : workers) {
            w.join();
        }
        assertEquals((long) threads * perThread, s.windowCount());
    }

    @Test
    void constructorRejectsBadArguments() {
        NanoClock clock = new FakeClock(123_456_789L);
        assertThrows(IllegalArgumentException.class, () -> new WindowedQuantiles(0.0, SECOND, 5, clock));
        assertThrows(IllegalArgumentException.class, () -> new WindowedQuantiles(Double.NaN, SECOND, 5, clock));
        assertThrows(IllegalArgumentException.class, () -> new WindowedQuantiles(0.6, SECOND, 5, clock));
        assertThrows(IllegalArgumentException.class, () -> new WindowedQuantiles(ALPHA, SECOND, 0, clock));
        assertThrows(IllegalArgumentException.class, () -> new WindowedQuantiles(ALPHA, 4, 5, clock));
        assertThrows(IllegalArgumentException.class, () -> new WindowedQuantiles(ALPHA, SECOND, 5, null));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new WindowedQuantiles(0.0, SECOND, 5, clock));
        assertTrue(e.getMessage().contains("relativeError 0.0"), e.getMessage());
    }

    @Test
    void quantilesRejectsUnorderedOrOutOfRangeQ() {
        WindowedQuantiles s = sketch();
        double[] out = new double[2];
        assertThrows(IllegalArgumentException.class, () -> s.quantiles(new double[] {0.9, 0.5}, out));
        assertThrows(IllegalArgumentException.class, () -> s.quantiles(new double[] {1.5}, out));
        assertThrows(IllegalArgumentException.class, () -> s.quantiles(new double[] {Double.NaN}, out));
        assertThrows(IllegalArgumentException.class, () -> s.quantiles(new double[] {0.1, 0.2, 0.3}, out));
    }

    @Test
    void fixedMemoryIsUnderAKilobyteAndEachChunkAddsOnlyItsAgeBucketsOfCounts() {
        long fixed = WindowedQuantiles.bytesPerInstance(ALPHA, 5);
        // fields, 2 chunk references, 5 x (min + max): no 4096-entry directory, no special cells until used
        assertEquals(152 + 24 + (16 + 8 * 5 * 2), fixed, "fields, chunk table, extremes");
        // one chunk: an array of K x 36 longs and K settled counts (16-byte header), no query scratch
        assertEquals(16 + 8L * 5 * (36 + 1), WindowedQuantiles.bytesPerChunk(ALPHA, 5));
        // a further age bucket adds its extremes (16 bytes) and 36 + 1 longs per chunk
        assertEquals(8L * 2, WindowedQuantiles.bytesPerInstance(ALPHA, 6) - fixed);
        assertEquals(8L * (36 + 1),
                WindowedQuantiles.bytesPerChunk(ALPHA, 6) - WindowedQuantiles.bytesPerChunk(ALPHA, 5));
        assertEquals(16 + 64, WindowedQuantiles.BYTES_PER_DIRECTORY_PAGE);
        // a latency summary over 6 binades in one page stays below 10 KB
        long sixBinades = fixed + 6 * WindowedQuantiles.bytesPerChunk(ALPHA, 5)
                + WindowedQuantiles.BYTES_PER_DIRECTORY_PAGE;
        assertTrue(sixBinades < 10 * 1024, "6 binades: " + sixBinades);
        assertThrows(IllegalArgumentException.class, () -> WindowedQuantiles.bytesPerChunk(ALPHA, 0));
        assertThrows(IllegalArgumentException.class, () -> WindowedQuantiles.bytesPerChunk(0.9, 5));
    }

    @Test
    void aWindowOfOneRepeatedValueReportsItExactly() {
        for (double v : new double[] {42.0, 0.001, -3.5, 1e300, Double.MIN_VALUE, 7.0}) {
            WindowedQuantiles s = sketch();
            for (int i = 0; i < 1000; i++) {
                s.observe(v);
            }
            double[] out = new double[5];
            s.quantiles(new double[] {0.0, 0.5, 0.9, 0.999, 1.0}, out);
            for (double q : out) {
                assertEquals(v, q, "window of " + v);
            }
        }
    }

    @Test
    void noEstimateLiesOutsideTheObservedMinimumAndMaximum() {
        java.util.Random random = new java.util.Random(7);
        for (int round = 0; round < 200; round++) {
            WindowedQuantiles s = sketch();
            double min = Double.POSITIVE_INFINITY;
            double max = Double.NEGATIVE_INFINITY;
            int n = 1 + random.nextInt(50);
            for (int i = 0; i < n; i++) {
                double v = random.nextDouble() * (random.nextBoolean() ? 1 : -1) * Math.pow(10, random.nextInt(6) - 3);
                s.observe(v);
                min = Math.min(min, v);
                max = Math.max(max, v);
            }
            double[] qs = {0.0, 0.001, 0.5, 0.999, 1.0};
            double[] out = new double[qs.length];
            s.quantiles(qs, out);
            for (int i = 0; i < qs.length; i++) {
                assertTrue(out[i] >= min && out[i] <= max, "q " + qs[i] + " = " + out[i] + " outside [" + min + ", "
                        + max + "] in round " + round);
            }
            assertEquals(min, out[0]);
            assertEquals(max, out[4]);
        }
    }

    @Test
    void theExtremesExpireWithTheirAgeBucket() {
        FakeClock clock = new FakeClock(123_456_789L);
        WindowedQuantiles s = new WindowedQuantiles(ALPHA, 5_000, 5, clock);
        s.observe(1000.0);
        clock.advance(1_000);
        s.observe(1.0);
        s.observe(2.0);
        double[] out = new double[1];
        s.quantiles(new double[] {1.0}, out);
        assertEquals(1000.0, out[0]);
        clock.advance(4_000); // the bucket that held 1000 expires
        s.quantiles(new double[] {1.0}, out);
        assertEquals(2.0, out[0], 2.0 * ALPHA);
        assertTrue(out[0] <= 2.0);
    }

    @Test
    void directoryPagesAreInstalledOnlyForTheRangesObserved() {
        WindowedQuantiles s = sketch();
        s.observe(0.0);
        s.observe(Double.POSITIVE_INFINITY);
        s.observe(Double.NaN);
        s.observe(Double.MIN_VALUE); // subnormal: the zero cell
        assertEquals(0, s.directoryPages(), "zero, subnormals and non-finite values need no page");
        s.observe(0.003);
        s.observe(0.25);
        assertEquals(1, s.directoryPages(), "the main page");
        s.observe(1.5);
        s.observe(1e9);
        s.observe(Math.scalb(1.0, -32));
        s.observe(Math.nextDown(Math.scalb(1.0, 32)));
        assertEquals(1, s.directoryPages(), "[2^-32, 2^32) is all the main page");
        s.observe(Math.scalb(1.0, 32));
        assertEquals(2, s.directoryPages(), "larger values have another page");
        s.observe(Math.scalb(1.0, 95)); // still that page: 2^32 to 2^96
        s.observe(1e300);
        assertEquals(3, s.directoryPages(), "and much larger ones another");
        s.observe(-2.0);
        assertEquals(4, s.directoryPages(), "negative values have pages of their own");
        double[] out = new double[3];
        s.quantiles(new double[] {0.0, 0.5, 1.0}, out);
        assertEquals(-2.0, out[0], 2.0 * ALPHA);
        assertEquals(Double.POSITIVE_INFINITY, out[2]);
    }

    @Test
    void instanceHoldsOneCountArrayPerObservedBinade() {
        WindowedQuantiles s = sketch();
        assertEquals(0, s.chunkArrays());
        s.observe(0.0);
        s.observe(Double.POSITIVE_INFINITY);
        s.observe(Double.NEGATIVE_INFINITY);
        s.observe(Double.NaN);
        assertEquals(0, s.chunkArrays(), "zero, infinities and NaN use the cells allocated up front");
        s.observe(1.25); // [1, 2)
        s.observe(1.75); // [1, 2) again
        s.observe(3.0); // [2, 4)
        s.observe(0.004); // [2^-8, 2^-7)
        s.observe(0.0045); // same binade
        assertEquals(3, s.chunkArrays());
        s.observe(-1.5); // the negative [1, 2) is its own chunk
        assertEquals(4, s.chunkArrays());
        assertEquals(9, s.windowCount());
    }

    @Test
    void concurrentFirstObservationsOfTheSameNewBinadesLoseNothing() throws InterruptedException {
        int threads = 4;
        int binades = 24;
        for (int round = 0; round < 50; round++) {
            WindowedQuantiles s = sketch();
            double[] data = new double[threads * binades * 3];
            int[] next = {0};
            CountDownLatch start = new CountDownLatch(1);
            Thread[] workers = new Thread[threads];
            for (int t = 0; t < threads; t++) {
                double[] mine = new double[binades * 3];
                for (int i = 0; i < mine.length; i++) {
                    int e = (i + t * 5) % binades - 8; // every thread walks the same binades, from different starts
                    mine[i] = Math.scalb(1.0 + (i % 3) / 3.0, e) * (e % 3 == 0 ? -1 : 1);
                }
                System.arraycopy(mine, 0, data, next[0], mine.length);
                next[0] += mine.length;
                workers[t] = new Thread(() -> {
                    try {
                        start.await();
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                        return;
                    }
                    for (double x : mine) {
                        s.observe(x);
                    }
                });
                workers[t].start();
            }
            start.countDown();
            for (Thread w : workers) {
                w.join();
            }
            assertEquals(data.length, s.windowCount(), "round " + round);
            assertTrue(s.chunkArrays() >= binades, "arrays " + s.chunkArrays());
            assertMatchesExact(s, data, ALPHA);
        }
    }

    @Test
    void rotationsAndQueriesRacingChunkClaimsStayConsistent() throws InterruptedException {
        for (int round = 0; round < 20; round++) {
            FakeClock clock = new FakeClock(123_456_789L);
            // P = 2 s; the test moves the clock 3 P at most while observers run, so nothing expires meanwhile
            WindowedQuantiles s = new WindowedQuantiles(ALPHA, 10 * SECOND, 5, clock);
            int threads = 3;
            int perThread = 30_000;
            CountDownLatch start = new CountDownLatch(1);
            Thread[] workers = new Thread[threads];
            for (int t = 0; t < threads; t++) {
                long seed = round * 31L + t;
                workers[t] = new Thread(() -> {
                    Random random = new Random(seed);
                    try {
                        start.await();
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                        return;
                    }
                    for (int i = 0; i < perThread; i++) {
                        // 30 chunks: 20 positive binades 2^-10 .. 2^9, 10 negative ones; new ones keep appearing
                        int e = random.nextInt(Math.min(30, 1 + i / 500));
                        double x = Math.scalb(1 + random.nextDouble(), e < 20 ? e - 10 : e - 20);
                        s.observe(e < 20 ? x : -x);
                    }
                });
                workers[t].start();
            }
            start.countDown();
            double[] out = new double[QS.length];
            long total = (long) threads * perThread;
            long previous = 0;
            int advances = 0;
            while (anyAlive(workers)) {
                if (advances < 6 && previous > (advances + 1) * total / 10) {
                    clock.advance(SECOND); // rotations spread over the run, while new chunks are being claimed
                    advances++;
                }
                s.quantiles(QS, out);
                for (int j = 1; j < out.length; j++) {
                    assertTrue(Double.isNaN(out[j]) || out[j] >= out[j - 1], Arrays.toString(out));
                }
                long count = s.windowCount();
                assertTrue(count >= previous && count <= total, count + " after " + previous);
                previous = count;
            }
            for (Thread w : workers) {
                w.join();
            }
            assertEquals(total, s.windowCount(), "round " + round);
            clock.advance(10 * SECOND); // a whole window: every age bucket of every chunk is cleared
            assertEquals(0, s.windowCount());
            s.observe(-0.75);
            s.observe(0.75);
            assertEquals(2, s.windowCount());
        }
    }

    private static boolean anyAlive(Thread[] threads) {
        for (Thread t : threads) {
            if (t.isAlive()) {
                return true;
            }
        }
        return false;
    }

    private static void shuffle(double[] data, Random random) {
        for (int i = data.length - 1; i > 0; i--) {
            int j = random.nextInt(i + 1);
            double t = data[i];
            data[i] = data[j];
            data[j] = t;
        }
    }

    // ---- quantiles(qs, out, count): a query whose caller's count and window are unchanged reuses the last result

    @Test
    void anUnchangedCountReusesTheLastResultWithoutReadingTheCells() {
        WindowedQuantiles s = sketch();
        double[] qs = {0.5, 0.99};
        for (int i = 1; i <= 100; i++) {
            s.observe(i);
        }
        double[] first = new double[2];
        s.quantiles(qs, first, 100);
        assertMatchesExact(s, sortedOneTo(100), ALPHA);
        // values observed without raising the caller's count (a caller that breaks the contract) stay unseen:
        // the proof that the second call did not read the cells
        for (int i = 0; i < 1000; i++) {
            s.observe(1e6);
        }
        double[] second = new double[2];
        s.quantiles(qs, second, 100);
        assertArrayEquals(first, second);
        // a raised count reads them
        s.quantiles(qs, second, 1100);
        assertEquals(1e6, second[0], 1e6 * ALPHA);
        assertEquals(1e6, second[1], 1e6 * ALPHA);
    }

    @Test
    void aRotationOrAnotherQuantileArrayOrANegativeCountQueriesAgain() {
        FakeClock clock = new FakeClock(123_456_789L);
        WindowedQuantiles s = new WindowedQuantiles(ALPHA, 5 * SECOND, 5, clock);
        double[] qs = {0.5};
        s.observe(10);
        double[] out = new double[1];
        s.quantiles(qs, out, 1);
        assertEquals(10, out[0]);
        s.observe(1000); // not counted by the caller: only a fresh query sees it
        s.quantiles(new double[] {0.5}, out, 1); // an equal array, not the same one
        assertEquals(10, out[0], "rank 0 of 2 is the minimum");
        s.quantiles(new double[] {1.0}, out, 1);
        assertEquals(1000, out[0]);
        s.quantiles(qs, out, -1);
        assertEquals(10, out[0]);

        s.quantiles(qs, out, 7);
        clock.advance(SECOND); // one rotation: both values still in the window, but the window moved
        s.observe(5000);
        s.quantiles(qs, out, 7);
        assertEquals(1000, out[0], 1000 * ALPHA, "rank 1 of 3 after the rotation");
        clock.advance(10 * SECOND); // every observation expires: NaN, never the kept result
        s.quantiles(qs, out, 7);
        assertTrue(Double.isNaN(out[0]), "expired window: " + out[0]);
    }

    private static double[] sortedOneTo(int n) {
        double[] data = new double[n];
        for (int i = 0; i < n; i++) {
            data[i] = i + 1;
        }
        return data;
    }
}
