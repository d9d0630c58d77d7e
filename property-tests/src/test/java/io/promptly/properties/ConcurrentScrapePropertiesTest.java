package io.promptly.properties;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.integers;
import static org.quicktheories.generators.SourceDSL.lists;
import static org.quicktheories.generators.SourceDSL.longs;

import io.promptly.core.Counter;
import io.promptly.core.CounterHandle;
import io.promptly.core.Gauge;
import io.promptly.core.Histogram;
import io.promptly.core.Labels;
import io.promptly.core.Registry;
import io.promptly.core.SingleWriterCounter;
import io.promptly.core.Summary;
import io.promptly.exposition.ExpositionFormat;
import io.promptly.exposition.Sample;
import io.promptly.exposition.ScrapeRenderer;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.SplittableRandom;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.quicktheories.core.Gen;
import org.quicktheories.generators.Generate;

/**
 * Writers and scrapers race on one registry: random mixes of inc / observe / gauge moves / series removal /
 * family (un)registration on several threads, while other threads scrape continuously in all three formats and
 * read every body back with parsers we did not write (the text parser of the exposition tests, protobuf-java).
 *
 * <p>Checked on every scrape: no exception, no duplicate series, every histogram cumulative with
 * {@code +Inf == _count}, every summary's quantiles non-decreasing in q, and no counter / count / bucket lower
 * than in the same thread's previous scrape unless a removal overlapped the two scrapes. Checked at the end:
 * exact totals in every format (no lost increment). QuickTheories generates the operation mix, the thread counts,
 * the label values and the seed of each writer's choices; a failure prints them.
 */
class ConcurrentScrapePropertiesTest {
    /** Operations a writer draws from its mix. */
    enum Op {
        INC, INC_BY, INC_HALF, INC_PER_CALL_LABELS, INC_OWN_CELL, OBSERVE, OBSERVE_PER_CALL_LABELS, SUMMARY_OBSERVE,
        GAUGE_MOVE, CHURN_INC, CHURN_REMOVE, CHURN_CLEAR, DYNAMIC_INC, REGISTER, UNREGISTER
    }

    private static final double[] BOUNDS = {0.25, 1, 5, 10};
    /** Dyadic values (exact sums), including bucket bounds themselves (le is inclusive). */
    private static final double[] VALUES = {-1, 0, 0.25, 0.5, 1, 2.5, 5, 10, 100};
    private static final double[] QUANTILES = {0, 0.25, 0.5, 0.9, 0.99, 1};
    private static final int DYNAMIC = 3;
    private static final ExpositionFormat[] FORMATS = ExpositionFormat.values();
    private static final int OPS_PER_WRITER = 6_000;
    private static final int EXAMPLES = 12;
    private static final int JOIN_SECONDS = 30;

    /** Figures for the report, printed once. */
    private static final AtomicLong SCRAPES = new AtomicLong();
    private static final AtomicLong SAMPLES = new AtomicLong();
    private static final AtomicLong OPERATIONS = new AtomicLong();
    private static final AtomicLong WORLDS = new AtomicLong();

    @AfterAll
    static void report() {
        System.out.println("[ConcurrentScrapePropertiesTest] worlds " + WORLDS + ", writer operations " + OPERATIONS
                + ", scrapes parsed and checked " + SCRAPES + ", samples checked " + SAMPLES);
    }

    @Test
    void scrapesStayConsistentAndTotalsExactUnderRandomInterleavings() {
        qt().withExamples(EXAMPLES).withShrinkCycles(10)
                .forAll(mixes(), threadCounts(), labelValueSets(), longs().all())
                .checkAssert((mix, threads, values, seed) ->
                        new World(values).run(mix, threads[0], threads[1], seed, OPS_PER_WRITER));
    }

    @Test
    void churnOfSeriesAndFamiliesNeverBreaksAScrape() {
        List<Op> churnHeavy = List.of(Op.CHURN_INC, Op.CHURN_INC, Op.CHURN_REMOVE, Op.CHURN_CLEAR, Op.REGISTER,
                Op.UNREGISTER, Op.DYNAMIC_INC, Op.INC, Op.OBSERVE);
        qt().withExamples(6).withShrinkCycles(10)
                .forAll(integers().between(1, 4), labelValueSets(), longs().all())
                .checkAssert((writers, values, seed) -> new World(values).run(churnHeavy, writers, 2, seed,
                        OPS_PER_WRITER));
    }

    @Test
    void fourWritersOnOneHotSeriesLoseNoIncrementWhileTwoThreadsScrape() {
        // plain JUnit: every writer on the same series (stripes inflate), both single-writer cells and shared
        List<Op> hot = List.of(Op.INC, Op.INC_OWN_CELL, Op.OBSERVE, Op.SUMMARY_OBSERVE, Op.GAUGE_MOVE);
        World world = new World(List.of("only"));
        world.run(hot, 4, 2, 42L, 4 * OPS_PER_WRITER);
        assertTrue(world.scrapes.get() > 0, "the scrapers ran");
    }

    @Test
    void singleWriterCellsKeepTheirCountsAfterTheirThreadsEnd() throws InterruptedException {
        Registry registry = new Registry();
        Counter counter = Counter.builder("cells_total").help("h").labelNames("k").register(registry);
        CounterHandle handle = counter.labels("x");
        int threads = 4;
        int perThread = 10_000;
        Thread[] started = new Thread[threads];
        for (int t = 0; t < threads; t++) {
            started[t] = new Thread(() -> {
                SingleWriterCounter mine = handle.forThisThread();
                for (int i = 0; i < perThread; i++) {
                    mine.inc();
                }
            });
            started[t].start();
        }
        for (Thread t : started) {
            t.join(TimeUnit.SECONDS.toMillis(JOIN_SECONDS));
        }
        for (ExpositionFormat format : FORMATS) {
            ScrapeRenderer r = new ScrapeRenderer().render(registry, format);
            Map<String, Double> byKey = byKey(ScrapedSamples.parse(format, r.array(), r.length()));
            assertEquals((double) threads * perThread, byKey.get("cells_total{k=x}"), format.name());
        }
    }

    // ---- generators ----

    private static Gen<List<Op>> mixes() {
        return lists().of(Generate.enumValues(Op.class)).ofSizeBetween(1, 12);
    }

    /** {writers, scrapers}. */
    private static Gen<int[]> threadCounts() {
        return integers().between(1, 4).zip(integers().between(1, 2), (w, s) -> new int[] {w, s})
                .describedAs(a -> a[0] + " writers, " + a[1] + " scrapers");
    }

    /** Distinct label values: empty, quotes, backslashes, newlines, non-ASCII, astral code points. */
    private static Gen<List<String>> labelValueSets() {
        Gen<String> piece = Generate.pick(List.of("a", "b", "\"", "\\", "\n", "é", "日本", "😀", " ", "=", ",", "}"));
        Gen<String> value = lists().of(piece).ofSizeBetween(0, 4).map(parts -> String.join("", parts));
        return lists().of(value).ofSizeBetween(1, 6).map(list -> new ArrayList<>(new LinkedHashSet<>(list)));
    }

    // ---- the world under test ----

    /** One registry, its metrics, the writers' expectations and the scrapers' findings. */
    private static final class World {
        final Registry registry = new Registry();
        final String[] values;
        final Counter requests;
        final Histogram latency;
        final Summary sizes;
        final Gauge inflight;
        final Counter churn;
        final Counter[] dynamic = new Counter[DYNAMIC];
        /** Removal epochs: a decrease between two scrapes is allowed only if a removal overlapped them. */
        final AtomicLong removalsStarted = new AtomicLong();
        final AtomicLong removalsFinished = new AtomicLong();
        final AtomicBoolean writersDone = new AtomicBoolean();
        final AtomicLong scrapes = new AtomicLong();
        final Queue<Throwable> failures = new ConcurrentLinkedQueue<>();

        World(List<String> labelValues) {
            this.values = labelValues.toArray(new String[0]);
            requests = Counter.builder("rt_requests_total").help("Requests.").labelNames("k").register(registry);
            latency = Histogram.builder("rt_latency").help("Latency.").labelNames("k").buckets(BOUNDS)
                    .register(registry);
            sizes = Summary.builder("rt_sizes").help("Sizes.").labelNames("k").quantiles(QUANTILES)
                    .register(registry);
            inflight = Gauge.builder("rt_inflight").help("In flight.").labelNames("k").register(registry);
            churn = Counter.builder("rt_churn").help("Churned series.").labelNames("k").register(registry);
            for (int i = 0; i < DYNAMIC; i++) {
                dynamic[i] = Counter.builder("rt_dynamic_" + i).help("Comes and goes.").build();
            }
        }

        void run(List<Op> mix, int writerCount, int scraperCount, long seed, int opsPerWriter) {
            WORLDS.incrementAndGet();
            CountDownLatch go = new CountDownLatch(1);
            Writer[] writers = new Writer[writerCount];
            List<Thread> threads = new ArrayList<>();
            List<Thread> writerThreads = new ArrayList<>();
            for (int i = 0; i < writerCount; i++) {
                writers[i] = new Writer(this, mix, new SplittableRandom(seed + i), opsPerWriter);
                Writer w = writers[i];
                Thread t = new Thread(() -> guarded(() -> {
                    go.await();
                    w.run();
                }), "writer-" + i);
                writerThreads.add(t);
                threads.add(t);
            }
            for (int i = 0; i < scraperCount; i++) {
                Thread t = new Thread(() -> guarded(() -> {
                    go.await();
                    new Scraper(this, 0).run();
                }), "scraper-" + i);
                threads.add(t);
            }
            threads.forEach(Thread::start);
            go.countDown();
            try {
                for (Thread t : writerThreads) {
                    t.join(TimeUnit.SECONDS.toMillis(JOIN_SECONDS));
                }
                writersDone.set(true);
                for (Thread t : threads) {
                    t.join(TimeUnit.SECONDS.toMillis(JOIN_SECONDS));
                    if (t.isAlive()) {
                        failures.add(new AssertionError(t.getName() + " still running after " + JOIN_SECONDS + " s"));
                    }
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError(e);
            }
            if (!failures.isEmpty()) {
                AssertionError failed = new AssertionError("a thread failed (mix " + mix + ", seed " + seed + "): "
                        + failures.peek(), failures.peek());
                failures.stream().skip(1).forEach(failed::addSuppressed);
                throw failed;
            }
            checkExactTotals(writers);
        }

        private void guarded(ThrowingRunnable body) {
            try {
                body.run();
            } catch (Throwable t) {
                failures.add(t);
            }
        }

        /** After the race: every format reports exactly what the writers did. */
        private void checkExactTotals(Writer[] writers) {
            for (Counter d : dynamic) {
                if (registry.get(d.metadata().name()) == null) {
                    registry.register(d);
                }
            }
            Map<String, Double> expected = new TreeMap<>();
            java.util.Set<String> notInOpenMetrics = new java.util.HashSet<>();
            for (int k = 0; k < values.length; k++) {
                long halves = 0;
                long[] buckets = new long[BOUNDS.length + 1];
                double histogramSum = 0;
                long summaryCount = 0;
                double summarySum = 0;
                long gauge = 0;
                boolean histogramNegative = false;
                boolean summaryNegative = false;
                for (Writer w : writers) {
                    histogramNegative |= w.histogramNegative[k];
                    summaryNegative |= w.summaryNegative[k];
                    halves += w.halves[k];
                    for (int b = 0; b < buckets.length; b++) {
                        buckets[b] += w.buckets[k][b];
                    }
                    histogramSum += w.histogramSum[k];
                    summaryCount += w.summaryCount[k];
                    summarySum += w.summarySum[k];
                    gauge += w.gauge[k];
                }
                String labels = "{k=" + values[k] + "}";
                if (halves > 0 || k == 0) {
                    expected.put("rt_requests_total" + labels, halves / 2.0);
                }
                long histogramCount = 0;
                for (long c : buckets) {
                    histogramCount += c;
                }
                if (histogramCount > 0) {
                    long cumulative = 0;
                    for (int b = 0; b < buckets.length; b++) {
                        cumulative += buckets[b];
                        double le = b < BOUNDS.length ? BOUNDS[b] : Double.POSITIVE_INFINITY;
                        expected.put("rt_latency_bucket{k=" + values[k] + ", le=" + le + "}", (double) cumulative);
                    }
                    expected.put("rt_latency_count" + labels, (double) histogramCount);
                    expected.put("rt_latency_sum" + labels, histogramSum);
                    if (histogramNegative) {
                        // no counter any more: OpenMetrics leaves out both (text and protobuf keep them)
                        notInOpenMetrics.add("rt_latency_count" + labels);
                        notInOpenMetrics.add("rt_latency_sum" + labels);
                    }
                }
                if (summaryCount > 0) {
                    expected.put("rt_sizes_count" + labels, (double) summaryCount);
                    expected.put("rt_sizes_sum" + labels, summarySum);
                    if (summaryNegative) {
                        notInOpenMetrics.add("rt_sizes_count" + labels);
                        notInOpenMetrics.add("rt_sizes_sum" + labels);
                    }
                }
                if (gauge != 0) {
                    expected.put("rt_inflight" + labels, (double) gauge);
                }
            }
            for (int i = 0; i < DYNAMIC; i++) {
                long total = 0;
                for (Writer w : writers) {
                    total += w.dynamic[i];
                }
                expected.put("rt_dynamic_" + i + "_total{}", (double) total);
            }
            for (ExpositionFormat format : FORMATS) {
                ScrapeRenderer r = new ScrapeRenderer().render(registry, format);
                List<Sample> samples = ScrapedSamples.parse(format, r.array(), r.length());
                checkScrape(samples);
                Map<String, Double> actual = byKey(samples);
                for (Map.Entry<String, Double> e : expected.entrySet()) {
                    // OpenMetrics 1.0 leaves out a no-longer-counter sum and count; 2.0 keeps a histogram's (its sum
                    // may be negative there) and leaves out such a summary series whole
                    boolean absent = notInOpenMetrics.contains(e.getKey())
                            && (format == ExpositionFormat.OPENMETRICS
                                || format == ExpositionFormat.OPENMETRICS_2_0 && e.getKey().startsWith("rt_sizes"));
                    assertEquals(absent ? null : e.getValue(), actual.get(e.getKey()), format + ": " + e.getKey());
                }
                for (Map.Entry<String, Double> e : actual.entrySet()) {
                    String key = e.getKey();
                    boolean exact = key.startsWith("rt_requests") || key.startsWith("rt_latency")
                            || key.startsWith("rt_dynamic") || key.startsWith("rt_sizes_");
                    if (exact && !expected.containsKey(key)) {
                        assertEquals(0.0, e.getValue(), format + ": series " + key + " that no writer touched");
                    }
                }
            }
        }
    }

    private interface ThrowingRunnable {
        void run() throws Exception;
    }

    /** One writer thread: draws operations from the mix and records what it did. */
    private static final class Writer {
        final World w;
        final List<Op> mix;
        final SplittableRandom random;
        final int ops;
        final long[] halves;
        final long[][] buckets;
        final double[] histogramSum;
        final long[] summaryCount;
        final double[] summarySum;
        /** Whether this writer observed a negative value into series k's histogram / summary. */
        final boolean[] histogramNegative;
        final boolean[] summaryNegative;
        final long[] gauge;
        final long[] dynamic = new long[DYNAMIC];

        Writer(World w, List<Op> mix, SplittableRandom random, int ops) {
            this.w = w;
            this.mix = mix;
            this.random = random;
            this.ops = ops;
            int n = w.values.length;
            halves = new long[n];
            buckets = new long[n][BOUNDS.length + 1];
            histogramSum = new double[n];
            summaryCount = new long[n];
            summarySum = new double[n];
            histogramNegative = new boolean[n];
            summaryNegative = new boolean[n];
            gauge = new long[n];
        }

        void run() {
            String[] values = w.values;
            SingleWriterCounter own = w.requests.labels(values[0]).forThisThread();
            for (int i = 0; i < ops; i++) {
                Op op = mix.get(random.nextInt(mix.size()));
                int k = random.nextInt(values.length);
                double x = VALUES[random.nextInt(VALUES.length)];
                switch (op) {
                    case INC:
                        w.requests.labels(values[k]).inc();
                        halves[k] += 2;
                        break;
                    case INC_BY: {
                        long amount = random.nextInt(4);
                        w.requests.labels(values[k]).inc(amount);
                        halves[k] += 2 * amount;
                        break;
                    }
                    case INC_HALF:
                        w.requests.labels(values[k]).inc(0.5);
                        halves[k] += 1;
                        break;
                    case INC_PER_CALL_LABELS:
                        w.requests.inc(Labels.of("k", values[k]));
                        halves[k] += 2;
                        break;
                    case INC_OWN_CELL:
                        own.inc();
                        halves[0] += 2;
                        break;
                    case OBSERVE:
                        w.latency.labels(values[k]).observe(x);
                        recordObservation(k, x);
                        break;
                    case OBSERVE_PER_CALL_LABELS:
                        w.latency.observe(Labels.of("k", values[k]), x);
                        recordObservation(k, x);
                        break;
                    case SUMMARY_OBSERVE:
                        w.sizes.labels(values[k]).observe(x);
                        summaryCount[k]++;
                        summarySum[k] += x;
                        summaryNegative[k] |= x < 0;
                        break;
                    case GAUGE_MOVE:
                        if (random.nextBoolean()) {
                            w.inflight.labels(values[k]).inc();
                            gauge[k]++;
                        } else {
                            w.inflight.labels(values[k]).dec();
                            gauge[k]--;
                        }
                        break;
                    case CHURN_INC:
                        w.churn.labels(values[k]).inc();
                        break;
                    case CHURN_REMOVE:
                        w.removalsStarted.incrementAndGet();
                        w.churn.remove(values[k]);
                        w.removalsFinished.incrementAndGet();
                        break;
                    case CHURN_CLEAR:
                        w.removalsStarted.incrementAndGet();
                        w.churn.clear();
                        w.removalsFinished.incrementAndGet();
                        break;
                    case DYNAMIC_INC: {
                        int d = random.nextInt(DYNAMIC);
                        w.dynamic[d].inc();
                        dynamic[d]++;
                        break;
                    }
                    case REGISTER:
                        try {
                            w.registry.register(w.dynamic[random.nextInt(DYNAMIC)]);
                        } catch (IllegalArgumentException alreadyRegistered) {
                            if (!alreadyRegistered.getMessage().contains("already registered")) {
                                throw alreadyRegistered;
                            }
                        }
                        break;
                    case UNREGISTER:
                        w.registry.unregister(w.dynamic[random.nextInt(DYNAMIC)]);
                        break;
                    default:
                        throw new AssertionError(op);
                }
                if ((i & 1023) == 0) {
                    Thread.yield(); // let scrapers in on a busy 2-core machine
                }
            }
            OPERATIONS.addAndGet(ops);
        }

        private void recordObservation(int k, double x) {
            int b = 0;
            while (b < BOUNDS.length && !(x <= BOUNDS[b])) {
                b++;
            }
            buckets[k][b]++;
            histogramSum[k] += x;
            histogramNegative[k] |= x < 0;
        }
    }

    /** One scraper thread: renders in every format in turn until the writers are done, checking each body. */
    private static final class Scraper {
        final World w;
        final int minimumScrapes;

        Scraper(World w, int minimumScrapes) {
            this.w = w;
            this.minimumScrapes = minimumScrapes;
        }

        void run() {
            ScrapeRenderer renderer = new ScrapeRenderer(256); // small: the buffer grows under the race too
            Map<String, Double> last = new HashMap<>();
            long previousFinished = -1;
            int done = 0;
            while (!w.writersDone.get() || done < Math.max(minimumScrapes, FORMATS.length)) {
                ExpositionFormat format = FORMATS[done % FORMATS.length];
                long finishedBefore = w.removalsFinished.get();
                renderer.render(w.registry, format);
                long startedAfter = w.removalsStarted.get();
                List<Sample> samples = ScrapedSamples.parse(format, renderer.array(), renderer.length());
                checkScrape(samples);
                boolean quiet = previousFinished == startedAfter;
                Map<String, Double> now = byKey(samples);
                for (Map.Entry<String, Double> e : now.entrySet()) {
                    String key = e.getKey();
                    Double before = last.get(key);
                    if (before != null && monotonic(key) && e.getValue() < before && quiet) {
                        fail(format + " scrape: " + key + " went down from " + before + " to " + e.getValue()
                                + " with no removal in between");
                    }
                }
                last = now;
                previousFinished = finishedBefore;
                done++;
                SCRAPES.incrementAndGet();
                SAMPLES.addAndGet(samples.size());
                w.scrapes.incrementAndGet();
            }
        }

        private static boolean monotonic(String key) {
            String name = key.substring(0, key.indexOf('{'));
            return name.endsWith("_total") || name.endsWith("_count") || name.endsWith("_bucket");
        }
    }

    // ---- checks on one scrape ----

    /** No duplicate series; histograms cumulative with +Inf == _count; summary quantiles non-decreasing in q. */
    static void checkScrape(List<Sample> samples) {
        Map<String, Double> counts = new HashMap<>();
        Map<String, TreeMap<Double, Double>> bucketsBySeries = new LinkedHashMap<>();
        Map<String, TreeMap<Double, Double>> quantilesBySeries = new LinkedHashMap<>();
        java.util.Set<String> keys = new java.util.HashSet<>();
        for (Sample s : samples) {
            String key = ScrapedSamples.key(s);
            if (!keys.add(key)) {
                fail("duplicate series " + key);
            }
            Map<String, String> rest = new TreeMap<>(s.labels());
            if (s.name().endsWith("_bucket")) {
                double le = Double.parseDouble(rest.remove("le"));
                String series = s.name().substring(0, s.name().length() - "_bucket".length()) + rest;
                bucketsBySeries.computeIfAbsent(series, x -> new TreeMap<>()).put(le, s.value());
            } else if (s.labels().containsKey("quantile")) {
                double q = Double.parseDouble(rest.remove("quantile"));
                quantilesBySeries.computeIfAbsent(s.name() + rest, x -> new TreeMap<>()).put(q, s.value());
            } else if (s.name().endsWith("_count")) {
                counts.put(s.name().substring(0, s.name().length() - "_count".length()) + rest, s.value());
            }
        }
        for (Map.Entry<String, TreeMap<Double, Double>> e : bucketsBySeries.entrySet()) {
            double previous = 0;
            for (Map.Entry<Double, Double> bucket : e.getValue().entrySet()) {
                if (bucket.getValue() < previous) {
                    fail("histogram " + e.getKey() + " is not cumulative: " + e.getValue());
                }
                previous = bucket.getValue();
            }
            Double inf = e.getValue().get(Double.POSITIVE_INFINITY);
            // _count may be left out (OpenMetrics, once a negative value went into the sum; the strict parser
            // judges that rule); when written it equals the +Inf bucket
            Double count = counts.get(e.getKey());
            if (inf == null || (count != null && !inf.equals(count))) {
                fail("histogram " + e.getKey() + ": +Inf bucket " + inf + " but _count " + counts.get(e.getKey()));
            }
        }
        for (Map.Entry<String, TreeMap<Double, Double>> e : quantilesBySeries.entrySet()) {
            double previous = Double.NEGATIVE_INFINITY;
            boolean nan = Double.isNaN(e.getValue().firstEntry().getValue());
            for (double v : e.getValue().values()) {
                if (Double.isNaN(v) != nan || (!nan && v < previous)) {
                    fail("summary " + e.getKey() + " quantiles not non-decreasing in q: " + e.getValue());
                }
                previous = v;
            }
        }
    }

    static Map<String, Double> byKey(List<Sample> samples) {
        Map<String, Double> map = new HashMap<>();
        for (Sample s : samples) {
            map.put(ScrapedSamples.key(s), s.value());
        }
        return map;
    }
}
