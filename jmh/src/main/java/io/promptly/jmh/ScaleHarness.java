package io.promptly.jmh;

import com.sun.management.ThreadMXBean;
import io.prometheus.metrics.expositionformats.ExpositionFormatWriter;
import io.prometheus.metrics.expositionformats.OpenMetricsTextFormatWriter;
import io.prometheus.metrics.expositionformats.PrometheusProtobufWriter;
import io.prometheus.metrics.expositionformats.PrometheusTextFormatWriter;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import io.prometheus.metrics.model.snapshots.MetricSnapshots;
import io.promptly.core.Registry;
import io.promptly.exposition.ExpositionFormat;
import io.promptly.exposition.ScrapeRenderer;
import java.io.IOException;
import java.io.OutputStream;
import java.lang.management.ManagementFactory;
import java.util.Arrays;
import java.util.Locale;

/**
 * The scale harness: in a JVM of its own, builds {@code series} two-label series of one kind in 100 families,
 * in Promptly or in client_java 1.x, and prints one line: build time, retained heap per series after GC, and for
 * each format one full scrape to a discarding stream (median ns per series of five timed scrapes after three
 * warm-ups, and bytes allocated by the scraping thread per scrape). Run one configuration per JVM (see
 * {@code jmh/run-benchmarks.sh scale}) so that one build's garbage and JIT state do not colour the next.
 *
 * <p>Shape per kind: counters and gauges recorded once per series; histograms with 10 finite bounds and
 * summaries with quantiles 0.5/0.9/0.99 (10 minutes, 5 age buckets), each series observing 5 values.
 *
 * <p>Not a library type; single-threaded.
 */
public final class ScaleHarness {
    static final int FAMILIES = 100;
    static final double[] BUCKETS = {.005, .01, .025, .05, .1, .25, .5, 1, 2.5, 5};
    private static final int OBSERVATIONS = 5;

    private ScaleHarness() {
    }

    /**
     * {@code ScaleHarness promptly|client_java counter|gauge|histogram|summary <series> [scrape|noscrape]}.
     *
     * @param args the client, the kind, the series count and whether to scrape
     * @throws Exception when a scrape fails
     */
    public static void main(String[] args) throws Exception {
        if (args.length < 3) {
            System.err.println("usage: ScaleHarness promptly|client_java counter|gauge|histogram|summary <series>"
                    + " [scrape|noscrape]");
            System.exit(2);
        }
        String client = args[0];
        String kind = args[1];
        int series = Integer.parseInt(args[2]);
        boolean scrape = args.length < 4 || !args[3].equals("noscrape");
        if (series % FAMILIES != 0) {
            throw new IllegalArgumentException("series must be a multiple of " + FAMILIES + ", got " + series);
        }
        long before = retainedHeap();
        long start = System.nanoTime();
        Object registry;
        if (client.equals("promptly")) {
            registry = buildPromptly(kind, series);
        } else if (client.equals("client_java")) {
            registry = buildClientJava(kind, series);
        } else {
            throw new IllegalArgumentException("client must be promptly or client_java, got " + client);
        }
        long buildNanos = System.nanoTime() - start;
        long after = retainedHeap();
        StringBuilder line = new StringBuilder();
        line.append(String.format(Locale.ROOT, "%s %s series=%d build_ms=%.0f retained_B_per_series=%.0f",
                client, kind, series, buildNanos / 1e6, (after - before) / (double) series));
        if (scrape) {
            for (String format : new String[] {"text", "openmetrics", "protobuf"}) {
                long[] result = client.equals("promptly")
                        ? scrapePromptly((Registry) registry, format)
                        : scrapeClientJava((PrometheusRegistry) registry, format);
                line.append(String.format(Locale.ROOT, " %s_ns_per_series=%.1f %s_B_alloc=%d %s_body_B=%d",
                        format, result[0] / (double) series, format, result[1], format, result[2]));
            }
        }
        System.out.println(line);
        if (registry.hashCode() == 42) { // keep the registry reachable until here
            System.out.println();
        }
    }

    static String labelA(int i) {
        return "m" + (i % 20);
    }

    static String labelB(int i) {
        return "/api/v1/path/" + i;
    }

    static double observation(int i, int k) {
        return ((i * 31 + k * 17) % 1000) / 100.0;
    }

    static Registry buildPromptly(String kind, int series) {
        Registry registry = new Registry();
        int perFamily = series / FAMILIES;
        for (int f = 0; f < FAMILIES; f++) {
            String name = kind + "_family_" + f;
            String help = "Scale harness " + kind + " family " + f + ".";
            switch (kind) {
                case "counter": {
                    io.promptly.core.Counter c = io.promptly.core.Counter.builder(name).help(help)
                            .labelNames("method", "path").register(registry);
                    for (int i = 0; i < perFamily; i++) {
                        c.labels(labelA(i), labelB(i)).inc(i + 1);
                    }
                    break;
                }
                case "gauge": {
                    io.promptly.core.Gauge g = io.promptly.core.Gauge.builder(name).help(help)
                            .labelNames("method", "path").register(registry);
                    for (int i = 0; i < perFamily; i++) {
                        g.labels(labelA(i), labelB(i)).set(i + 0.5);
                    }
                    break;
                }
                case "histogram": {
                    io.promptly.core.Histogram h = io.promptly.core.Histogram.builder(name).help(help)
                            .labelNames("method", "path").buckets(BUCKETS).register(registry);
                    for (int i = 0; i < perFamily; i++) {
                        io.promptly.core.HistogramHandle handle = h.labels(labelA(i), labelB(i));
                        for (int k = 0; k < OBSERVATIONS; k++) {
                            handle.observe(observation(i, k));
                        }
                    }
                    break;
                }
                case "summary": {
                    io.promptly.core.Summary s = io.promptly.core.Summary.builder(name).help(help)
                            .labelNames("method", "path").quantiles(0.5, 0.9, 0.99)
                            .maxAge(java.time.Duration.ofMinutes(10)).ageBuckets(5).register(registry);
                    for (int i = 0; i < perFamily; i++) {
                        io.promptly.core.SummaryHandle handle = s.labels(labelA(i), labelB(i));
                        for (int k = 0; k < OBSERVATIONS; k++) {
                            handle.observe(observation(i, k));
                        }
                    }
                    break;
                }
                default:
                    throw new IllegalArgumentException("kind must be counter, gauge, histogram or summary, got " + kind);
            }
        }
        return registry;
    }

    static PrometheusRegistry buildClientJava(String kind, int series) {
        PrometheusRegistry registry = new PrometheusRegistry();
        int perFamily = series / FAMILIES;
        for (int f = 0; f < FAMILIES; f++) {
            String name = kind + "_family_" + f;
            String help = "Scale harness " + kind + " family " + f + ".";
            switch (kind) {
                case "counter": {
                    io.prometheus.metrics.core.metrics.Counter c = io.prometheus.metrics.core.metrics.Counter
                            .builder().name(name).help(help).labelNames("method", "path").register(registry);
                    for (int i = 0; i < perFamily; i++) {
                        c.labelValues(labelA(i), labelB(i)).inc(i + 1);
                    }
                    break;
                }
                case "gauge": {
                    io.prometheus.metrics.core.metrics.Gauge g = io.prometheus.metrics.core.metrics.Gauge
                            .builder().name(name).help(help).labelNames("method", "path").register(registry);
                    for (int i = 0; i < perFamily; i++) {
                        g.labelValues(labelA(i), labelB(i)).set(i + 0.5);
                    }
                    break;
                }
                case "histogram": {
                    io.prometheus.metrics.core.metrics.Histogram h = io.prometheus.metrics.core.metrics.Histogram
                            .builder().name(name).help(help).labelNames("method", "path").classicOnly()
                            .classicUpperBounds(BUCKETS).register(registry);
                    for (int i = 0; i < perFamily; i++) {
                        io.prometheus.metrics.core.datapoints.DistributionDataPoint point =
                                h.labelValues(labelA(i), labelB(i));
                        for (int k = 0; k < OBSERVATIONS; k++) {
                            point.observe(observation(i, k));
                        }
                    }
                    break;
                }
                case "summary": {
                    io.prometheus.metrics.core.metrics.Summary s = io.prometheus.metrics.core.metrics.Summary
                            .builder().name(name).help(help).labelNames("method", "path")
                            .quantile(0.5, 0.01).quantile(0.9, 0.01).quantile(0.99, 0.001)
                            .maxAgeSeconds(600).numberOfAgeBuckets(5).register(registry);
                    for (int i = 0; i < perFamily; i++) {
                        io.prometheus.metrics.core.datapoints.DistributionDataPoint point =
                                s.labelValues(labelA(i), labelB(i));
                        for (int k = 0; k < OBSERVATIONS; k++) {
                            point.observe(observation(i, k));
                        }
                    }
                    break;
                }
                default:
                    throw new IllegalArgumentException("kind must be counter, gauge, histogram or summary, got " + kind);
            }
        }
        return registry;
    }

    /** Median nanoseconds, allocated bytes (same scrape) and body bytes of one Promptly scrape. */
    private static long[] scrapePromptly(Registry registry, String format) throws IOException {
        ExpositionFormat f = format.equals("text") ? ExpositionFormat.TEXT
                : format.equals("openmetrics") ? ExpositionFormat.OPENMETRICS : ExpositionFormat.PROTOBUF;
        ScrapeRenderer renderer = new ScrapeRenderer();
        CountingSink sink = new CountingSink();
        return measure(() -> renderer.write(registry, f, family -> true, sink), sink);
    }

    /** Median nanoseconds, allocated bytes (same scrape) and body bytes of one client_java scrape. */
    private static long[] scrapeClientJava(PrometheusRegistry registry, String format) throws IOException {
        ExpositionFormatWriter writer = format.equals("text") ? PrometheusTextFormatWriter.create()
                : format.equals("openmetrics") ? OpenMetricsTextFormatWriter.create() : new PrometheusProtobufWriter();
        CountingSink sink = new CountingSink();
        return measure(() -> {
            MetricSnapshots snapshots = registry.scrape();
            writer.write(sink, snapshots);
        }, sink);
    }

    private interface Scrape {
        void run() throws IOException;
    }

    private static long[] measure(Scrape scrape, CountingSink sink) throws IOException {
        ThreadMXBean threads = (ThreadMXBean) ManagementFactory.getThreadMXBean();
        long self = Thread.currentThread().getId();
        for (int i = 0; i < 3; i++) {
            scrape.run();
        }
        long[] nanos = new long[5];
        long[] allocated = new long[5];
        for (int i = 0; i < nanos.length; i++) {
            sink.bytes = 0;
            long bytesBefore = threads.getThreadAllocatedBytes(self);
            long start = System.nanoTime();
            scrape.run();
            nanos[i] = System.nanoTime() - start;
            allocated[i] = threads.getThreadAllocatedBytes(self) - bytesBefore;
        }
        long body = sink.bytes;
        Arrays.sort(nanos);
        Arrays.sort(allocated);
        return new long[] {nanos[2], allocated[2], body};
    }

    /** Heap in use after full collections, once the used figure stops falling. */
    static long retainedHeap() {
        Runtime runtime = Runtime.getRuntime();
        long last = Long.MAX_VALUE;
        for (int i = 0; i < 10; i++) {
            System.gc();
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
            long used = runtime.totalMemory() - runtime.freeMemory();
            if (used >= last && i >= 3) {
                return Math.min(used, last);
            }
            last = Math.min(last, used);
        }
        return last;
    }

    /** Discards what is written, counting bytes. */
    private static final class CountingSink extends OutputStream {
        long bytes;

        @Override
        public void write(int b) {
            bytes++;
        }

        @Override
        public void write(byte[] b, int off, int len) {
            bytes += len;
        }
    }
}
