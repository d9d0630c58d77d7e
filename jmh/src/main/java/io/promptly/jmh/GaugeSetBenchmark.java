package io.promptly.jmh;

import io.prometheus.metrics.core.datapoints.GaugeDataPoint;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import io.promptly.core.GaugeHandle;
import io.promptly.core.Registry;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
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
 * Gauge set: Promptly's cached handle against client_java 1.x, simpleclient, Dropwizard's settable gauge and the
 * bare JDK stores, on one gauge shared by every benchmark thread; each call sets the thread's next value from
 * {@link BenchmarkData#VALUES}. Micrometer has no settable gauge (its gauges read the caller's own object at
 * scrape time, i.e. the {@code jdk*} rows), so it has no row here.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 5, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(3)
@State(Scope.Benchmark)
public class GaugeSetBenchmark {
    private GaugeHandle promptlyHandle;
    private GaugeDataPoint clientJavaHandle;
    private io.prometheus.client.Gauge.Child simpleclientHandle;
    private com.codahale.metrics.DefaultSettableGauge<Double> dropwizard;
    private AtomicLong atomicBits;

    /** Builds every client's gauge, labelled {@code queue}, and binds the {@code email} series. */
    @Setup
    public void setUp() {
        promptlyHandle = io.promptly.core.Gauge.builder("jobs_queued").help("Jobs waiting.").labelNames("queue")
                .register(new Registry()).labels("email");
        clientJavaHandle = io.prometheus.metrics.core.metrics.Gauge.builder().name("jobs_queued")
                .help("Jobs waiting.").labelNames("queue").register(new PrometheusRegistry()).labelValues("email");
        simpleclientHandle = io.prometheus.client.Gauge.build().name("jobs_queued").help("Jobs waiting.")
                .labelNames("queue").register(new io.prometheus.client.CollectorRegistry()).labels("email");
        dropwizard = new com.codahale.metrics.MetricRegistry()
                .register("jobs_queued", new com.codahale.metrics.DefaultSettableGauge<>(0.0));
        atomicBits = new AtomicLong();
    }

    /** Promptly: the cached series handle. */
    @Benchmark
    public void promptlyHandle(ValueCursor values) {
        promptlyHandle.set(values.next());
    }

    /** client_java 1.x: the cached data point. */
    @Benchmark
    public void clientJavaHandle(ValueCursor values) {
        clientJavaHandle.set(values.next());
    }

    /** simpleclient: the cached child. */
    @Benchmark
    public void simpleclientHandle(ValueCursor values) {
        simpleclientHandle.set(values.next());
    }

    /** Dropwizard: {@code DefaultSettableGauge<Double>} (boxes the value). */
    @Benchmark
    public void dropwizardHandle(ValueCursor values) {
        dropwizard.setValue(values.next());
    }

    /** Bare JDK baseline: a volatile store of the double's bits. */
    @Benchmark
    public void jdkAtomicLongSetHandle(ValueCursor values) {
        atomicBits.set(Double.doubleToRawLongBits(values.next()));
    }

    /** Bare JDK baseline: a release store of the double's bits. */
    @Benchmark
    public void jdkAtomicLongSetReleaseHandle(ValueCursor values) {
        atomicBits.setRelease(Double.doubleToRawLongBits(values.next()));
    }
}
