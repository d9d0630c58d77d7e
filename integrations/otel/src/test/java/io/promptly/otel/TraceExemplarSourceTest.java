package io.promptly.otel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.context.Scope;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.samplers.Sampler;
import io.promptly.core.Counter;
import io.promptly.core.CounterHandle;
import io.promptly.core.Histogram;
import io.promptly.core.HistogramHandle;
import io.promptly.core.Registry;
import io.promptly.exposition.Exposition;
import io.promptly.exposition.ExpositionFormat;
import io.promptly.exposition.StrictOpenMetricsParser;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

/**
 * Spans from the OpenTelemetry SDK (sampled and not), metrics built with {@link TraceExemplarSource}, and their
 * exemplars as the exposition test-jar's strict OpenMetrics parser (written from the specification) reads them
 * from a scrape; the ids are compared with the SDK's own span context.
 */
class TraceExemplarSourceTest {
    private static final SdkTracerProvider SAMPLED = EndedSpans.provider(Sampler.alwaysOn());
    private static final SdkTracerProvider UNSAMPLED =
            EndedSpans.provider(Sampler.alwaysOff());

    @AfterAll
    static void shutDown() {
        SAMPLED.close();
        UNSAMPLED.close();
    }

    private static StrictOpenMetricsParser.Point point(Registry registry, String family, String sample,
                                                       Map<String, String> labels) {
        byte[] body = Exposition.render(registry, ExpositionFormat.OPENMETRICS).body();
        for (StrictOpenMetricsParser.Point p : StrictOpenMetricsParser.byName(StrictOpenMetricsParser.parse(body))
                .get(family).points()) {
            if (p.name().equals(sample) && p.labels().equals(labels)) {
                return p;
            }
        }
        throw new AssertionError("no sample " + sample + labels + " in " + new String(body));
    }

    private static Counter jobs(Registry registry, long[] now) {
        return Counter.builder("jobs").help("Jobs.").exemplarSource(TraceExemplarSource.INSTANCE)
                .exemplarClock(() -> now[0]).register(registry);
    }

    @Test
    void counterIncrementedInsideASampledSpanCarriesItsTraceAndSpanId() {
        Registry registry = new Registry();
        Counter counter = jobs(registry, new long[] {1_000});
        Span span = SAMPLED.get("test").spanBuilder("work").startSpan();
        inSpan(span, () -> {
            counter.inc(2);
        });
        span.end();
        assertTrue(span.getSpanContext().isValid() && span.getSpanContext().isSampled(), "a real sampled span");
        StrictOpenMetricsParser.Point p = point(registry, "jobs", "jobs_total", Map.of());
        assertEquals(2.0, p.value());
        assertNotNull(p.exemplar(), "exemplar expected");
        assertEquals(Map.of("trace_id", span.getSpanContext().getTraceId(),
                "span_id", span.getSpanContext().getSpanId()), p.exemplar().labels());
        assertEquals(2.0, p.exemplar().value());
        assertEquals(1.0, p.exemplar().timestamp());
        assertEquals(32, p.exemplar().labels().get("trace_id").length());
    }

    @Test
    void histogramObservedInsideASampledSpanPutsItsTraceIdOnTheObservationsBucket() {
        Registry registry = new Registry();
        Histogram h = Histogram.builder("latency_seconds").help("Latency.").buckets(0.1, 1)
                .exemplarSource(TraceExemplarSource.INSTANCE).register(registry);
        h.observe(0.05);   // no span: no exemplar on le=0.1
        Span span = SAMPLED.get("test").spanBuilder("work").startSpan();
        inSpan(span, () -> {
            h.observe(0.5);
        });
        span.end();
        StrictOpenMetricsParser.Point p = point(registry, "latency_seconds", "latency_seconds_bucket",
                Map.of("le", "1.0"));
        assertNotNull(p.exemplar(), "exemplar expected on the le=1.0 bucket");
        assertEquals(span.getSpanContext().getTraceId(), p.exemplar().labels().get("trace_id"));
        assertEquals(0.5, p.exemplar().value());
        assertNull(point(registry, "latency_seconds", "latency_seconds_bucket", Map.of("le", "0.1")).exemplar());
        assertNull(point(registry, "latency_seconds", "latency_seconds_bucket", Map.of("le", "+Inf")).exemplar());
    }

    @Test
    void unsampledSpanAndNoSpanGiveNoExemplar() {
        Registry registry = new Registry();
        Counter counter = jobs(registry, new long[] {1_000});
        Span span = UNSAMPLED.get("test").spanBuilder("work").startSpan();
        inSpan(span, () -> {
            assertTrue(span.getSpanContext().isValid(), "a real, valid, unsampled span");
            counter.inc();
            assertNull(TraceExemplarSource.INSTANCE.labels());
        });
        span.end();
        counter.inc();
        StrictOpenMetricsParser.Point p = point(registry, "jobs", "jobs_total", Map.of());
        assertEquals(2.0, p.value());
        assertNull(p.exemplar());
        assertNull(TraceExemplarSource.INSTANCE.labels());
    }

    @Test
    void rateLimitKeepsTheFirstSpanUntilTheIntervalHasPassed() {
        Registry registry = new Registry();
        long[] now = {1_000_000L};
        Counter counter = jobs(registry, now);
        Tracer tracer = SAMPLED.get("test");
        Span first = tracer.spanBuilder("first").startSpan();
        inSpan(first, () -> {
            counter.inc();
        });
        first.end();
        Span second = tracer.spanBuilder("second").startSpan();
        inSpan(second, () -> {
            now[0] += 4_999;
            counter.inc();
        });
        second.end();
        assertEquals(first.getSpanContext().getTraceId(),
                point(registry, "jobs", "jobs_total", Map.of()).exemplar().labels().get("trace_id"));
        Span third = tracer.spanBuilder("third").startSpan();
        inSpan(third, () -> {
            now[0] += 1;   // 5 s after the first: the default interval
            counter.inc();
        });
        third.end();
        assertEquals(third.getSpanContext().getSpanId(),
                point(registry, "jobs", "jobs_total", Map.of()).exemplar().labels().get("span_id"));
        assertEquals(3.0, point(registry, "jobs", "jobs_total", Map.of()).value());
    }

    @Test
    void recordsWithoutASampledSpanOrSkippedByTheRateLimitAllocateNothing() {
        com.sun.management.ThreadMXBean threads =
                (com.sun.management.ThreadMXBean) java.lang.management.ManagementFactory.getThreadMXBean();
        long thread = Thread.currentThread().getId();
        Registry registry = new Registry();
        CounterHandle counter = jobs(registry, new long[] {1_000}).labels();
        HistogramHandle histogram = Histogram.builder("latency_seconds").buckets(0.1, 1)
                .exemplarSource(TraceExemplarSource.INSTANCE).register(registry).labels();
        Span unsampled = UNSAMPLED.get("test").spanBuilder("unsampled").startSpan();
        Span sampled = SAMPLED.get("test").spanBuilder("sampled").startSpan();
        long[] bytes = new long[3];
        for (int round = 0; round < 3; round++) {   // rounds 0 and 1 warm up (class loading, compilation)
            long start = threads.getThreadAllocatedBytes(thread);
            records(counter, histogram);                        // no span
            long afterNone = threads.getThreadAllocatedBytes(thread);
            inSpan(unsampled, () -> {
                records(counter, histogram);                    // a valid span, not sampled
            });
            long afterUnsampled = threads.getThreadAllocatedBytes(thread);
            inSpan(sampled, () -> {
                records(counter, histogram);                    // sampled: the first kept, the rest rate limited
            });
            long afterSampled = threads.getThreadAllocatedBytes(thread);
            bytes[0] = afterNone - start;
            bytes[1] = afterUnsampled - afterNone;
            bytes[2] = afterSampled - afterUnsampled;
        }
        unsampled.end();
        sampled.end();
        // 200,000 records per phase; one allocation per record would be at least 16 B each: 3.2 MB.
        // makeCurrent itself allocates a scope (tens of bytes) once per phase.
        assertTrue(bytes[0] < 4_096, "no span: " + bytes[0] + " B for 200,000 records");
        assertTrue(bytes[1] < 4_096, "unsampled span: " + bytes[1] + " B for 200,000 records");
        assertTrue(bytes[2] < 4_096, "sampled, rate limited: " + bytes[2] + " B for 200,000 records");
        assertNotNull(counter.exemplar(), "the sampled phase kept one exemplar");
    }

    private static void records(CounterHandle counter, HistogramHandle histogram) {
        for (int i = 0; i < 100_000; i++) {
            counter.inc();
            histogram.observe((i & 7) * 0.2);
        }
    }

    /** Runs {@code body} with {@code span} current. */
    static void inSpan(Span span, Runnable body) {
        Scope scope = span.makeCurrent();
        try {
            body.run();
        } finally {
            scope.close();
        }
    }
}
