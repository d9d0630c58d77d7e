package io.promptly.core;

import java.math.BigDecimal;

import java.util.Arrays;

/**
 * Classic histogram bucket bounds: the Prometheus default set, linear and exponential generators, validation,
 * and the branch-free search {@link #indexOf} used on every observation.
 *
 * <p>Immutable after construction; safe from any thread. {@link #indexOf} allocates nothing and costs
 * log2(padded size) compare-and-add steps whatever the data, so it does not depend on the branch predictor
 * learning the input.
 */
public final class Buckets {
    /** Prometheus' default bounds: .005, .01, .025, .05, .1, .25, .5, 1, 2.5, 5, 10 (plus +Inf). */
    public static final double[] DEFAULT = {.005, .01, .025, .05, .1, .25, .5, 1, 2.5, 5, 10};

    private final double[] upperBounds;
    private final EncodedLabel[] leLabels;
    /** The bounds followed by +Inf, padded with +Inf to a power-of-two length. */
    private final double[] padded;
    private final int firstStep;
    /** The index of the +Inf bucket: the search's cap over the padding. */
    private final int lastIndex;

    /**
     * Validates bounds: finite or +Inf, strictly increasing; a trailing +Inf is implied when missing.
     *
     * @throws IllegalArgumentException naming the bad bound
     */
    Buckets(String metricName, double[] bounds) {
        Names.requireNonNull(bounds, "bucket bounds of histogram \"" + metricName + "\"");
        int n = bounds.length;
        if (n > 0 && bounds[n - 1] == Double.POSITIVE_INFINITY) {
            n--;
        }
        for (int i = 0; i < n; i++) {
            double b = bounds[i];
            if (Double.isNaN(b) || Double.isInfinite(b)) {
                throw new IllegalArgumentException("bucket bound " + b + " of histogram \"" + metricName
                        + "\" is not a finite number (only the last bound may be +Inf)");
            }
            if (i > 0 && !(b > bounds[i - 1])) {
                throw new IllegalArgumentException("bucket bounds of histogram \"" + metricName
                        + "\" must increase strictly, but " + b + " follows " + bounds[i - 1]);
            }
        }
        this.upperBounds = new double[n + 1];
        System.arraycopy(bounds, 0, upperBounds, 0, n);
        upperBounds[n] = Double.POSITIVE_INFINITY;
        this.leLabels = new EncodedLabel[n + 1];
        for (int i = 0; i <= n; i++) {
            leLabels[i] = EncodedLabel.le(upperBounds[i] == 0.0 ? 0.0 : upperBounds[i]);
        }
        int size = Integer.highestOneBit(n + 1) == n + 1 ? n + 1 : Integer.highestOneBit(n + 1) * 2;
        this.padded = new double[size];
        Arrays.fill(padded, Double.POSITIVE_INFINITY);
        System.arraycopy(upperBounds, 0, padded, 0, n + 1);
        this.firstStep = size >> 1;
        this.lastIndex = n;
    }

    /**
     * {@code count} bounds starting at {@code start}, each {@code width} above the last: bound {@code i} is the
     * double nearest to the exact decimal {@code start + i × width}, with {@code start} and {@code width} read as
     * the shortest decimals that name them ({@link Double#toString}), so {@code linear(0.1, 0.1, 10)} gives 0.1,
     * 0.2, 0.3, … 1.0 (not 0.30000000000000004 or 0.7000000000000001). Each bound is computed on its own (no
     * error accumulates).
     *
     * @throws IllegalArgumentException when count &lt; 1, width ≤ 0, or start or width is not finite
     */
    public static double[] linear(double start, double width, int count) {
        if (count < 1 || !(width > 0) || !Double.isFinite(width) || !Double.isFinite(start)) {
            throw new IllegalArgumentException("linear buckets need count ≥ 1, a finite start and a finite width > 0,"
                    + " got count " + count + ", start " + start + " and width " + width);
        }
        // in decimal: start and width as written (their shortest round-tripping decimals), so 0.1 + 2 x 0.1 is
        // the double nearest 0.3, not 0.30000000000000004
        BigDecimal first = new BigDecimal(Double.toString(start));
        BigDecimal step = new BigDecimal(Double.toString(width));
        double[] b = new double[count];
        for (int i = 0; i < count; i++) {
            b[i] = first.add(step.multiply(BigDecimal.valueOf(i))).doubleValue();
        }
        return b;
    }

    /**
     * {@code count} bounds starting at {@code start}, each {@code factor} times the last: bound {@code i} is the
     * double nearest to the exact decimal {@code start × factor^i}, with {@code start} and {@code factor} read as
     * the shortest decimals that name them ({@link Double#toString}), so {@code exponential(0.1, 3, 5)} gives
     * 0.1, 0.3, 0.9, 2.7, 8.1 (not 0.30000000000000004 or 2.7000000000000006).
     *
     * @throws IllegalArgumentException when count &lt; 1, start ≤ 0 or factor ≤ 1, either is not finite, or a
     *                                  bound would be infinite
     */
    public static double[] exponential(double start, double factor, int count) {
        if (count < 1 || !(start > 0) || !(factor > 1) || !Double.isFinite(start) || !Double.isFinite(factor)) {
            throw new IllegalArgumentException("exponential buckets need count ≥ 1, a finite start > 0 and a finite"
                    + " factor > 1, got count " + count + ", start " + start + ", factor " + factor);
        }
        BigDecimal first = new BigDecimal(Double.toString(start));
        BigDecimal ratio = new BigDecimal(Double.toString(factor));
        double[] b = new double[count];
        BigDecimal exact = first;
        for (int i = 0; i < count; i++) {
            double bound = exact.doubleValue();
            if (Double.isInfinite(bound)) {
                throw new IllegalArgumentException("exponential buckets start " + start + ", factor " + factor
                        + ": bound " + i + " of " + count + " is beyond the largest double");
            }
            b[i] = bound;
            exact = exact.multiply(ratio);
        }
        return b;
    }

    /** The index of the first bucket whose bound is ≥ {@code value}; NaN goes to the +Inf bucket. */
    int indexOf(double value) {
        double[] p = padded;
        int base = 0;
        for (int step = firstStep; step > 0; step >>= 1) {
            // !(bound >= value) is bound < value for numbers and true for NaN
            base += !(p[base + step - 1] >= value) ? step : 0;
        }
        return Math.min(base, lastIndex);
    }

    /** Number of buckets, +Inf included. */
    int count() {
        return upperBounds.length;
    }

    /** Upper bound of bucket {@code i}. */
    double upperBound(int i) {
        return upperBounds[i];
    }

    /** The {@code le} label of bucket {@code i}. */
    EncodedLabel le(int i) {
        return leLabels[i];
    }

    /** A copy of the bounds, +Inf last. */
    double[] upperBounds() {
        return upperBounds.clone();
    }
}
