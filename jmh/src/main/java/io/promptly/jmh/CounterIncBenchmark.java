package io.promptly.jmh;

import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.prometheus.metrics.core.datapoints.CounterDataPoint;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import io.promptly.core.CounterHandle;
import io.promptly.core.Labels;
import io.promptly.core.Registry;
import io.promptly.core.SingleWriterCounter;
import java.nio.ByteBuffer;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import org.agrona.concurrent.UnsafeBuffer;
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
 * Counter increment: Promptly (cached handle; per-call {@link Labels}) against client_java 1.x, simpleclient,
 * Micrometer, Dropwizard and the bare JDK / Agrona cells, all on one metric shared by every benchmark thread
 * ({@code -t 1}, {@code -t 2}, ... from the runner). Method names are {@code <subject><Kind>}: the table compares
 * rows of the same kind ({@code Handle}, {@code PerCallLabels}).
 *
 * <p>Target (PERFORMANCE-TARGETS.md): {@code promptlyHandle} ≤ 1.0× {@code jdkLongAdderHandle} in the same run,
 * 0 B/op, at 1, 2 and 8 threads; {@code promptlySingleWriterHandle} ≤ 1 ns;
 * {@code promptlyPerCallLabels} ≤ 10 ns and 0 B/op beyond the caller's own {@code Labels}.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 5, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 3, jvmArgsAppend = BenchmarkData.AGRONA_EXPORTS)
@State(Scope.Benchmark)
public class CounterIncBenchmark {
    private io.promptly.core.Counter promptly;
    private CounterHandle promptlyHandle;
    private Labels promptlyLabels;

    private io.prometheus.metrics.core.metrics.Counter clientJava;
    private CounterDataPoint clientJavaHandle;

    private io.prometheus.client.Counter simpleclient;
    private io.prometheus.client.Counter.Child simpleclientHandle;

    private PrometheusMeterRegistry micrometerRegistry;
    private io.micrometer.core.instrument.Counter micrometerHandle;

    private com.codahale.metrics.Counter dropwizard;

    private LongAdder longAdder;
    private final BareCells.Shared bare = new BareCells.Shared(1);
    private AtomicLong atomicLong;

    /** Builds every client's counter, labelled {@code method}, {@code code}, and binds the GET/200 series. */
    @Setup
    public void setUp() {
        promptly = io.promptly.core.Counter.builder("requests").help("Requests.").labelNames("method", "code")
                .register(new Registry());
        promptlyHandle = promptly.labels("GET", "200");
        promptlyLabels = Labels.of("method", "GET", "code", "200");

        clientJava = io.prometheus.metrics.core.metrics.Counter.builder().name("requests").help("Requests.")
                .labelNames("method", "code").register(new PrometheusRegistry());
        clientJavaHandle = clientJava.labelValues("GET", "200");

        simpleclient = io.prometheus.client.Counter.build().name("requests").help("Requests.")
                .labelNames("method", "code").register(new io.prometheus.client.CollectorRegistry());
        simpleclientHandle = simpleclient.labels("GET", "200");

        micrometerRegistry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        micrometerHandle = io.micrometer.core.instrument.Counter.builder("requests").description("Requests.")
                .tags("method", "GET", "code", "200").register(micrometerRegistry);

        dropwizard = new com.codahale.metrics.MetricRegistry().counter("requests");

        longAdder = new LongAdder();
        atomicLong = new AtomicLong();
    }

    /** Promptly: the cached series handle (the documented fast path). */
    @Benchmark
    public void promptlyHandle() {
        promptlyHandle.inc();
    }

    /**
     * Promptly: a single-writer cell of the shared series, one per benchmark thread ({@code forThisThread()}:
     * plain add + opaque store). Target ≤ 1 ns.
     */
    @Benchmark
    public void promptlySingleWriterHandle(PromptlyOwnedCell cell) {
        cell.counter.inc();
    }

    /** Promptly: aioprometheus-style per-call labels, the {@code Labels} built once by the caller. */
    @Benchmark
    public void promptlyPerCallLabels() {
        promptly.inc(promptlyLabels);
    }

    /** Promptly: per-call labels built on every call ({@code Labels.of} allocates and validates). */
    @Benchmark
    public void promptlyPerCallLabelsOf() {
        promptly.inc(Labels.of("method", "GET", "code", "200"));
    }

    /** client_java 1.x: the cached {@code labelValues} data point. */
    @Benchmark
    public void clientJavaHandle() {
        clientJavaHandle.inc();
    }

    /** client_java 1.x: {@code labelValues(...)} looked up on every call. */
    @Benchmark
    public void clientJavaPerCallLabels() {
        clientJava.labelValues("GET", "200").inc();
    }

    /** simpleclient: the cached child. */
    @Benchmark
    public void simpleclientHandle() {
        simpleclientHandle.inc();
    }

    /** simpleclient: {@code labels(...)} looked up on every call. */
    @Benchmark
    public void simpleclientPerCallLabels() {
        simpleclient.labels("GET", "200").inc();
    }

    /** Micrometer (Prometheus registry): the cached counter. */
    @Benchmark
    public void micrometerHandle() {
        micrometerHandle.increment();
    }

    /** Micrometer: {@code registry.counter(name, tags...)} looked up on every call. */
    @Benchmark
    public void micrometerPerCallLabels() {
        micrometerRegistry.counter("requests", "method", "GET", "code", "200").increment();
    }

    /** Dropwizard: a registry counter (no labels in its model). */
    @Benchmark
    public void dropwizardHandle() {
        dropwizard.inc();
    }

    /** Bare JDK baseline: {@code LongAdder.increment()}. */
    @Benchmark
    public void jdkLongAdderHandle() {
        longAdder.increment();
    }

    /** Bare baseline (issue 19): one {@code getAndAdd} on the thread's own padded stripe. */
    @Benchmark
    public void bareStripedHandle(BareCells.Stripe stripe) {
        BareCells.LONGS.getAndAdd(bare.cells, stripe.of(bare), 1L);
    }

    /** Bare baseline (issue 19): a plain add and an opaque store on the thread's own padded cell. */
    @Benchmark
    public void bareSingleWriterHandle(BareCells.Owned owned) {
        long[] cells = owned.cells;
        BareCells.LONGS.setOpaque(cells, BareCells.PAD, cells[BareCells.PAD] + 1L);
    }

    /** Bare JDK baseline: {@code AtomicLong.incrementAndGet()}. */
    @Benchmark
    public long jdkAtomicLongHandle() {
        return atomicLong.incrementAndGet();
    }

    /** Agrona baseline: {@code getAndAddLong} on a cell 128 bytes from anything else. */
    @Benchmark
    public long agronaCellHandle(AgronaCell cell) {
        return cell.buffer.getAndAddLong(AgronaCell.INDEX, 1L);
    }

    /**
     * The calling benchmark thread's own cell of the shared GET/200 series, obtained once per thread.
     * Per thread: only its owner may update it.
     */
    @State(Scope.Thread)
    public static class PromptlyOwnedCell {
        SingleWriterCounter counter;

        /** Takes this thread's cell from the shared series. */
        @Setup
        public void setUp(CounterIncBenchmark shared) {
            counter = shared.promptlyHandle.forThisThread();
        }
    }

    /**
     * An Agrona {@link UnsafeBuffer} cell, in its own state so that only {@link #agronaCellHandle} loads Agrona.
     * Shared by all benchmark threads like the other metrics.
     */
    @State(Scope.Benchmark)
    public static class AgronaCell {
        /** Offset of the cell: 128 bytes of padding before and after it. */
        static final int INDEX = 128;
        private static final int CAPACITY = 2 * INDEX + Long.BYTES;

        UnsafeBuffer buffer;

        /** Allocates the padded direct buffer. */
        @Setup
        public void setUp() {
            buffer = new UnsafeBuffer(ByteBuffer.allocateDirect(CAPACITY));
            buffer.verifyAlignment();
        }
    }
}
