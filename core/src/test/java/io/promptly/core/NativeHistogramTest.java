package io.promptly.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigInteger;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

class NativeHistogramTest {
    /** What one collection showed of a native series: copied out of the view during the call. */
    static final class NativeCapture extends RecordingSink {
        boolean sawNative;
        int schema;
        double zeroThreshold;
        long zeroCount;
        long nativeCount;
        final TreeMap<Integer, Long> positive = new TreeMap<>();
        final TreeMap<Integer, Long> negative = new TreeMap<>();

        @Override
        public void histogramNative(SeriesLabels series, NativeHistogramView view) {
            sawNative = true;
            schema = view.schema();
            zeroThreshold = view.zeroThreshold();
            zeroCount = view.zeroCount();
            nativeCount = view.count();
            for (int k = 0; k < view.positiveBuckets(); k++) {
                positive.put(view.positiveIndex(k), view.positiveCount(k));
            }
            for (int k = 0; k < view.negativeBuckets(); k++) {
                negative.put(view.negativeIndex(k), view.negativeCount(k));
            }
        }

        static NativeCapture of(Histogram h) {
            NativeCapture c = new NativeCapture();
            h.collect(c);
            return c;
        }
    }

    /**
     * The spec's index, independently: the smallest i with |x| ≤ 2^(i / 2^schema) — found from a floating-point
     * guess, then settled by exact integer comparisons ({@link #atMostBound}).
     */
    static int specIndex(double x, int schema) {
        double magnitude = Math.abs(x);
        int i = (int) Math.ceil(Math.log(magnitude) / Math.log(2) * Math.pow(2, schema)) - 2;
        while (!atMostBound(magnitude, i, schema)) {
            i++;
        }
        while (atMostBound(magnitude, i - 1, schema)) {
            i--;
        }
        return i;
    }

    /**
     * Whether magnitude ≤ 2^(i / 2^schema), exactly: with magnitude = M·2^E (M, E integers), schema s ≥ 0 asks
     * M^(2^s) ≤ 2^(i − E·2^s), schema −d asks M ≤ 2^(i·2^d − E).
     */
    static boolean atMostBound(double magnitude, int i, int schema) {
        int e = magnitude < Double.MIN_NORMAL ? -1074 : Math.getExponent(magnitude) - 52;
        BigInteger m = BigInteger.valueOf((long) Math.scalb(magnitude, -e));
        long power;
        BigInteger left;
        if (schema >= 0) {
            int n = 1 << schema;
            left = m.pow(n);
            power = i - (long) e * n;
        } else {
            left = m;
            power = ((long) i << -schema) - e;
        }
        return power >= 0 && left.compareTo(BigInteger.ONE.shiftLeft((int) power)) <= 0;
    }

    @Test
    void indexFollowsTheSpecAtPowersOfTwoAndTheirNeighbours() {
        // schema 0: bucket i is (2^(i-1), 2^i]; a boundary belongs to the lower bucket
        NativeIndex s0 = NativeIndex.forSchema(0);
        assertEquals(0, s0.index(1.0));
        assertEquals(1, s0.index(Math.nextUp(1.0)));
        assertEquals(1, s0.index(2.0));
        assertEquals(2, s0.index(3.0));
        assertEquals(-1, s0.index(0.5));
        assertEquals(0, s0.index(Math.nextUp(0.5)));
        // schema 3: 8 buckets per power of two; 2 is the upper bound of bucket 8
        NativeIndex s3 = NativeIndex.forSchema(3);
        assertEquals(8, s3.index(2.0));
        assertEquals(9, s3.index(Math.nextUp(2.0)));
        assertEquals(-8, s3.index(0.5));
        // schema -2: base 16; 16 is the upper bound of bucket 1, 17 in bucket 2 (16, 256]
        NativeIndex sm2 = NativeIndex.forSchema(-2);
        assertEquals(1, sm2.index(16.0));
        assertEquals(2, sm2.index(17.0));
        assertEquals(0, sm2.index(1.0));
        assertEquals(1, sm2.index(1.5));
        assertEquals(-1, sm2.index(1.0 / 16));
        assertEquals(0, sm2.index(Math.nextUp(1.0 / 16)));
    }

    @Test
    void indexAgreesWithExactArithmeticOnRandomAndBoundaryValues() {
        Random r = new Random(7);
        for (int schema = -4; schema <= 8; schema++) {
            NativeIndex index = NativeIndex.forSchema(schema);
            for (int n = 0; n < 300; n++) {
                double x = Math.exp(r.nextGaussian() * 20);
                if (n % 3 == 0 && schema > 0) {
                    // a double right at (or next to) a computed boundary 2^(k/2^schema)
                    double b = Math.pow(2, (r.nextInt(2000) - 1000) / (double) (1 << schema));
                    x = n % 2 == 0 ? b : (n % 5 == 0 ? Math.nextUp(b) : Math.nextDown(b));
                }
                assertEquals(specIndex(x, schema), index.index(x), "x=" + x + " schema=" + schema);
            }
        }
    }

    @Test
    void subnormalsAndExtremesAreIndexedBySpec() {
        for (int schema : new int[] {-4, -1, 0, 1, 5, 8}) {
            NativeIndex index = NativeIndex.forSchema(schema);
            for (double x : new double[] {Double.MIN_VALUE, 3 * Double.MIN_VALUE, Double.MIN_NORMAL,
                    Math.nextDown(Double.MIN_NORMAL), Double.MAX_VALUE, 1e-300, 1e300}) {
                assertEquals(specIndex(x, schema), index.index(x), "x=" + x + " schema=" + schema);
            }
            assertEquals(NativeIndex.topIndex(schema), index.index(Double.MAX_VALUE), "schema " + schema);
        }
    }

    @Test
    void observationsLandInSpecBucketsZeroBucketAndNoBucketForNaN() {
        Histogram h = Histogram.builder("x").nativeOnly().nativeSchema(0).build();
        for (double v : new double[] {1, 2, 3, 3.5, -0.75, 0, -0.0, 1e-40, Double.NaN}) {
            h.observe(v);
        }
        NativeCapture c = NativeCapture.of(h);
        assertEquals(0, c.schema);
        assertEquals(Map.of(0, 1L, 1, 1L, 2, 2L), c.positive);
        assertEquals(Map.of(0, 1L), c.negative);           // 0.75 in (0.5, 1]
        assertEquals(3, c.zeroCount);                      // 0, -0.0 and 1e-40 ≤ 2^-128
        assertEquals(9, c.nativeCount);                    // NaN counts, in no bucket
        assertEquals(0x1p-128, c.zeroThreshold);
        // native-only: the classic part is the +Inf bucket (the count), sum and count
        assertEquals(9.0, c.value("x_bucket{le=\"+Inf\"}"));
        assertEquals(9.0, c.value("x_count"));
        assertTrue(Double.isNaN(c.value("x_sum")));
        assertEquals(1, c.lines.stream().filter(l -> l.startsWith("x_bucket")).count());
    }

    @Test
    void infinitiesCountInTheTopBucket() {
        Histogram h = Histogram.builder("x").nativeOnly().nativeSchema(2).build();
        h.observe(Double.POSITIVE_INFINITY);
        h.observe(1);
        h.observe(Double.NEGATIVE_INFINITY);
        NativeCapture c = NativeCapture.of(h);
        assertEquals(2, c.schema, "infinities are kept apart: they do not stretch the window");
        int top = 1024 * 4;   // (2^1023.75, 2^1024]: the bucket of Double.MAX_VALUE
        assertEquals(Map.of(0, 1L, top, 1L), c.positive);
        assertEquals(Map.of(top, 1L), c.negative);
        assertEquals(3, c.nativeCount);

        Histogram coarse = Histogram.builder("y").nativeOnly().nativeSchema(-4).build();
        coarse.observe(Double.MAX_VALUE);
        coarse.observe(Double.POSITIVE_INFINITY);
        assertEquals(Map.of(1024 / 16, 2L), NativeCapture.of(coarse).positive, "+Inf shares MAX_VALUE's bucket");
    }

    @Test
    void classicAndNativeTogetherKeepBothParts() {
        Histogram h = Histogram.builder("x").buckets(1, 10).nativeHistogram().build();
        h.observe(0.5);
        h.observe(5);
        h.observe(50);
        NativeCapture c = NativeCapture.of(h);
        assertEquals(1.0, c.value("x_bucket{le=\"1.0\"}"));
        assertEquals(2.0, c.value("x_bucket{le=\"10.0\"}"));
        assertEquals(3.0, c.value("x_count"));
        assertEquals(3, c.nativeCount);
        // at schema 5, index(0.5) = -32 and index(50) = ceil(32·log2 50) = 181: a span of 214 > 160; schema 4: 107
        assertEquals(4, c.schema);
        assertEquals(3, c.positive.values().stream().mapToLong(Long::longValue).sum());
        assertEquals(specIndex(50, 4), (int) c.positive.lastKey());
    }

    @Test
    void wideRangeLowersTheSchemaUntilTheSpanFitsMaxBuckets() {
        Histogram h = Histogram.builder("x").nativeOnly().build();   // schema 5, 160 buckets
        h.observe(1);
        h.observe(1e6);
        NativeCapture c = NativeCapture.of(h);
        // span at schema s: index(1e6) - index(1) + 1 = ceil(log2(1e6) * 2^s) + 1: 161 at s=3, 81 at s=2
        assertEquals(2, c.schema);
        assertEquals(Map.of(0, 1L, specIndex(1e6, 2), 1L), c.positive);
        assertEquals(2, h.labels().nativeSchema());
    }

    @Test
    void countsSurviveEveryWindowGrowthAndSchemaReduction() {
        Histogram h = Histogram.builder("x").nativeOnly().nativeSchema(8).nativeMaxBuckets(40).build();
        Random r = new Random(3);
        double[] values = new double[20_000];
        for (int i = 0; i < values.length; i++) {
            values[i] = (r.nextBoolean() ? 1 : -1) * Math.exp(r.nextGaussian() * 3);
            h.observe(values[i]);
        }
        NativeCapture c = NativeCapture.of(h);
        TreeMap<Integer, Long> positive = new TreeMap<>();
        TreeMap<Integer, Long> negative = new TreeMap<>();
        for (double v : values) {
            (v > 0 ? positive : negative).merge(specIndex(v, c.schema), 1L, Long::sum);
        }
        assertEquals(positive, c.positive);
        assertEquals(negative, c.negative);
        assertTrue(c.positive.lastKey() - c.positive.firstKey() + 1 <= 40, "span " + c.positive);
    }

    @Test
    void concurrentObserversLoseNothingWhileWindowsGrowAndScrapesRun() throws InterruptedException {
        Histogram h = Histogram.builder("x").nativeOnly().nativeMaxBuckets(60).build();
        int threads = 3;
        int perThread = 50_000;
        Thread[] ts = new Thread[threads];
        for (int t = 0; t < threads; t++) {
            int seed = t;
            ts[t] = new Thread(() -> {
                Random r = new Random(seed);
                for (int i = 0; i < perThread; i++) {
                    h.observe(Math.exp(r.nextGaussian() * (1 + i / 5_000.0)));
                }
            });
            ts[t].start();
        }
        int scrapes = 0;
        while (ts[0].isAlive() || ts[1].isAlive() || ts[2].isAlive() || scrapes < 3) {
            NativeCapture c = NativeCapture.of(h);
            assertEquals(c.nativeCount, c.positive.values().stream().mapToLong(Long::longValue).sum()
                    + c.zeroCount);
            scrapes++;
        }
        for (Thread t : ts) {
            t.join();
        }
        NativeCapture c = NativeCapture.of(h);
        assertEquals((long) threads * perThread, c.nativeCount);
        assertEquals((long) threads * perThread, c.positive.values().stream().mapToLong(Long::longValue).sum());
    }

    @Test
    void builderRejectsBadNativeSettings() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Histogram.builder("x").nativeSchema(9).build());
        assertTrue(e.getMessage().contains("9") && e.getMessage().contains("[-4, 8]"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> Histogram.builder("x").nativeSchema(-5).build());
        e = assertThrows(IllegalArgumentException.class,
                () -> Histogram.builder("x").nativeZeroThreshold(-1).build());
        assertTrue(e.getMessage().contains("-1.0"), e.getMessage());
        assertThrows(IllegalArgumentException.class,
                () -> Histogram.builder("x").nativeZeroThreshold(Double.NaN).build());
        e = assertThrows(IllegalArgumentException.class, () -> Histogram.builder("x").nativeMaxBuckets(0).build());
        assertTrue(e.getMessage().contains("0"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class,
                () -> Histogram.builder("x").buckets(1, 2).nativeOnly().build());
        assertTrue(e.getMessage().contains("native-only"), e.getMessage());
    }

    @Test
    void classicHistogramHasNoNativePart() {
        Histogram h = Histogram.builder("x").build();
        h.observe(1);
        NativeCapture c = NativeCapture.of(h);
        assertTrue(!c.sawNative);
        assertEquals(12, c.lines.stream().filter(l -> l.startsWith("x_bucket")).count());
    }
}
