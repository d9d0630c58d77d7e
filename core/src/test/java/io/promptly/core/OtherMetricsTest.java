package io.promptly.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class OtherMetricsTest {
    @Test
    void infoExposesOneSeriesWithValueOne() {
        Info info = Info.builder("build_info").labelNames("version").build();
        assertEquals("build", info.metadata().name());
        info.set("1.0");
        info.set("1.1");
        RecordingSink s = RecordingSink.collect(info);
        assertEquals(1, s.lines.size(), s.lines.toString());
        assertEquals(1.0, s.value("build_info{version=\"1.1\"}"));
    }

    @Test
    void stateSetWritesEveryState() {
        StateSet s = StateSet.builder("feature").states("a", "b").labelNames("env").build();
        StateSetHandle prod = s.labels("prod");
        prod.set("a", true);
        RecordingSink sink = RecordingSink.collect(s);
        assertEquals(1.0, sink.value("feature{env=\"prod\",feature=\"a\"}"));
        assertEquals(0.0, sink.value("feature{env=\"prod\",feature=\"b\"}"));
        prod.enableOnly("b");
        assertFalse(prod.isEnabled("a"));
        assertTrue(prod.isEnabled("b"));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> prod.set("c", true));
        assertTrue(e.getMessage().contains("\"c\""), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> StateSet.builder("x").build());
        assertThrows(IllegalArgumentException.class, () -> StateSet.builder("x").states("a", "a").build());
        assertThrows(IllegalArgumentException.class, () -> StateSet.builder("x").states("a").labelNames("x").build());
    }

    @Test
    void callbackMetricsReadValuesAtScrapeTimeAndSkipFailingCallbacks() {
        double[] source = {3};
        CallbackMetric g = CallbackMetric.gauge("pool_size").labelNames("pool").build()
                .addSeries(() -> source[0], "a")
                .addSeries(() -> {
                    throw new IllegalStateException("unavailable");
                }, "b");
        assertEquals(3.0, RecordingSink.collect(g).value("pool_size{pool=\"a\"}"));
        source[0] = 7;
        RecordingSink s = RecordingSink.collect(g);
        assertEquals(7.0, s.value("pool_size{pool=\"a\"}"));
        assertEquals(1, s.lines.size());
        CallbackMetric c = CallbackMetric.counter("cpu_seconds_total").build().addSeries(() -> 2.5);
        assertEquals(2.5, RecordingSink.collect(c).value("cpu_seconds_total"));
    }

    @Test
    void summaryCountsAndSumsEveryObservation() {
        Summary s = Summary.builder("latency").quantiles().build();
        s.observe(1.5);
        s.observe(2.5);
        RecordingSink sink = RecordingSink.collect(s);
        assertEquals(2.0, sink.value("latency_count"));
        assertEquals(4.0, sink.value("latency_sum"));
    }

    @Test
    void summaryValidatesItsSettings() {
        assertThrows(IllegalArgumentException.class, () -> Summary.builder("s").quantiles(1.5).build());
        assertThrows(IllegalArgumentException.class, () -> Summary.builder("s").quantiles(0.5, 0.5).build());
        assertThrows(IllegalArgumentException.class, () -> Summary.builder("s").maxAge(Duration.ZERO).build());
        assertThrows(IllegalArgumentException.class, () -> Summary.builder("s").ageBuckets(0).build());
        assertThrows(IllegalArgumentException.class, () -> Summary.builder("s").relativeError(0).build());
    }

    @Test
    void seriesLabelsEscapeValuesAndReplaceLoneSurrogates() {
        SeriesLabels l = SeriesLabels.of(new String[] {"a", "b"}, new String[] {"x\"y\\z\nw\t", "\uD800é"});
        assertEquals("{a=\"x\\\"y\\\\z\\nw\t\",b=\"\uFFFDé\"}", l.toString());
        assertEquals("\uFFFDé", new String(l.valueUtf8(1), java.nio.charset.StandardCharsets.UTF_8));
        assertThrows(IllegalArgumentException.class, () -> SeriesLabels.of(new String[] {"a"}, new String[0]));
    }

    @Test
    void helpIsEscapedPerFormat() {
        MetricMetadata m = new MetricMetadata("x", MetricType.GAUGE, "a \"q\" \\ b\nc", "");
        assertEquals("a \"q\" \\\\ b\\nc", new String(m.helpEscapedText(), java.nio.charset.StandardCharsets.UTF_8));
        assertEquals("a \\\"q\\\" \\\\ b\\nc",
                new String(m.helpEscapedOpenMetrics(), java.nio.charset.StandardCharsets.UTF_8));
    }

    @Test
    void canonicalFloatStringsFollowGoFormatting() {
        // Expected strings are Go's strconv.FormatFloat(x, 'g', -1, 64) plus ".0" for integers
        String[][] cases = {
            {"0.005", "0.005"}, {"1", "1.0"}, {"10", "10.0"}, {"100000", "100000.0"}, {"1000000", "1e+06"},
            {"0.0001", "0.0001"}, {"0.00001", "1e-05"}, {"2.5", "2.5"}, {"-0.0", "0.0"}, {"1e23", "1e+23"},
            {"123456.7", "123456.7"}, {"1234567.8", "1.2345678e+06"}, {"0.99", "0.99"}, {"-3", "-3.0"},
        };
        for (String[] c : cases) {
            assertEquals(c[1], GoFloat.format(Double.parseDouble(c[0])), c[0]);
        }
        assertEquals("+Inf", GoFloat.format(Double.POSITIVE_INFINITY));
        assertEquals("-Inf", GoFloat.format(Double.NEGATIVE_INFINITY));
        assertEquals("NaN", GoFloat.format(Double.NaN));
    }

    @Test
    void summaryQuantilesAreWithinOnePercentOfTheExactRank() {
        Summary s = Summary.builder("latency").quantiles(0.5, 0.9, 0.99).build();
        for (int i = 1; i <= 1000; i++) {
            s.observe(i);
        }
        RecordingSink sink = RecordingSink.collect(s);
        // exact values of rank ceil(q*n)-1 over 1..1000: 500, 900, 990
        assertEquals(500, sink.value("latency{quantile=\"0.5\"}"), 5.0);
        assertEquals(900, sink.value("latency{quantile=\"0.9\"}"), 9.0);
        assertEquals(990, sink.value("latency{quantile=\"0.99\"}"), 9.9);
        assertEquals(1000, sink.value("latency_count"));
        assertEquals(500500, sink.value("latency_sum"));
    }

    @Test
    void summaryWindowForgetsOldObservationsButCountKeepsThem() {
        long[] now = {0};
        Summary s = Summary.builder("latency").quantiles(0.5).maxAge(Duration.ofSeconds(10)).ageBuckets(2)
                .clock(() -> now[0]).build();
        s.observe(7);
        assertEquals(7, RecordingSink.collect(s).value("latency{quantile=\"0.5\"}"), 0.07);
        now[0] = Duration.ofSeconds(11).toNanos();
        RecordingSink sink = RecordingSink.collect(s);
        assertTrue(Double.isNaN(sink.value("latency{quantile=\"0.5\"}")));
        assertEquals(1, sink.value("latency_count"));
    }
}
