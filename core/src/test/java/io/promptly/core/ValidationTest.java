package io.promptly.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ValidationTest {
    @ParameterizedTest
    @ValueSource(strings = {"", "1abc", "a-b", "a b", "é", "a.b"})
    void invalidMetricNamesAreRejectedByName(String name) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Counter.builder(name).build());
        assertTrue(e.getMessage().contains("metric name"), e.getMessage());
        assertTrue(e.getMessage().contains("\"" + name + "\"") || name.isEmpty(), e.getMessage());
    }

    @ParameterizedTest
    @ValueSource(strings = {"a:b", "_x", "x9", "A_b:c"})
    void validMetricNamesAreAccepted(String name) {
        assertEquals(name, Gauge.builder(name).build().metadata().name());
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "1a", "a:b", "a-b", "__reserved"})
    void invalidLabelNamesAreRejectedByName(String label) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Counter.builder("x").labelNames(label).build());
        assertTrue(e.getMessage().contains("label name"), e.getMessage());
    }

    @Test
    void reservedLabelNamesPerType() {
        assertThrows(IllegalArgumentException.class, () -> Histogram.builder("h").labelNames("le").build());
        assertThrows(IllegalArgumentException.class, () -> Summary.builder("s").labelNames("quantile").build());
        assertThrows(IllegalArgumentException.class,
                () -> Histogram.builder("h").constLabels(Labels.of("le", "1")).build());
        // "le" is fine on a counter, "quantile" on a gauge
        Counter.builder("c").labelNames("le").build();
        Gauge.builder("g").labelNames("quantile").build();
    }

    @Test
    void duplicateLabelNamesAreRejected() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Counter.builder("x").labelNames("a", "a").build());
        assertTrue(e.getMessage().contains("\"a\" appears twice"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class,
                () -> Counter.builder("x").labelNames("a").constLabels(Labels.of("a", "1")).build());
        assertTrue(e.getMessage().contains("const label"), e.getMessage());
    }

    @Test
    void nullsAreRejectedWithTheirRole() {
        assertThrows(IllegalArgumentException.class, () -> Counter.builder(null).build());
        assertThrows(IllegalArgumentException.class, () -> Counter.builder("x").help(null).build());
        assertThrows(IllegalArgumentException.class, () -> Labels.of("a", null));
        Counter c = Counter.builder("x").labelNames("a").build();
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> c.labels((String) null));
        assertTrue(e.getMessage().contains("\"a\""), e.getMessage());
    }

    @Test
    void unitMustBeTheNameSuffix() {
        assertEquals("seconds", Histogram.builder("latency_seconds").unit("seconds").build().metadata().unit());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Histogram.builder("latency").unit("seconds").build());
        assertTrue(e.getMessage().contains("_seconds"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> Gauge.builder("a_b-c").unit("b-c").build());
    }

    @Test
    void maxSeriesMustBePositive() {
        assertThrows(IllegalArgumentException.class, () -> Counter.builder("x").maxSeries(0).build());
    }

    @Test
    void oddLabelPairsAreRejected() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Labels.ofPairs("a", "1", "b"));
        assertTrue(e.getMessage().contains("odd"), e.getMessage());
    }
}
