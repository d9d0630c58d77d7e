package io.promptly.exposition;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.prometheus.client.Metrics;
import io.promptly.core.Counter;
import io.promptly.core.Gauge;
import io.promptly.core.Histogram;
import io.promptly.core.Registry;
import io.promptly.core.Summary;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

/**
 * Issue 13: a protobuf family far larger than what a streaming scrape may hold is written behind a computed
 * length, in bounded memory, and still decodes with protobuf-java to exactly what was recorded — also while
 * other threads keep recording and adding series between the counting and the writing pass.
 */
class ProtobufFamilyStreamingTest {
    private static final int HOLD = 4 * 1024;

    @Test
    void aFamilyHundredsOfTimesTheHoldLimitDecodesToWhatWasRecorded() throws IOException {
        Registry registry = new Registry();
        Counter small = Counter.builder("small").help("A small family.").register(registry);
        small.inc(7);
        Counter requests = Counter.builder("served_requests").help("Requests.").unit("requests").labelNames("path", "code")
                .register(registry);
        Histogram latency = Histogram.builder("latency_seconds").help("Latency.").labelNames("path")
                .buckets(0.01, 0.1, 1, 10).register(registry);
        Gauge after = Gauge.builder("after").help("After.").register(registry);
        after.set(-2.5);
        int n = 20_000;
        for (int i = 0; i < n; i++) {
            requests.labels("/p" + i, String.valueOf(200 + i % 3)).inc(i);
        }
        for (int i = 0; i < 2_000; i++) {
            latency.labels("/h" + i).observe(i % 100 * 0.05);
            latency.labels("/h" + i).observe(200 + i);
        }
        ScrapeRenderer renderer = new ScrapeRenderer(256);
        renderer.familyHoldLimit(HOLD);
        CountingSink out = new CountingSink();
        renderer.write(registry, ExpositionFormat.PROTOBUF, family -> true, out);
        assertEquals(0, renderer.droppedSamples());
        assertTrue(out.size() > 200 * HOLD, "the body is far above the hold limit: " + out.size());

        Map<String, Metrics.MetricFamily> byName = new HashMap<>();
        for (Metrics.MetricFamily f : ProtobufSamples.families(out.toByteArray())) {
            assertFalse(byName.containsKey(f.getName()), "one message per family: " + f.getName());
            byName.put(f.getName(), f);
        }
        assertEquals(4, byName.size(), byName.keySet().toString());
        assertEquals(7, byName.get("small_total").getMetric(0).getCounter().getValue());
        assertEquals(-2.5, byName.get("after").getMetric(0).getGauge().getValue());
        Metrics.MetricFamily counters = byName.get("served_requests_total");
        assertEquals("Requests.", counters.getHelp());
        assertEquals("requests", counters.getUnit());
        assertEquals(n, counters.getMetricCount());
        for (Metrics.Metric m : counters.getMetricList()) {
            int i = Integer.parseInt(m.getLabel(0).getValue().substring(2));
            assertEquals("code", m.getLabel(1).getName());
            assertEquals(String.valueOf(200 + i % 3), m.getLabel(1).getValue());
            assertEquals(i, m.getCounter().getValue());
        }
        Metrics.MetricFamily histograms = byName.get("latency_seconds");
        assertEquals(2_000, histograms.getMetricCount());
        for (Metrics.Metric m : histograms.getMetricList()) {
            int i = Integer.parseInt(m.getLabel(0).getValue().substring(2));
            Metrics.Histogram h = m.getHistogram();
            assertEquals(2, h.getSampleCount());
            assertEquals(i % 100 * 0.05 + 200 + i, h.getSampleSum(), 1e-9);
            assertEquals(4, h.getBucketCount());
            assertEquals(1, h.getBucket(3).getCumulativeCount()); // le=10: the small observation only
        }
        assertTrue(out.largestWrite() <= 4 * HOLD, "pieces stay near the hold: " + out.largestWrite());
    }

    @Test
    void recordingAndNewSeriesBetweenThePassesNeverBreakTheFraming() throws Exception {
        Registry registry = new Registry();
        Histogram h = Histogram.builder("busy").help("Busy.").labelNames("k").buckets(1, 2, 4, 8, 16, 32, 64)
                .register(registry);
        Summary s = Summary.builder("sizes").help("Sizes.").labelNames("k").register(registry);
        Counter c = Counter.builder("grows").help("Grows.").labelNames("k").register(registry);
        for (int i = 0; i < 3_000; i++) {
            h.labels("k" + i).observe(i % 70);
            s.labels("k" + (i % 500)).observe(i);
            c.labels("k" + i).inc();
        }
        AtomicBoolean stop = new AtomicBoolean();
        Thread writer = new Thread(() -> {
            long i = 0;
            while (!stop.get()) {
                // counts cross varint sizes (127 -> 128, 16383 -> 16384) and new series appear
                h.labels("k" + (i % 3_000)).observe(i % 70);
                if (i % 16 == 0 && i < 16 * 20_000) {
                    c.labels("new" + i).inc();
                }
                i++;
            }
        });
        writer.start();
        long dropped = 0;
        try {
            ScrapeRenderer renderer = new ScrapeRenderer(256);
            renderer.familyHoldLimit(HOLD);
            for (int round = 0; round < 30; round++) {
                ByteArrayOutputStream out = new ByteArrayOutputStream();
                renderer.write(registry, ExpositionFormat.PROTOBUF, family -> true, out);
                dropped += renderer.droppedSamples();
                List<Metrics.MetricFamily> families = ProtobufSamples.families(out.toByteArray());
                assertEquals(3, families.size());
                for (Metrics.MetricFamily f : families) {
                    if (f.getName().equals("busy")) {
                        assertTrue(f.getMetricCount() + renderer.droppedSamples() >= 3_000,
                                "every series written or counted as dropped");
                        for (Metrics.Metric m : f.getMetricList()) {
                            Metrics.Histogram hist = m.getHistogram();
                            long previous = 0;
                            for (Metrics.Bucket b : hist.getBucketList()) {
                                assertTrue(b.getCumulativeCount() >= previous, "cumulative");
                                previous = b.getCumulativeCount();
                            }
                            assertTrue(hist.getSampleCount() >= previous);
                        }
                    }
                }
            }
        } finally {
            stop.set(true);
            writer.join();
        }
        System.out.println("[ProtobufFamilyStreamingTest] metrics dropped over 30 racing scrapes: " + dropped);
    }

    @Test
    void aBodyWithinTheHoldIsHeldAndNothingIsWritten() throws IOException {
        Registry registry = new Registry();
        Counter.builder("one").help("One.").register(registry).inc();
        ScrapeRenderer renderer = new ScrapeRenderer(256);
        CountingSink out = new CountingSink();
        for (ExpositionFormat format : ExpositionFormat.values()) {
            assertTrue(renderer.renderOrStream(registry, format, family -> true, out, 64 * 1024));
            assertEquals(0, out.size());
            assertTrue(renderer.length() > 0);
        }
        Counter many = Counter.builder("many").help("Many.").labelNames("i").register(registry);
        for (int i = 0; i < 5_000; i++) {
            many.labels(String.valueOf(i)).inc();
        }
        for (ExpositionFormat format : ExpositionFormat.values()) {
            CountingSink streamed = new CountingSink();
            assertFalse(renderer.renderOrStream(registry, format, family -> true, streamed, 4 * 1024), format.name());
            assertTrue(streamed.size() > 16 * 1024);
            if (format == ExpositionFormat.PROTOBUF) {
                int metrics = 0;
                for (Metrics.MetricFamily f : ProtobufSamples.families(streamed.toByteArray())) {
                    metrics += f.getMetricCount();
                }
                assertEquals(5_001, metrics);
            }
        }
    }

    /** Keeps what it is given and the size of its largest single write. */
    private static final class CountingSink extends OutputStream {
        private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        private int largest;

        @Override
        public void write(int b) {
            bytes.write(b);
            largest = Math.max(largest, 1);
        }

        @Override
        public void write(byte[] b, int off, int len) {
            bytes.write(b, off, len);
            largest = Math.max(largest, len);
        }

        int size() {
            return bytes.size();
        }

        int largestWrite() {
            return largest;
        }

        byte[] toByteArray() {
            return bytes.toByteArray();
        }
    }
}
