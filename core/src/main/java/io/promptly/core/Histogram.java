package io.promptly.core;

/**
 * Histogram: classic buckets with fixed upper bounds (the default), native (exponential) buckets, or both.
 *
 * <p><b>Classic</b>: exposed as cumulative {@code _bucket{le=...}} samples, {@code _sum} and {@code _count};
 * {@code _count} is derived from the bucket counts read in the same pass, so it always equals the {@code +Inf}
 * bucket.
 *
 * <p><b>Negative values, −Inf and NaN</b> are recorded like any other value: counted in their bucket (the first
 * bound at or above them; NaN in {@code +Inf}) and added to the sum, which text 0.0.4 and protobuf show as it is
 * (both allow any sum). OpenMetrics 1.0 treats a histogram's sum and count as counters — never negative, never
 * NaN, never falling — so from the first such observation on, a series is written there without {@code _sum}
 * and {@code _count} (its {@code +Inf} bucket still carries the count), as every series of a histogram with a
 * negative bound is. Nothing recorded is lost: the other formats and {@link HistogramHandle#sum()} keep it.
 *
 * <p><b>Native</b> (opt-in: {@link Builder#nativeHistogram()} alongside classic, {@link Builder#nativeOnly()}
 * without): Prometheus' exponential buckets, written in the protobuf format only. At schema {@code s} the base
 * is {@code 2^(2^-s)}; bucket {@code i} holds magnitudes in {@code (base^(i-1), base^i]} (a value on a boundary
 * belongs to the lower bucket), positive and negative values in separate bucket sets, {@code |x| ≤
 * zeroThreshold} in the zero bucket, NaN in no bucket (counted in {@code count}; the sum becomes NaN),
 * {@code ±Inf} in the bucket of the largest finite magnitudes. The relative error of a value estimated from its
 * bucket is at most {@code (base - 1)/(base + 1)}: 1.08% at the default schema 5. When a sign's populated
 * buckets would span more than {@code nativeMaxBuckets} (default 160) the schema is lowered — one step halves
 * the resolution and the bucket count — instead of resetting: counts are never reset (no reset policy), the
 * schema only decreases. Text formats show the classic part; a native-only histogram's classic part is the
 * {@code +Inf} bucket alone (its count), {@code _sum} and {@code _count}, as client_java does.
 *
 * <p><b>Exemplars</b>: {@link HistogramHandle#observeWithExemplar} keeps the latest exemplar per classic bucket
 * (one for native-only), at most one new one per bucket per {@link Builder#exemplarIntervalMillis interval}
 * (default 5 s); written in OpenMetrics and protobuf.
 *
 * <pre>{@code
 * Histogram latency = Histogram.builder("request_seconds").help("Latency.").nativeOnly().register();
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

    /**
     * Records {@code value} with an exemplar (metric without labels); see
     * {@link HistogramHandle#observeWithExemplar}.
     *
     * @throws IllegalArgumentException when the exemplar labels are null or longer than 128 code points
     */
    public void observeWithExemplar(double value, Labels exemplarLabels) {
        unlabelled().observeWithExemplar(value, exemplarLabels);
    }

    /** Records {@code value} in the series named by {@code labels}. */
    public void observe(Labels labels, double value) {
        labels(labels).observe(value);
    }

    /** The classic bucket upper bounds, +Inf last (a copy; just +Inf when native-only). */
    public double[] upperBounds() {
        return config().buckets.upperBounds();
    }

    private HistogramConfig config() {
        return (HistogramConfig) seriesConfig();
    }

    @Override
    HistogramHandle newHandle(SeriesLabels labels) {
        return new HistogramHandle(labels, config());
    }

    @Override
    long warm(HistogramHandle handle) {
        return handle.warm();
    }

    @Override
    void collectSeries(HistogramHandle handle, MetricSink sink) {
        handle.collect(sink);
    }

    /** Builds a {@link Histogram}. Not thread-safe. */
    public static final class Builder extends MetricBuilder<Builder, Histogram> {
        private static final double[] NO_BOUNDS = {};

        private double[] bounds = Buckets.DEFAULT;
        private boolean boundsGiven;
        private boolean classic = true;
        private boolean nativeOn;
        private int nativeSchema = NativeHistogramConfig.DEFAULT_SCHEMA;
        private double nativeZeroThreshold = NativeHistogramConfig.DEFAULT_ZERO_THRESHOLD;
        private int nativeMaxBuckets = NativeHistogramConfig.DEFAULT_MAX_BUCKETS;
        private long exemplarIntervalMillis = ExemplarSampler.DEFAULT_INTERVAL_MILLIS;
        private ExemplarClock exemplarClock = ExemplarClock.SYSTEM;
        private ExemplarSource exemplarSource;

        private Builder(String name) {
            super(name);
        }

        /**
         * Sets the classic bucket upper bounds (strictly increasing; +Inf is added when missing). At least one
         * finite bound: {@code build()} refuses {@code buckets()} and {@code buckets(+Inf)}, which would silently
         * leave only the {@code +Inf} bucket ({@link #nativeOnly()} is the histogram without classic buckets).
         */
        public Builder buckets(double... upperBounds) {
            this.bounds = upperBounds;
            this.boundsGiven = true;
            return this;
        }

        /** Records native (exponential) buckets as well as the classic ones. */
        public Builder nativeHistogram() {
            this.nativeOn = true;
            return this;
        }

        /** Records native buckets only: no classic buckets (text formats then show +Inf, sum and count). */
        public Builder nativeOnly() {
            this.nativeOn = true;
            this.classic = false;
            return this;
        }

        /**
         * Sets the initial native schema, -4..8 (default 5: ≈1.08% relative error; each step up halves the error
         * and doubles the buckets). Enables native buckets.
         */
        public Builder nativeSchema(int schema) {
            this.nativeSchema = schema;
            this.nativeOn = true;
            return this;
        }

        /**
         * Sets the zero bucket's threshold: values with {@code |x| ≤ threshold} count there (default 2^-128, as
         * Prometheus' Go client). Enables native buckets.
         */
        public Builder nativeZeroThreshold(double threshold) {
            this.nativeZeroThreshold = threshold;
            this.nativeOn = true;
            return this;
        }

        /**
         * Sets how many buckets one sign's populated range may span before the schema is lowered (default 160).
         * Enables native buckets.
         */
        public Builder nativeMaxBuckets(int maxBuckets) {
            this.nativeMaxBuckets = maxBuckets;
            this.nativeOn = true;
            return this;
        }

        /** Sets the minimum age, in ms, of a bucket's exemplar before a new one replaces it (default 5000). */
        public Builder exemplarIntervalMillis(long intervalMillis) {
            this.exemplarIntervalMillis = intervalMillis;
            return this;
        }

        /** Sets the clock exemplars are stamped with (default the system clock). */
        public Builder exemplarClock(ExemplarClock clock) {
            this.exemplarClock = clock;
            return this;
        }

        /**
         * Sets where plain records find exemplars by themselves (e.g. the current trace span; see
         * {@link ExemplarSource}), under the same rate limit; null (the default) for none.
         */
        public Builder exemplarSource(ExemplarSource source) {
            this.exemplarSource = source;
            return this;
        }

        @Override
        Object seriesConfig(String metricName) {
            if (!classic && boundsGiven) {
                throw new IllegalArgumentException("histogram \"" + metricName + "\" is native-only but was given "
                        + "classic bucket bounds: drop buckets(...) or nativeOnly()");
            }
            if (classic && bounds != null
                    && (bounds.length == 0 || bounds.length == 1 && bounds[0] == Double.POSITIVE_INFINITY)) {
                throw new IllegalArgumentException("histogram \"" + metricName + "\" was given no finite bucket "
                        + "bound (buckets(" + (bounds.length == 0 ? "" : "+Inf") + ")): a classic histogram needs at "
                        + "least one; use nativeOnly() for a histogram without classic buckets");
            }
            NativeHistogramConfig nativeConfig = nativeOn
                    ? new NativeHistogramConfig(metricName, nativeSchema, nativeZeroThreshold, nativeMaxBuckets)
                    : null;
            return new HistogramConfig(new Buckets(metricName, classic ? bounds : NO_BOUNDS), classic, nativeConfig,
                    new ExemplarSampler(exemplarIntervalMillis, exemplarClock, exemplarSource));
        }

        @Override
        public Histogram build() {
            return new Histogram(this);
        }
    }
}
