package io.promptly.core;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;

/**
 * The native (exponential) part of one histogram series: routes an observation to the zero bucket, a positive
 * or a negative bucket ({@link NativeSign}), and reads everything into a {@link NativeHistogramView}.
 *
 * <p>Semantics (Prometheus' native histograms): {@code |x| ≤ zeroThreshold} counts in the zero bucket; NaN is
 * counted in no bucket (it still counts in {@code count} and makes the sum NaN); {@code ±Inf} count in the bucket
 * of the largest finite magnitudes, index {@code 1024·2^schema} (whose upper bound {@code 2^1024} is +Inf as a
 * double) — kept in their own cells, so one infinity does not stretch the dense window.
 *
 * <p>Thread-safety: any thread may observe; {@link #readInto} is called by one collecting thread at a time (the
 * series' lock). Zero, NaN and infinity counts live in the series' {@link StripedCells}, from {@code firstSlot}.
 */
final class NativeBuckets {
    /** Slots this part uses in the series' cells. */
    static final int SLOTS = 4;
    private static final int ZERO = 0;
    private static final int NAN = 1;
    private static final int POSITIVE_INFINITY = 2;
    private static final int NEGATIVE_INFINITY = 3;
    private static final VarHandle LONGS = MethodHandles.arrayElementVarHandle(long[].class);

    private final double zeroThreshold;
    private final NativeSign positive;
    private final NativeSign negative;
    private final StripedCells cells;
    private final int zeroSlot;

    NativeBuckets(NativeHistogramConfig config, StripedCells cells, int firstSlot) {
        this.zeroThreshold = config.zeroThreshold;
        this.positive = new NativeSign(config.schema, config.maxBuckets);
        this.negative = new NativeSign(config.schema, config.maxBuckets);
        this.cells = cells;
        this.zeroSlot = firstSlot + ZERO;
    }

    /** Counts {@code value}. Allocation-free and lock-free except when a window grows. */
    void observe(double value) {
        if (value > zeroThreshold) {
            if (value != Double.POSITIVE_INFINITY) {
                positive.add(value);
            } else {
                cells.addLong(zeroSlot + POSITIVE_INFINITY, 1L);
            }
        } else if (value < -zeroThreshold) {
            if (value != Double.NEGATIVE_INFINITY) {
                negative.add(-value);
            } else {
                cells.addLong(zeroSlot + NEGATIVE_INFINITY, 1L);
            }
        } else {
            // NaN fails every comparison and lands here
            cells.addLong(value == value ? zeroSlot : zeroSlot + NAN, 1L);
        }
    }

    /** The schema new observations are counted at (the lower of the two signs'). */
    int schema() {
        return Math.min(positive.schema(), negative.schema());
    }

    /** Reads every count once into {@code view}, all buckets mapped to the current (lowest) schema. */
    void readInto(NativeHistogramView view) {
        int target = schema();
        view.schema = target;
        view.zeroThreshold = zeroThreshold;
        view.zeroCount = cells.readLong(zeroSlot);
        view.positiveSize = 0;
        view.negativeSize = 0;
        long total = view.zeroCount + cells.readLong(zeroSlot + NAN);
        total += readSign(positive, target, cells.readLong(zeroSlot + POSITIVE_INFINITY), view, true);
        total += readSign(negative, target, cells.readLong(zeroSlot + NEGATIVE_INFINITY), view, false);
        view.count = total;
    }

    private static long readSign(NativeSign sign, int target, long infinities, NativeHistogramView view,
            boolean isPositive) {
        NativeWindow[] windows = sign.windows();
        long total = 0;
        int lastIndex = Integer.MIN_VALUE;
        if (windows.length > 0) {
            int lo = Integer.MAX_VALUE;
            int hi = Integer.MIN_VALUE;
            for (NativeWindow w : windows) {
                lo = Math.min(lo, NativeIndex.reduce(w.offset, w.schema, target));
                hi = Math.max(hi, NativeIndex.reduce(w.last(), w.schema, target));
            }
            long[] dense = view.dense(hi - lo + 1);
            for (NativeWindow w : windows) {
                long[] counts = w.counts;
                for (int s = 0; s < counts.length; s++) {
                    long c = (long) LONGS.getOpaque(counts, s);
                    if (c != 0) {
                        dense[NativeIndex.reduce(w.offset + s, w.schema, target) - lo] += c;
                    }
                }
            }
            for (int k = 0, n = hi - lo + 1; k < n; k++) {
                long c = dense[k];
                if (c != 0) {
                    lastIndex = lo + k;
                    add(view, isPositive, lastIndex, c);
                    total += c;
                }
            }
        }
        if (infinities != 0) {
            int top = NativeIndex.topIndex(target);
            if (lastIndex == top) {
                if (isPositive) {
                    view.positiveCounts[view.positiveSize - 1] += infinities;
                } else {
                    view.negativeCounts[view.negativeSize - 1] += infinities;
                }
            } else {
                add(view, isPositive, top, infinities);
            }
            total += infinities;
        }
        return total;
    }

    private static void add(NativeHistogramView view, boolean isPositive, int index, long count) {
        if (isPositive) {
            view.addPositive(index, count);
        } else {
            view.addNegative(index, count);
        }
    }
}
