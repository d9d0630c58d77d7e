package io.promptly.properties;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.integers;
import static org.quicktheories.generators.SourceDSL.longs;

import io.prometheus.client.Metrics;
import io.promptly.core.Histogram;
import io.promptly.core.HistogramHandle;
import io.promptly.core.Registry;
import io.promptly.core.SingleWriterHistogram;
import io.promptly.core.Summary;
import io.promptly.core.SummaryHandle;
import io.promptly.exposition.ExpositionFormat;
import io.promptly.exposition.ScrapeRenderer;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.SplittableRandom;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

/**
 * Every scrape of a histogram or summary is one cut of the series: count, sum and buckets as of one instant, while
 * writers race on the same series (shared handles, and single-writer blocks of the same series) and a scraper
 * renders protobuf continuously, read back with protobuf-java.
 *
 * <p>The values are multiples of 0.5 with exactly one value per bucket, so every partial sum is exact in a double
 * and the sum a cut implies is known from the buckets alone: in EVERY scrape, {@code _sum} must equal Σ (bucket
 * increment × the bucket's value) for classic buckets, Σ (native bucket count × its value) for native buckets, and
 * {@code count × value} for a summary observing one value. Also in every scrape: {@code _count == +Inf}, buckets
 * cumulative, nothing falls between scrapes. After the writers join: exact totals. QuickTheories draws the writer
 * count, whether each writer also uses a single-writer block, and the seeds.
 */
class ConsistentCutPropertiesTest {
    /** Classic bounds 0.5, 1.0, … 8.0: value k/2 is the only value of bucket k (le inclusive). */
    private static final double[] BOUNDS = bounds();
    /** Summary value: count × VALUE is the exact sum of any cut. */
    private static final double SUMMARY_VALUE = 1.5;
    private static final int OPS_PER_WRITER = 40_000;
    private static final int EXAMPLES = 8;
    private static final int JOIN_SECONDS = 60;

    private static final AtomicLong SCRAPES = new AtomicLong();
    private static final AtomicLong CHECKED_SERIES = new AtomicLong();

    @AfterAll
    static void report() {
        System.out.println("[ConsistentCutPropertiesTest] scrapes checked " + SCRAPES + ", series cuts checked "
                + CHECKED_SERIES);
    }

    private static double[] bounds() {
        double[] b = new double[16];
        for (int i = 0; i < b.length; i++) {
            b[i] = 0.5 * (i + 1);
        }
        return b;
    }

    @Test
    void everyScrapeOfAClassicHistogramIsOneCut() {
        qt().withExamples(EXAMPLES).withShrinkCycles(2)
                .forAll(integers().between(1, 3), integers().between(0, 3), longs().all())
                .checkAssert((writers, ownedMask, seed) -> new World(Kind.CLASSIC).run(writers, ownedMask, seed));
    }

    @Test
    void everyScrapeOfANativeHistogramIsOneCut() {
        qt().withExamples(EXAMPLES).withShrinkCycles(2)
                .forAll(integers().between(1, 3), longs().all())
                .checkAssert((writers, seed) -> new World(Kind.NATIVE).run(writers, 0, seed));
    }

    @Test
    void everyScrapeOfAClassicAndNativeHistogramIsOneCut() {
        qt().withExamples(4).withShrinkCycles(2)
                .forAll(integers().between(1, 3), longs().all())
                .checkAssert((writers, seed) -> new World(Kind.BOTH).run(writers, 0, seed));
    }

    @Test
    void everyScrapeOfASummaryHasItsSumMatchItsCount() {
        qt().withExamples(EXAMPLES).withShrinkCycles(2)
                .forAll(integers().between(1, 3), longs().all())
                .checkAssert((writers, seed) -> new World(Kind.SUMMARY).run(writers, 0, seed));
    }

    @Test
    void everyScrapeIsOneCutWhenMoreThreadsThanStripesShareTheSeries() {
        // more writers than any stripe count (at most 64): some threads find their stripe owned by another and
        // take the shared stripes, racing the owners and the scraper
        qt().withExamples(2).withShrinkCycles(1)
                .forAll(longs().all())
                .checkAssert(seed -> {
                    for (Kind kind : Kind.values()) {
                        new World(kind).run(MORE_THREADS_THAN_STRIPES, 0b101, seed, 3_000);
                    }
                });
    }

    private static final int MORE_THREADS_THAN_STRIPES = 72;

    private enum Kind {
        CLASSIC, NATIVE, BOTH, SUMMARY
    }

    private interface ThrowingRunnable {
        void run() throws Exception;
    }

    /** One registry with one series under test, its writers and one scraper. */
    private static final class World {
        final Kind kind;
        final Registry registry = new Registry();
        final HistogramHandle histogram;
        final SummaryHandle summary;
        final AtomicBoolean writersDone = new AtomicBoolean();
        final Queue<Throwable> failures = new ConcurrentLinkedQueue<>();

        World(Kind kind) {
            this.kind = kind;
            if (kind == Kind.SUMMARY) {
                histogram = null;
                summary = Summary.builder("cut_summary").help("h").labelNames("k").quantiles(0.5)
                        .register(registry).labels("x");
            } else {
                Histogram.Builder b = Histogram.builder("cut_histogram").help("h").labelNames("k");
                if (kind == Kind.CLASSIC) {
                    b.buckets(BOUNDS);
                } else if (kind == Kind.NATIVE) {
                    b.nativeOnly();
                } else {
                    b.buckets(BOUNDS).nativeHistogram();
                }
                histogram = b.register(registry).labels("x");
                summary = null;
            }
        }

        void run(int writerCount, int ownedMask, long seed) {
            run(writerCount, ownedMask, seed, OPS_PER_WRITER);
        }

        void run(int writerCount, int ownedMask, long seed, int ops) {
            CountDownLatch go = new CountDownLatch(1);
            long[][] bucketsByWriter = new long[writerCount][BOUNDS.length + 1];
            List<Thread> writers = new ArrayList<>();
            for (int w = 0; w < writerCount; w++) {
                long[] mine = bucketsByWriter[w];
                boolean owned = (ownedMask >> w & 1) != 0;
                SplittableRandom random = new SplittableRandom(seed + w);
                writers.add(new Thread(() -> guarded(() -> {
                    go.await();
                    write(random, mine, owned && kind == Kind.CLASSIC, ops);
                }), "writer-" + w));
            }
            Thread scraper = new Thread(() -> guarded(() -> {
                go.await();
                scrape();
            }), "scraper");
            writers.forEach(Thread::start);
            scraper.start();
            go.countDown();
            try {
                for (Thread t : writers) {
                    t.join(TimeUnit.SECONDS.toMillis(JOIN_SECONDS));
                }
                writersDone.set(true);
                scraper.join(TimeUnit.SECONDS.toMillis(JOIN_SECONDS));
                if (scraper.isAlive()) {
                    failures.add(new AssertionError("scraper still running after " + JOIN_SECONDS + " s"));
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError(e);
            }
            if (!failures.isEmpty()) {
                AssertionError failed = new AssertionError(kind + ", " + writerCount + " writers, owned mask "
                        + ownedMask + ", seed " + seed + ": " + failures.peek(), failures.peek());
                failures.stream().skip(1).forEach(failed::addSuppressed);
                throw failed;
            }
            long[] expected = new long[BOUNDS.length + 1];
            for (long[] w : bucketsByWriter) {
                for (int b = 0; b < expected.length; b++) {
                    expected[b] += w[b];
                }
            }
            Cut last = scrapeOnce();
            long count = 0;
            double sum = 0;
            for (int b = 0; b < expected.length; b++) {
                count += expected[b];
                sum += expected[b] * valueOf(b);
            }
            assertEquals(count, last.count, kind + ": _count after join");
            assertEquals(sum, last.sum, kind + ": _sum after join");
            if (kind == Kind.CLASSIC || kind == Kind.BOTH) {
                long cumulative = 0;
                for (int b = 0; b < BOUNDS.length; b++) {
                    cumulative += expected[b];
                    assertEquals(cumulative, last.cumulative[b], kind + ": bucket le=" + BOUNDS[b] + " after join");
                }
            }
            if (kind == Kind.NATIVE || kind == Kind.BOTH) {
                assertEquals(count, last.nativeCount, kind + ": native bucket counts after join");
            }
        }

        /** The value a writer observes for bucket {@code b}: 0.5 (b + 1); the summary observes one value. */
        double valueOf(int b) {
            return kind == Kind.SUMMARY ? SUMMARY_VALUE : 0.5 * (b + 1);
        }

        private void write(SplittableRandom random, long[] mine, boolean owned, int ops) {
            SingleWriterHistogram block = owned ? histogram.forThisThread() : null;
            for (int i = 0; i < ops; i++) {
                if (kind == Kind.SUMMARY) {
                    summary.observe(SUMMARY_VALUE);
                    mine[0]++;
                    continue;
                }
                int b = random.nextInt(BOUNDS.length);
                if (block != null && random.nextBoolean()) {
                    block.observe(valueOf(b));
                } else {
                    histogram.observe(valueOf(b));
                }
                mine[b]++;
            }
        }

        private void scrape() {
            Cut previous = null;
            int done = 0;
            while (!writersDone.get() || done < 2) {
                Cut cut = scrapeOnce();
                if (previous != null) {
                    if (cut.count < previous.count) {
                        throw new AssertionError("_count fell from " + previous.count + " to " + cut.count);
                    }
                    for (int b = 0; b < cut.cumulative.length; b++) {
                        if (cut.cumulative[b] < previous.cumulative[b]) {
                            throw new AssertionError("bucket " + b + " fell from " + previous.cumulative[b] + " to "
                                    + cut.cumulative[b]);
                        }
                    }
                }
                previous = cut;
                done++;
                SCRAPES.incrementAndGet();
            }
        }

        private final ScrapeRenderer renderer = new ScrapeRenderer();

        /** Renders protobuf, parses it with protobuf-java and checks that the series is one cut. */
        Cut scrapeOnce() {
            renderer.render(registry, ExpositionFormat.PROTOBUF);
            Metrics.Metric metric = onlyMetric(renderer.array(), renderer.length());
            Cut cut = kind == Kind.SUMMARY ? summaryCut(metric.getSummary()) : histogramCut(metric.getHistogram());
            CHECKED_SERIES.incrementAndGet();
            return cut;
        }

        private Cut summaryCut(Metrics.Summary s) {
            Cut cut = new Cut(0);
            cut.count = s.getSampleCount();
            cut.sum = s.getSampleSum();
            if (cut.sum != cut.count * SUMMARY_VALUE) {
                throw new AssertionError("torn summary: _count " + cut.count + " implies _sum "
                        + cut.count * SUMMARY_VALUE + " but _sum is " + cut.sum);
            }
            return cut;
        }

        private Cut histogramCut(Metrics.Histogram h) {
            Cut cut = new Cut(BOUNDS.length);
            cut.count = h.getSampleCount();
            cut.sum = h.getSampleSum();
            if (kind == Kind.CLASSIC || kind == Kind.BOTH) {
                long previous = 0;
                double implied = 0;
                List<Metrics.Bucket> buckets = h.getBucketList();
                if (buckets.size() < BOUNDS.length) {
                    throw new AssertionError("expected " + BOUNDS.length + " finite buckets, got " + buckets.size());
                }
                for (int b = 0; b < BOUNDS.length; b++) {
                    Metrics.Bucket bucket = buckets.get(b);
                    assertEquals(BOUNDS[b], bucket.getUpperBound());
                    long c = bucket.getCumulativeCount();
                    if (c < previous) {
                        throw new AssertionError("not cumulative at le=" + BOUNDS[b] + ": " + buckets);
                    }
                    implied += (c - previous) * valueOf(b);
                    cut.cumulative[b] = c;
                    previous = c;
                }
                long inf = buckets.size() > BOUNDS.length ? buckets.get(BOUNDS.length).getCumulativeCount()
                        : cut.count;
                if (inf != cut.count || previous != cut.count) {
                    throw new AssertionError("_count " + cut.count + " but +Inf " + inf + " and le=8.0 " + previous
                            + " (no value lies above 8)");
                }
                if (implied != cut.sum) {
                    throw new AssertionError("torn classic cut: buckets imply _sum " + implied + " but _sum is "
                            + cut.sum + " (_count " + cut.count + ")");
                }
            }
            if (kind == Kind.NATIVE || kind == Kind.BOTH) {
                nativeCheck(h, cut);
            }
            return cut;
        }

        /** Native buckets: count = zero + Σ buckets, and _sum = Σ count × the one value in the bucket. */
        private void nativeCheck(Metrics.Histogram h, Cut cut) {
            int schema = h.getSchema();
            Map<Integer, Double> valueAt = new HashMap<>();
            for (int b = 0; b < BOUNDS.length; b++) {
                double v = valueOf(b);
                Double clash = valueAt.put(nativeIndex(v, schema), v);
                if (clash != null) {
                    throw new AssertionError("schema " + schema + " puts " + clash + " and " + v + " in one bucket");
                }
            }
            long total = h.getZeroCount();
            double implied = 0;
            int index = 0;
            int delta = 0;
            long count = 0;
            for (Metrics.BucketSpan span : h.getPositiveSpanList()) {
                index += span.getOffset();
                for (int i = 0; i < span.getLength(); i++, index++) {
                    count += h.getPositiveDelta(delta++);
                    if (count == 0) {
                        continue;
                    }
                    Double v = valueAt.get(index);
                    if (v == null) {
                        throw new AssertionError("native bucket " + index + " at schema " + schema
                                + " holds no observed value but counts " + count);
                    }
                    total += count;
                    implied += count * v;
                }
            }
            if (h.getNegativeSpanCount() != 0) {
                throw new AssertionError("negative buckets: " + h.getNegativeSpanList());
            }
            cut.nativeCount = total;
            if (total != cut.count) {
                throw new AssertionError("native buckets count " + total + " but _count is " + cut.count);
            }
            if (implied != cut.sum) {
                throw new AssertionError("torn native cut: buckets imply _sum " + implied + " but _sum is "
                        + cut.sum + " (_count " + cut.count + ")");
            }
        }

        private void guarded(ThrowingRunnable body) {
            try {
                body.run();
            } catch (Throwable t) {
                failures.add(t);
            }
        }
    }

    /**
     * The native bucket index of {@code v} > 0 at {@code schema}: the least i with v ≤ 2^(i / 2^schema). Exact for
     * powers of two; the other values (k/2 for k ≤ 16) lie far from every boundary at the schemas used.
     */
    static int nativeIndex(double v, int schema) {
        double scaled = Math.log(v) / Math.log(2) * Math.pow(2, schema);
        long rounded = Math.round(scaled);
        if (Math.abs(scaled - rounded) < 1e-9) {
            return (int) rounded;
        }
        return (int) Math.ceil(scaled);
    }

    /** One series as one scrape showed it. */
    private static final class Cut {
        long count;
        double sum;
        long nativeCount;
        final long[] cumulative;

        Cut(int buckets) {
            cumulative = new long[buckets];
        }
    }

    private static Metrics.Metric onlyMetric(byte[] body, int length) {
        ByteArrayInputStream in = new ByteArrayInputStream(body, 0, length);
        try {
            Metrics.MetricFamily family = Metrics.MetricFamily.parseDelimitedFrom(in);
            assertTrue(family != null && family.getMetricCount() == 1, "one family with one series");
            assertTrue(Metrics.MetricFamily.parseDelimitedFrom(in) == null, "only one family");
            return family.getMetric(0);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
