package io.promptly.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The escaping schemes of the Prometheus "UTF-8 escaping schemes" document, judged by its own examples (the
 * {@code values} round trip through a decoder written from the document's rules is in exposition's
 * {@code Utf8NamesExpositionTest}, on scraped bodies), and the registration rules for UTF-8 names.
 */
class NameEscapingTest {
    private static final List<String> NAMES = List.of("http.server.request.duration", "metric.name/with/slashes",
            "1st_place", "ünïcödé", "emoji 😀 name", "a:b", "_under_score_", "x", "a__b", "quote\"and\\back",
            "new\nline", "U__looks_escaped");

    @Test
    void theSpecExamplesComeOutAsTheSpecWritesThem() {
        assertEquals("metric_name_with_slashes", NameEscaping.UNDERSCORES.escapeMetricName("metric.name/with/slashes"));
        assertEquals("metric_dot_name_dot_with_dot_dots",
                NameEscaping.DOTS.escapeMetricName("metric.name.with.dots"));
        // the document writes the code point as 2E; hexadecimal digits are case-insensitive, Prometheus writes 2e
        assertTrue(NameEscaping.VALUES.escapeMetricName("metric.name").equalsIgnoreCase("U__metric_2E_name"));
        assertEquals("http.server", NameEscaping.ALLOW_UTF8.escapeMetricName("http.server"));
    }

    @Test
    void legacyNamesStayAsTheyAreButDotsDoublesTheirUnderscores() {
        for (NameEscaping e : List.of(NameEscaping.ALLOW_UTF8, NameEscaping.UNDERSCORES, NameEscaping.VALUES)) {
            assertEquals("http_requests_total", e.escapeMetricName("http_requests_total"));
            assertEquals("job:rate5m", e.escapeMetricName("job:rate5m"));
        }
        assertEquals("http__requests__total", NameEscaping.DOTS.escapeMetricName("http_requests_total"));
    }

    @Test
    void everyEscapedNameIsALegacyName() {
        for (String name : NAMES) {
            for (NameEscaping e : List.of(NameEscaping.UNDERSCORES, NameEscaping.DOTS, NameEscaping.VALUES)) {
                assertTrue(NameEscaping.isLegacyMetricName(e.escapeMetricName(name)), e + " " + name);
                assertTrue(NameEscaping.isLegacyLabelName(e.escapeLabelName(name)), e + " label " + name);
            }
        }
    }

    @Test
    void headerValuesAreReadCaseInsensitivelyWithTheOldAllowUtf8Spelling() {
        assertEquals(NameEscaping.ALLOW_UTF8, NameEscaping.fromHeaderValue("allow-utf-8", 0, 11));
        assertEquals(NameEscaping.ALLOW_UTF8, NameEscaping.fromHeaderValue("Allow-UTF8", 0, 10));
        assertEquals(NameEscaping.VALUES, NameEscaping.fromHeaderValue("xvaluesx", 1, 7));
        assertEquals(null, NameEscaping.fromHeaderValue("utf-8", 0, 5));
    }

    @Test
    void aLegacyRegistryRefusesUtf8NamesNamingTheRule() {
        Registry legacy = new Registry(NameValidation.LEGACY);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Counter.builder("http.requests").register(legacy));
        assertTrue(e.getMessage().contains("\"http.requests\"") && e.getMessage().contains("UTF_8"), e.getMessage());
        assertThrows(IllegalArgumentException.class,
                () -> Counter.builder("requests").labelNames("http.method").register(legacy));
        assertEquals(0, legacy.collectables().size());
    }

    @Test
    void aUtf8RegistryTakesUtf8NamesAndStillRefusesBrokenOnes() {
        Registry utf8 = new Registry(NameValidation.UTF_8);
        Counter c = Counter.builder("http.server.requests").labelNames("http.method").register(utf8);
        assertFalse(c.legacyNames());
        assertEquals("http.server.requests", c.metadata().name());
        assertThrows(IllegalArgumentException.class, () -> Counter.builder("bad\uD800").register(utf8));
        assertThrows(IllegalArgumentException.class, () -> Counter.builder("").register(utf8));
        IllegalArgumentException reserved = assertThrows(IllegalArgumentException.class,
                () -> Gauge.builder("g.x").labelNames("__internal").register(utf8));
        assertTrue(reserved.getMessage().contains("__internal"), reserved.getMessage());
    }

    @Test
    void familiesThatEscapeToTheSameNameAreRefusedAtRegistration() {
        Registry utf8 = new Registry(NameValidation.UTF_8);
        Gauge.builder("queue.depth").register(utf8);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Gauge.builder("queue_depth").register(utf8));
        assertTrue(e.getMessage().contains("escaping=underscores"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> Counter.builder("queue/depth").register(utf8));
        assertEquals(1, utf8.collectables().size());
        // a counter's samples count too: "jobs.done" writes jobs_done_total under underscores
        Counter.builder("jobs.done").register(utf8);
        assertThrows(IllegalArgumentException.class, () -> Gauge.builder("jobs_done_total").register(utf8));
    }

    @Test
    void labelNamesThatEscapeToTheSameNameAreRefused() {
        Registry utf8 = new Registry(NameValidation.UTF_8);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Counter.builder("c").labelNames("a.b", "a_b").register(utf8));
        assertTrue(e.getMessage().contains("\"a.b\"") && e.getMessage().contains("\"a_b\""), e.getMessage());
    }
}
