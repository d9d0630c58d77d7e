package io.promptly.core;

/**
 * Classic histogram: observations counted into buckets with fixed upper bounds, plus their sum. Exposed as
 * cumulative {@code _bucket{le=...}} samples, {@code _sum} and {@code _count}; {@code _count} is derived from the
 * bucket counts read in the same pass, so it always equals the {@code +Inf} bucket.
 *
 * <pre>{@code
 * Histogram latency = Histogram.builder("request_seconds").help("Latency.").buckets(Buckets.DEFAULT).register();
 * latency.observe(0.042);
 * }</pre>
 *
 * <p>Thread-safe. A histogram without label names is its own handle.
 */
public final class Histogram extends Metric<HistogramHandle> {
    private Histogram(Builder builder) {
        super(builder, MetricType.HISTOGRAM);
    }

    /** Starts building a histogram named {@code name} (default buckets {@link Buckets#DEFAULT}). */
    public static Builder builder(String name) {
        return new Builder(name);
    }

    /** Records {@code value} (metric without labels). */
    public void observe(double value) {
        unlabelled().observe(value);
    }

    /** Records {@code value} in the series named by {@code labels}. */
    public void observe(Labels labels, double value) {
        labels(labels).observe(value);
    }

    /** The bucket upper bounds, +Inf last (a copy). */
    public double[] upperBounds() {
        return ((Buckets) seriesConfig()).upperBounds();
    }

    @Override
    HistogramHandle newHandle(SeriesLabels labels) {
        return new HistogramHandle(labels, (Buckets) seriesConfig());
    }

    @Override
    void collectSeries(HistogramHandle handle, MetricSink sink) {
        handle.collect(sink);
    }

    /** Builds a {@link Histogram}. Not thread-safe. */
    public static final class Builder extends MetricBuilder<Builder, Histogram> {
        private double[] bounds = Buckets.DEFAULT;

        private Builder(String name) {
            super(name);
        }

        /** Sets the bucket upper bounds (strictly increasing; +Inf is added when missing). */
        public Builder buckets(double... upperBounds) {
            this.bounds = upperBounds;
            return this;
        }

        @Override
        Object seriesConfig(String metricName) {
            return new Buckets(metricName, bounds);
        }

        @Override
        public Histogram build() {
            return new Histogram(this);
        }
    }
}
