package io.promptly.core;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import org.junit.jupiter.api.Test;

class HistogramTest {
    @Test
    void defaultBucketsAreThePrometheusDefaults() {
        Histogram h = Histogram.builder("latency_seconds").build();
        assertArrayEquals(new double[] {.005, .01, .025, .05, .1, .25, .5, 1, 2.5, 5, 10, Double.POSITIVE_INFINITY},
                h.upperBounds());
    }

    @Test
    void observationsLandInCumulativeBucketsWithBoundsInclusive() {
        Histogram h = Histogram.builder("size").buckets(1, 2, 5).build();
        for (double v : new double[] {0.5, 1, 1.5, 2, 3, 5, 7, -4}) {
            h.observe(v);
        }
        RecordingSink s = RecordingSink.collect(h);
        assertEquals(3.0, s.value("size_bucket{le=\"1.0\"}"));   // 0.5, 1, -4
        assertEquals(5.0, s.value("size_bucket{le=\"2.0\"}"));   // + 1.5, 2
        assertEquals(7.0, s.value("size_bucket{le=\"5.0\"}"));   // + 3, 5
        assertEquals(8.0, s.value("size_bucket{le=\"+Inf\"}"));
        assertEquals(8.0, s.value("size_count"));
        assertEquals(16.0, s.value("size_sum"));  // 0.5+1+1.5+2+3+5+7-4
    }

    @Test
    void bucketSearchAgreesWithALinearScanOnRandomValues() {
        double[] bounds = Buckets.exponential(0.001, 1.7, 20);
        Buckets b = new Buckets("x", bounds);
        Random r = new Random(42);
        for (int i = 0; i < 100_000; i++) {
            double v = r.nextInt(10) == 0 ? bounds[r.nextInt(bounds.length)] : Math.exp(r.nextGaussian() * 5);
            int expected = bounds.length;
            for (int j = 0; j < bounds.length; j++) {
                if (v <= bounds[j]) {
                    expected = j;
                    break;
                }
            }
            assertEquals(expected, b.indexOf(v), "value " + v);
        }
        assertEquals(bounds.length, b.indexOf(Double.NaN));
        assertEquals(bounds.length, b.indexOf(Double.POSITIVE_INFINITY));
        assertEquals(0, b.indexOf(Double.NEGATIVE_INFINITY));
    }

    @Test
    void nanGoesToTheInfBucketAndMakesTheSumNaN() {
        Histogram h = Histogram.builder("x").buckets(1).build();
        h.observe(Double.NaN);
        RecordingSink s = RecordingSink.collect(h);
        assertEquals(0.0, s.value("x_bucket{le=\"1.0\"}"));
        assertEquals(1.0, s.value("x_bucket{le=\"+Inf\"}"));
        assertTrue(Double.isNaN(s.value("x_sum")));
    }

    @Test
    void bucketGeneratorsAndValidation() {
        assertArrayEquals(new double[] {1, 3, 5}, Buckets.linear(1, 2, 3));
        assertArrayEquals(new double[] {1, 10, 100}, Buckets.exponential(1, 10, 3));
        assertThrows(IllegalArgumentException.class, () -> Buckets.linear(0, 0, 3));
        assertThrows(IllegalArgumentException.class, () -> Buckets.exponential(0, 2, 3));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Histogram.builder("x").buckets(1, 3, 2).build());
        assertTrue(e.getMessage().contains("2.0 follows 3.0"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> Histogram.builder("x").buckets(1, Double.NaN).build());
        e = assertThrows(IllegalArgumentException.class, () -> Histogram.builder("x").labelNames("le").build());
        assertTrue(e.getMessage().contains("\"le\""), e.getMessage());
    }

    @Test
    void leLabelsAreCanonical() {
        Histogram h = Histogram.builder("x").buckets(0.00001, 0.0001, 1, 10, 1e6, 1e23).build();
        RecordingSink s = RecordingSink.collect(h);
        for (String le : new String[] {"1e-05", "0.0001", "1.0", "10.0", "1e+06", "1e+23", "+Inf"}) {
            assertEquals(0.0, s.value("x_bucket{le=\"" + le + "\"}"));
        }
    }

    @Test
    void scrapesWhileObservingAreSelfConsistentAndLoseNothing() throws InterruptedException {
        Histogram h = Histogram.builder("x").buckets(Buckets.linear(0, 10, 10)).build();
        HistogramHandle handle = h.labels();
        int threads = 3;
        int perThread = 100_000;
        Thread[] ts = new Thread[threads];
        for (int t = 0; t < threads; t++) {
            int seed = t;
            ts[t] = new Thread(() -> {
                Random r = new Random(seed);
                for (int i = 0; i < perThread; i++) {
                    handle.observe(r.nextInt(120));
                }
            });
            ts[t].start();
        }
        int scrapes = 0;
        while (ts[0].isAlive() || ts[1].isAlive() || ts[2].isAlive() || scrapes < 5) {
            RecordingSink s = RecordingSink.collect(h);
            assertEquals(s.value("x_bucket{le=\"+Inf\"}"), s.value("x_count"));
            double previous = -1;
            for (String line : s.lines) {
                if (line.startsWith("x_bucket")) {
                    double v = Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
                    assertTrue(v >= previous, "buckets must be cumulative: " + s.lines);
                    previous = v;
                }
            }
            scrapes++;
        }
        for (Thread t : ts) {
            t.join();
        }
        assertEquals((long) threads * perThread, handle.count());
    }

    @Test
    void singleWriterBlocksAddToTheSeriesAndStayConsistent() throws InterruptedException {
        Histogram h = Histogram.builder("x").buckets(1, 10).build();
        HistogramHandle handle = h.labels();
        handle.observe(5);
        Thread[] ts = new Thread[2];
        for (int t = 0; t < ts.length; t++) {
            ts[t] = new Thread(() -> {
                SingleWriterHistogram mine = handle.forThisThread();
                for (int i = 0; i < 10_000; i++) {
                    mine.observe(i % 3 == 0 ? 0.5 : 20);  // 3,334 in le=1, 6,666 above 10
                }
            });
            ts[t].start();
        }
        while (ts[0].isAlive() || ts[1].isAlive()) {
            RecordingSink s = RecordingSink.collect(h);
            assertEquals(s.value("x_bucket{le=\"+Inf\"}"), s.value("x_count"));
        }
        for (Thread t : ts) {
            t.join();
        }
        RecordingSink s = RecordingSink.collect(h);
        assertEquals(2 * 3334.0, s.value("x_bucket{le=\"1.0\"}"));
        assertEquals(2 * 3334.0 + 1, s.value("x_bucket{le=\"10.0\"}"));
        assertEquals(20_001.0, s.value("x_count"));
        assertEquals(5 + 2 * (3334 * 0.5 + 6666 * 20.0), s.value("x_sum"));
        assertThrows(IllegalStateException.class,
                () -> Histogram.builder("n").nativeHistogram().build().labels().forThisThread());
    }
}
