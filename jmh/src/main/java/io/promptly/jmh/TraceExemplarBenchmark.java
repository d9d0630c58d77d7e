package io.promptly.jmh;

import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.api.trace.TraceFlags;
import io.opentelemetry.api.trace.TraceState;
import io.opentelemetry.context.Scope;
import io.promptly.core.Counter;
import io.promptly.core.CounterHandle;
import io.promptly.core.Histogram;
import io.promptly.core.HistogramHandle;
import io.promptly.core.Registry;
import io.promptly.otel.TraceExemplarSource;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The cost of {@link TraceExemplarSource} (promptly-otel) on the record path: a counter increment and a
 * histogram observation (11 default buckets) without a source (the baseline), and with the source while the
 * benchmark thread has no span, a valid unsampled span, or a sampled span (then every record but one per 5 s is
 * skipped by the rate limit). The spans are API spans around fixed span contexts, made current for the whole
 * trial on the benchmark thread. B/op ({@code -prof gc}) shows that no case allocates.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 5, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(3)
public class TraceExemplarBenchmark {
    /** One counter and histogram without a source, one of each with {@link TraceExemplarSource}. */
    @State(org.openjdk.jmh.annotations.Scope.Benchmark)
    public static class Metrics {
        CounterHandle plainCounter;
        CounterHandle tracedCounter;
        HistogramHandle plainHistogram;
        HistogramHandle tracedHistogram;

        /** Builds the four series. */
        @Setup
        public void setUp() {
            Registry registry = new Registry();
            plainCounter = Counter.builder("plain").register(registry).labels();
            tracedCounter = Counter.builder("traced").exemplarSource(TraceExemplarSource.INSTANCE)
                    .register(registry).labels();
            plainHistogram = Histogram.builder("plain_seconds").buckets(BenchmarkData.DEFAULT_BUCKETS)
                    .register(registry).labels();
            tracedHistogram = Histogram.builder("traced_seconds").buckets(BenchmarkData.DEFAULT_BUCKETS)
                    .exemplarSource(TraceExemplarSource.INSTANCE).register(registry).labels();
        }
    }

    /** The span current on the benchmark thread for the whole trial. */
    @State(org.openjdk.jmh.annotations.Scope.Thread)
    public static class CurrentSpan {
        /** none, unsampled (valid span context, sampled flag off) or sampled. */
        @Param({"none", "unsampled", "sampled"})
        public String span;
        private Scope scope;

        /** Makes the span current on this (the benchmark) thread. */
        @Setup(Level.Trial)
        public void enter() {
            if (!span.equals("none")) {
                TraceFlags flags = span.equals("sampled") ? TraceFlags.getSampled() : TraceFlags.getDefault();
                scope = Span.wrap(SpanContext.create("4bf92f3577b34da6a3ce929d0e0e4736", "00f067aa0ba902b7", flags,
                        TraceState.getDefault())).makeCurrent();
            }
        }

        /** Closes the scope on the thread that opened it. */
        @TearDown(Level.Trial)
        public void exit() {
            if (scope != null) {
                scope.close();
            }
        }
    }

    /** Counter without a source (does not look at the span). */
    @Benchmark
    public void counterWithoutSource(Metrics m, CurrentSpan s) {
        m.plainCounter.inc();
    }

    /** Counter with {@link TraceExemplarSource}. */
    @Benchmark
    public void counterWithTraceSource(Metrics m, CurrentSpan s) {
        m.tracedCounter.inc();
    }

    /** Histogram without a source. */
    @Benchmark
    public void histogramWithoutSource(Metrics m, CurrentSpan s, ValueCursor values) {
        m.plainHistogram.observe(values.next());
    }

    /** Histogram with {@link TraceExemplarSource}. */
    @Benchmark
    public void histogramWithTraceSource(Metrics m, CurrentSpan s, ValueCursor values) {
        m.tracedHistogram.observe(values.next());
    }
}
