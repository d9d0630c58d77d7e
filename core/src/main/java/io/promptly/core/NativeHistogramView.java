package io.promptly.core;

import java.util.Arrays;

/**
 * What one collection pass read from a native (exponential) histogram series, handed to
 * {@link MetricSink#histogramNative}: schema, zero bucket, and the populated buckets of each sign as ascending
 * (index, count) pairs. Bucket {@code i} holds magnitudes in {@code (base^(i-1), base^i]}, base
 * {@code 2^(2^-schema)}; negative buckets hold values whose magnitude lies there. Empty buckets are not listed.
 *
 * <p>Owned and refilled by the histogram series (its arrays grow rarely and are reused: no allocation per scrape
 * in steady state). Valid only during the {@code histogramNative} call: read it there, keep nothing.
 * Not thread-safe (the series fills it under its collection lock).
 */
public final class NativeHistogramView {
    private static final int INITIAL_CAPACITY = 16;

    int schema;
    double zeroThreshold;
    long zeroCount;
    long count;
    int positiveSize;
    int[] positiveIndexes = new int[INITIAL_CAPACITY];
    long[] positiveCounts = new long[INITIAL_CAPACITY];
    int negativeSize;
    int[] negativeIndexes = new int[INITIAL_CAPACITY];
    long[] negativeCounts = new long[INITIAL_CAPACITY];
    /** Scratch for merging generations (dense counts of one sign). */
    long[] dense = new long[INITIAL_CAPACITY];

    NativeHistogramView() {
    }

    /** The schema of every bucket index in this view (-4..8). */
    public int schema() {
        return schema;
    }

    /** Values with magnitude ≤ this are counted in the zero bucket. */
    public double zeroThreshold() {
        return zeroThreshold;
    }

    /** Observations in the zero bucket [-zeroThreshold, zeroThreshold]. */
    public long zeroCount() {
        return zeroCount;
    }

    /**
     * Observations counted by this view: zero bucket, every positive and negative bucket, plus NaN observations
     * (which are in no bucket, as Prometheus expects).
     */
    public long count() {
        return count;
    }

    /** Number of populated positive buckets. */
    public int positiveBuckets() {
        return positiveSize;
    }

    /** Bucket index of the {@code k}-th populated positive bucket (ascending in {@code k}). */
    public int positiveIndex(int k) {
        return positiveIndexes[k];
    }

    /** Count of the {@code k}-th populated positive bucket (> 0). */
    public long positiveCount(int k) {
        return positiveCounts[k];
    }

    /** Number of populated negative buckets. */
    public int negativeBuckets() {
        return negativeSize;
    }

    /** Bucket index of the {@code k}-th populated negative bucket (ascending in {@code k}, by magnitude). */
    public int negativeIndex(int k) {
        return negativeIndexes[k];
    }

    /** Count of the {@code k}-th populated negative bucket (> 0). */
    public long negativeCount(int k) {
        return negativeCounts[k];
    }

    /** A zeroed dense scratch of at least {@code length} longs. */
    long[] dense(int length) {
        if (dense.length < length) {
            dense = new long[Math.max(length, 2 * dense.length)];
        } else {
            Arrays.fill(dense, 0, length, 0L);
        }
        return dense;
    }

    void addPositive(int index, long bucketCount) {
        if (positiveSize == positiveIndexes.length) {
            positiveIndexes = Arrays.copyOf(positiveIndexes, 2 * positiveSize);
            positiveCounts = Arrays.copyOf(positiveCounts, 2 * positiveSize);
        }
        positiveIndexes[positiveSize] = index;
        positiveCounts[positiveSize++] = bucketCount;
    }

    void addNegative(int index, long bucketCount) {
        if (negativeSize == negativeIndexes.length) {
            negativeIndexes = Arrays.copyOf(negativeIndexes, 2 * negativeSize);
            negativeCounts = Arrays.copyOf(negativeCounts, 2 * negativeSize);
        }
        negativeIndexes[negativeSize] = index;
        negativeCounts[negativeSize++] = bucketCount;
    }

    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder("native{schema=").append(schema).append(", zeroThreshold=")
                .append(zeroThreshold).append(", zeroCount=").append(zeroCount).append(", count=").append(count)
                .append(", positive=[");
        for (int k = 0; k < positiveSize; k++) {
            sb.append(k == 0 ? "" : ", ").append(positiveIndexes[k]).append(':').append(positiveCounts[k]);
        }
        sb.append("], negative=[");
        for (int k = 0; k < negativeSize; k++) {
            sb.append(k == 0 ? "" : ", ").append(negativeIndexes[k]).append(':').append(negativeCounts[k]);
        }
        return sb.append("]}").toString();
    }
}
