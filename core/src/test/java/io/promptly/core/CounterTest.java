package io.promptly.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import org.junit.jupiter.api.Test;

class CounterTest {
    @Test
    void unlabelledCounterStartsAtZeroAndCountsIncrements() {
        Counter c = Counter.builder("events").help("Events.").build();
        assertEquals(0.0, RecordingSink.collect(c).value("events_total"));
        c.inc();
        c.inc(2.5);
        assertEquals(3.5, c.get());
        assertEquals(3.5, RecordingSink.collect(c).value("events_total"));
    }

    @Test
    void trailingTotalIsStrippedFromTheFamilyName() {
        Counter c = Counter.builder("requests_total").build();
        assertEquals("requests", c.metadata().name());
    }

    @Test
    void counterRejectsNegativeIncrementAndKeepsItsValue() {
        Counter c = Counter.builder("events").build();
        c.inc(5);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> c.inc(-1));
        assertTrue(e.getMessage().contains("-1.0") && e.getMessage().contains("events"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> c.inc(Double.NaN));
        assertThrows(IllegalArgumentException.class, () -> c.labels().inc(-3L));
        assertEquals(5.0, c.get());
    }

    @Test
    void sameLabelValuesReturnTheSameHandle() {
        Counter c = Counter.builder("http_requests").labelNames("method", "code").build();
        CounterHandle a = c.labels("GET", "200");
        assertSame(a, c.labels("GET", "200"));
        assertSame(a, c.labels(Labels.of("code", "200", "method", "GET")));
        assertSame(a, c.labels(Map.of("method", "GET", "code", "200")));
        assertEquals(1, c.seriesCount());
    }

    @Test
    void perCallLabelsUpdateTheirOwnSeries() {
        Counter c = Counter.builder("events").labelNames("kind").build();
        c.inc(Labels.of("kind", "event A"));
        c.inc(Labels.of("kind", "event A"));
        c.inc(Map.of("kind", "event B"));
        c.inc(Labels.of("kind", "event B"), 3);
        RecordingSink sink = RecordingSink.collect(c);
        assertEquals(2.0, sink.value("events_total{kind=\"event A\"}"));
        assertEquals(4.0, sink.value("events_total{kind=\"event B\"}"));
    }

    @Test
    void wrongLabelCountOrNamesAreRejectedWithTheBadValues() {
        Counter c = Counter.builder("events").labelNames("kind").build();
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> c.labels("a", "b"));
        assertTrue(e.getMessage().contains("[kind]") && e.getMessage().contains("2 label values"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> c.inc(Labels.of("kynd", "x")));
        assertTrue(e.getMessage().contains("kynd"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> c.labels((String) null));
        assertThrows(IllegalArgumentException.class, c::inc);
        assertEquals(0, c.seriesCount());
    }

    @Test
    void largeWholeCountsStayExact() {
        Counter c = Counter.builder("bytes").build();
        long big = (1L << 53) + 1;
        c.labels().inc(big);
        RecordingSink sink = new RecordingSink() {
            @Override
            public void counter(SeriesLabels series, long whole, double fraction) {
                assertEquals(big, whole);
                assertEquals(0.0, fraction);
                super.counter(series, whole, fraction);
            }
        };
        c.collect(sink);
        assertEquals(1, sink.lines.size());
    }

    @Test
    void constLabelsComeFirstInEverySeries() {
        Counter c = Counter.builder("events").labelNames("kind").constLabels(Labels.of("app", "demo")).build();
        c.labels("x").inc();
        assertEquals(1.0, RecordingSink.collect(c).value("events_total{app=\"demo\",kind=\"x\"}"));
    }

    @Test
    void removeAndClearDropSeries() {
        Counter c = Counter.builder("events").labelNames("kind").build();
        CounterHandle a = c.labels("a");
        a.inc();
        c.labels("b").inc();
        assertTrue(c.remove("a"));
        assertEquals(1, c.seriesCount());
        assertEquals(0.0, c.labels("a").get(), "a removed series comes back from zero");
        c.clear();
        assertEquals(0, c.seriesCount());
        assertEquals(0, RecordingSink.collect(c).lines.size());
    }

    @Test
    void cardinalityGuardThrowsAndKeepsExistingSeries() {
        Counter c = Counter.builder("events").labelNames("id").maxSeries(3).build();
        for (int i = 0; i < 3; i++) {
            c.labels("v" + i).inc(i + 1);
        }
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> c.labels("v3"));
        assertTrue(e.getMessage().contains("v3") && e.getMessage().contains("3 series"), e.getMessage());
        assertEquals(3, c.seriesCount());
        assertEquals(2.0, c.labels("v1").get());
    }

    @Test
    void manySeriesAreAllFoundAgain() {
        Counter c = Counter.builder("events").labelNames("a", "b").build();
        for (int i = 0; i < 5000; i++) {
            c.labels("x" + i, "y" + (i % 7)).inc(i);
        }
        for (int i = 0; i < 5000; i++) {
            assertEquals(i, c.labels("x" + i, "y" + (i % 7)).get());
        }
        assertEquals(5000, c.seriesCount());
        c.remove("x10", "y3");
        assertEquals(4999, RecordingSink.collect(c).lines.size());
        assertEquals(11.0, c.labels("x11", "y4").get());
    }

    @Test
    void contendedCounterInflatesAndLosesNothing() throws InterruptedException {
        Counter c = Counter.builder("events").build();
        CounterHandle h = c.labels();
        int threads = 4;
        int perThread = 200_000;
        Thread[] ts = new Thread[threads];
        for (int t = 0; t < threads; t++) {
            ts[t] = new Thread(() -> {
                for (int i = 0; i < perThread; i++) {
                    h.inc();
                }
            });
            ts[t].start();
        }
        for (Thread t : ts) {
            t.join();
        }
        assertEquals((double) threads * perThread, h.get());
    }

    @Test
    void singleWriterCellsAddToTheSeriesAndOutliveTheirThread() throws InterruptedException {
        Counter c = Counter.builder("events").labelNames("k").build();
        CounterHandle h = c.labels("a");
        h.inc();
        Thread[] ts = new Thread[3];
        for (int t = 0; t < ts.length; t++) {
            ts[t] = new Thread(() -> {
                SingleWriterCounter mine = h.forThisThread();
                for (int i = 0; i < 100_000; i++) {
                    mine.inc();
                }
                mine.inc(5);
            });
            ts[t].start();
        }
        for (Thread t : ts) {
            t.join();
        }
        assertEquals(1 + 3 * 100_005.0, RecordingSink.collect(c).value("events_total{k=\"a\"}"));
        assertThrows(IllegalArgumentException.class, () -> h.forThisThread().inc(-1));
    }

    @Test
    void reusedLabelsFollowRemovalAndDifferentMetrics() {
        Counter a = Counter.builder("a").labelNames("kind").build();
        Counter b = Counter.builder("b").labelNames("kind").build();
        Labels x = Labels.of("kind", "x");
        a.inc(x);
        b.inc(x);
        a.inc(x);
        assertEquals(2.0, RecordingSink.collect(a).value("a_total{kind=\"x\"}"));
        assertEquals(1.0, RecordingSink.collect(b).value("b_total{kind=\"x\"}"));
        assertTrue(a.remove("x"));
        a.inc(x);
        assertEquals(1.0, RecordingSink.collect(a).value("a_total{kind=\"x\"}"), "a removed series is not updated");
        a.clear();
        a.inc(x);
        assertEquals(1.0, RecordingSink.collect(a).value("a_total{kind=\"x\"}"), "a cleared series is not updated");
    }
}
