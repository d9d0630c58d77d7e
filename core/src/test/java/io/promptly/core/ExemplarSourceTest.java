package io.promptly.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** Plain records asking a metric's {@link ExemplarSource}: order of the calls, rate limit, explicit offers. */
class ExemplarSourceTest {
    /** A source scripted by the test; counts the calls to each method. */
    static final class ScriptedSource implements ExemplarSource {
        boolean available;
        Labels labels;
        int availableCalls;
        int labelsCalls;

        @Override
        public boolean available() {
            availableCalls++;
            return available;
        }

        @Override
        public Labels labels() {
            labelsCalls++;
            return labels;
        }
    }

    @Test
    void plainIncrementsTakeTheSourcesExemplarUnderTheRateLimitAndAskForLabelsOnlyWhenDue() {
        AtomicLong now = new AtomicLong(10_000);
        ScriptedSource source = new ScriptedSource();
        Counter c = Counter.builder("jobs").exemplarIntervalMillis(1_000).exemplarClock(now::get)
                .exemplarSource(source).build();
        c.inc();
        assertNull(c.labels().exemplar(), "no exemplar while the source has none");
        assertEquals(0, source.labelsCalls);
        source.available = true;
        source.labels = Labels.of("trace_id", "t1");
        c.inc(2.5);
        assertEquals("{trace_id=\"t1\"}", c.labels().exemplar().labels().toString());
        assertEquals(2.5, c.labels().exemplar().value());
        assertEquals(10_000, c.labels().exemplar().timestampMillis());
        source.labels = Labels.of("trace_id", "t2");
        now.set(10_999);
        c.inc(4L);
        assertEquals("{trace_id=\"t1\"}", c.labels().exemplar().labels().toString(), "rate limited");
        assertEquals(1, source.labelsCalls, "labels asked for only when the slot was due");
        now.set(11_000);
        c.inc();
        assertEquals("{trace_id=\"t2\"}", c.labels().exemplar().labels().toString());
        assertEquals(1.0, c.labels().exemplar().value());
        assertEquals(4, source.availableCalls);
        assertEquals(8.5, c.get(), "every record counted");
    }

    @Test
    void explicitExemplarsDoNotConsultTheSourceAndInvalidSourceLabelsAreDropped() {
        AtomicLong now = new AtomicLong(0);
        ScriptedSource source = new ScriptedSource();
        source.available = true;
        source.labels = Labels.of("trace_id", "x".repeat(200));   // over 128 code points
        Counter c = Counter.builder("jobs").exemplarClock(now::get).exemplarSource(source).build();
        c.inc();
        assertNull(c.labels().exemplar(), "too long: dropped, not thrown");
        c.incWithExemplar(1, Labels.of("trace_id", "explicit"));
        assertEquals("{trace_id=\"explicit\"}", c.labels().exemplar().labels().toString());
        assertEquals(1, source.availableCalls, "incWithExemplar did not ask the source");
        source.labels = null;
        now.set(60_000);
        c.inc();
        assertEquals("{trace_id=\"explicit\"}", c.labels().exemplar().labels().toString(), "null labels: none");
    }

    @Test
    void plainObservationsTakeTheSourcesExemplarInTheirOwnBucket() {
        AtomicLong now = new AtomicLong(5_000);
        ScriptedSource source = new ScriptedSource();
        Histogram h = Histogram.builder("latency_seconds").buckets(0.1, 1).exemplarClock(now::get)
                .exemplarSource(source).build();
        h.observe(0.05);
        source.available = true;
        source.labels = Labels.of("span_id", "s1");
        h.observe(0.5);
        h.observe(7);
        source.labels = Labels.of("span_id", "s2");
        h.observe(0.7);   // the le=1 bucket already has one, younger than 5 s
        h.observeWithExemplar(0.01, Labels.of("span_id", "explicit"));
        ExemplarTest.ExemplarSink sink = new ExemplarTest.ExemplarSink();
        h.collect(sink);
        List<String> expected = new ArrayList<>(List.of(
                "0.1 {span_id=\"explicit\"} 0.01 @5000",
                "1.0 {span_id=\"s1\"} 0.5 @5000",
                "+Inf {span_id=\"s1\"} 7.0 @5000"));
        assertEquals(expected, sink.seen);
        assertEquals(4, source.availableCalls, "observeWithExemplar did not ask the source");
    }

    @Test
    void withoutASourceOrWithoutAnExemplarARecordAllocatesNothing() {
        com.sun.management.ThreadMXBean threads =
                (com.sun.management.ThreadMXBean) java.lang.management.ManagementFactory.getThreadMXBean();
        ScriptedSource source = new ScriptedSource();
        CounterHandle plain = Counter.builder("plain").build().labels();
        CounterHandle sourced = Counter.builder("sourced").exemplarSource(source).build().labels();
        HistogramHandle histogram = Histogram.builder("h").buckets(1, 2).exemplarSource(source).build().labels();
        for (int round = 0; round < 3; round++) {   // the first rounds warm up (class loading, compilation)
            long before = threads.getThreadAllocatedBytes(Thread.currentThread().getId());
            for (int i = 0; i < 100_000; i++) {
                plain.inc();
                sourced.inc();
                sourced.inc(0.5);
                histogram.observe(i & 3);
            }
            long allocated = threads.getThreadAllocatedBytes(Thread.currentThread().getId()) - before;
            if (round == 2) {
                // one allocation per record would be at least 16 B each: 6.4 MB
                assertTrue(allocated < 400_000, allocated + " bytes allocated by 400,000 records without exemplar");
            }
        }
        assertEquals(300_000.0, plain.get());
        assertEquals(450_000.0, sourced.get());
        assertEquals(0, source.labelsCalls);
    }
}
