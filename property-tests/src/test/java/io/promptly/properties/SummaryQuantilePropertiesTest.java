package io.promptly.properties;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.integers;
import static org.quicktheories.generators.SourceDSL.longs;

import io.promptly.core.quantile.NanoClock;
import io.promptly.core.quantile.WindowedQuantiles;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.quicktheories.core.Gen;
import org.quicktheories.generators.Generate;

/**
 * Properties of the Summary's quantile engine against exact quantiles computed by sorting. The oracle uses the
 * rank documented in {@link WindowedQuantiles}: index {@code max(0, ceil(q n) - 1)} of the sorted window, and the
 * bound {@code |y - v| ≤ (α + 2^-52)|v|} for normal values whose binade holds one of the instance's 32 chunks
 * (the first 32 distinct sign-and-binade pairs observed), 0 for zero and subnormals, ±Inf for infinities.
 */
class SummaryQuantilePropertiesTest {
    private static final double[] FIXED_QS = {0, 0.01, 0.5, 0.9, 0.99, 0.999, 1};
    private static final int CHUNKS = 32;
    private static final long MAX_AGE = 600_000_000_000L;

    enum Shape { UNIFORM, EXPONENTIAL, PARETO, ALL_EQUAL, ASCENDING, DESCENDING, FEW_DISTINCT, MIXED_SIGN, SPECIALS }

    /** A clock the test moves by hand. */
    private static final class FakeClock implements NanoClock {
        final AtomicLong now = new AtomicLong(-5_000_000_000L);

        @Override
        public long nanoTime() {
            return now.get();
        }
    }

    private static final Gen<Double> ALPHAS = Generate.pick(List.of(0.005, 0.01, 0.01, 0.02, 0.05));

    @Test
    void everyQuantileIsWithinTheBoundOfTheExactQuantile() {
        qt().withExamples(250).withShrinkCycles(100)
                .forAll(Generate.enumValues(Shape.class), integers().between(1, 100_000), longs().all(), ALPHAS)
                .checkAssert((shape, n, seed, alpha) -> {
                    double[] data = data(shape, n, seed);
                    WindowedQuantiles sketch = new WindowedQuantiles(alpha, MAX_AGE, 5, new FakeClock());
                    for (double x : data) {
                        sketch.observe(x);
                    }
                    double[] qs = qs(new Random(seed ^ 0x5DEECE66DL));
                    double[] out = new double[qs.length];
                    sketch.quantiles(qs, out);
                    assertMatchesExact(data, qs, out, alpha, shape + " n=" + n + " seed=" + seed);
                    assertEquals(Arrays.stream(data).filter(x -> !Double.isNaN(x)).count(), sketch.windowCount());
                });
    }

    @Test
    void windowKeepsRecentObservationsAndForgetsOnesOlderThanMaxAge() {
        qt().withExamples(150).withShrinkCycles(100)
                .forAll(integers().between(1, 8), integers().between(0, 7), integers().between(1, 400), longs().all())
                .checkAssert((ageBuckets, extraNanos, events, seed) -> {
                    long period = 1000;
                    long maxAge = period * ageBuckets + Math.min(extraNanos, ageBuckets - 1);
                    FakeClock clock = new FakeClock();
                    WindowedQuantiles sketch = new WindowedQuantiles(0.01, maxAge, ageBuckets, clock);
                    Random random = new Random(seed);
                    List<long[]> observed = new ArrayList<>(); // {time, value}
                    double[] qs = {0, 1};
                    double[] out = new double[2];
                    for (int i = 0; i < events; i++) {
                        long step = random.nextInt(20) == 0 ? random.nextInt(20) * period * ageBuckets
                                : random.nextInt((int) (2 * period));
                        clock.now.addAndGet(step);
                        long now = clock.now.get();
                        if (random.nextBoolean()) {
                            sketch.windowCount(); // a check at the observation's time: no placement slack
                            long value = 1 + random.nextInt(1_000_000);
                            sketch.observe(value);
                            observed.add(new long[] {now, value});
                        }
                        long count = sketch.windowCount();
                        sketch.quantiles(qs, out);
                        long mustCount = 0;
                        long mayCount = 0;
                        long mustMin = Long.MAX_VALUE;
                        long mustMax = Long.MIN_VALUE;
                        long mayMin = Long.MAX_VALUE;
                        long mayMax = Long.MIN_VALUE;
                        for (long[] o : observed) {
                            long age = now - o[0];
                            if (age <= period * (ageBuckets - 1)) {
                                mustCount++;
                                mustMin = Math.min(mustMin, o[1]);
                                mustMax = Math.max(mustMax, o[1]);
                            }
                            if (age < period * ageBuckets) { // documented: gone at c + K·P (≤ maxAge)
                                mayCount++;
                                mayMin = Math.min(mayMin, o[1]);
                                mayMax = Math.max(mayMax, o[1]);
                            }
                        }
                        String at = "event " + i + " K=" + ageBuckets + " seed=" + seed;
                        assertTrue(count >= mustCount && count <= mayCount,
                                at + ": count " + count + " outside [" + mustCount + ", " + mayCount + "]");
                        double up = 1 + 0.01 + 0x1p-52; // values are positive: y in [v(1 - α'), v(1 + α')]
                        double down = 1 - 0.01 - 0x1p-52;
                        String range = at + ": min/max " + Arrays.toString(out) + " must cover [" + mustMin + ", "
                                + mustMax + "] within [" + mayMin + ", " + mayMax + "], count " + count;
                        if (count == 0) {
                            assertTrue(Double.isNaN(out[0]) && Double.isNaN(out[1]), range);
                        } else {
                            if (mustCount > 0) {
                                assertTrue(out[0] <= mustMin * up && out[1] >= mustMax * down, range);
                            }
                            assertTrue(out[0] >= mayMin * down && out[1] <= mayMax * up, range);
                        }
                    }
                });
    }

    @Test
    void concurrentObserversLoseNoObservationWhileTheWindowRotates() {
        qt().withExamples(25).withShrinkCycles(20)
                .forAll(integers().between(2, 4), integers().between(1, 60_000), longs().all())
                .checkAssert((threads, perThread, seed) -> {
                    FakeClock clock = new FakeClock();
                    long period = 1000;
                    int ageBuckets = 5;
                    WindowedQuantiles sketch = new WindowedQuantiles(0.01, period * ageBuckets, ageBuckets, clock);
                    long start = clock.now.get();
                    double[][] data = new double[threads][];
                    for (int t = 0; t < threads; t++) {
                        data[t] = data(Shape.values()[Math.floorMod(seed + t, 8)], perThread, seed + t);
                    }
                    AtomicReference<Throwable> failure = new AtomicReference<>();
                    Thread[] workers = new Thread[threads];
                    for (int t = 0; t < threads; t++) {
                        double[] mine = data[t];
                        workers[t] = new Thread(() -> {
                            for (double x : mine) {
                                sketch.observe(x);
                            }
                        });
                        workers[t].setUncaughtExceptionHandler((th, e) -> failure.set(e));
                        workers[t].start();
                    }
                    double[] out = new double[FIXED_QS.length];
                    boolean running = true;
                    while (running) {
                        running = false;
                        for (Thread w : workers) {
                            running |= w.isAlive();
                        }
                        // rotate often, but never let anything expire: stay below (K-1) periods after start
                        if (clock.now.get() - start < period * (ageBuckets - 1) - 50) {
                            clock.now.addAndGet(37);
                        }
                        sketch.quantiles(FIXED_QS, out);
                        for (int j = 1; j < out.length; j++) {
                            assertTrue(Double.isNaN(out[j]) || out[j] >= out[j - 1], Arrays.toString(out));
                        }
                    }
                    for (Thread w : workers) {
                        try {
                            w.join();
                        } catch (InterruptedException e) {
                            throw new AssertionError(e);
                        }
                    }
                    assertEquals(null, failure.get());
                    double[] all = Arrays.stream(data).flatMapToDouble(Arrays::stream).toArray();
                    long expected = Arrays.stream(all).filter(x -> !Double.isNaN(x)).count();
                    assertEquals(expected, sketch.windowCount(), "threads=" + threads + " seed=" + seed);
                    sketch.quantiles(FIXED_QS, out);
                    // chunks are claimed in a racy order: check the bound only when every binade got one
                    if (distinctKeys(all) <= CHUNKS) {
                        assertMatchesExact(all, FIXED_QS, out, 0.01, "concurrent seed=" + seed);
                    }
                });
    }

    // ---- oracle ----

    private static void assertMatchesExact(double[] data, double[] qs, double[] out, double alpha, String what) {
        double[] sorted = Arrays.stream(data).filter(x -> !Double.isNaN(x)).sorted().toArray();
        Set<Integer> chunked = chunkedKeys(data);
        for (int i = 0; i < qs.length; i++) {
            if (i > 0 && out[i] < out[i - 1]) {
                fail(what + ": quantiles decrease at q=" + qs[i] + ": " + Arrays.toString(out));
            }
            if (sorted.length == 0) {
                assertTrue(Double.isNaN(out[i]), what);
                continue;
            }
            long n = sorted.length;
            long rank = Math.min(n - 1, Math.max(0, (long) Math.ceil(qs[i] * n) - 1));
            double exact = sorted[(int) rank];
            if (Double.isInfinite(exact)) {
                assertEquals(exact, out[i], what + " q=" + qs[i]);
            } else if (Math.abs(exact) < Double.MIN_NORMAL) {
                assertEquals(0.0, Math.abs(out[i]), what + " q=" + qs[i] + " exact " + exact);
            } else if (chunked.contains(key(exact))) {
                double bound = (alpha + 0x1p-52) * Math.abs(exact);
                if (!(Math.abs(out[i] - exact) <= bound)) {
                    fail(what + " q=" + qs[i] + ": " + out[i] + " not within relative " + alpha + " of " + exact);
                }
            }
        }
    }

    /** Sign and biased exponent of a normal finite double: the engine's binade key. */
    private static int key(double x) {
        return (int) (Double.doubleToRawLongBits(x) >>> 52);
    }

    private static boolean hasChunk(double x) {
        return !Double.isNaN(x) && !Double.isInfinite(x) && Math.abs(x) >= Double.MIN_NORMAL;
    }

    /** The first 32 distinct binade keys in observation order: the ones the engine gives a chunk. */
    private static Set<Integer> chunkedKeys(double[] data) {
        Set<Integer> keys = new HashSet<>();
        for (double x : data) {
            if (keys.size() == CHUNKS) {
                break;
            }
            if (hasChunk(x)) {
                keys.add(key(x));
            }
        }
        return keys;
    }

    private static int distinctKeys(double[] data) {
        Set<Integer> keys = new HashSet<>();
        for (double x : data) {
            if (hasChunk(x)) {
                keys.add(key(x));
            }
        }
        return keys.size();
    }

    // ---- data ----

    private static double[] qs(Random random) {
        double[] qs = new double[FIXED_QS.length + 8];
        System.arraycopy(FIXED_QS, 0, qs, 0, FIXED_QS.length);
        for (int i = FIXED_QS.length; i < qs.length; i++) {
            qs[i] = random.nextDouble();
        }
        Arrays.sort(qs);
        return qs;
    }

    static double[] data(Shape shape, int n, long seed) {
        Random random = new Random(seed);
        int scaleExponent = random.nextInt(10) == 0 ? random.nextInt(2001) - 1000 : random.nextInt(61) - 30;
        double scale = Math.scalb(1.0, scaleExponent);
        double[] data = new double[n];
        double constant = scale * (1 + random.nextDouble());
        double[] few = {scale, -scale * 3, scale * 0.001, scale * 7.5, scale * 7.5};
        for (int i = 0; i < n; i++) {
            double u = random.nextDouble();
            switch (shape) {
                case UNIFORM:
                case ASCENDING:
                case DESCENDING:
                    data[i] = scale * u;
                    break;
                case EXPONENTIAL:
                    data[i] = -scale * Math.log1p(-u);
                    break;
                case PARETO:
                    data[i] = scale * Math.pow(1 - u, -1 / 1.2);
                    break;
                case ALL_EQUAL:
                    data[i] = constant;
                    break;
                case FEW_DISTINCT:
                    data[i] = few[random.nextInt(few.length)];
                    break;
                case MIXED_SIGN:
                    data[i] = (random.nextBoolean() ? -scale : scale) * (0.001 + u);
                    break;
                case SPECIALS:
                    data[i] = special(random, scale, u);
                    break;
                default:
                    throw new AssertionError(shape);
            }
        }
        if (shape == Shape.ASCENDING || shape == Shape.DESCENDING) {
            Arrays.sort(data);
            if (shape == Shape.DESCENDING) {
                for (int i = 0, j = n - 1; i < j; i++, j--) {
                    double t = data[i];
                    data[i] = data[j];
                    data[j] = t;
                }
            }
        }
        return data;
    }

    private static double special(Random random, double scale, double u) {
        int pick = random.nextInt(100);
        if (pick < 5) {
            return 0.0;
        } else if (pick < 7) {
            return -0.0;
        } else if (pick < 9) {
            return Double.MIN_VALUE * (1 + random.nextInt(1000)) * (random.nextBoolean() ? 1 : -1);
        } else if (pick < 10) {
            return Double.POSITIVE_INFINITY;
        } else if (pick < 11) {
            return Double.NEGATIVE_INFINITY;
        } else if (pick < 13) {
            return Double.NaN;
        }
        return (random.nextBoolean() ? scale : -scale) * -Math.log1p(-u);
    }
}
