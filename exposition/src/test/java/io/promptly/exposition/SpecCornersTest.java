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

    @ParameterizedTest
    @ValueSource(doubles = {-5.0, Double.NEGATIVE_INFINITY, Double.NaN, -Double.MIN_VALUE})
    void aHistogramWithNonNegativeBoundsThatObservedABadValueLeavesOutSumAndCountInOpenMetricsForGood(double bad) {
        Registry r = new Registry();
        Histogram h = Histogram.builder("job_seconds").buckets(1, 2).register(r);
        h.observe(0.5);
        h.observe(bad);
        h.observe(10); // the sum may be back above zero: it is still no counter
        List<Sample> om = StrictOpenMetricsParser.samples(openMetrics(r));
        assertFalse(hasSample(om, "job_seconds_sum"));
        assertFalse(hasSample(om, "job_seconds_count"));
        assertEquals(3, om.stream().filter(s -> "+Inf".equals(s.labels().get("le"))).findFirst().get().value());
        // text 0.0.4 and protobuf keep what was recorded
        List<Sample> text = TextFormatParser.parse(text(r));
        assertEquals(3, value(text, "job_seconds_count"));
        assertEquals(Double.doubleToLongBits(0.5 + bad + 10), Double.doubleToLongBits(value(text, "job_seconds_sum")));
        Metrics.Histogram proto = protobuf(r).get(0).getMetric(0).getHistogram();
        assertEquals(3, proto.getSampleCount());
        assertEquals(Double.doubleToLongBits(0.5 + bad + 10), Double.doubleToLongBits(proto.getSampleSum()));
    }

    @Test
    void aHistogramThatOnlyObservedNonNegativeValuesKeepsSumAndCountInOpenMetrics() {
        Registry r = new Registry();
        Histogram h = Histogram.builder("job_seconds").buckets(1, 2).labelNames("job").register(r);
        h.labels("good").observe(0.0);
        h.labels("good").observe(-0.0); // not negative
        h.labels("bad").observe(-1);
        List<Sample> om = StrictOpenMetricsParser.samples(openMetrics(r));
        assertEquals(1, om.stream().filter(s -> s.name().equals("job_seconds_count")).count());
        assertTrue(om.stream().anyMatch(s -> s.name().equals("job_seconds_sum") && "good".equals(s.labels().get("job"))));
        assertFalse(om.stream().anyMatch(s -> s.name().equals("job_seconds_sum") && "bad".equals(s.labels().get("job"))));
    }

    @ParameterizedTest
    @ValueSource(doubles = {-5.0, Double.NEGATIVE_INFINITY, Double.NaN})
    void aSummaryThatObservedANegativeOrNaNValueStaysValidOpenMetrics(double bad) {
        Registry r = new Registry();
        Summary s = Summary.builder("lag_seconds").quantiles(0.0, 0.5, 1.0).register(r);
        s.observe(bad);
        s.observe(2.0);
        s.observe(3.0);
        List<Sample> om = StrictOpenMetricsParser.samples(openMetrics(r));
        assertFalse(hasSample(om, "lag_seconds_sum"));
        assertFalse(hasSample(om, "lag_seconds_count"));
        // quantile 0 is the bad value when it is negative: left out of OpenMetrics, which forbids it; the others stay
        boolean negativeMinimum = bad < 0;
        assertEquals(negativeMinimum ? 2 : 3, om.stream().filter(x -> x.name().equals("lag_seconds")).count());
        // text and protobuf show what was recorded
        List<Sample> text = TextFormatParser.parse(text(r));
        assertEquals(3, value(text, "lag_seconds_count"));
        Metrics.Summary proto = protobuf(r).get(0).getMetric(0).getSummary();
        assertEquals(3, proto.getSampleCount());
        if (negativeMinimum) {
            assertTrue(proto.getQuantile(0).getValue() < 0);
        }
    }

    @ParameterizedTest
    @ValueSource(doubles = {Double.NaN, -1.0, -0.5, Double.NEGATIVE_INFINITY})
    void aCounterCallbackReturningAValueNoCounterCanCarryDropsOnlyItsOwnSample(double bad) throws Exception {
        Registry r = new Registry();
        io.promptly.core.CallbackMetric cb = io.promptly.core.CallbackMetric.counter("jobs").labelNames("queue")
                .register(r);
        cb.addSeries(() -> bad, "broken");
        cb.addSeries(() -> 7, "fine");
        cb.addSeries(() -> { throw new IllegalStateException("pool closed"); }, "throws");
        Counter.builder("other").register(r).inc();
        List<Sample> om = StrictOpenMetricsParser.samples(openMetrics(r));
        assertEquals(List.of("fine"), om.stream().filter(x -> x.name().equals("jobs_total"))
                .map(x -> x.labels().get("queue")).toList());
        assertEquals(1, value(om, "other_total"));
        List<Sample> text = TextFormatParser.parse(text(r));
        assertEquals(1, text.stream().filter(x -> x.name().equals("jobs_total")).count());
        assertEquals(1, protobuf(r).stream().filter(f -> f.getName().equals("jobs_total")).findFirst().get()
                .getMetricCount());
        // both drops are reported to the renderer, in every format
        for (ExpositionFormat format : ExpositionFormat.values()) {
            ScrapeRenderer renderer = new ScrapeRenderer();
            renderer.render(r, format);
            assertEquals(2, renderer.droppedSamples(), format.name());
        }
    }

    @Test
    void aCounterCallbackReturningInfinityIsAValidTotal() {
        Registry r = new Registry();
        io.promptly.core.CallbackMetric.counter("overflowed").register(r).addSeries(() -> Double.POSITIVE_INFINITY);
        assertEquals(Double.POSITIVE_INFINITY, value(StrictOpenMetricsParser.samples(openMetrics(r)), "overflowed_total"));
    }

    @Test
    void linearAndExponentialBucketsAreTheDecimalsUsersMeant() {
        double[] linear = io.promptly.core.Buckets.linear(0.1, 0.1, 10);
        for (int i = 0; i < 10; i++) {
            assertEquals(new BigDecimal("0.1").multiply(BigDecimal.valueOf(i + 1)).doubleValue(), linear[i]);
        }
        Registry r = new Registry();
        Histogram.builder("sizes").buckets(io.promptly.core.Buckets.linear(0.1, 0.1, 10)).register(r).observe(0.3);
        Histogram.builder("waits").buckets(io.promptly.core.Buckets.exponential(0.1, 3, 5)).register(r).observe(1);
        List<String> les = StrictOpenMetricsParser.samples(openMetrics(r)).stream()
                .map(x -> x.labels().get("le")).filter(le -> le != null).toList();
        assertEquals(List.of("0.1", "0.2", "0.3", "0.4", "0.5", "0.6", "0.7", "0.8", "0.9", "1.0", "+Inf",
                "0.1", "0.3", "0.9", "2.7", "8.1", "+Inf"), les);
        assertThrows(IllegalArgumentException.class, () -> io.promptly.core.Buckets.exponential(1e300, 1e10, 3));
        assertThrows(IllegalArgumentException.class, () -> io.promptly.core.Buckets.linear(Double.NaN, 1, 3));
    }
}
