package io.promptly.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class RegistryTest {
    @Test
    void registeredMetricsAreCollectedInRegistrationOrder() {
        Registry r = new Registry();
        Counter c = Counter.builder("a").register(r);
        Gauge g = Gauge.builder("b").register(r);
        assertSame(c, r.get("a"));
        assertSame(g, r.get("b"));
        assertNull(r.get("zzz"));
        RecordingSink s = RecordingSink.collect(r);
        assertEquals("a", s.families.get(0).name());
        assertEquals("b", s.families.get(1).name());
        assertEquals(2, r.collectables().size());
    }

    @Test
    void duplicateAndCollidingNamesAreRejected() {
        Registry r = new Registry();
        Counter.builder("jobs").register(r);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Gauge.builder("jobs").register(r));
        assertTrue(e.getMessage().contains("jobs"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> Gauge.builder("jobs_total").register(r));
        assertTrue(e.getMessage().contains("jobs_total"), e.getMessage());
        Histogram.builder("lat").register(r);
        assertThrows(IllegalArgumentException.class, () -> Gauge.builder("lat_bucket").register(r));
        assertEquals(2, r.collectables().size());
    }

    @Test
    void sameObjectTwiceIsRejected() {
        Registry r = new Registry();
        Counter c = Counter.builder("a").register(r);
        assertThrows(IllegalArgumentException.class, () -> r.register(c));
    }

    @Test
    void unregisterAndClearRemoveFamilies() {
        Registry r = new Registry();
        Counter c = Counter.builder("a").register(r);
        Gauge.builder("b").register(r);
        assertTrue(r.unregister(c));
        assertFalse(r.unregister(c));
        assertEquals(1, RecordingSink.collect(r).families.size());
        Counter.builder("a").register(r);
        r.clear();
        assertEquals(0, RecordingSink.collect(r).families.size());
    }

    @Test
    void filteredCollectionSkipsFamilies() {
        Registry r = new Registry();
        Counter.builder("a").register(r);
        Gauge.builder("b").register(r);
        RecordingSink s = new RecordingSink();
        r.collect(s, m -> m.name().equals("b"));
        assertEquals(1, s.families.size());
        assertEquals("b", s.families.get(0).name());
    }

    @Test
    void defaultRegistryIsShared() {
        Counter c = Counter.builder("promptly_registry_test_default").register();
        try {
            assertSame(c, Registry.DEFAULT.get("promptly_registry_test_default"));
        } finally {
            Registry.DEFAULT.unregister(c);
        }
    }
}
