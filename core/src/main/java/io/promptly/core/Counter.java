package io.promptly.core;

/**
 * A monotonically increasing total (requests served, bytes sent). Exposed as {@code <name>_total}; a trailing
 * {@code _total} in the given name is stripped from the family name.
 *
 * <pre>{@code
 * Counter requests = Counter.builder("http_requests").help("Requests served.").labelNames("method", "code").register();
 * CounterHandle getOk = requests.labels("GET", "200");   // cache: getOk.inc() allocates nothing, looks nothing up
 * requests.inc(Labels.of("method", "POST", "code", "500"));  // per-call labels, aioprometheus style
 * }</pre>
 *
 * <p>Values: increments must be ≥ 0 and not NaN (OpenMetrics: a total is never NaN and never decreases);
 * {@code +Inf} is accepted, as aioprometheus and client_java do, and the counter then reads {@code +Inf} in every
 * format. Whole counts are exact up to 2^64 − 1 and read as unsigned by {@link #get()} and the exposition.
 *
 * <p>Thread-safe. A counter without label names is its own handle ({@link #inc()} and friends).
 */
public final class Counter extends Metric<CounterHandle> {
    private Counter(Builder builder) {
        super(builder, MetricType.COUNTER);
    }

    /** Starts building a counter named {@code name}. */
    public static Builder builder(String name) {
        return new Builder(name);
    }

    /** Adds 1 (metric without labels). */
    public void inc() {
        unlabelled().inc();
    }

    /**
     * Adds {@code amount} (metric without labels); {@code +Inf} is accepted and the counter then reads +Inf.
     *
     * @throws IllegalArgumentException when {@code amount} is negative or NaN
     */
    public void inc(double amount) {
        unlabelled().inc(amount);
    }

    /**
     * Adds {@code amount} with an exemplar (metric without labels); see {@link CounterHandle#incWithExemplar}.
     *
     * @throws IllegalArgumentException when {@code amount} is negative or NaN, or the exemplar labels
     *                                  are null or longer than 128 code points
     */
    public void incWithExemplar(double amount, Labels exemplarLabels) {
        unlabelled().incWithExemplar(amount, exemplarLabels);
    }

    /** Adds 1 to the series named by {@code labels}. */
    public void inc(Labels labels) {
        labels(labels).inc();
    }

    /** Adds {@code amount} to the series named by {@code labels}. */
    public void inc(Labels labels, double amount) {
        labels(labels).inc(amount);
    }

    /** Adds 1 to the series named by a label map (aioprometheus's {@code inc({"kind": "a"})}). */
    public void inc(java.util.Map<String, String> labels) {
        labels(labels).inc();
    }

    /** The current total (metric without labels); whole counts past 2^63 read as unsigned, as exposed. */
    public double get() {
        return unlabelled().get();
    }

    @Override
    CounterHandle newHandle(SeriesLabels labels) {
        return new CounterHandle(metadata().name(), labels, (ExemplarSampler) seriesConfig());
    }

    @Override
    long warm(CounterHandle handle) {
        return handle.warm();
    }

    @Override
    void collectSeries(CounterHandle handle, MetricSink sink) {
        handle.collect(sink);
    }

    /** Builds a {@link Counter}. Not thread-safe. */
    public static final class Builder extends MetricBuilder<Builder, Counter> {
        private long exemplarIntervalMillis = ExemplarSampler.DEFAULT_INTERVAL_MILLIS;
        private ExemplarClock exemplarClock = ExemplarClock.SYSTEM;
        private ExemplarSource exemplarSource;

        private Builder(String name) {
            super(name);
        }

        /** Sets the minimum age, in ms, of a series' exemplar before a new one replaces it (default 5000). */
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
            return new ExemplarSampler(exemplarIntervalMillis, exemplarClock, exemplarSource);
        }

        @Override
        public Counter build() {
            return new Counter(this);
        }
    }
}
