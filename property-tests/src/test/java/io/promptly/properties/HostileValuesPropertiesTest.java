package io.promptly.properties;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.integers;
import static org.quicktheories.generators.SourceDSL.lists;

import io.prometheus.client.Metrics;
import io.promptly.core.Buckets;
import io.promptly.core.CallbackMetric;
import io.promptly.core.Counter;
import io.promptly.core.Gauge;
import io.promptly.core.Histogram;
import io.promptly.core.Registry;
import io.promptly.core.Summary;
import io.promptly.exposition.ExpositionFormat;
import io.promptly.exposition.Sample;
import io.promptly.exposition.ScrapeRenderer;
import io.promptly.exposition.StrictOpenMetricsParser;
import io.promptly.exposition.TextFormatParser;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.quicktheories.core.Gen;

/**
 * Whatever is recorded, every scrape is valid: random histograms (non-negative, signed and native bounds),
 * summaries, counters, gauges and callbacks fed hostile values (negative, NaN, ±Inf, −0.0, subnormals, huge
 * magnitudes, huge counts) are rendered in all three formats, and every body is accepted by readers we did not
 * write from our writers: the strict OpenMetrics parser (written from the spec's ABNF and rules), the text 0.0.4
 * parser and protobuf-java. Also: bucket generators give the double nearest the exact decimal.
 */
class HostileValuesPropertiesTest {
    private static final double[] HOSTILE = {-5.0, -1e300, Double.NaN, Double.POSITIVE_INFINITY,
        Double.NEGATIVE_INFINITY, -0.0, 0.0, Double.MIN_VALUE, -Double.MIN_VALUE, Double.MAX_VALUE,
        -Double.MAX_VALUE, 1e-300, 0.001, 0.5, 1.0, 42.0, 1e300};

    /** A value: mostly hostile, some ordinary. */
    private static Gen<Double> values() {
        return integers().between(0, HOSTILE.length + 3).map(i -> i < HOSTILE.length ? HOSTILE[i] : i * 0.37);
    }

    @Test
    void everyBodyIsValidWhateverWasRecorded() {
        qt().withExamples(150).forAll(lists().of(values()).ofSizeBetween(0, 40), integers().between(0, 7))
                .checkAssert((observed, shape) -> {
                    Registry registry = new Registry();
                    Histogram plain = Histogram.builder("h_plain").labelNames("k").buckets(0.1, 1, 10).register(registry);
                    Histogram signed = Histogram.builder("h_signed").buckets(-1, 0, 1).register(registry);
                    Histogram nativeToo = Histogram.builder("h_native").buckets(1, 2).nativeHistogram()
                            .register(registry);
                    Summary summary = Summary.builder("s").labelNames("k").quantiles(0, 0.5, 0.99, 1)
                            .register(registry);
                    Gauge gauge = Gauge.builder("g").labelNames("k").register(registry);
                    Counter counter = Counter.builder("c").register(registry);
                    CallbackMetric callbacks = CallbackMetric.counter("cb").labelNames("k").register(registry);
                    CallbackMetric.gauge("cbg").labelNames("k").register(registry);
                    int i = 0;
                    for (double v : observed) {
                        String k = "k" + ((i + shape) % 3);
                        plain.labels(k).observe(v);
                        signed.observe(v);
                        nativeToo.observe(v);
                        summary.labels(k).observe(v);
                        gauge.labels(k).set(v);
                        if (v >= 0) {
                            counter.inc(v); // the counter refuses the rest, with an exception (tested elsewhere)
                        }
                        double returned = v;
                        callbacks.addSeries(() -> returned, "cb" + i);
                        i++;
                    }
                    if (shape == 7) {
                        counter.inc(Long.MAX_VALUE);
                        counter.inc(Long.MAX_VALUE); // past 2^63: an unsigned whole part
                    }
                    for (ExpositionFormat format : ExpositionFormat.values()) {
                        ScrapeRenderer renderer = new ScrapeRenderer().render(registry, format);
                        byte[] body = renderer.toByteArray();
                        accepted(format, body);
                    }
                });
    }

    private static void accepted(ExpositionFormat format, byte[] body) {
        switch (format) {
            case OPENMETRICS:
                StrictOpenMetricsParser.parse(body);
                break;
            case OPENMETRICS_2_0:
                io.promptly.exposition.StrictOpenMetrics2Parser.parse(body);
                break;
            case TEXT: {
                List<Sample> samples = TextFormatParser.parse(new String(body, StandardCharsets.UTF_8));
                for (Sample s : samples) {
                    if (s.name().endsWith("_total") || s.name().startsWith("cb")) {
                        assertTrue(s.value() >= 0 || s.name().startsWith("cbg"), "counter sample " + s);
                    }
                }
                break;
            }
            default: {
                List<Metrics.MetricFamily> families = protobufFamilies(body);
                for (Metrics.MetricFamily family : families) {
                    if (family.getType() == Metrics.MetricType.COUNTER) {
                        for (Metrics.Metric m : family.getMetricList()) {
                            double total = m.getCounter().getValue();
                            assertTrue(total >= 0, "counter " + family.getName() + " total " + total);
                        }
                    }
                    if (family.getType() == Metrics.MetricType.HISTOGRAM) {
                        for (Metrics.Metric m : family.getMetricList()) {
                            Metrics.Histogram h = m.getHistogram();
                            long previous = 0;
                            for (Metrics.Bucket b : h.getBucketList()) {
                                assertTrue(b.getCumulativeCount() >= previous, "cumulative buckets in " + family.getName());
                                previous = b.getCumulativeCount();
                            }
                        }
                    }
                }
            }
        }
    }

    @Test
    void linearBucketsAreTheDoublesNearestTheExactDecimals() {
        // start = a / 10^p, width = b / 10^q: bound i is exactly (a·10^q + i·b·10^p) / 10^(p+q)
        qt().withExamples(2000).forAll(integers().between(-100_000, 100_000), integers().between(0, 6),
                integers().between(1, 100_000), integers().between(0, 6)).checkAssert((a, p, b, q) -> {
                    double start = Double.parseDouble(decimal(a, p));
                    double width = Double.parseDouble(decimal(b, q));
                    double[] bounds = Buckets.linear(start, width, 12);
                    for (int i = 0; i < bounds.length; i++) {
                        long scaled = a * pow10(q) + (long) i * b * pow10(p);
                        assertEquals(Double.parseDouble(decimal(scaled, p + q)), bounds[i],
                                "linear(" + start + ", " + width + ") bound " + i);
                    }
                });
    }

    @Test
    void exponentialBucketsAreTheDoublesNearestTheExactDecimals() {
        qt().withExamples(2000).forAll(integers().between(1, 100_000), integers().between(0, 8),
                integers().between(11, 50), integers().between(1, 20)).checkAssert((a, p, f, count) -> {
                    double start = Double.parseDouble(decimal(a, p));
                    double factor = f / 10.0; // 1.1 .. 5.0, one decimal
                    double[] bounds = Buckets.exponential(start, factor, count);
                    for (int i = 0; i < bounds.length; i++) {
                        // exactly a·f^i / 10^(p+i), written out as a decimal string by integer arithmetic
                        java.math.BigInteger numerator = java.math.BigInteger.valueOf(a)
                                .multiply(java.math.BigInteger.valueOf(f).pow(i));
                        assertEquals(Double.parseDouble(numerator + "e-" + (p + i)), bounds[i],
                                "exponential(" + start + ", " + factor + ") bound " + i);
                    }
                });
    }

    /** Length-delimited MetricFamily messages, read by protobuf-java (it throws on a malformed body). */
    private static List<Metrics.MetricFamily> protobufFamilies(byte[] body) {
        List<Metrics.MetricFamily> families = new java.util.ArrayList<>();
        java.io.ByteArrayInputStream in = new java.io.ByteArrayInputStream(body);
        try {
            for (Metrics.MetricFamily f; (f = Metrics.MetricFamily.parseDelimitedFrom(in)) != null; ) {
                families.add(f);
            }
        } catch (java.io.IOException e) {
            throw new AssertionError("protobuf-java rejects the body", e);
        }
        return families;
    }

    private static long pow10(int n) {
        long v = 1;
        for (int i = 0; i < n; i++) {
            v *= 10;
        }
        return v;
    }

    /** {@code unscaled / 10^scale} as a decimal string, by integer formatting (no floating point). */
    private static String decimal(long unscaled, int scale) {
        return unscaled + "e-" + scale;
    }

    @Test
    void theDecimalHelperIsExact() {
        assertEquals(new BigDecimal("0.3").doubleValue(), Double.parseDouble(decimal(3, 1)));
    }
}
