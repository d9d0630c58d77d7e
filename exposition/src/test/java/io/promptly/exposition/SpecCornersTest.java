package io.promptly.exposition;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.promptly.core.Counter;
import io.promptly.core.Exemplar;
import io.promptly.core.MetricMetadata;
import io.promptly.core.MetricType;
import io.promptly.core.SeriesLabels;
import io.promptly.core.Histogram;
import io.promptly.core.Labels;
import io.promptly.core.Summary;
import io.promptly.core.Registry;
import io.prometheus.client.Metrics;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The spec corners of issue 14, each judged by an independent reader: {@link StrictOpenMetricsParser} (written
 * from the OpenMetrics 1.0 ABNF and rules), {@link TextFormatParser} and protobuf-java.
 */
class SpecCornersTest {
    static String openMetrics(Registry registry) {
        return new String(Exposition.render(registry, ExpositionFormat.OPENMETRICS).body(), StandardCharsets.UTF_8);
    }

    static String text(Registry registry) {
        return new String(Exposition.render(registry, ExpositionFormat.TEXT).body(), StandardCharsets.UTF_8);
    }

    static List<Metrics.MetricFamily> protobuf(Registry registry) {
        return ProtobufSamples.families(Exposition.render(registry, ExpositionFormat.PROTOBUF).body());
    }

    static boolean hasSample(List<Sample> samples, String name) {
        return samples.stream().anyMatch(s -> s.name().equals(name));
    }

    static double value(List<Sample> samples, String name) {
        return samples.stream().filter(s -> s.name().equals(name)).findFirst()
                .orElseThrow(() -> new AssertionError("no sample " + name)).value();
    }

    @Test
    void histogramWithANegativeBoundDropsCountWithSumInOpenMetricsButKeepsTheCountInTheInfBucket() {
        Registry r = new Registry();
        Histogram h = Histogram.builder("temp_delta").buckets(-1, 0, 1).register(r);
        h.observe(-2);
        h.observe(0.5);
        h.observe(3);
        List<Sample> om = StrictOpenMetricsParser.samples(openMetrics(r));
        assertFalse(hasSample(om, "temp_delta_count"));
        assertFalse(hasSample(om, "temp_delta_sum"));
        assertEquals(3, om.stream().filter(s -> "+Inf".equals(s.labels().get("le"))).findFirst().get().value());
        // text 0.0.4 and protobuf have no such rule: count and sum stay
        List<Sample> text = TextFormatParser.parse(text(r));
        assertEquals(3, value(text, "temp_delta_count"));
        assertEquals(1.5, value(text, "temp_delta_sum"));
        Metrics.Histogram proto = protobuf(r).get(0).getMetric(0).getHistogram();
        assertEquals(3, proto.getSampleCount());
        assertTrue(proto.hasSampleSum());
    }

    @Test
    void theRichRegistryPassesTheStrictParser() {
        StrictOpenMetricsParser.parse(Exposition.render(RichRegistry.create(), ExpositionFormat.OPENMETRICS).body());
    }

    @ParameterizedTest
    @ValueSource(longs = {-1500, -1, -999, -1000, -1001, -2000, 0, 1, 999, 1000, 1001, 1_700_000_000_123L,
        Long.MIN_VALUE, Long.MIN_VALUE + 1, Long.MAX_VALUE})
    void exemplarTimestampsAreTheSameInstantInOpenMetricsAndProtobuf(long millis) {
        Registry r = new Registry();
        Counter c = Counter.builder("jobs").exemplarClock(() -> millis).register(r);
        c.incWithExemplar(1, Labels.of("trace_id", "t"));
        StrictOpenMetricsParser.Point p = StrictOpenMetricsParser.parse(openMetrics(r)).get(0).points().get(0);
        assertEquals(BigDecimal.valueOf(millis, 3).doubleValue(), p.exemplar().timestamp(), "OpenMetrics seconds");
        com.google.protobuf.Timestamp ts = protobuf(r).get(0).getMetric(0).getCounter().getExemplar().getTimestamp();
        assertTrue(ts.getNanos() >= 0 && ts.getNanos() < 1_000_000_000, "protobuf nanos in [0, 1e9)");
        assertEquals(BigDecimal.valueOf(millis, 3), BigDecimal.valueOf(ts.getSeconds())
                .add(BigDecimal.valueOf(ts.getNanos(), 9)).setScale(3), "protobuf seconds + nanos");
    }

    @Test
    void counterGetPast2To63ReadsWhatEveryFormatExposes() {
        Registry r = new Registry();
        Counter c = Counter.builder("big").register(r);
        c.labels().inc(Long.MAX_VALUE);
        c.inc();
        c.inc();
        double om = StrictOpenMetricsParser.samples(openMetrics(r)).get(0).value();
        double proto = protobuf(r).get(0).getMetric(0).getCounter().getValue();
        assertEquals(new BigDecimal("9223372036854775809").doubleValue(), om);
        assertEquals(om, proto);
        assertEquals(om, c.get(), "Counter.get()");
        assertEquals(om, c.labels().get(), "CounterHandle.get()");
        assertEquals(om, value(TextFormatParser.parse(text(r)), "big_total"));
    }

    @Test
    void quantileNegativeZeroIsZeroInEveryFormat() {
        Registry r = new Registry();
        Summary s = Summary.builder("rpc").quantiles(-0.0, 0.5).register(r);
        s.observe(1);
        Metrics.Quantile q = protobuf(r).get(0).getMetric(0).getSummary().getQuantile(0);
        assertEquals(0L, Double.doubleToRawLongBits(q.getQuantile()), "protobuf quantile is +0.0");
        StrictOpenMetricsParser.Point p = StrictOpenMetricsParser.parse(openMetrics(r)).get(0).points().get(0);
        assertEquals("0.0", p.labels().get("quantile"));
        assertEquals("0.0", TextFormatParser.parse(text(r)).get(0).labels().get("quantile"));
    }

    @Test
    void counterAcceptsPlusInfinityAndReadsPlusInfinityInEveryFormat() {
        Registry r = new Registry();
        Counter c = Counter.builder("overflowing").register(r);
        c.inc(3);
        c.inc(Double.POSITIVE_INFINITY);
        c.inc(0.5);
        assertEquals(Double.POSITIVE_INFINITY, c.get());
        assertEquals(Double.POSITIVE_INFINITY, StrictOpenMetricsParser.samples(openMetrics(r)).get(0).value());
        assertEquals(Double.POSITIVE_INFINITY, value(TextFormatParser.parse(text(r)), "overflowing_total"));
        assertEquals(Double.POSITIVE_INFINITY, protobuf(r).get(0).getMetric(0).getCounter().getValue());
    }

    @Test
    void aCustomCollectableAttachesAnExemplarBuiltWithThePublicFactory() {
        Exemplar exemplar = Exemplar.of(0.25, Labels.of("trace_id", "abc"), 1_500);
        Registry r = new Registry();
        r.register(new TestFamily(new MetricMetadata("custom", MetricType.COUNTER, "Custom.", ""),
                sink -> sink.counter(SeriesLabels.EMPTY, 4, 0.0, exemplar)));
        StrictOpenMetricsParser.Exemplar om = StrictOpenMetricsParser.parse(openMetrics(r)).get(0).points().get(0)
                .exemplar();
        assertEquals(java.util.Map.of("trace_id", "abc"), om.labels());
        assertEquals(0.25, om.value());
        assertEquals(1.5, om.timestamp());
        Metrics.Exemplar proto = protobuf(r).get(0).getMetric(0).getCounter().getExemplar();
        assertEquals("abc", proto.getLabel(0).getValue());
        assertEquals(0.25, proto.getValue());
    }

    @Test
    void theExemplarFactoryRefusesWhatOpenMetricsForbids() {
        String v = "x".repeat(121);
        IllegalArgumentException tooLong = assertThrows(IllegalArgumentException.class,
                () -> Exemplar.of(1, Labels.of("trace_id", v), 0));
        assertTrue(tooLong.getMessage().contains("129 code points"), tooLong.getMessage());
        for (double bad : new double[] {Double.NaN, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY}) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> Exemplar.of(bad, Labels.EMPTY, 0));
            assertTrue(e.getMessage().contains("finite"), e.getMessage());
        }
        assertThrows(IllegalArgumentException.class, () -> Exemplar.of(1, null, 0));
        assertThrows(IllegalArgumentException.class, () -> Exemplar.of(1, Labels.of("1bad", "x"), 0));
        Exemplar.of(1, Labels.of("trace_id", "x".repeat(120)), 0); // exactly 128
    }
}
