package io.promptly.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.Test;

class GaugeHistogramTest {
    private static final double[] BOUNDS = {1, 2, 5};
    private static final String[] LE = {"1.0", "2.0", "5.0", "+Inf"};

    /** Cumulative counts of {@code values} by a linear scan: the independent model of the buckets. */
    private static long[] cumulative(List<Double> values) {
        long[] c = new long[LE.length];
        for (double v : values) {
            for (int i = 0; i < LE.length; i++) {
                if (i == BOUNDS.length || v <= BOUNDS[i]) {
                    c[i]++;
                }
            }
        }
        return c;
    }

    private static void assertDistribution(RecordingSink s, String name, List<Double> model) {
        long[] expected = cumulative(model);
        for (int i = 0; i < LE.length; i++) {
            assertEquals(expected[i], s.value(name + "_bucket{le=\"" + LE[i] + "\"}"), "le " + LE[i]);
        }
        assertEquals(model.size(), s.value(name + "_count"));
        double sum = 0;
        for (double v : model) {
            sum += v;
        }
        assertEquals(sum, s.value(name + "_sum"));
    }

    @Test
    void removedValuesLeaveTheirBucketsSoBucketsGoDown() {
        GaugeHistogram g = GaugeHistogram.builder("queue_bytes").buckets(BOUNDS).build();
        g.observe(0.5);
        g.observe(3);
        g.observe(3);
        g.observe(9);
        assertDistribution(RecordingSink.collect(g), "queue_bytes", List.of(0.5, 3.0, 3.0, 9.0));
        g.remove(3);
        g.remove(9);
        assertDistribution(RecordingSink.collect(g), "queue_bytes", List.of(0.5, 3.0));
        g.observe(2, 4);
        g.observe(0.5, -1);
        assertDistribution(RecordingSink.collect(g), "queue_bytes", List.of(3.0, 2.0, 2.0, 2.0, 2.0));
    }

    @Test
    void randomAddsAndRemovesMatchAMultisetModel() {
        GaugeHistogram g = GaugeHistogram.builder("q").buckets(BOUNDS).build();
        List<Double> model = new ArrayList<>();
        Random r = new Random(7);
        for (int step = 0; step < 20_000; step++) {
            if (!model.isEmpty() && r.nextInt(3) == 0) {
                double v = model.remove(r.nextInt(model.size()));
                g.remove(v);
            } else {
                double v = r.nextInt(14) / 2.0 - 1; // halves in [-1, 5.5]: exact in double, sums stay exact
                model.add(v);
                g.observe(v);
            }
            if (step % 997 == 0) {
                assertDistribution(RecordingSink.collect(g), "q", model);
            }
        }
        assertDistribution(RecordingSink.collect(g), "q", model);
    }

    @Test
    void anEmptiedSeriesShowsSumZeroWhateverTheRoundingLeft() {
        GaugeHistogram g = GaugeHistogram.builder("q").buckets(BOUNDS).build();
        g.observe(0.1);
        g.observe(0.2);
        g.remove(0.1);
        g.remove(0.2);
        assertTrue(g.labels().sum() != 0.0, "the raw double sum keeps the rounding: " + g.labels().sum());
        RecordingSink s = RecordingSink.collect(g);
        assertEquals(0.0, s.value("q_count"));
        assertEquals(0.0, s.value("q_sum"));
    }

    @Test
    void removingWhatWasNeverAddedShowsZeroNotANegativeBucket() {
        GaugeHistogram g = GaugeHistogram.builder("q").buckets(BOUNDS).build();
        g.observe(4);
        g.remove(0.5); // a bug in the caller: never added
        RecordingSink s = RecordingSink.collect(g);
        assertEquals(0.0, s.value("q_bucket{le=\"1.0\"}"));
        assertEquals(1.0, s.value("q_bucket{le=\"5.0\"}"));
        assertEquals(1.0, s.value("q_bucket{le=\"+Inf\"}"));
        assertEquals(1.0, s.value("q_count"));
        assertEquals(1, g.labels().count());
    }

    @Test
    void nanCountsInTheInfBucketAndMakesTheSumNaN() {
        GaugeHistogram g = GaugeHistogram.builder("q").buckets(BOUNDS).build();
        g.observe(Double.NaN);
        RecordingSink s = RecordingSink.collect(g);
        assertEquals(0.0, s.value("q_bucket{le=\"5.0\"}"));
        assertEquals(1.0, s.value("q_bucket{le=\"+Inf\"}"));
        assertTrue(Double.isNaN(s.value("q_sum")));
    }

    @Test
    void aSampledSeriesShowsWhatItsSourceObservesAtEachScrape() {
        GaugeHistogram ages = GaugeHistogram.builder("queue_item_age_seconds").buckets(BOUNDS).labelNames("queue")
                .build();
        List<Double> queued = new ArrayList<>(List.of(0.5, 4.0));
        ages.labels("email").observe(100); // not shown once sampled
        ages.labels("email").sampleOnCollect(into -> {
            for (double age : queued) {
                into.observe(age);
            }
        });
        RecordingSink s = RecordingSink.collect(ages);
        assertEquals(2.0, s.value("queue_item_age_seconds_count{queue=\"email\"}"));
        assertEquals(4.5, s.value("queue_item_age_seconds_sum{queue=\"email\"}"));
        assertEquals(1.0, s.value("queue_item_age_seconds_bucket{queue=\"email\",le=\"1.0\"}"));
    }

    @Test
    void aSampledSeriesReplacesTheWholeDistributionEachScrape() {
        GaugeHistogram ages = GaugeHistogram.builder("age").buckets(BOUNDS).build();
        List<Double> queued = new ArrayList<>(List.of(0.5, 4.0));
        ages.labels().sampleOnCollect(into -> {
            for (double age : queued) {
                into.observe(age);
            }
        });
        assertDistribution(RecordingSink.collect(ages), "age", List.of(0.5, 4.0));
        queued.clear();
        queued.add(7.0);
        assertDistribution(RecordingSink.collect(ages), "age", List.of(7.0));
        queued.clear();
        assertDistribution(RecordingSink.collect(ages), "age", List.of());
    }

    @Test
    void aSourceThatThrowsDropsItsSeriesOnlyAndSaysSo() {
        GaugeHistogram g = GaugeHistogram.builder("q").buckets(BOUNDS).labelNames("queue").build();
        g.labels("broken").sampleOnCollect(into -> {
            throw new IllegalStateException("queue gone");
        });
        g.labels("ok").observe(1);
        RecordingSink s = RecordingSink.collect(g);
        assertEquals(List.of(MetricSink.CAUSE_CALLBACK_THREW), s.dropped);
        assertEquals(1.0, s.value("q_count{queue=\"ok\"}"));
        assertTrue(s.values.keySet().stream().noneMatch(k -> k.contains("broken")), s.values.toString());
    }

    @Test
    void perCallLabelsPreBoundHandlesAndConstLabelsNameTheSameSeries() {
        GaugeHistogram g = GaugeHistogram.builder("q").buckets(BOUNDS).labelNames("queue")
                .constLabels(Labels.of("region", "eu")).build();
        GaugeHistogramHandle email = g.labels("email");
        assertSame(email, g.labels(Labels.of("queue", "email")));
        g.observe(Labels.of("queue", "email"), 3);
        email.observe(3);
        g.remove(Labels.of("queue", "email"), 3);
        RecordingSink s = RecordingSink.collect(g);
        assertEquals(1.0, s.value("q_count{region=\"eu\",queue=\"email\"}"));
        assertEquals(3.0, s.value("q_sum{region=\"eu\",queue=\"email\"}"));
    }

    @Test
    void leIsReservedAndBoundsAreValidated() {
        assertThrows(IllegalArgumentException.class,
                () -> GaugeHistogram.builder("q").labelNames("le").build());
        assertThrows(IllegalArgumentException.class,
                () -> GaugeHistogram.builder("q").constLabels(Labels.of("le", "1")).build());
        assertThrows(IllegalArgumentException.class, () -> GaugeHistogram.builder("q").buckets(2, 1).build());
        assertThrows(IllegalArgumentException.class, () -> GaugeHistogram.builder("q").buckets().build());
    }

    @Test
    void theRegistryRefusesFamiliesThatWouldWriteItsSampleNames() {
        for (String other : new String[] {"q", "q_bucket", "q_gcount", "q_gsum", "q_count", "q_sum"}) {
            Registry r = new Registry();
            GaugeHistogram.builder("q").register(r);
            assertThrows(IllegalArgumentException.class, () -> Gauge.builder(other).register(r), other);
        }
        Registry r = new Registry();
        Gauge.builder("x_gsum").register(r);
        assertThrows(IllegalArgumentException.class, () -> GaugeHistogram.builder("x").register(r));
    }

    @Test
    void concurrentAddsAndMatchingRemovesLeaveAnEmptySeries() throws InterruptedException {
        GaugeHistogram g = GaugeHistogram.builder("q").buckets(BOUNDS).build();
        int threads = 4;
        CountDownLatch start = new CountDownLatch(1);
        List<Thread> all = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            int seed = t;
            Thread th = new Thread(() -> {
                Random r = new Random(seed);
                try {
                    start.await();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                }
                for (int i = 0; i < 50_000; i++) {
                    double v = r.nextInt(8);
                    g.observe(v);
                    g.remove(v);
                }
            });
            th.start();
            all.add(th);
        }
        start.countDown();
        for (Thread th : all) {
            th.join();
        }
        RecordingSink s = RecordingSink.collect(g);
        assertEquals(0.0, s.value("q_count"));
        assertEquals(0.0, s.value("q_bucket{le=\"+Inf\"}"));
        assertEquals(0.0, g.labels().sum()); // integers: every partial sum exact
    }
}
