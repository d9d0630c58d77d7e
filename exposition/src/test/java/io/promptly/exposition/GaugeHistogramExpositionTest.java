package io.promptly.exposition;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.promptly.core.GaugeHistogram;
import io.promptly.core.Labels;
import io.promptly.core.Registry;
import io.prometheus.client.Metrics;
import java.io.File;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * A gauge histogram in each format, judged by parsers we did not write against the format's own rules:
 * protobuf-java, the strict OpenMetrics 1.0 parser (written from that spec), and promtool for text 0.0.4.
 */
class GaugeHistogramExpositionTest {
    /** Two queues: one with items in three buckets after removals, one emptied; plus a negative-bound one. */
    static Registry registry() {
        Registry r = new Registry();
        GaugeHistogram sizes = GaugeHistogram.builder("queue_item_bytes").help("Size of queued items.")
                .unit("bytes").labelNames("queue").constLabels(Labels.of("app", "shop"))
                .buckets(100, 1000, 10_000).register(r);
        sizes.labels("email").observe(50);
        sizes.labels("email").observe(500);
        sizes.labels("email").observe(500);
        sizes.labels("email").observe(50_000);
        sizes.labels("email").remove(500);
        sizes.labels("sms").observe(7, 3);
        sizes.labels("sms").observe(7, -3);
        GaugeHistogram temps = GaugeHistogram.builder("room_temperature_celsius").help("Rooms by temperature.")
                .buckets(-10, 0, 20).register(r);
        temps.observe(-15);
        temps.observe(5);
        return r;
    }

    private static byte[] render(ScrapeFormat format) {
        return new ScrapeRenderer().render(registry(), format).toByteArray();
    }

    @Test
    void protobufCarriesAGaugeHistogramFamilyWithCumulativeBuckets() throws IOException {
        List<Metrics.MetricFamily> families = ProtobufSamples.families(render(ScrapeFormat.of(ExpositionFormat.PROTOBUF)));
        Metrics.MetricFamily f = families.get(0);
        assertEquals("queue_item_bytes", f.getName());
        assertEquals(Metrics.MetricType.GAUGE_HISTOGRAM, f.getType());
        assertEquals(2, f.getMetricCount());
        Metrics.Metric email = f.getMetric(0);
        assertEquals(Map.of("app", "shop", "queue", "email"), labelMap(email));
        Metrics.Histogram h = email.getHistogram();
        assertEquals(3, h.getSampleCount());
        assertEquals(50_550.0, h.getSampleSum());
        assertEquals(List.of(1L, 2L, 2L), List.of(h.getBucket(0).getCumulativeCount(),
                h.getBucket(1).getCumulativeCount(), h.getBucket(2).getCumulativeCount()));
        assertEquals(List.of(100.0, 1000.0, 10_000.0), List.of(h.getBucket(0).getUpperBound(),
                h.getBucket(1).getUpperBound(), h.getBucket(2).getUpperBound()));
        assertFalse(h.hasCreatedTimestamp(), "a gauge histogram has no start time");
        Metrics.Histogram sms = f.getMetric(1).getHistogram();
        assertEquals(0, sms.getSampleCount());
        assertEquals(0.0, sms.getSampleSum());
        assertEquals(Metrics.MetricType.GAUGE_HISTOGRAM, families.get(1).getType());
        assertEquals(-10.0, families.get(1).getMetric(0).getHistogram().getSampleSum());
    }

    private static Map<String, String> labelMap(Metrics.Metric m) {
        Map<String, String> labels = new java.util.TreeMap<>();
        for (Metrics.LabelPair p : m.getLabelList()) {
            labels.put(p.getName(), p.getValue());
        }
        return labels;
    }

    @Test
    void openMetricsWritesGaugehistogramWithGcountAndGsumThatTheStrictParserAccepts() {
        String body = new String(render(ScrapeFormat.of(ExpositionFormat.OPENMETRICS)), StandardCharsets.UTF_8);
        List<StrictOpenMetricsParser.Family> families = StrictOpenMetricsParser.parse(body);
        StrictOpenMetricsParser.Family f = families.get(0);
        assertEquals("gaugehistogram", f.type());
        assertEquals("bytes", f.unit());
        Map<String, Double> values = new java.util.HashMap<>();
        for (StrictOpenMetricsParser.Point p : f.points()) {
            values.put(p.name() + new java.util.TreeMap<>(p.labels()), p.value());
        }
        assertEquals(3.0, values.get("queue_item_bytes_gcount{app=shop, queue=email}"));
        assertEquals(50_550.0, values.get("queue_item_bytes_gsum{app=shop, queue=email}"));
        assertEquals(1.0, values.get("queue_item_bytes_bucket{app=shop, le=100.0, queue=email}"));
        assertEquals(3.0, values.get("queue_item_bytes_bucket{app=shop, le=+Inf, queue=email}"));
        assertEquals(0.0, values.get("queue_item_bytes_gcount{app=shop, queue=sms}"));
        assertFalse(body.contains("_created"), body);
        assertFalse(body.contains("queue_item_bytes_count"), body);
        // a negative bound: the spec lets _gsum be negative then
        assertEquals(-10.0, families.get(1).points().stream()
                .filter(p -> p.name().equals("room_temperature_celsius_gsum")).findFirst().orElseThrow().value());
    }

    @Test
    void openMetricsLeavesOutANegativeGsumWhenNoBoundIsNegative() {
        Registry r = new Registry();
        GaugeHistogram g = GaugeHistogram.builder("debt").buckets(1, 2).register(r);
        g.observe(-5); // lands in le=1, but no bound is negative: the spec forbids a negative _gsum here
        String body = new String(new ScrapeRenderer().render(r, ExpositionFormat.OPENMETRICS).toByteArray(),
                StandardCharsets.UTF_8);
        StrictOpenMetricsParser.parse(body);
        assertFalse(body.contains("debt_gsum"), body);
        assertTrue(body.contains("debt_bucket{le=\"+Inf\"} 1\n"), body);
    }

    @Test
    void theTextFormatWritesAHistogram() {
        String body = new String(render(ScrapeFormat.of(ExpositionFormat.TEXT)), StandardCharsets.UTF_8);
        assertTrue(body.contains("# TYPE queue_item_bytes histogram\n"), body);
        List<Sample> samples = TextFormatParser.parse(body);
        assertTrue(samples.stream().anyMatch(s -> s.name().equals("queue_item_bytes_count") && s.value() == 3), body);
        assertTrue(samples.stream().anyMatch(s -> s.name().equals("queue_item_bytes_sum") && s.value() == 50_550),
                body);
    }

    @Test
    @Tag("promtool")
    void promtoolAcceptsTheTextFormat() throws IOException, InterruptedException {
        String promtool = null;
        for (String path : new String[] {"/usr/bin/promtool", "/usr/local/bin/promtool"}) {
            if (new File(path).canExecute()) {
                promtool = path;
            }
        }
        Assumptions.assumeTrue(promtool != null, "promtool not installed");
        byte[] body = render(ScrapeFormat.of(ExpositionFormat.TEXT));
        Process process = new ProcessBuilder(promtool, "check", "metrics").redirectErrorStream(true).start();
        try (OutputStream stdin = process.getOutputStream()) {
            stdin.write(body);
        }
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(process.waitFor(30, TimeUnit.SECONDS), "promtool did not finish");
        assertEquals("", output.trim(), "promtool output for:\n" + new String(body, StandardCharsets.UTF_8));
        assertEquals(0, process.exitValue(), output);
    }
}
