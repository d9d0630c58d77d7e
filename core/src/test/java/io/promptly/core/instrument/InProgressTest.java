package io.promptly.core.instrument;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.promptly.core.Gauge;
import io.promptly.core.GaugeHandle;
import io.promptly.core.Registry;
import org.junit.jupiter.api.Test;

@SuppressWarnings("try") // scopes are opened for their side effect and closed by try-with-resources
class InProgressTest {
    private final Registry registry = new Registry();

    @Test
    void gaugeIsOneDuringRunAndZeroAfter() {
        Gauge g = Gauge.builder("active").register(registry);
        InProgress active = InProgress.of(g);
        double[] during = new double[1];
        active.run(() -> during[0] = g.get());
        assertEquals(1.0, during[0]);
        assertEquals(0.0, g.get());
    }

    @Test
    void nestedScopesCountEachCallAndCloseOnlyOnce() {
        GaugeHandle g = Gauge.builder("active").labelNames("k").register(registry).labels("v");
        InProgress active = InProgress.of(g);
        try (InProgress.Scope outer = active.enter()) {
            try (InProgress.Scope inner = active.enter()) {
                assertEquals(2.0, g.get());
                inner.close();
                inner.close();
                assertEquals(1.0, g.get());
            }
            assertEquals(1.0, g.get());
        }
        assertEquals(0.0, g.get());
    }

    @Test
    void gaugeIsDecrementedWhenTaskThrows() {
        Gauge g = Gauge.builder("active").register(registry);
        InProgress active = InProgress.of(g);
        assertThrows(IllegalStateException.class, () -> active.get(() -> {
            throw new IllegalStateException("x");
        }));
        assertThrows(Exception.class, () -> active.call(() -> {
            throw new Exception("y");
        }));
        assertEquals(0.0, g.get());
    }

    @Test
    void callReturnsResult() throws Exception {
        Gauge g = Gauge.builder("active").register(registry);
        assertEquals("r", InProgress.of(g).call(() -> "r"));
    }

    @Test
    void rejectsNullGauge() {
        assertThrows(IllegalArgumentException.class, () -> InProgress.of((Gauge) null));
        assertThrows(IllegalArgumentException.class, () -> InProgress.of((GaugeHandle) null));
    }
}
