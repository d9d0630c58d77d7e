package io.promptly.core;

/**
 * A summary's validated settings, shared by all its series. Immutable; safe from any thread.
 */
final class SummaryConfig {
    final double[] quantiles;
    final EncodedLabel[] quantileLabels;
    final long maxAgeNanos;
    final int ageBuckets;
    final double relativeError;
    final NanoClock clock;
    /** The clock as the quantile sketch takes it: one adapter for every series. */
    final io.promptly.core.quantile.NanoClock sketchClock;

    SummaryConfig(double[] quantiles, EncodedLabel[] quantileLabels, long maxAgeNanos, int ageBuckets,
                  double relativeError, NanoClock clock) {
        this.quantiles = quantiles;
        this.quantileLabels = quantileLabels;
        this.maxAgeNanos = maxAgeNanos;
        this.ageBuckets = ageBuckets;
        this.relativeError = relativeError;
        this.clock = clock;
        this.sketchClock = clock::nanoTime;
    }
}
