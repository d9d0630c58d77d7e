package io.promptly.core.instrument;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.promptly.core.Gauge;
import io.promptly.core.GaugeHandle;
import io.promptly.core.Histogram;
import io.promptly.core.HistogramHandle;
import io.promptly.core.Registry;
import io.promptly.core.Summary;
import io.promptly.core.SummaryHandle;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

@SuppressWarnings("try") // timers are opened for their side effect and closed by try-with-resources
class TimingTest {
    private static final long SLEEP_MILLIS = 20;
    private static final double SLEEP_SECONDS = SLEEP_MILLIS / 1000.0;

    private final Registry registry = new Registry();

    private static void sleep() {
        try {
            Thread.sleep(SLEEP_MILLIS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    @Test
    void timerBlockObservesElapsedSecondsIntoHistogramHandle() {
        HistogramHandle h = Histogram.builder("t_seconds").labelNames("op").register(registry).labels("a");
        try (Timer t = Timer.start(h)) {
            sleep();
        }
        assertEquals(1, h.count());
        // Thread.sleep sleeps at least the asked time, so the recorded duration is a lower-bounded quantity.
        assertTrue(h.sum() >= SLEEP_SECONDS, "sum " + h.sum());
    }

    @Test
    void timerRecordsOnlyOnceWhenObservedThenClosed() {
        Histogram h = Histogram.builder("t_seconds").register(registry);
        HistogramHandle series = h.labels();
        Timer t = Timer.start(h);
        double first = t.observeDuration();
        t.close();
        assertTrue(first >= 0);
        assertTrue(Double.isNaN(t.observeDuration()));
        assertEquals(1, series.count());
        assertEquals(first, series.sum());
    }

    @Test
    void summaryHandleObservesRunnableDuration() {
        SummaryHandle s = Summary.builder("s_seconds").labelNames("op").register(registry).labels("x");
        Timing timing = Timing.of(s);
        timing.run(TimingTest::sleep);
        timing.run(TimingTest::sleep);
        assertEquals(2, s.count());
        assertTrue(s.sum() >= 2 * SLEEP_SECONDS, "sum " + s.sum());
    }

    @Test
    void gaugeIsSetToLastDurationNotAccumulated() {
        Gauge g = Gauge.builder("g_seconds").register(registry);
        Timing timing = Timing.of(g);
        String result = timing.get(() -> {
            sleep();
            return "done";
        });
        assertEquals("done", result);
        double afterSleep = g.get();
        assertTrue(afterSleep >= SLEEP_SECONDS, "gauge " + afterSleep);
        timing.run(() -> { });
        // A run without sleeping sets the gauge to its own (tiny) duration; it does not add to the previous one.
        assertTrue(g.get() < afterSleep, "gauge " + g.get() + " should have been replaced, was " + afterSleep);
    }

    @Test
    void gaugeHandleTimerSetsValue() {
        GaugeHandle g = Gauge.builder("g_seconds").labelNames("k").register(registry).labels("v");
        try (Timer t = Timer.start(g)) {
            sleep();
        }
        assertTrue(g.get() >= SLEEP_SECONDS);
    }

    @Test
    void callableDurationIsRecordedAndExceptionPropagates() {
        Summary s = Summary.builder("s_seconds").register(registry);
        Timing timing = Timing.of(s);
        IOException thrown = assertThrows(IOException.class, () -> timing.call(() -> {
            throw new IOException("boom");
        }));
        assertEquals("boom", thrown.getMessage());
        assertEquals(1, s.labels().count());
    }

    @Test
    void consumerReceivesSeconds() throws Exception {
        List<Double> seen = new ArrayList<>();
        Timing timing = Timing.of(seen::add);
        int value = timing.call(() -> {
            sleep();
            return 7;
        });
        assertEquals(7, value);
        assertEquals(1, seen.size());
        assertTrue(seen.get(0) >= SLEEP_SECONDS);
    }

    @Test
    void timingRejectsNullTargetAndTask() {
        assertThrows(IllegalArgumentException.class, () -> Timing.of((HistogramHandle) null));
        Timing timing = Timing.of(Gauge.builder("g").register(registry));
        assertThrows(IllegalArgumentException.class, () -> timing.run(null));
    }

    @Test
    void timingLabelledHistogramDirectlyFailsNamingTheMetric() {
        Histogram h = Histogram.builder("lab_seconds").labelNames("op").register(registry);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Timing.of(h).run(() -> { }));
        assertTrue(e.getMessage().contains("lab_seconds"), e.getMessage());
    }
}
