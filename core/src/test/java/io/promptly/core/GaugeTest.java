package io.promptly.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class GaugeTest {
    @Test
    void gaugeSetsIncrementsAndDecrements() {
        Gauge g = Gauge.builder("queue_depth").help("Depth.").build();
        g.set(10);
        g.inc();
        g.dec();
        g.dec();
        g.add(2.5);
        g.sub(0.5);
        assertEquals(11.0, g.get());
        assertEquals(11.0, RecordingSink.collect(g).value("queue_depth"));
    }

    @Test
    void gaugeHoldsSpecialValues() {
        Gauge g = Gauge.builder("g").build();
        g.set(Double.NaN);
        assertTrue(Double.isNaN(g.get()));
        g.set(Double.NEGATIVE_INFINITY);
        assertEquals(Double.NEGATIVE_INFINITY, g.get());
        g.set(-0.0);
        assertEquals(Double.doubleToRawLongBits(-0.0), Double.doubleToRawLongBits(g.get()));
    }

    @Test
    void setToCurrentTimeUsesUnixSeconds() {
        Gauge g = Gauge.builder("last_run_seconds").build();
        double before = System.currentTimeMillis() / 1000.0;
        g.setToCurrentTime();
        double after = System.currentTimeMillis() / 1000.0;
        assertTrue(g.get() >= before && g.get() <= after, g.get() + " not in [" + before + ", " + after + "]");
    }

    @Test
    void labelledGaugesKeepSeparateValues() {
        Gauge g = Gauge.builder("temp").labelNames("room").build();
        g.set(Labels.of("room", "a"), 20);
        g.labels("b").set(18);
        g.inc(Labels.of("room", "a"));
        g.dec(Labels.of("room", "b"));
        g.add(Labels.of("room", "b"), 0.5);
        RecordingSink s = RecordingSink.collect(g);
        assertEquals(21.0, s.value("temp{room=\"a\"}"));
        assertEquals(17.5, s.value("temp{room=\"b\"}"));
    }

    @Test
    void concurrentAddsAreNotLost() throws InterruptedException {
        GaugeHandle h = Gauge.builder("g").build().labels();
        Thread[] ts = new Thread[4];
        for (int t = 0; t < ts.length; t++) {
            ts[t] = new Thread(() -> {
                for (int i = 0; i < 50_000; i++) {
                    h.inc();
                }
            });
            ts[t].start();
        }
        for (Thread t : ts) {
            t.join();
        }
        assertEquals(200_000.0, h.get());
    }
}
