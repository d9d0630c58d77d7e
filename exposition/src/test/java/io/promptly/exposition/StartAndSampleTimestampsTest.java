package io.promptly.exposition;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.prometheus.client.Metrics;
import io.promptly.core.Collectable;
import io.promptly.core.Counter;
import io.promptly.core.Gauge;
import io.promptly.core.Histogram;
import io.promptly.core.MetricMetadata;
import io.promptly.core.MetricSink;
import io.promptly.core.MetricType;
import io.promptly.core.Registry;
import io.promptly.core.SeriesLabels;
import io.promptly.core.Summary;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Start times (protobuf {@code created_timestamp}, opt-in OpenMetrics {@code _created}) and sample timestamps from
 * a custom collectable, read back by protobuf-java and the strict OpenMetrics parser.
 */
class StartAndSampleTimestampsTest {
    private static final long SAMPLE_TIME = 1_700_000_000_123L;

    private static long millis(com.google.protobuf.Timestamp t) {
        return t.getSeconds() * 1000 + t.getNanos() / 1_000_000;
    }

    @Test
    void protobufCarriesEachCountersHistogramsAndSummarysStartTime() {
        Registry r = new Registry();
        long before = System.currentTimeMillis();
        Counter.builder("jobs").labelNames("kind").register(r).labels("a").inc();
        Histogram.builder("latency_seconds").buckets(1).register(r).observe(0.5);
        Summary.builder("size_bytes").register(r).observe(3);
        Gauge.builder("temperature").register(r).set(1);
        long after = System.currentTimeMillis();
        List<Metrics.MetricFamily> families = ProtobufSamples.families(
                new ScrapeRenderer().render(r, ExpositionFormat.PROTOBUF).toByteArray());
        long counter = millis(families.get(0).getMetric(0).getCounter().getCreatedTimestamp());
        long histogram = millis(families.get(1).getMetric(0).getHistogram().getCreatedTimestamp());
        long summary = millis(families.get(2).getMetric(0).getSummary().getCreatedTimestamp());
        for (long t : new long[] {counter, histogram, summary}) {
            assertTrue(t >= before && t <= after, t + " not in [" + before + ", " + after + "]");
        }
        assertEquals(1, families.get(0).getMetric(0).getCounter().getValue());
        assertFalse(families.get(3).getMetric(0).hasTimestampMs());
    }

    @Test
    void openMetricsCreatedSamplesAreOptIn() {
        Registry r = new Registry();
        long before = System.currentTimeMillis();
        Counter.builder("jobs").register(r).inc(2);
        Histogram.builder("latency_seconds").buckets(1).register(r).observe(0.5);
        long after = System.currentTimeMillis();
        ScrapeRenderer renderer = new ScrapeRenderer();
        String plain = new String(renderer.render(r, ExpositionFormat.OPENMETRICS).toByteArray(),
                StandardCharsets.UTF_8);
        assertFalse(plain.contains("_created"), plain);
        renderer.openMetricsCreated(true);
        String withCreated = new String(renderer.render(r, ExpositionFormat.OPENMETRICS).toByteArray(),
                StandardCharsets.UTF_8);
        int seen = 0;
        for (StrictOpenMetricsParser.Family f : StrictOpenMetricsParser.parse(withCreated)) {
            for (StrictOpenMetricsParser.Point p : f.points()) {
                if (p.name().endsWith("_created")) {
                    seen++;
                    assertTrue(p.value() * 1000 >= before - 1 && p.value() * 1000 <= after + 1, p.toString());
                }
            }
        }
        assertEquals(2, seen, withCreated);
    }

    /** A gauge and a counter read from elsewhere at {@link #SAMPLE_TIME}. */
    private static final class Imported implements Collectable {
        private final MetricMetadata metadata;

        Imported(String name, MetricType type) {
            this.metadata = new MetricMetadata(name, type, "Read from elsewhere.", "");
        }

        @Override
        public MetricMetadata metadata() {
            return metadata;
        }

        @Override
        public void collect(MetricSink sink) {
            sink.family(metadata);
            sink.sampleTimestamp(SAMPLE_TIME);
            SeriesLabels labels = SeriesLabels.of(new String[] {"source"}, new String[] {"device"});
            if (metadata.type() == MetricType.COUNTER) {
                sink.counter(labels, 41, 0.5);
            } else {
                sink.gauge(labels, 21.5);
            }
            sink.endFamily();
        }
    }

    @Test
    void aCollectablesSampleTimestampReachesEveryFormat() {
        Registry r = new Registry();
        r.register(new Imported("imported_temperature", MetricType.GAUGE));
        r.register(new Imported("imported_events", MetricType.COUNTER));
        ScrapeRenderer renderer = new ScrapeRenderer();
        String om = new String(renderer.render(r, ExpositionFormat.OPENMETRICS).toByteArray(), StandardCharsets.UTF_8);
        List<StrictOpenMetricsParser.Family> families = StrictOpenMetricsParser.parse(om);
        assertEquals(1_700_000_000.123, families.get(0).points().get(0).timestamp(), 1e-6, om);
        assertEquals(1_700_000_000.123, families.get(1).points().get(0).timestamp(), 1e-6, om);
        String text = new String(renderer.render(r, ExpositionFormat.TEXT).toByteArray(), StandardCharsets.UTF_8);
        // text 0.0.4: metric_name [labels] value [timestamp in ms]
        assertTrue(text.contains("imported_temperature{source=\"device\"} 21.5 1700000000123\n"), text);
        assertTrue(text.contains("imported_events_total{source=\"device\"} 41.5 1700000000123\n"), text);
        List<Metrics.MetricFamily> proto = ProtobufSamples.families(
                renderer.render(r, ExpositionFormat.PROTOBUF).toByteArray());
        assertEquals(SAMPLE_TIME, proto.get(0).getMetric(0).getTimestampMs());
        assertEquals(21.5, proto.get(0).getMetric(0).getGauge().getValue());
        assertEquals(SAMPLE_TIME, proto.get(1).getMetric(0).getTimestampMs());
        assertEquals(Map.of("source", "device"), Map.of(proto.get(1).getMetric(0).getLabel(0).getName(),
                proto.get(1).getMetric(0).getLabel(0).getValue()));
    }
}
