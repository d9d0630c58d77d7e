package io.promptly.jmh;

import io.promptly.core.Histogram;
import io.promptly.core.HistogramHandle;
import java.util.Random;
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
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Native histogram observe: Promptly native-only (default schema 5, 160 buckets) and classic + native, over
 * 65,536 varied latency-like values (log-normal around 10 ms) so the bucket index is not learnt by the branch
 * predictor. Run with {@code -prof gc}: the record path must allocate 0 B/op.
 *
 * <p>Peer in the same run: client_java 1.x {@code io.prometheus.metrics.core.metrics.Histogram} built
 * {@code nativeOnly()} (its default schema 5 and 160 buckets, like Promptly's defaults), warmed the same way.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
@State(Scope.Benchmark)
public class NativeHistogramObserveBenchmark {
    private static final int VALUES = 1 << 16;
    private static final int MASK = VALUES - 1;

    private final double[] values = new double[VALUES];
    private HistogramHandle nativeOnly;
    private HistogramHandle classicAndNative;
    private HistogramHandle classicOnly;
    private io.prometheus.metrics.core.metrics.Histogram clientJavaNativeOnly;
    /** Bare baseline: a 1024-bucket log-linear window (exponent and top 5 mantissa bits), count, sum. */
    private final BareCells.Shared bare = new BareCells.Shared(BARE_WINDOW + 2);
    private static final int BARE_WINDOW = 1024;

    /** Per-thread cursor into the shared values. */
    @State(Scope.Thread)
    public static class Cursor {
        int next;
    }

    @Setup
    public void setUp() {
        Random r = new Random(42);
        for (int i = 0; i < VALUES; i++) {
            values[i] = 0.010 * Math.exp(r.nextGaussian());
        }
        nativeOnly = Histogram.builder("native_seconds").nativeOnly().build().labels();
        classicAndNative = Histogram.builder("both_seconds").nativeHistogram().build().labels();
        classicOnly = Histogram.builder("classic_seconds").build().labels();
        clientJavaNativeOnly = io.prometheus.metrics.core.metrics.Histogram.builder().name("cj_native_seconds")
                .help("Latency.").nativeOnly().register(new io.prometheus.metrics.model.registry.PrometheusRegistry());
        for (double v : values) {   // grow the windows once, outside the measurement
            nativeOnly.observe(v);
            classicAndNative.observe(v);
            clientJavaNativeOnly.observe(v);
        }
    }

    @Benchmark
    @Threads(1)
    public void promptlyNativeOnly(Cursor cursor) {
        nativeOnly.observe(values[cursor.next++ & MASK]);
    }

    @Benchmark
    @Threads(2)
    public void promptlyNativeOnlyTwoThreads(Cursor cursor) {
        nativeOnly.observe(values[cursor.next++ & MASK]);
    }

    /** Baseline in the same run: the classic histogram (default 11 buckets). */
    @Benchmark
    @Threads(1)
    public void promptlyClassicOnly(Cursor cursor) {
        classicOnly.observe(values[cursor.next++ & MASK]);
    }

    @Benchmark
    @Threads(1)
    public void promptlyClassicAndNative(Cursor cursor) {
        classicAndNative.observe(values[cursor.next++ & MASK]);
    }

    @Benchmark
    @Threads(1)
    public void clientJavaNativeOnly(Cursor cursor) {
        clientJavaNativeOnly.observe(values[cursor.next++ & MASK]);
    }

    @Benchmark
    @Threads(2)
    public void clientJavaNativeOnlyTwoThreads(Cursor cursor) {
        clientJavaNativeOnly.observe(values[cursor.next++ & MASK]);
    }

    /**
     * Bare baseline (issue 19): a log-linear bucket index from the value's top bits (exponent and 5 mantissa bits,
     * schema 5's resolution), one {@code getAndAdd} into the thread's own padded stripe's window, one CAS on its
     * sum.
     */
    @Benchmark
    @Threads(1)
    public void bareStripedNative(BareCells.Stripe stripe, Cursor cursor) {
        bareObserve(stripe, values[cursor.next++ & MASK]);
    }

    @Benchmark
    @Threads(2)
    public void bareStripedNativeTwoThreads(BareCells.Stripe stripe, Cursor cursor) {
        bareObserve(stripe, values[cursor.next++ & MASK]);
    }

    private void bareObserve(BareCells.Stripe stripe, double v) {
        long[] cells = bare.cells;
        int offset = stripe.of(bare);
        int index = (int) (Double.doubleToRawLongBits(v) >>> 47) & (BARE_WINDOW - 1);
        BareCells.LONGS.getAndAdd(cells, offset + index, 1L);
        BareCells.addDouble(cells, offset + BARE_WINDOW + 1, v);
    }
}
