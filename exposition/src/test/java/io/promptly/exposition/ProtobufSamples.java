package io.promptly.exposition;

import io.prometheus.client.Metrics;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads length-delimited MetricFamily messages with protobuf-java and flattens them into samples the way
 * Prometheus does: counters and gauges by family name, histogram buckets as {@code _bucket} with an
 * {@code le} label (plus the implicit {@code +Inf} bucket from sample_count), {@code _sum}, {@code _count};
 * summary quantiles with a {@code quantile} label. Numeric {@code le}/{@code quantile} values are written
 * with {@link Double#toString} (tests compare them after the same normalisation on the text side).
 */
final class ProtobufSamples {
    private ProtobufSamples() {
    }

    static List<Metrics.MetricFamily> families(byte[] body) {
        List<Metrics.MetricFamily> families = new ArrayList<>();
        ByteArrayInputStream in = new ByteArrayInputStream(body);
        try {
            while (true) {
                Metrics.MetricFamily family = Metrics.MetricFamily.parseDelimitedFrom(in);
                if (family == null) {
                    return families;
                }
                families.add(family);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static List<Sample> samples(byte[] body) {
        List<Sample> samples = new ArrayList<>();
        for (Metrics.MetricFamily family : families(body)) {
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
                            samples.add(new Sample(name + "_bucket", with(labels, "le",
                                    Double.toString(b.getUpperBound())), b.getCumulativeCount()));
                        }
                        if (!infSeen) {
                            samples.add(new Sample(name + "_bucket", with(labels, "le", "Infinity"),
                                    h.getSampleCount()));
                        }
                        samples.add(new Sample(name + "_sum", labels, h.getSampleSum()));
                        samples.add(new Sample(name + "_count", labels, h.getSampleCount()));
                        break;
                    }
                    case SUMMARY: {
                        Metrics.Summary s = metric.getSummary();
                        for (Metrics.Quantile q : s.getQuantileList()) {
                            samples.add(new Sample(name, with(labels, "quantile", Double.toString(q.getQuantile())),
                                    q.getValue()));
                        }
                        samples.add(new Sample(name + "_sum", labels, s.getSampleSum()));
                        samples.add(new Sample(name + "_count", labels, s.getSampleCount()));
                        break;
                    }
                    default:
                        throw new IllegalArgumentException("unexpected type " + family.getType());
                }
            }
        }
        return samples;
    }

    private static Map<String, String> with(Map<String, String> labels, String name, String value) {
        Map<String, String> copy = new LinkedHashMap<>(labels);
        copy.put(name, value);
        return copy;
    }
}
