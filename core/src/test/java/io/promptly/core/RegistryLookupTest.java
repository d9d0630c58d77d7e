package io.promptly.core;

import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;

import org.junit.jupiter.api.Test;

/** Issue 14 item 11: a counter is found by its family name and by its sample name {@code _total}. */
class RegistryLookupTest {
    @Test
    void counterRegisteredWithoutTotalIsFoundByEitherName() {
        Registry r = new Registry();
        Counter c = Counter.builder("logged_users").register(r);
        assertSame(c, r.get("logged_users"));
        assertSame(c, r.get("logged_users_total"));
    }

    @Test
    void counterRegisteredWithTotalIsFoundByEitherName() {
        Registry r = new Registry();
        Counter c = Counter.builder("logged_users_total").register(r);
        assertSame(c, r.get("logged_users"));
        assertSame(c, r.get("logged_users_total"));
    }

    @Test
    void infoIsFoundByItsSampleNameAndOtherTypesOnlyByTheirName() {
        Registry r = new Registry();
        Info info = Info.builder("build_info").labelNames("v").register(r);
        Gauge g = Gauge.builder("depth").register(r);
        assertSame(info, r.get("build"));
        assertSame(info, r.get("build_info"));
        assertSame(g, r.get("depth"));
        assertNull(r.get("depth_total"));
        assertNull(r.get(null));
    }
}
