package io.promptly.core;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Test sink: records every call as a readable sample line, and checks the call order MetricSink documents. */
class RecordingSink implements MetricSink {
    final List<String> lines = new ArrayList<>();
    final Map<String, Double> values = new LinkedHashMap<>();
    final List<MetricMetadata> families = new ArrayList<>();
    /** The causes of {@link #sampleDropped} calls, in order. */
    final List<String> dropped = new ArrayList<>();
    private MetricMetadata current;
    private boolean inSeries;

    @Override
    public void family(MetricMetadata family) {
        if (current != null) {
            throw new AssertionError("family " + family + " began before " + current + " ended");
        }
        current = family;
        families.add(family);
    }

    @Override
    public void sampleDropped(MetricMetadata family, String cause) {
        dropped.add(cause);
    }

    @Override
    public void endFamily() {
        if (current == null || inSeries) {
            throw new AssertionError("endFamily out of order");
        }
        current = null;
    }

    @Override
    public void counter(SeriesLabels series, long whole, double fraction) {
        expect(MetricType.COUNTER);
        add(current.name() + "_total", series, null, whole + fraction);
    }

    @Override
    public void gauge(SeriesLabels series, double value) {
        if (current.type() == MetricType.INFO) {
            add(current.name() + "_info", series, null, value);
        } else {
            add(current.name(), series, null, value);
        }
    }

    @Override
    public void stateSetState(SeriesLabels series, EncodedLabel state, boolean enabled) {
        expect(MetricType.STATESET);
        add(current.name(), series, state, enabled ? 1 : 0);
    }

    @Override
    public void histogramStart(SeriesLabels series) {
        if (current == null || current.type() != MetricType.GAUGE_HISTOGRAM) {
            expect(MetricType.HISTOGRAM);
        }
        inSeries = true;
    }

    @Override
    public void histogramBucket(SeriesLabels series, EncodedLabel le, long cumulativeCount) {
        add(current.name() + "_bucket", series, le, cumulativeCount);
    }

    @Override
    public void histogramEnd(SeriesLabels series, long count, double sum) {
        add(current.name() + "_count", series, null, count);
        add(current.name() + "_sum", series, null, sum);
        inSeries = false;
    }

    @Override
    public void summaryStart(SeriesLabels series) {
        expect(MetricType.SUMMARY);
        inSeries = true;
    }

    @Override
    public void summaryQuantile(SeriesLabels series, EncodedLabel quantile, double value) {
        add(current.name(), series, quantile, value);
    }

    @Override
    public void summaryEnd(SeriesLabels series, long count, double sum) {
        add(current.name() + "_count", series, null, count);
        add(current.name() + "_sum", series, null, sum);
        inSeries = false;
    }

    /** The value of the sample written as {@code name{labels}}, e.g. {@code "x_total{a=\"1\"}"}. */
    double value(String sample) {
        Double v = values.get(sample);
        if (v == null) {
            throw new AssertionError("no sample " + sample + " in " + values.keySet());
        }
        return v;
    }

    private void expect(MetricType type) {
        if (current == null || current.type() != type) {
            throw new AssertionError("a " + type + " sample outside a " + type + " family: " + current);
        }
    }

    private void add(String name, SeriesLabels series, EncodedLabel extra, double value) {
        StringBuilder labels = new StringBuilder(new String(series.text(), StandardCharsets.UTF_8));
        if (extra != null) {
            labels.append(labels.length() > 0 ? "," : "").append(extra);
        }
        String key = labels.length() == 0 ? name : name + "{" + labels + "}";
        lines.add(key + " " + value);
        values.put(key, value);
    }

    static RecordingSink collect(Collectable c) {
        RecordingSink sink = new RecordingSink();
        c.collect(sink);
        return sink;
    }

    static RecordingSink collect(Registry r) {
        RecordingSink sink = new RecordingSink();
        r.collect(sink);
        return sink;
    }
}
