package io.promptly.core;

import java.util.function.DoubleSupplier;

/**
 * A gauge or counter whose series' values are read from callbacks at scrape time (pool sizes, CPU seconds,
 * anything another component already counts). A callback that throws a {@code RuntimeException} drops its own
 * sample from that scrape, and so does a counter callback that returns NaN or a negative value (a counter total
 * must be neither; {@code +Inf} is a valid total, as for {@link Counter#inc(double)}); every other series and
 * family is still written, and the drop is reported to the sink ({@link MetricSink#sampleDropped}: the scrape
 * self-metrics count it as {@code promptly_scrape_errors_total{cause="dropped_sample"}}). A gauge callback may
 * return any double, NaN and infinities included.
 *
 * <pre>{@code
 * CallbackMetric.gauge("queue_depth").help("Items queued.").labelNames("queue").build()
 *     .addSeries(queue::size, "email");
 * }</pre>
 *
 * <p>Thread-safe: series may be added and removed while others collect; callbacks run on the scraping thread.
 */
public final class CallbackMetric extends Metric<CallbackMetric.Series> {
    private CallbackMetric(Builder builder, MetricType type) {
        super(builder, type);
    }

    /** Starts building a callback gauge. */
    public static Builder gauge(String name) {
        return new Builder(name, MetricType.GAUGE);
    }

    /** Starts building a callback counter (the callback must never decrease). */
    public static Builder counter(String name) {
        return new Builder(name, MetricType.COUNTER);
    }

    /**
     * Sets the callback of the series with these label values (replacing an earlier callback).
     *
     * @return this metric, for chaining
     * @throws IllegalArgumentException when the value count differs from the label names or a value is null
     */
    public CallbackMetric addSeries(DoubleSupplier callback, String... labelValues) {
        Names.requireNonNull(callback, "callback of metric \"" + metadata().name() + "\"");
        labels(labelValues).callback = callback;
        return this;
    }

    @Override
    Series newHandle(SeriesLabels labels) {
        return new Series(labels);
    }

    @Override
    void collectSeries(Series handle, MetricSink sink) {
        DoubleSupplier callback = handle.callback;
        if (callback == null) {
            return;
        }
        double value;
        try {
            value = callback.getAsDouble();
        } catch (RuntimeException e) {
            sink.sampleDropped(metadata(), MetricSink.CAUSE_CALLBACK_THREW); // its sample only, never the scrape
            return;
        }
        if (metadata().type() == MetricType.COUNTER) {
            if (!(value >= 0)) {
                sink.sampleDropped(metadata(), MetricSink.CAUSE_CALLBACK_VALUE); // NaN or negative: no valid total
                return;
            }
            if (value < 0x1p63 && value == Math.rint(value)) {
                sink.counter(handle.labels, (long) value, 0.0);
            } else {
                sink.counter(handle.labels, 0L, value);
            }
        } else {
            sink.gauge(handle.labels, value);
        }
    }

    /** One callback series. Thread-safe. */
    public static final class Series {
        private final SeriesLabels labels;
        private volatile DoubleSupplier callback;

        Series(SeriesLabels labels) {
            this.labels = labels;
        }

        /** Sets (replaces) the callback. */
        public void callback(DoubleSupplier newCallback) {
            Names.requireNonNull(newCallback, "callback");
            this.callback = newCallback;
        }

        /** This series' labels (const labels included). */
        public SeriesLabels seriesLabels() {
            return labels;
        }
    }

    /** Builds a {@link CallbackMetric}. Not thread-safe. */
    public static final class Builder extends MetricBuilder<Builder, CallbackMetric> {
        private final MetricType type;

        private Builder(String name, MetricType type) {
            super(name);
            this.type = type;
        }

        @Override
        public CallbackMetric build() {
            return new CallbackMetric(this, type);
        }
    }
}
