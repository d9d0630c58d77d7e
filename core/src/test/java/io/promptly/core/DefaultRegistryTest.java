package io.promptly.core;

import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class DefaultRegistryTest {
    @Test
    void defaultRegistryAcceptsRegistrationsAndCollects() {
        Counter c = Counter.builder("default_registry_probe_total").help("Probe.").register();
        try {
            assertSame(c, Registry.DEFAULT.get("default_registry_probe"));
            assertTrue(Registry.DEFAULT.collectables().contains(c));
        } finally {
            Registry.DEFAULT.unregister(c);
        }
    }
}
