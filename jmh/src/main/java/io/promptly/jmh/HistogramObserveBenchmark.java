package io.promptly.jmh;

import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.prometheus.metrics.core.datapoints.DistributionDataPoint;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import io.promptly.core.HistogramHandle;
import io.promptly.core.Registry;
import io.promptly.core.SingleWriterHistogram;
import java.util.Arrays;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.DoubleAdder;
import java.util.concurrent.atomic.LongAdder;
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
 * Classic histogram observe with the 11 default buckets: Promptly's cached handle against client_java 1.x
 * (classic only), simpleclient, Micrometer (a {@code DistributionSummary} whose SLOs are the same bounds) and a
 * bare JDK histogram ({@code Arrays.binarySearch} + {@code LongAdder} per bucket + {@code DoubleAdder} sum).
 * Every call observes the thread's next value of the same 64k log-uniform values ({@link BenchmarkData}), so a
 * branchy bucket search pays for its mispredictions as it would in production.
 *
 * <p>Target: {@code promptlyHandle} ≤ 10 ns at 1 and 2 threads, 0 B/op.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 5, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(3)
@State(Scope.Benchmark)
public class HistogramObserveBenchmark {
    private HistogramHandle promptlyHandle;
    private DistributionDataPoint clientJavaHandle;
    private io.prometheus.client.Histogram.Child simpleclientHandle;
    private DistributionSummary micrometerHandle;
    private JdkHistogram jdk;
    private double[] barePadded;
    private int bareLast;
    private BareCells.Shared bareShared;

    /** Builds every client's histogram, labelled {@code route}, and binds the {@code /api} series. */
    @Setup
    public void setUp() {
        double[] bounds = BenchmarkData.DEFAULT_BUCKETS;
        promptlyHandle = io.promptly.core.Histogram.builder("request_seconds").help("Latency.").labelNames("route")
                .buckets(bounds).register(new Registry()).labels("/api");
        clientJavaHandle = io.prometheus.metrics.core.metrics.Histogram.builder().name("request_seconds")
                .help("Latency.").labelNames("route").classicOnly().classicUpperBounds(bounds)
                .register(new PrometheusRegistry()).labelValues("/api");
        simpleclientHandle = io.prometheus.client.Histogram.build().name("request_seconds").help("Latency.")
                .labelNames("route").buckets(bounds).register(new io.prometheus.client.CollectorRegistry())
                .labels("/api");
        micrometerHandle = DistributionSummary.builder("request_seconds").description("Latency.")
                .tags("route", "/api").serviceLevelObjectives(bounds)
                .register(new PrometheusMeterRegistry(PrometheusConfig.DEFAULT));
        jdk = new JdkHistogram(bounds);
        barePadded = BareCells.padded(bounds);
        bareLast = bounds.length;
        bareShared = new BareCells.Shared(bounds.length + 2);
    }

    /**
     * Bare baseline of a shared handle (issue 19): the branch-free search, one {@code getAndAdd} on the bucket
     * count of the thread's own padded stripe and one CAS on that stripe's sum. {@code promptlyHandle} target
     * ≤ 1.2× this.
     */
    @Benchmark
    public void bareStripedHandle(BareCells.Stripe stripe, ValueCursor values) {
        double v = values.next();
        long[] cells = bareShared.cells;
        int offset = stripe.of(bareShared);
        BareCells.LONGS.getAndAdd(cells, offset + BareCells.search(barePadded, bareLast, v), 1L);
        BareCells.addDouble(cells, offset + bareLast + 1, v);
    }

    /**
     * Bare baseline of a single-writer block (issue 19): the search, plain adds and opaque stores of one bucket
     * count and the sum. {@code promptlySingleWriterHandle} target ≤ 1.2× this.
     */
    @Benchmark
    public void bareSingleWriterHandle(BareCells.Owned owned, ValueCursor values) {
        double v = values.next();
        long[] cells = owned.cells;
        int bucket = BareCells.PAD + BareCells.search(barePadded, bareLast, v);
        BareCells.LONGS.setOpaque(cells, bucket, cells[bucket] + 1L);
        int sum = BareCells.PAD + bareLast + 1;
        BareCells.LONGS.setOpaque(cells, sum,
                Double.doubleToRawLongBits(Double.longBitsToDouble(cells[sum]) + v));
    }

    /** Promptly: the cached series handle. */
    @Benchmark
    public void promptlyHandle(ValueCursor values) {
        promptlyHandle.observe(values.next());
    }

    /** Promptly: the thread's own single-writer block of the shared series ({@code forThisThread()}). */
    @Benchmark
    public void promptlySingleWriterHandle(PromptlyOwnedBlock block, ValueCursor values) {
        block.histogram.observe(values.next());
    }

    /** client_java 1.x: the cached data point of a classic-only histogram. */
    @Benchmark
    public void clientJavaHandle(ValueCursor values) {
        clientJavaHandle.observe(values.next());
    }

    /** simpleclient: the cached child. */
    @Benchmark
    public void simpleclientHandle(ValueCursor values) {
        simpleclientHandle.observe(values.next());
    }

    /** Micrometer: a distribution summary with the bounds as SLOs (exported as a Prometheus histogram). */
    @Benchmark
    public void micrometerHandle(ValueCursor values) {
        micrometerHandle.record(values.next());
    }

    /** Bare JDK baseline: binary search, one {@code LongAdder} per bucket, a {@code DoubleAdder} sum. */
    @Benchmark
    public void jdkAddersHandle(ValueCursor values) {
        jdk.observe(values.next());
    }

    /**
     * The calling benchmark thread's own block of the shared series ({@code forThisThread()}), obtained once per
     * thread. Per thread: only its owner may observe into it.
     */
    @State(Scope.Thread)
    public static class PromptlyOwnedBlock {
        SingleWriterHistogram histogram;

        /** Takes this thread's block from the shared series. */
        @Setup
        public void setUp(HistogramObserveBenchmark shared) {
            histogram = shared.promptlyHandle.forThisThread();
        }
    }

    /** The JDK baseline histogram. Thread-safe; allocates nothing per observation. */
    static final class JdkHistogram {
        private final double[] bounds;
        private final LongAdder[] buckets;
        private final DoubleAdder sum = new DoubleAdder();

        JdkHistogram(double[] bounds) {
            this.bounds = bounds.clone();
            this.buckets = new LongAdder[bounds.length + 1];
            for (int i = 0; i < buckets.length; i++) {
                buckets[i] = new LongAdder();
            }
        }

        void observe(double value) {
            int i = Arrays.binarySearch(bounds, value);
            buckets[i >= 0 ? i : -i - 1].increment();
            sum.add(value);
        }
    }
}
