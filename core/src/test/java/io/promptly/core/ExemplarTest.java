package io.promptly.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class ExemplarTest {
    /** A sink that keeps the exemplars it was given, by sample. */
    static final class ExemplarSink extends RecordingSink {
        final List<String> seen = new ArrayList<>();
        Exemplar counterExemplar;

        @Override
        public void counter(SeriesLabels series, long whole, double fraction, Exemplar exemplar) {
            counterExemplar = exemplar;
            counter(series, whole, fraction);
        }

        @Override
        public void histogramBucket(SeriesLabels series, EncodedLabel le, long cumulativeCount, Exemplar exemplar) {
            if (exemplar != null) {
                seen.add(le.value() + " " + exemplar.labels() + " " + exemplar.value() + " @" + exemplar.timestampMillis());
            }
            histogramBucket(series, le, cumulativeCount);
        }
    }

    @Test
    void counterKeepsTheFirstExemplarUntilTheIntervalPasses() {
        AtomicLong now = new AtomicLong(1_000);
        Counter c = Counter.builder("requests").exemplarIntervalMillis(100).exemplarClock(now::get).build();
        c.incWithExemplar(1, Labels.of("trace_id", "a"));
        now.set(1_050);
        c.incWithExemplar(2, Labels.of("trace_id", "b"));   // skipped: the exemplar is 50 ms old
        Exemplar first = c.labels().exemplar();
        assertEquals("{trace_id=\"a\"}", first.labels().toString());
        assertEquals(1.0, first.value());
        assertEquals(1_000, first.timestampMillis());
        assertEquals(3.0, c.get(), "a skipped exemplar still counts");
        now.set(1_100);
        c.incWithExemplar(0.5, Labels.of("trace_id", "c"));
        assertEquals("{trace_id=\"c\"}", c.labels().exemplar().labels().toString());
        assertEquals(1_100, c.labels().exemplar().timestampMillis());
        ExemplarSink sink = new ExemplarSink();
        c.collect(sink);
        assertSame(c.labels().exemplar(), sink.counterExemplar);
    }

    @Test
    void skippedOfferLeavesTheSlotUntouchedAndPlainIncrementsHaveNoExemplar() {
        Counter plain = Counter.builder("plain").build();
        plain.inc(3);
        assertNull(plain.labels().exemplar());
        AtomicLong now = new AtomicLong(0);
        Counter c = Counter.builder("c").exemplarClock(now::get).build();   // default interval 5 s
        c.incWithExemplar(1, Labels.of("trace_id", "a"));
        Exemplar kept = c.labels().exemplar();
        for (int i = 1; i < 100; i++) {
            now.set(i * 50);
            c.incWithExemplar(1, Labels.of("trace_id", "x" + i));
        }
        assertSame(kept, c.labels().exemplar());
    }

    @Test
    void clockSteppingBackReplacesTheExemplar() {
        AtomicLong now = new AtomicLong(10_000);
        Counter c = Counter.builder("c").exemplarClock(now::get).build();
        c.incWithExemplar(1, Labels.of("trace_id", "a"));
        now.set(2_000);
        c.incWithExemplar(1, Labels.of("trace_id", "b"));
        assertEquals(2_000, c.labels().exemplar().timestampMillis());
    }

    @Test
    void histogramKeepsOneExemplarPerBucket() {
        AtomicLong now = new AtomicLong(5_000);
        Histogram h = Histogram.builder("h").buckets(1, 10).exemplarClock(now::get).build();
        h.observeWithExemplar(0.5, Labels.of("trace_id", "small"));
        h.observeWithExemplar(0.7, Labels.of("trace_id", "skipped"));
        h.observeWithExemplar(5, Labels.of("trace_id", "mid"));
        h.observeWithExemplar(50, Labels.of("trace_id", "big"));
        ExemplarSink sink = new ExemplarSink();
        h.collect(sink);
        assertEquals(List.of("1.0 {trace_id=\"small\"} 0.5 @5000", "10.0 {trace_id=\"mid\"} 5.0 @5000",
                "+Inf {trace_id=\"big\"} 50.0 @5000"), sink.seen);
        assertEquals(4.0, sink.value("h_count"));
    }

    @Test
    void nativeOnlyHistogramKeepsItsExemplarOnTheInfBucket() {
        Histogram h = Histogram.builder("h").nativeOnly().exemplarClock(() -> 7).build();
        h.observeWithExemplar(0.25, Labels.of("trace_id", "t"));
        ExemplarSink sink = new ExemplarSink();
        h.collect(sink);
        assertEquals(List.of("+Inf {trace_id=\"t\"} 0.25 @7"), sink.seen);
    }

    @Test
    void exemplarLabelsOver128CodePointsAreRejectedNamingTheSize() {
        Counter c = Counter.builder("c").build();
        // "trace_id" is 8 code points; 120 emoji (240 chars, 120 code points) make 128: allowed
        String emoji = "\uD83D\uDE00";
        c.incWithExemplar(1, Labels.of("trace_id", emoji.repeat(120)));
        assertEquals(1.0, c.get());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> c.incWithExemplar(1, Labels.of("trace_id", emoji.repeat(121))));
        assertTrue(e.getMessage().contains("129 code points") && e.getMessage().contains("128"), e.getMessage());
        assertEquals(1.0, c.get(), "a rejected call records nothing");
        Histogram h = Histogram.builder("h").build();
        assertThrows(IllegalArgumentException.class,
                () -> h.observeWithExemplar(1, Labels.of("span_id", "x".repeat(122))));
        assertEquals(0, h.labels().count());
        assertThrows(IllegalArgumentException.class, () -> h.observeWithExemplar(1, null));
    }

    @Test
    void negativeExemplarIntervalIsRejected() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Counter.builder("c").exemplarIntervalMillis(-1).build());
        assertTrue(e.getMessage().contains("-1"), e.getMessage());
    }
}
