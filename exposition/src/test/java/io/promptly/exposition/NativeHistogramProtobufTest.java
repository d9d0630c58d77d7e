package io.promptly.exposition;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.promptly.core.Counter;
import io.promptly.core.Histogram;
import io.promptly.core.Labels;
import io.promptly.core.Registry;
import io.prometheus.client.Metrics;
import io.prometheus.client.Metrics.MetricFamily;
import java.util.List;
import java.util.Random;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/** Native histograms and exemplars in the protobuf format, parsed by protobuf-java and decoded per the spec. */
class NativeHistogramProtobufTest {
    private static List<MetricFamily> render(Registry registry) {
        return ProtobufSamples.families(new ScrapeRenderer().render(registry, ExpositionFormat.PROTOBUF)
                .toByteArray());
    }

    @Test
    void spansAndDeltasDecodeBackToTheRecordedBucketCounts() {
        Registry registry = new Registry();
        Histogram h = Histogram.builder("latency_seconds").help("Latency.").nativeOnly().nativeSchema(3)
                .register(registry);
        Random r = new Random(11);
        double[] values = new double[5_000];
        double sum = 0;
        long zeros = 0;
        for (int i = 0; i < values.length; i++) {
            double v = i % 50 == 0 ? 0 : (r.nextInt(4) == 0 ? -1 : 1) * Math.exp(r.nextGaussian() * 2);
            values[i] = v;
            sum += v;
            zeros += v == 0 ? 1 : 0;
            h.observe(v);
        }
        Metrics.Histogram p = render(registry).get(0).getMetric(0).getHistogram();
        int schema = p.getSchema();
        TreeMap<Integer, Long> positive = new TreeMap<>();
        TreeMap<Integer, Long> negative = new TreeMap<>();
        for (double v : values) {
            if (v != 0) {
                (v > 0 ? positive : negative).merge(SpecBuckets.index(v, schema), 1L, Long::sum);
            }
        }
        assertEquals(positive, SpecBuckets.decode(p.getPositiveSpanList(), p.getPositiveDeltaList()));
        assertEquals(negative, SpecBuckets.decode(p.getNegativeSpanList(), p.getNegativeDeltaList()));
        assertEquals(values.length, p.getSampleCount());
        assertEquals(sum, p.getSampleSum(), 1e-9);
        assertEquals(zeros, p.getZeroCount());
        assertEquals(0x1p-128, p.getZeroThreshold());
        assertTrue(schema <= 3 && schema >= -4, "schema " + schema);
        assertEquals(0, p.getBucketCount(), "native-only: no classic bucket (+Inf is sample_count)");
    }

    @Test
    void smallGapsStayInsideASpanAndLargerGapsStartANewOne() {
        Registry registry = new Registry();
        Histogram h = Histogram.builder("x").nativeOnly().nativeSchema(0).register(registry);
        h.observe(1);    // bucket 0: (0.5, 1]
        h.observe(3);    // bucket 2: (2, 4] — one empty bucket between: same span
        h.observe(100);  // bucket 7: (64, 128] — four empty buckets: a new span
        h.observe(120);
        Metrics.Histogram p = render(registry).get(0).getMetric(0).getHistogram();
        assertEquals(0, p.getSchema());
        assertEquals(2, p.getPositiveSpanCount());
        assertEquals(0, p.getPositiveSpan(0).getOffset());   // absolute index of the first bucket
        assertEquals(3, p.getPositiveSpan(0).getLength());   // buckets 0, 1 (empty), 2
        assertEquals(4, p.getPositiveSpan(1).getOffset());   // buckets 3..6 skipped after the span's end (3)
        assertEquals(1, p.getPositiveSpan(1).getLength());
        assertEquals(List.of(1L, -1L, 1L, 1L), p.getPositiveDeltaList());  // counts 1, 0, 1, then 2
        assertEquals(0, p.getNegativeSpanCount());
        assertEquals(4, p.getSampleCount());
    }

    @Test
    void emptyNativeHistogramIsStillRecognisableAsNative() {
        Registry registry = new Registry();
        Histogram.builder("a").nativeOnly().register(registry);
        Histogram.builder("b").nativeOnly().nativeZeroThreshold(0).register(registry);
        List<MetricFamily> f = render(registry);
        Metrics.Histogram a = f.get(0).getMetric(0).getHistogram();
        assertEquals(0x1p-128, a.getZeroThreshold());
        assertEquals(5, a.getSchema());
        assertEquals(0, a.getSampleCount());
        Metrics.Histogram b = f.get(1).getMetric(0).getHistogram();
        assertEquals(1, b.getPositiveSpanCount(), "no bucket and threshold 0: one empty span marks it native");
        assertEquals(0, b.getPositiveSpan(0).getLength());
        assertTrue(b.hasZeroThreshold());
    }

    @Test
    void classicAndNativeTogetherCarryBothAndNativeCount() {
        Registry registry = new Registry();
        Histogram h = Histogram.builder("x").buckets(1, 2).nativeHistogram().register(registry);
        h.observe(0.5);
        h.observe(1.5);
        h.observe(-3);
        Metrics.Histogram p = render(registry).get(0).getMetric(0).getHistogram();
        assertEquals(2, p.getBucketCount());
        assertEquals(2, p.getBucket(0).getCumulativeCount());   // 0.5, -3
        assertEquals(3, p.getBucket(1).getCumulativeCount());
        assertEquals(3, p.getSampleCount());
        int schema = p.getSchema();
        TreeMap<Integer, Long> positive = new TreeMap<>();
        positive.merge(SpecBuckets.index(0.5, schema), 1L, Long::sum);
        positive.merge(SpecBuckets.index(1.5, schema), 1L, Long::sum);
        assertEquals(positive, SpecBuckets.decode(p.getPositiveSpanList(), p.getPositiveDeltaList()));
        TreeMap<Integer, Long> negative = new TreeMap<>();
        negative.put(SpecBuckets.index(3, schema), 1L);
        assertEquals(negative, SpecBuckets.decode(p.getNegativeSpanList(), p.getNegativeDeltaList()));
    }

    @Test
    void exemplarsParseOnCountersBucketsAndNativeOnlyHistograms() {
        Registry registry = new Registry();
        Counter c = Counter.builder("requests").exemplarClock(() -> 1_700_000_000_123L).register(registry);
        c.incWithExemplar(2, Labels.of("trace_id", "abc", "span_id", "def"));
        Histogram classic = Histogram.builder("classic").buckets(1).exemplarClock(() -> 1_500L).register(registry);
        classic.observeWithExemplar(0.5, Labels.of("trace_id", "b1"));
        classic.observeWithExemplar(7, Labels.of("trace_id", "inf"));
        Histogram nativeOnly = Histogram.builder("native").nativeOnly().exemplarClock(() -> -1L).register(registry);
        nativeOnly.observeWithExemplar(3, Labels.of("trace_id", "n1"));
        List<MetricFamily> f = render(registry);

        Metrics.Counter counter = f.get(0).getMetric(0).getCounter();
        assertEquals(2.0, counter.getValue());
        Metrics.Exemplar e = counter.getExemplar();
        assertEquals(2, e.getLabelCount());
        assertEquals("trace_id", e.getLabel(0).getName());
        assertEquals("abc", e.getLabel(0).getValue());
        assertEquals("def", e.getLabel(1).getValue());
        assertEquals(2.0, e.getValue());
        assertEquals(1_700_000_000L, e.getTimestamp().getSeconds());
        assertEquals(123_000_000, e.getTimestamp().getNanos());

        Metrics.Histogram ch = f.get(1).getMetric(0).getHistogram();
        assertEquals("b1", ch.getBucket(0).getExemplar().getLabel(0).getValue());
        assertEquals(0.5, ch.getBucket(0).getExemplar().getValue());
        assertEquals(1, ch.getBucket(0).getExemplar().getTimestamp().getSeconds());
        assertEquals(500_000_000, ch.getBucket(0).getExemplar().getTimestamp().getNanos());
        assertEquals(0, ch.getExemplarsCount(), "classic-only: the +Inf exemplar has no protobuf bucket");

        Metrics.Histogram nh = f.get(2).getMetric(0).getHistogram();
        assertEquals(1, nh.getExemplarsCount());
        assertEquals("n1", nh.getExemplars(0).getLabel(0).getValue());
        assertEquals(-1, nh.getExemplars(0).getTimestamp().getSeconds());   // 1 ms before the epoch
        assertEquals(999_000_000, nh.getExemplars(0).getTimestamp().getNanos());
        assertFalse(nh.getExemplars(0).getLabelList().isEmpty());
    }
}
