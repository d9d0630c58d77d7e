package io.promptly.core.jvm;

import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.fail;

import io.promptly.core.EncodedLabel;
import io.promptly.core.MetricMetadata;
import io.promptly.core.MetricSink;
import io.promptly.core.MetricType;
import io.promptly.core.SeriesLabels;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A test sink that keeps every family and sample it is given, keyed by the sample name a Prometheus user queries
 * ({@code x_total} for a counter, {@code x_info} for an info, {@code x_count} / {@code x_sum} for a summary).
 */
final class RecordingSink implements MetricSink {
    /** One sample: its name as exposed, its labels, its value. */
    static final class Sample {
        final MetricMetadata family;
        final String name;
        final Map<String, String> labels;
        final double value;

        Sample(MetricMetadata family, String name, Map<String, String> labels, double value) {
            this.family = family;
            this.name = name;
            this.labels = labels;
            this.value = value;
        }

        @Override
        public String toString() {
            return name + labels + " " + value;
        }
    }

    final Map<String, MetricMetadata> families = new LinkedHashMap<>();
    final List<Sample> samples = new ArrayList<>();
    private MetricMetadata current;

    @Override
    public void family(MetricMetadata family) {
        assertNull(current, "family " + family + " began before " + current + " ended");
        assertNull(families.put(family.name(), family), "family " + family.name() + " written twice");
        current = family;
    }

    @Override
    public void endFamily() {
        current = null;
    }

    @Override
    public void counter(SeriesLabels series, long whole, double fraction) {
        add("_total", series, (double) whole + fraction);
    }

    @Override
    public void gauge(SeriesLabels series, double value) {
        add(current.type() == MetricType.INFO ? "_info" : "", series, value);
    }

    @Override
    public void summaryStart(SeriesLabels series) {
    }

    @Override
    public void summaryQuantile(SeriesLabels series, EncodedLabel quantile, double value) {
        fail("unexpected quantile in " + current);
    }

    @Override
    public void summaryEnd(SeriesLabels series, long count, double sum) {
        add("_count", series, count);
        add("_sum", series, sum);
    }

    @Override
    public void stateSetState(SeriesLabels series, EncodedLabel state, boolean enabled) {
        fail("unexpected state set sample in " + current);
    }

    @Override
    public void histogramStart(SeriesLabels series) {
        fail("unexpected histogram in " + current);
    }

    @Override
    public void histogramBucket(SeriesLabels series, EncodedLabel le, long cumulativeCount) {
        fail("unexpected histogram in " + current);
    }

    @Override
    public void histogramEnd(SeriesLabels series, long count, double sum) {
        fail("unexpected histogram in " + current);
    }

    /** Samples named {@code name} (as exposed). */
    List<Sample> named(String name) {
        List<Sample> out = new ArrayList<>();
        for (Sample s : samples) {
            if (s.name.equals(name)) {
                out.add(s);
            }
        }
        return out;
    }

    /** The value of the only sample named {@code name} whose labels include {@code label=value} (or any, if null). */
    double value(String name, String label, String value) {
        Sample found = null;
        for (Sample s : named(name)) {
            if (label == null || value.equals(s.labels.get(label))) {
                if (found != null) {
                    fail("two samples " + found + " and " + s);
                }
                found = s;
            }
        }
        if (found == null) {
            fail("no sample " + name + (label == null ? "" : "{" + label + "=\"" + value + "\"}") + " in " + samples);
        }
        return found.value;
    }

    /** The value of the only unlabelled sample named {@code name}. */
    double value(String name) {
        return value(name, null, null);
    }

    private void add(String suffix, SeriesLabels series, double value) {
        if (current == null) {
            fail("sample outside a family");
        }
        Map<String, String> labels = new LinkedHashMap<>();
        for (int i = 0; i < series.size(); i++) {
            labels.put(series.name(i), series.value(i));
        }
        samples.add(new Sample(current, current.name() + suffix, labels, value));
    }
}
