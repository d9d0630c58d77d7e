package io.promptly.core;

/**
 * Validated native histogram settings shared by every series of one histogram.
 *
 * <p>Immutable; safe from any thread.
 */
final class NativeHistogramConfig {
    /**
     * Default schema 5, the one nearest 1% relative error: the bucket width ratio is γ = 2^(2^-5) = 2^(1/32)
     * ≈ 1.0219, and a value estimated by its bucket's midpoint is off by at most (γ − 1)/(γ + 1) ≈ 1.08% of
     * itself (schema 4: 2.2%; schema 6: 0.54%, at twice the buckets for the same range).
     */
    static final int DEFAULT_SCHEMA = 5;
    /** Default zero threshold, 2^-128, as Prometheus' Go client. */
    static final double DEFAULT_ZERO_THRESHOLD = 0x1p-128;
    /** Default bound on a sign's bucket span before the schema is lowered. */
    static final int DEFAULT_MAX_BUCKETS = 160;

    final int schema;
    final double zeroThreshold;
    final int maxBuckets;

    /**
     * Validates the settings.
     *
     * @throws IllegalArgumentException naming the bad setting
     */
    NativeHistogramConfig(String metricName, int schema, double zeroThreshold, int maxBuckets) {
        if (schema < NativeIndex.MIN_SCHEMA || schema > NativeIndex.MAX_SCHEMA) {
            throw new IllegalArgumentException("native schema " + schema + " of histogram \"" + metricName
                    + "\" is outside [" + NativeIndex.MIN_SCHEMA + ", " + NativeIndex.MAX_SCHEMA
                    + "] (the schemas Prometheus accepts)");
        }
        if (!(zeroThreshold >= 0) || zeroThreshold == Double.POSITIVE_INFINITY) {
            throw new IllegalArgumentException("native zero threshold " + zeroThreshold + " of histogram \""
                    + metricName + "\" must be finite and ≥ 0");
        }
        if (maxBuckets < 1) {
            throw new IllegalArgumentException("native max buckets " + maxBuckets + " of histogram \"" + metricName
                    + "\" must be ≥ 1");
        }
        this.schema = schema;
        this.zeroThreshold = zeroThreshold;
        this.maxBuckets = maxBuckets;
    }
}
