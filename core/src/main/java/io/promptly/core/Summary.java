package io.promptly.core;

import java.time.Duration;
import java.util.Arrays;

/**
 * Streaming quantiles over a sliding time window, plus the total {@code _count} and {@code _sum} of every
 * observation. Exposed as {@code name{quantile="0.5"}}, {@code name_sum}, {@code name_count}.
 *
 * <p>Quantiles come from a log-bucket sketch: a reported q-quantile is within the relative error (default 1%) of
 * the window's sample whose rank is {@code ceil(q·n)−1} (q=0: the minimum, q=1: the maximum), for values whose
 * binade the sketch covers (32 binades per series, claimed as values arrive; about 9.6 decades). Observing is O(1),
 * lock-free and allocation-free, except that the first value in a new binade allocates that binade's counts. Memory
 * per series follows the binades it has seen, not the number of observations: at 1% and 5 age buckets about 0.3 KB
 * fixed plus 1.5 KB per binade (and 80 B per 64-binade directory page in use), so a latency series spanning 6
 * binades (e.g. 4 ms to 250 ms) takes about 9.1 KB and one using all 32 about 49 KB; none without quantiles. A
 * series that threads observe at the same instant (the sketch's first failed CAS) spreads its counts over per-stripe
 * copies, so concurrent observers write their own cache lines: then each stripe in use (up to 4 per processor)
 * adds 152 B plus its own 1.4 KB per binade it observes (the 6-binade series observed by two threads: about
 * 26.8 KB).
 * Window semantics, special values, the exact bound and memory figures: see
 * {@code io.promptly.core.quantile.WindowedQuantiles}.
 *
 * <p><b>Negative values, −Inf and NaN</b> are recorded: they go into {@code _count} and {@code _sum}, and (but
 * NaN, which the quantiles ignore) into the window, so text 0.0.4 and protobuf, which allow any value, show
 * negative quantiles and a negative or NaN sum as they are. OpenMetrics 1.0 allows neither a negative quantile
 * value nor a negative or NaN sum (the count and sum are counters there): from a series' first such observation
 * on, OpenMetrics writes it without {@code _sum} and {@code _count}, and leaves out any quantile whose estimate is
 * negative in that scrape (counted as a dropped sample). Nothing recorded is lost:
 * {@link SummaryHandle#sum()} and the other formats keep it.
 *
 * <pre>{@code
 * Summary latency = Summary.builder("request_seconds").help("Latency.").quantiles(0.5, 0.9, 0.99).register();
 * latency.observe(0.042);
 * }</pre>
 *
 * <p>Thread-safe. A summary without label names is its own handle.
 */
public final class Summary extends Metric<SummaryHandle> {
    /** Default quantiles: 0.5, 0.9, 0.99. */
    public static final double[] DEFAULT_QUANTILES = {0.5, 0.9, 0.99};
    /** Default window: 10 minutes. */
    public static final Duration DEFAULT_MAX_AGE = Duration.ofMinutes(10);
    /** Default number of age buckets the window rotates through. */
    public static final int DEFAULT_AGE_BUCKETS = 5;
    /** Default relative error of reported quantile values: 1%. */
    public static final double DEFAULT_RELATIVE_ERROR = 0.01;

    private Summary(Builder builder) {
        super(builder, MetricType.SUMMARY);
    }

    /** Starts building a summary named {@code name}. */
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

    @Override
    SummaryHandle newHandle(SeriesLabels labels) {
        return new SummaryHandle(labels, (SummaryConfig) seriesConfig());
    }

    @Override
    long warm(SummaryHandle handle) {
        return handle.warm();
    }

    @Override
    void collectSeries(SummaryHandle handle, MetricSink sink) {
        handle.collect(sink);
    }

    /** Builds a {@link Summary}. Not thread-safe. */
    public static final class Builder extends MetricBuilder<Builder, Summary> {
        private double[] quantiles = DEFAULT_QUANTILES;
        private Duration maxAge = DEFAULT_MAX_AGE;
        private int ageBuckets = DEFAULT_AGE_BUCKETS;
        private double relativeError = DEFAULT_RELATIVE_ERROR;
        private NanoClock clock = NanoClock.SYSTEM;

        private Builder(String name) {
            super(name);
        }

        /**
         * Sets the quantiles to report, each in [0, 1]; none for a summary of only count and sum. {@code -0.0} is
         * taken as {@code 0.0} (the same rank, written {@code quantile="0.0"} in every format).
         */
        public Builder quantiles(double... quantiles) {
            this.quantiles = quantiles;
            return this;
        }

        /** Sets how long an observation counts towards the quantiles (default 10 minutes). */
        public Builder maxAge(Duration maxAge) {
            this.maxAge = maxAge;
            return this;
        }

        /** Sets how many buckets the window rotates through (default 5). */
        public Builder ageBuckets(int ageBuckets) {
            this.ageBuckets = ageBuckets;
            return this;
        }

        /** Sets the relative error of reported quantile values (default 0.01). */
        public Builder relativeError(double relativeError) {
            this.relativeError = relativeError;
            return this;
        }

        /** Sets the clock the window rotates by (tests inject one; default {@link NanoClock#SYSTEM}). */
        public Builder clock(NanoClock clock) {
            this.clock = clock;
            return this;
        }

        @Override
        Object seriesConfig(String metricName) {
            Names.requireNonNull(quantiles, "quantiles of summary \"" + metricName + "\"");
            Names.requireNonNull(maxAge, "maxAge of summary \"" + metricName + "\"");
            Names.requireNonNull(clock, "clock of summary \"" + metricName + "\"");
            double[] sorted = quantiles.clone();
            Arrays.sort(sorted);
            EncodedLabel[] labels = new EncodedLabel[sorted.length];
            for (int i = 0; i < sorted.length; i++) {
                if (!(sorted[i] >= 0 && sorted[i] <= 1)) {
                    throw new IllegalArgumentException("quantile " + sorted[i] + " of summary \"" + metricName
                            + "\" is not within [0, 1]");
                }
                if (i > 0 && sorted[i] == sorted[i - 1]) {
                    throw new IllegalArgumentException("quantile " + sorted[i] + " appears twice in summary \""
                            + metricName + "\"");
                }
                if (sorted[i] == 0) {
                    sorted[i] = 0.0; // -0.0 is the rank 0: one value in every format (protobuf carries the bits)
                }
                labels[i] = EncodedLabel.quantile(sorted[i]);
            }
            if (maxAge.isNegative() || maxAge.isZero()) {
                throw new IllegalArgumentException("maxAge " + maxAge + " of summary \"" + metricName
                        + "\" must be positive");
            }
            if (ageBuckets < 1) {
                throw new IllegalArgumentException("ageBuckets " + ageBuckets + " of summary \"" + metricName
                        + "\" must be ≥ 1");
            }
            if (!(relativeError >= 0.001 && relativeError <= 0.5)) {
                throw new IllegalArgumentException("relativeError " + relativeError + " of summary \"" + metricName
                        + "\" must be within [0.001, 0.5]");
            }
            if (maxAge.toNanos() < ageBuckets || ageBuckets > 64) {
                throw new IllegalArgumentException("ageBuckets " + ageBuckets + " of summary \"" + metricName
                        + "\" must be at most 64 and at most maxAge in nanoseconds (" + maxAge + ")");
            }
            return new SummaryConfig(sorted, labels, maxAge.toNanos(), ageBuckets, relativeError, clock);
        }

        @Override
        public Summary build() {
            return new Summary(this);
        }
    }
}
