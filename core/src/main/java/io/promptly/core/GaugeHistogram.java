package io.promptly.core;

/**
 * Gauge histogram: the distribution of what is there <em>now</em> — items in a queue by size or by age, open
 * connections by bytes buffered, cache entries by size — rather than of everything ever observed. Its buckets may
 * go down. Exposed as OpenMetrics {@code gaugehistogram} (cumulative {@code _bucket{le=...}}, {@code _gcount},
 * {@code _gsum}; OpenMetrics 2.0 as one {@code {gcount:..,gsum:..,bucket:[..]}} value), protobuf
 * {@code GAUGE_HISTOGRAM}, and in text 0.0.4 (which has no such type) as a {@code histogram} with
 * {@code _count}/{@code _sum}. It has no start time (OpenMetrics: gauge histograms have none) and no exemplars.
 *
 * <p>Two ways to feed a series, chosen per series:
 * <ul>
 *   <li><b>Add and remove</b> values that stay fixed while they are there (a request's size while it is queued):
 *       {@link GaugeHistogramHandle#observe(double)} when it arrives, {@link GaugeHistogramHandle#remove(double)}
 *       (the same value) when it leaves; {@link GaugeHistogramHandle#observe(double, long)} adds or removes many.
 *       Lock-free, allocation-free: one atomic add on the bucket, one compare-and-set on the sum.</li>
 *   <li><b>Sample the whole distribution at scrape time</b>, for values that change while they are there (a
 *       queued item's age grows every second, so a value fixed at enqueue is wrong by the time of the scrape):
 *       {@link GaugeHistogramHandle#sampleOnCollect} registers a source that each scrape asks to observe every
 *       current value into an empty distribution; what it observed is that scrape's distribution.</li>
 * </ul>
 *
 * <pre>{@code
 * GaugeHistogram ages = GaugeHistogram.builder("queue_item_age_seconds").help("Age of queued items.")
 *         .unit("seconds").labelNames("queue").buckets(0.1, 1, 10, 60).register();
 * ages.labels("email").sampleOnCollect(into -> {
 *     long now = System.nanoTime();
 *     for (Item item : emailQueue) {
 *         into.observe((now - item.enqueuedNanos) / 1e9);
 *     }
 * });
 * GaugeHistogram sizes = GaugeHistogram.builder("queue_item_bytes").help("Size of queued items.")
 *         .buckets(1024, 65536, 1 << 20).register();
 * sizes.observe(item.bytes);  // on enqueue
 * sizes.remove(item.bytes);   // on dequeue
 * }</pre>
 *
 * <p>Rules a scrape applies, so that it is always a valid distribution: a bucket that removals took below zero
 * (a value removed that was never added, or removed twice) is shown as 0 and its excess is not counted;
 * {@code gcount} is derived from the buckets read in the same pass (it always equals the {@code +Inf} bucket); a
 * series whose count is 0 shows {@code gsum} 0 exactly, whatever rounding the adds and removes left in the double
 * sum. NaN counts in the {@code +Inf} bucket and makes {@code gsum} NaN until the series is empty again.
 *
 * <p>Thread-safe. A gauge histogram without label names is its own handle.
 */
public final class GaugeHistogram extends Metric<GaugeHistogramHandle> {
    private GaugeHistogram(Builder builder) {
        super(builder, MetricType.GAUGE_HISTOGRAM);
    }

    /** Starts building a gauge histogram named {@code name} (default buckets {@link Buckets#DEFAULT}). */
    public static Builder builder(String name) {
        return new Builder(name);
    }

    /** Adds {@code value} (metric without labels). */
    public void observe(double value) {
        unlabelled().observe(value);
    }

    /** Removes one {@code value} added before (metric without labels). */
    public void remove(double value) {
        unlabelled().remove(value);
    }

    /** Adds {@code value} {@code count} times, or removes it {@code -count} times (metric without labels). */
    public void observe(double value, long count) {
        unlabelled().observe(value, count);
    }

    /** Adds {@code value} to the series named by {@code labels} (per-call labels). */
    public void observe(Labels labels, double value) {
        labels(labels).observe(value);
    }

    /** Removes one {@code value} from the series named by {@code labels} (per-call labels). */
    public void remove(Labels labels, double value) {
        labels(labels).remove(value);
    }

    /** The bucket upper bounds, +Inf last (a copy). */
    public double[] upperBounds() {
        return buckets().upperBounds();
    }

    private Buckets buckets() {
        return (Buckets) seriesConfig();
    }

    @Override
    GaugeHistogramHandle newHandle(SeriesLabels labels) {
        return new GaugeHistogramHandle(labels, buckets());
    }

    @Override
    void collectSeries(GaugeHistogramHandle handle, MetricSink sink) {
        handle.collect(sink, metadata());
    }

    /** Builds a {@link GaugeHistogram}. Not thread-safe. */
    public static final class Builder extends MetricBuilder<Builder, GaugeHistogram> {
        private double[] bounds = Buckets.DEFAULT;

        private Builder(String name) {
            super(name);
        }

        /**
         * Sets the bucket upper bounds (strictly increasing, finite; +Inf is added when missing). At least one
         * finite bound.
         */
        public Builder buckets(double... upperBounds) {
            this.bounds = upperBounds;
            return this;
        }

        @Override
        Object seriesConfig(String metricName) {
            if (bounds != null
                    && (bounds.length == 0 || bounds.length == 1 && bounds[0] == Double.POSITIVE_INFINITY)) {
                throw new IllegalArgumentException("gauge histogram \"" + metricName + "\" was given no finite "
                        + "bucket bound: it needs at least one");
            }
            return new Buckets(metricName, bounds);
        }

        @Override
        public GaugeHistogram build() {
            return new GaugeHistogram(this);
        }
    }
}
