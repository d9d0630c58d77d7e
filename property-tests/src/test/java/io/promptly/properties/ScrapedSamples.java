package io.promptly.properties;

import io.prometheus.client.Metrics;
import io.promptly.exposition.ExpositionFormat;
import io.promptly.exposition.Sample;
import io.promptly.exposition.TextFormatParser;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Reads a scrape body back into format-neutral samples with parsers we did not write for the writers: the
 * exposition module's independent text parser (text 0.0.4 and OpenMetrics) and protobuf-java (delimited
 * {@code MetricFamily}). {@code le} and {@code quantile} values are normalised to {@link Double#toString} of
 * the parsed number, so every format yields the same keys. A protobuf histogram without an explicit
 * {@code +Inf} bucket gets one from {@code sample_count}, as Prometheus does.
 */
final class ScrapedSamples {
    private ScrapedSamples() {
    }

    static List<Sample> parse(ExpositionFormat format, byte[] body, int length) {
        if (format == ExpositionFormat.PROTOBUF) {
            return protobuf(body, length);
        }
        String text = new String(body, 0, length, StandardCharsets.UTF_8);
        if (format == ExpositionFormat.OPENMETRICS_2_0) {
            return openMetrics2(text);
        }
        if (format == ExpositionFormat.OPENMETRICS && !text.endsWith("# EOF\n")) {
            throw new AssertionError("OpenMetrics body does not end with # EOF");
        }
        if (format == ExpositionFormat.OPENMETRICS) {
            // every rule of the spec, judged by the parser written from its ABNF (throws on a violation)
            io.promptly.exposition.StrictOpenMetricsParser.parse(text);
        }
        List<Sample> out = new ArrayList<>();
        for (Sample s : TextFormatParser.parse(text)) {
            out.add(normalised(s.name(), s.labels(), s.value()));
        }
        return out;
    }

    /**
     * An OpenMetrics 2.0 body, judged by the strict parser written from its ABNF, as the series text 0.0.4 shows:
     * a counter named without {@code _total} gets it (2.0 writes counters as named), composite values are
     * spread into {@code _bucket{le}}, {@code _sum} and {@code _count} (quantile samples for summaries).
     */
    private static List<Sample> openMetrics2(String text) {
        List<Sample> out = new ArrayList<>();
        for (io.promptly.exposition.StrictOpenMetrics2Parser.Family f
                : io.promptly.exposition.StrictOpenMetrics2Parser.parse(text)) {
            for (io.promptly.exposition.StrictOpenMetrics2Parser.Line l : f.lines()) {
                io.promptly.exposition.StrictOpenMetrics2Parser.Composite c = l.composite();
                if (c == null) {
                    String name = "counter".equals(f.type()) && !l.name().endsWith("_total") ? l.name() + "_total"
                            : l.name();
                    out.add(new Sample(name, l.labels(), l.value()));
                    continue;
                }
                if (c.quantiles() != null) {
                    for (double[] q : c.quantiles()) {
                        out.add(normalised(l.name(), with(l.labels(), "quantile", Double.toString(q[0])), q[1]));
                    }
                }
                if (c.buckets() != null) {
                    for (double[] b : c.buckets()) {
                        String le = b[0] == Double.POSITIVE_INFINITY ? "+Inf" : Double.toString(b[0]);
                        out.add(normalised(l.name() + "_bucket", with(l.labels(), "le", le), b[1]));
                    }
                } else if (c.schema() != null) {
                    out.add(normalised(l.name() + "_bucket", with(l.labels(), "le", "+Inf"), c.count()));
                }
                out.add(new Sample(l.name() + "_sum", l.labels(), c.sum()));
                out.add(new Sample(l.name() + "_count", l.labels(), c.count()));
            }
        }
        return out;
    }

    /** Sample key: name plus labels sorted by name (numeric le/quantile normalised). */
    static String key(Sample s) {
        return s.name() + new TreeMap<>(s.labels());
    }

    private static Sample normalised(String name, Map<String, String> labels, double value) {
        Map<String, String> copy = new LinkedHashMap<>(labels);
        for (String numeric : new String[] {"le", "quantile"}) {
            String v = copy.get(numeric);
            if (v != null) {
                copy.put(numeric, Double.toString(TextFormatParser.parseValue(v)));
            }
        }
        return new Sample(name, copy, value);
    }

    private static List<Sample> protobuf(byte[] body, int length) {
        List<Sample> samples = new ArrayList<>();
        ByteArrayInputStream in = new ByteArrayInputStream(body, 0, length);
        try {
            for (Metrics.MetricFamily family = Metrics.MetricFamily.parseDelimitedFrom(in); family != null;
                    family = Metrics.MetricFamily.parseDelimitedFrom(in)) {
                addFamily(family, samples);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return samples;
    }

    private static void addFamily(Metrics.MetricFamily family, List<Sample> samples) {
        String name = family.getName();
        for (Metrics.Metric metric : family.getMetricList()) {
            Map<String, String> labels = new LinkedHashMap<>();
            for (Metrics.LabelPair pair : metric.getLabelList()) {
                labels.put(pair.getName(), pair.getValue());
            }
            switch (family.getType()) {
                case COUNTER:
                    samples.add(new Sample(name, labels, metric.getCounter().getValue()));
                    break;
                case GAUGE:
                    samples.add(new Sample(name, labels, metric.getGauge().getValue()));
                    break;
                case UNTYPED:
                    samples.add(new Sample(name, labels, metric.getUntyped().getValue()));
                    break;
                case HISTOGRAM: {
                    Metrics.Histogram h = metric.getHistogram();
                    boolean infSeen = false;
                    for (Metrics.Bucket b : h.getBucketList()) {
                        infSeen |= b.getUpperBound() == Double.POSITIVE_INFINITY;
                        samples.add(normalised(name + "_bucket", with(labels, "le",
                                Double.toString(b.getUpperBound()).replace("Infinity", "+Inf")),
                                b.getCumulativeCount()));
                    }
                    if (!infSeen) {
                        samples.add(normalised(name + "_bucket", with(labels, "le", "+Inf"), h.getSampleCount()));
                    }
                    samples.add(new Sample(name + "_sum", labels, h.getSampleSum()));
                    samples.add(new Sample(name + "_count", labels, h.getSampleCount()));
                    break;
                }
                case SUMMARY: {
                    Metrics.Summary s = metric.getSummary();
                    for (Metrics.Quantile q : s.getQuantileList()) {
                        samples.add(normalised(name, with(labels, "quantile", Double.toString(q.getQuantile())),
                                q.getValue()));
                    }
                    samples.add(new Sample(name + "_sum", labels, s.getSampleSum()));
                    samples.add(new Sample(name + "_count", labels, s.getSampleCount()));
                    break;
                }
                default:
                    throw new AssertionError("unexpected protobuf type " + family.getType() + " of " + name);
            }
        }
    }

    private static Map<String, String> with(Map<String, String> labels, String name, String value) {
        Map<String, String> copy = new LinkedHashMap<>(labels);
        copy.put(name, value);
        return copy;
    }
}
