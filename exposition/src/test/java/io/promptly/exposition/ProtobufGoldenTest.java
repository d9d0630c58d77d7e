package io.promptly.exposition;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.promptly.core.MetricMetadata;
import io.promptly.core.Registry;
import io.prometheus.client.Metrics;
import io.prometheus.client.Metrics.Metric;
import io.prometheus.client.Metrics.MetricFamily;
import io.prometheus.client.Metrics.MetricType;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Protobuf output checked against bytes encoded by hand from the protobuf wire format and metrics.proto's field
 * numbers, and field for field through protobuf-java (classes generated from src/test/proto/metrics.proto).
 */
class ProtobufGoldenTest {
    private static byte[] render(Registry registry) {
        return new ScrapeRenderer().render(registry, ExpositionFormat.PROTOBUF).toByteArray();
    }

    @Test
    void smallCounterFamilyMatchesHandEncodedBytes() {
        Registry registry = new Registry();
        registry.register(TestFamily.counter("c", "h", TestFamily.labels("a", "b"), 1, 0));
        int[] expected = {
            0x23,                                           // family length 35
            0x0A, 0x07, 'c', '_', 't', 'o', 't', 'a', 'l',   // name = "c_total"
            0x12, 0x01, 'h',                                // help = "h"
            0x18, 0x00,                                     // type = COUNTER
            0x22, 0x13,                                     // metric, length 19
            0x0A, 0x06, 0x0A, 0x01, 'a', 0x12, 0x01, 'b',   //   label {name "a", value "b"}
            0x1A, 0x09, 0x09,                               //   counter { value (fixed64) =
            0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0xF0, 0x3F, //     1.0 little-endian }
        };
        byte[] bytes = new byte[expected.length];
        for (int i = 0; i < expected.length; i++) {
            bytes[i] = (byte) expected[i];
        }
        assertArrayEquals(bytes, render(registry));
    }

    @Test
    void emptyRegistryWritesNothing() {
        assertEquals(0, render(new Registry()).length);
    }

    @Test
    void familyWithoutSeriesIsLeftOut() {
        Registry registry = new Registry();
        registry.register(new TestFamily(new MetricMetadata("nothing", io.promptly.core.MetricType.GAUGE, "None.", ""), s -> { }));
        registry.register(TestFamily.gauge("one", "", io.promptly.core.SeriesLabels.EMPTY, 1));
        List<MetricFamily> families = ProtobufSamples.families(render(registry));
        assertEquals(1, families.size());
        assertEquals("one", families.get(0).getName());
    }

    @Test
    void contentTypeNamesDelimitedMetricFamily() {
        assertEquals("application/vnd.google.protobuf; proto=io.prometheus.client.MetricFamily; encoding=delimited",
                ExpositionFormat.PROTOBUF.contentType());
    }

    @Test
    void richRegistryParsesFieldForField() {
        List<MetricFamily> f = ProtobufSamples.families(render(RichRegistry.create()));
        assertEquals(8, f.size(), "the family without series is left out");

        MetricFamily counter = f.get(0);
        assertEquals("http_requests_total", counter.getName());
        assertEquals("Total requests.", counter.getHelp());
        assertEquals(MetricType.COUNTER, counter.getType());
        assertFalse(counter.hasUnit());
        assertEquals(3, counter.getMetricCount());
        assertLabels(counter.getMetric(0), "method", "GET", "path", "/a\"b\\c\nd");
        assertEquals(1027.0, counter.getMetric(0).getCounter().getValue());
        assertEquals(3.5, counter.getMetric(1).getCounter().getValue());
        assertEquals(18446744073709551615.0, counter.getMetric(2).getCounter().getValue());
        assertFalse(counter.getMetric(0).hasGauge());

        MetricFamily gauge = f.get(1);
        assertEquals("temperature_celsius", gauge.getName());
        assertEquals("Temp \"inside\" C:\\dir\nnext line", gauge.getHelp(), "HELP is raw in protobuf");
        assertEquals(MetricType.GAUGE, gauge.getType());
        assertEquals("celsius", gauge.getUnit());
        assertTrue(Double.isNaN(gauge.getMetric(0).getGauge().getValue()));
        assertEquals(Double.POSITIVE_INFINITY, gauge.getMetric(1).getGauge().getValue());
        assertEquals(Double.NEGATIVE_INFINITY, gauge.getMetric(2).getGauge().getValue());
        assertEquals(-12.25, gauge.getMetric(3).getGauge().getValue());
        assertLabels(gauge.getMetric(3), "room", "d");

        MetricFamily latency = f.get(2);
        assertEquals("latency_seconds", latency.getName());
        assertEquals(MetricType.HISTOGRAM, latency.getType());
        assertEquals("seconds", latency.getUnit());
        Metric lm = latency.getMetric(0);
        assertLabels(lm, "route", "/x");
        Metrics.Histogram h = lm.getHistogram();
        assertEquals(4, h.getSampleCount());
        assertEquals(2.5, h.getSampleSum());
        assertEquals(2, h.getBucketCount(), "+Inf bucket left out: sample_count is its count");
        assertEquals(1, h.getBucket(0).getCumulativeCount());
        assertEquals(0.1, h.getBucket(0).getUpperBound());
        assertEquals(3, h.getBucket(1).getCumulativeCount());
        assertEquals(1.0, h.getBucket(1).getUpperBound());
        assertFalse(h.hasSchema(), "classic histogram only");

        MetricFamily delta = f.get(3);
        assertEquals("temp_delta", delta.getName());
        assertFalse(delta.hasHelp());
        Metrics.Histogram dh = delta.getMetric(0).getHistogram();
        assertEquals(0, delta.getMetric(0).getLabelCount());
        assertEquals(-1.0, dh.getBucket(0).getUpperBound());
        assertEquals(1, dh.getBucket(0).getCumulativeCount());
        assertEquals(0.0, dh.getBucket(1).getUpperBound());
        assertEquals(2, dh.getBucket(1).getCumulativeCount());
        assertEquals(5, dh.getSampleCount());
        assertEquals(-3.0, dh.getSampleSum(), "protobuf keeps the sum even with negative bounds");

        MetricFamily summary = f.get(4);
        assertEquals("rpc_duration_seconds", summary.getName());
        assertEquals(MetricType.SUMMARY, summary.getType());
        Metrics.Summary s = summary.getMetric(0).getSummary();
        assertEquals(7, s.getSampleCount());
        assertEquals(1.75, s.getSampleSum());
        assertEquals(2, s.getQuantileCount());
        assertEquals(0.5, s.getQuantile(0).getQuantile());
        assertEquals(0.25, s.getQuantile(0).getValue());
        assertEquals(0.99, s.getQuantile(1).getQuantile());
        assertTrue(Double.isNaN(s.getQuantile(1).getValue()));

        MetricFamily info = f.get(5);
        assertEquals("build_info", info.getName());
        assertEquals(MetricType.GAUGE, info.getType());
        assertLabels(info.getMetric(0), "version", "1.2.3", "branch", "\u00e9\t\ufffdx");
        assertEquals(1.0, info.getMetric(0).getGauge().getValue());

        MetricFamily stateSet = f.get(6);
        assertEquals("feature", stateSet.getName());
        assertEquals(MetricType.GAUGE, stateSet.getType());
        assertLabels(stateSet.getMetric(0), "env", "prod", "feature", "a");
        assertEquals(1.0, stateSet.getMetric(0).getGauge().getValue());
        assertLabels(stateSet.getMetric(1), "env", "prod", "feature", "b");
        assertEquals(0.0, stateSet.getMetric(1).getGauge().getValue());
        assertTrue(stateSet.getMetric(1).getGauge().hasValue(), "a zero is written, not left implicit");

        MetricFamily legacy = f.get(7);
        assertEquals("legacy", legacy.getName());
        assertEquals(MetricType.UNTYPED, legacy.getType());
        assertEquals(42.0, legacy.getMetric(0).getUntyped().getValue());
    }

    private static void assertLabels(Metric metric, String... namesAndValues) {
        assertEquals(namesAndValues.length / 2, metric.getLabelCount());
        for (int i = 0; i < metric.getLabelCount(); i++) {
            assertEquals(namesAndValues[2 * i], metric.getLabel(i).getName());
            assertEquals(namesAndValues[2 * i + 1], metric.getLabel(i).getValue());
        }
    }
}
