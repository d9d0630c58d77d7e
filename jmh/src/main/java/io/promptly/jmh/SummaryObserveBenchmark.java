package io.promptly.jmh;

import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.prometheus.metrics.core.datapoints.DistributionDataPoint;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import io.promptly.core.Registry;
import io.promptly.core.SummaryHandle;
import io.promptly.core.quantile.NanoClock;
import io.promptly.core.quantile.WindowedQuantiles;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Summary observe with quantiles 0.5 / 0.9 / 0.99 over a 10-minute window of 5 age buckets (where the client has
 * one): Promptly's cached handle against client_java 1.x and simpleclient (CKMS, rank errors 0.05 / 0.01 /
 * 0.001), Micrometer (a {@code DistributionSummary} publishing the percentiles, same window) and Dropwizard
 * (a registry histogram: its default exponentially decaying reservoir, the one users get). Every call observes
 * the thread's next value of the shared 64k values.
 *
 * <p>Target: {@code promptlyHandle} ≤ 10 ns, 0 B/op, with the error bound held. {@code promptlyHandle} is the
 * whole summary observe (count and sum in the thread's own block, then the windowed quantile sketch);
 * {@code promptlyQuantileEngineHandle} is the sketch alone, so the difference is the count-and-sum cut (see
 * BENCHMARKS.md).
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 5, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(3)
@State(Scope.Benchmark)
public class SummaryObserveBenchmark {
    private SummaryHandle promptlyHandle;
    private WindowedQuantiles promptlyEngine;
    private DistributionDataPoint clientJavaHandle;
    private io.prometheus.client.Summary.Child simpleclientHandle;
    private DistributionSummary micrometerHandle;
    private com.codahale.metrics.Histogram dropwizard;
    /** Bare baseline: count, sum and a 1024-bucket log-linear sketch window per padded stripe. */
    private final BareCells.Shared bare = new BareCells.Shared(BARE_WINDOW + 2);
    private static final int BARE_WINDOW = 1024;

    /** Builds every client's summary, labelled {@code route}, and binds the {@code /api} series. */
    @Setup
    public void setUp() {
        double[] q = BenchmarkData.QUANTILES;
        double[] err = BenchmarkData.QUANTILE_RANK_ERRORS;
        Duration window = Duration.ofSeconds(BenchmarkData.WINDOW_SECONDS);
        int ageBuckets = BenchmarkData.WINDOW_AGE_BUCKETS;

        promptlyHandle = io.promptly.core.Summary.builder("request_seconds").help("Latency.").labelNames("route")
                .quantiles(q).maxAge(window).ageBuckets(ageBuckets).register(new Registry()).labels("/api");
        promptlyEngine = new WindowedQuantiles(io.promptly.core.Summary.DEFAULT_RELATIVE_ERROR, window.toNanos(),
                ageBuckets, NanoClock.SYSTEM);

        io.prometheus.metrics.core.metrics.Summary.Builder cj = io.prometheus.metrics.core.metrics.Summary.builder()
                .name("request_seconds").help("Latency.").labelNames("route")
                .maxAgeSeconds(BenchmarkData.WINDOW_SECONDS).numberOfAgeBuckets(ageBuckets);
        io.prometheus.client.Summary.Builder sc = io.prometheus.client.Summary.build().name("request_seconds")
                .help("Latency.").labelNames("route").maxAgeSeconds(BenchmarkData.WINDOW_SECONDS)
                .ageBuckets(ageBuckets);
        for (int i = 0; i < q.length; i++) {
            cj.quantile(q[i], err[i]);
            sc.quantile(q[i], err[i]);
        }
        clientJavaHandle = cj.register(new PrometheusRegistry()).labelValues("/api");
        simpleclientHandle = sc.register(new io.prometheus.client.CollectorRegistry()).labels("/api");

        micrometerHandle = DistributionSummary.builder("request_seconds").description("Latency.")
                .tags("route", "/api").publishPercentiles(q).distributionStatisticExpiry(window)
                .distributionStatisticBufferLength(ageBuckets)
                .register(new PrometheusMeterRegistry(PrometheusConfig.DEFAULT));

        dropwizard = new com.codahale.metrics.MetricRegistry().histogram("request_seconds");
    }

    /** Promptly: the cached series handle. */
    @Benchmark
    public void promptlyHandle(ValueCursor values) {
        promptlyHandle.observe(values.next());
    }

    /**
     * Promptly's windowed quantile engine alone ({@code core.quantile.WindowedQuantiles}, α = 1%, same window),
     * shared by all benchmark threads: the part of {@link #promptlyHandle} that the quantiles cost.
     */
    @Benchmark
    public void promptlyQuantileEngineHandle(ValueCursor values) {
        promptlyEngine.observe(values.next());
    }

    /** client_java 1.x: the cached data point. */
    @Benchmark
    public void clientJavaHandle(ValueCursor values) {
        clientJavaHandle.observe(values.next());
    }

    /** simpleclient: the cached child. */
    @Benchmark
    public void simpleclientHandle(ValueCursor values) {
        simpleclientHandle.observe(values.next());
    }

    /** Micrometer: a distribution summary publishing client-side percentiles. */
    @Benchmark
    public void micrometerHandle(ValueCursor values) {
        micrometerHandle.record(values.next());
    }

    /**
     * Dropwizard: a registry histogram (it records longs: the value is scaled to microseconds, as a latency
     * recorder would).
     */
    @Benchmark
    public void dropwizardHandle(ValueCursor values) {
        dropwizard.update((long) (values.next() * MICROS_PER_SECOND));
    }

    /**
     * Bare baseline (issue 19): on the thread's own padded stripe, one {@code getAndAdd} on a sketch bucket
     * (index from the value's exponent and top 5 mantissa bits), one on the count and one CAS on the sum.
     */
    @Benchmark
    public void bareStripedHandle(BareCells.Stripe stripe, ValueCursor values) {
        double v = values.next();
        long[] cells = bare.cells;
        int offset = stripe.of(bare);
        int index = (int) (Double.doubleToRawLongBits(v) >>> 47) & (BARE_WINDOW - 1);
        BareCells.LONGS.getAndAdd(cells, offset + index, 1L);
        BareCells.LONGS.getAndAdd(cells, offset + BARE_WINDOW, 1L);
        BareCells.addDouble(cells, offset + BARE_WINDOW + 1, v);
    }

    private static final double MICROS_PER_SECOND = 1e6;
}
