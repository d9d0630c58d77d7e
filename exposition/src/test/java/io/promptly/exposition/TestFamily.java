package io.promptly.exposition;

import io.promptly.core.Collectable;
import io.promptly.core.EncodedLabel;
import io.promptly.core.MetricMetadata;
import io.promptly.core.MetricSink;
import io.promptly.core.MetricType;
import io.promptly.core.SeriesLabels;
import java.util.function.Consumer;

/**
 * A hand-written family for tests: fixed metadata and a body that drives the sink exactly as MetricSink's
 * Javadoc says. Bodies iterate over arrays captured at construction, so collecting allocates nothing.
 */
public final class TestFamily implements Collectable {
    private final MetricMetadata metadata;
    private final Consumer<MetricSink> body;

    public TestFamily(MetricMetadata metadata, Consumer<MetricSink> body) {
        this.metadata = metadata;
        this.body = body;
    }

    @Override
    public MetricMetadata metadata() {
        return metadata;
    }

    @Override
    public void collect(MetricSink sink) {
        sink.family(metadata);
        body.accept(sink);
        sink.endFamily();
    }

    public static SeriesLabels labels(String... namesAndValues) {
        String[] names = new String[namesAndValues.length / 2];
        String[] values = new String[names.length];
        for (int i = 0; i < names.length; i++) {
            names[i] = namesAndValues[2 * i];
            values[i] = namesAndValues[2 * i + 1];
        }
        return SeriesLabels.of(names, values);
    }

    public static TestFamily counter(String name, String help, SeriesLabels[] series, long[] wholes,
            double[] fractions) {
        return new TestFamily(new MetricMetadata(name, MetricType.COUNTER, help, ""), sink -> {
            for (int i = 0; i < series.length; i++) {
                sink.counter(series[i], wholes[i], fractions[i]);
            }
        });
    }

    public static TestFamily counter(String name, String help, SeriesLabels series, long whole, double fraction) {
        return counter(name, help, new SeriesLabels[] {series}, new long[] {whole}, new double[] {fraction});
    }

    /** Gauge, info (values 1) or unknown family. */
    public static TestFamily gauges(String name, MetricType type, String help, String unit, SeriesLabels[] series,
            double[] values) {
        return new TestFamily(new MetricMetadata(name, type, help, unit), sink -> {
            for (int i = 0; i < series.length; i++) {
                sink.gauge(series[i], values[i]);
            }
        });
    }

    public static TestFamily gauge(String name, String help, SeriesLabels series, double value) {
        return gauges(name, MetricType.GAUGE, help, "", new SeriesLabels[] {series}, new double[] {value});
    }

    public static TestFamily stateSet(String name, String help, SeriesLabels series, String[] states,
            boolean[] enabled) {
        EncodedLabel[] encoded = new EncodedLabel[states.length];
        for (int i = 0; i < states.length; i++) {
            encoded[i] = EncodedLabel.state(name, states[i]);
        }
        return new TestFamily(new MetricMetadata(name, MetricType.STATESET, help, ""), sink -> {
            for (int i = 0; i < encoded.length; i++) {
                sink.stateSetState(series, encoded[i], enabled[i]);
            }
        });
    }

    /** A histogram: {@code cumulative[s][b]} per series and bound; the last bound must be +Inf. */
    public static TestFamily histogram(String name, String help, String unit, double[] bounds,
            SeriesLabels[] series, long[][] cumulative, double[] sums) {
        EncodedLabel[] le = new EncodedLabel[bounds.length];
        for (int i = 0; i < bounds.length; i++) {
            le[i] = EncodedLabel.le(bounds[i]);
        }
        return new TestFamily(new MetricMetadata(name, MetricType.HISTOGRAM, help, unit), sink -> {
            for (int s = 0; s < series.length; s++) {
                sink.histogramStart(series[s]);
                for (int b = 0; b < le.length; b++) {
                    sink.histogramBucket(series[s], le[b], cumulative[s][b]);
                }
                sink.histogramEnd(series[s], cumulative[s][le.length - 1], sums[s]);
            }
        });
    }

    public static TestFamily summary(String name, String help, String unit, double[] quantiles,
            SeriesLabels[] series, double[][] values, long[] counts, double[] sums) {
        EncodedLabel[] q = new EncodedLabel[quantiles.length];
        for (int i = 0; i < quantiles.length; i++) {
            q[i] = EncodedLabel.quantile(quantiles[i]);
        }
        return new TestFamily(new MetricMetadata(name, MetricType.SUMMARY, help, unit), sink -> {
            for (int s = 0; s < series.length; s++) {
                sink.summaryStart(series[s]);
                for (int i = 0; i < q.length; i++) {
                    sink.summaryQuantile(series[s], q[i], values[s][i]);
                }
                sink.summaryEnd(series[s], counts[s], sums[s]);
            }
        });
    }
}
