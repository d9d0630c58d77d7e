package io.promptly.jmh;

import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.prometheus.metrics.expositionformats.OpenMetricsTextFormatWriter;
import io.prometheus.metrics.expositionformats.PrometheusProtobufWriter;
import io.prometheus.metrics.expositionformats.PrometheusTextFormatWriter;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import io.promptly.core.MetricMetadata;
import io.promptly.core.NameEscaping;
import io.promptly.core.Registry;
import io.promptly.exposition.ExpositionFormat;
import io.promptly.exposition.ScrapeFormat;
import io.promptly.exposition.ScrapeRenderer;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.BenchmarkParams;

/**
 * One whole scrape of a {@link ScrapeFixture} registry ({@code series} = 1,000 or 10,000 by default; the
 * realistic shape of issue 19 is run at 10,000 and 100,000 with {@code -p shape=realistic -p series=10000,100000}),
 * per client and format,
 * written into one reused {@link ByteArrayOutputStream} that is reset before each scrape. Each op is a full
 * scrape; the results table divides ns/op and B/op by {@link ScrapeFixture#sampleLines()} (the text 0.0.4 sample
 * lines: the "line" of PERFORMANCE-TARGETS.md, also used for OpenMetrics and protobuf).
 *
 * <p>Promptly streams through a reused {@link ScrapeRenderer}; client_java uses its three writers over a fresh
 * {@code registry.scrape()} snapshot (how its exporters scrape); simpleclient writes through one reused
 * {@code OutputStreamWriter}; Micrometer is its registry's {@code scrape(OutputStream)}.
 *
 * <p>Target: Promptly ≤ 30 ns per line and 0 B per scrape in steady state (≤ 64 B/op) in every format.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 5, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(3)
@Threads(1)
@State(Scope.Benchmark)
public class ScrapeBenchmark {
    private static final Predicate<MetricMetadata> ALL_FAMILIES = family -> true;
    private static final int OUTPUT_CAPACITY = 4 << 20;

    /** Number of series in the registry. */
    @Param({"1000", "10000"})
    public int series;

    /** {@link ScrapeFixture#COUNTERS} (integral counters and histograms) or {@link ScrapeFixture#REALISTIC}. */
    @Param({ScrapeFixture.COUNTERS})
    public String shape;

    private ByteArrayOutputStream out;

    private Registry promptly;
    private ScrapeRenderer renderer;
    /** The fixture's summary series, for the {@code ...SummariesObserved} rows. */
    private io.promptly.core.SummaryHandle[] summaries;
    /** Index into {@link BenchmarkData#VALUES} of the next value those rows observe. */
    private int nextObservation;

    private PrometheusRegistry clientJava;
    private PrometheusTextFormatWriter clientJavaText;
    private OpenMetricsTextFormatWriter clientJavaOpenMetrics;
    private PrometheusProtobufWriter clientJavaProtobuf;

    private io.prometheus.client.CollectorRegistry simpleclient;
    private Writer simpleclientWriter;

    private PrometheusMeterRegistry micrometer;

    /** Builds only the registry of the client this benchmark method scrapes. */
    @Setup
    public void setUp(BenchmarkParams params) {
        ScrapeFixture fixture = new ScrapeFixture(series, shape);
        out = new ByteArrayOutputStream(OUTPUT_CAPACITY);
        String method = params.getBenchmark().substring(params.getBenchmark().lastIndexOf('.') + 1);
        if (method.startsWith("promptly")) {
            promptly = fixture.promptly();
            summaries = fixture.promptlySummaries();
            renderer = new ScrapeRenderer();
        } else if (method.startsWith("clientJava")) {
            clientJava = fixture.clientJava();
            clientJavaText = PrometheusTextFormatWriter.create();
            clientJavaOpenMetrics = OpenMetricsTextFormatWriter.create();
            clientJavaProtobuf = new PrometheusProtobufWriter();
            if (!clientJavaProtobuf.isAvailable()) {
                throw new IllegalStateException("client_java's protobuf writer is not on the class path "
                        + "(prometheus-metrics-exposition-formats)");
            }
        } else if (method.startsWith("simpleclient")) {
            simpleclient = fixture.simpleclient();
            simpleclientWriter = new OutputStreamWriter(out, StandardCharsets.UTF_8);
        } else if (method.startsWith("micrometer")) {
            micrometer = fixture.micrometer();
        } else {
            throw new IllegalStateException("no fixture for benchmark " + method);
        }
    }

    /** Promptly, text 0.0.4. */
    @Benchmark
    public int promptlyText() throws IOException {
        return promptly(ExpositionFormat.TEXT);
    }

    /** Promptly, OpenMetrics 1.0. */
    @Benchmark
    public int promptlyOpenMetrics() throws IOException {
        return promptly(ExpositionFormat.OPENMETRICS);
    }

    /** Promptly, delimited protobuf. */
    @Benchmark
    public int promptlyProtobuf() throws IOException {
        return promptly(ExpositionFormat.PROTOBUF);
    }

    /**
     * {@link #promptlyText} after one new observation into every summary series (500 at 10k realistic series,
     * part of the measured time: about 9 ns each), so that no summary can reuse its last scrape's quantiles: the
     * cost of a scrape whose summaries are all busy.
     */
    @Benchmark
    public int promptlyTextSummariesObserved() throws IOException {
        observeEverySummary();
        return promptly(ExpositionFormat.TEXT);
    }

    /** {@link #promptlyProtobuf} with every summary observed first (see {@link #promptlyTextSummariesObserved}). */
    @Benchmark
    public int promptlyProtobufSummariesObserved() throws IOException {
        observeEverySummary();
        return promptly(ExpositionFormat.PROTOBUF);
    }

    private void observeEverySummary() {
        int next = nextObservation;
        for (io.promptly.core.SummaryHandle s : summaries) {
            s.observe(BenchmarkData.VALUES[next]);
            next = (next + 1) & BenchmarkData.VALUE_MASK;
        }
        nextObservation = next;
    }

    /**
     * Promptly, OpenMetrics 2.0 (experimental, 2.0.0-rc0): composite histogram and summary values, start
     * timestamps inline, as a scraper asking for {@code version=2.0.0} gets it. Compare with
     * {@link #promptlyOpenMetrics} in the same run.
     */
    @Benchmark
    public int promptlyOpenMetrics2() throws IOException {
        return promptly(ExpositionFormat.OPENMETRICS_2_0);
    }

    /**
     * Promptly, OpenMetrics 1.0 as Prometheus 3 asks for it ({@code escaping=allow-utf-8}): the same bytes as
     * {@link #promptlyOpenMetrics} for these legacy names, through the negotiated-escaping path.
     */
    @Benchmark
    public int promptlyOpenMetricsAllowUtf8() throws IOException {
        return promptly(ScrapeFormat.of(ExpositionFormat.OPENMETRICS, NameEscaping.ALLOW_UTF8));
    }

    /**
     * Promptly, text with {@code escaping=dots}, which rewrites every name holding an underscore: each series'
     * escaped label bytes are built on the first such scrape and copied ever after.
     */
    @Benchmark
    public int promptlyTextDotsEscaping() throws IOException {
        return promptly(ScrapeFormat.of(ExpositionFormat.TEXT, NameEscaping.DOTS));
    }

    /** client_java 1.x, {@code PrometheusTextFormatWriter} (text 0.0.4). */
    @Benchmark
    public int clientJavaText() throws IOException {
        out.reset();
        clientJavaText.write(out, clientJava.scrape());
        return out.size();
    }

    /** client_java 1.x, {@code OpenMetricsTextFormatWriter}. */
    @Benchmark
    public int clientJavaOpenMetrics() throws IOException {
        out.reset();
        clientJavaOpenMetrics.write(out, clientJava.scrape());
        return out.size();
    }

    /** client_java 1.x, {@code PrometheusProtobufWriter}. */
    @Benchmark
    public int clientJavaProtobuf() throws IOException {
        out.reset();
        clientJavaProtobuf.write(out, clientJava.scrape());
        return out.size();
    }

    /** simpleclient, {@code TextFormat.write004}. */
    @Benchmark
    public int simpleclientText() throws IOException {
        out.reset();
        io.prometheus.client.exporter.common.TextFormat.write004(simpleclientWriter,
                simpleclient.metricFamilySamples());
        simpleclientWriter.flush();
        return out.size();
    }

    /** simpleclient, {@code TextFormat.writeOpenMetrics100}. */
    @Benchmark
    public int simpleclientOpenMetrics() throws IOException {
        out.reset();
        io.prometheus.client.exporter.common.TextFormat.writeOpenMetrics100(simpleclientWriter,
                simpleclient.metricFamilySamples());
        simpleclientWriter.flush();
        return out.size();
    }

    /** Micrometer, {@code PrometheusMeterRegistry.scrape(OutputStream)} (text 0.0.4). */
    @Benchmark
    public int micrometerText() throws IOException {
        out.reset();
        micrometer.scrape(out);
        return out.size();
    }

    private int promptly(ExpositionFormat format) throws IOException {
        out.reset();
        renderer.write(promptly, format, ALL_FAMILIES, out);
        return out.size();
    }

    private int promptly(ScrapeFormat format) throws IOException {
        out.reset();
        renderer.write(promptly, format, ALL_FAMILIES, out);
        return out.size();
    }
}
