package io.promptly.core;

/**
 * The native (exponential) part of one histogram series: routes an observation to the zero bucket, a positive
 * or a negative bucket ({@link NativeSign}), and turns one cut of the series ({@link PhasedCells.Cut}) into a
 * {@link NativeHistogramView}.
 *
 * <p>Semantics (Prometheus' native histograms): {@code |x| ≤ zeroThreshold} counts in the zero bucket; NaN is
 * counted in no bucket (it still counts in {@code count} and makes the sum NaN); {@code ±Inf} count in the bucket
 * of the largest finite magnitudes, index {@code 1024·2^schema} (whose upper bound {@code 2^1024} is +Inf as a
 * double) — kept in their own cells, so one infinity does not stretch the dense windows.
 *
 * <p>Each part and generation of the series' {@link PhasedCells} has its own pair of signs (so threads never share
 * a bucket's cache line); the zero, NaN and infinity counts are {@value #SLOTS} slots of the series' cells.
 * Immutable configuration; safe from any thread. Allocation-free but when a window grows.
 */
final class NativeBuckets {
    /** Slots this part uses in the series' cells: zero, NaN, +Inf, -Inf counts, in this order. */
    static final int SLOTS = 4;
    private static final int NAN = 1;
    private static final int POSITIVE_INFINITY = 2;
    private static final int NEGATIVE_INFINITY = 3;

    private final double zeroThreshold;
    private final int schema;
    private final int maxBuckets;

    NativeBuckets(NativeHistogramConfig config) {
        this.zeroThreshold = config.zeroThreshold;
        this.schema = config.schema;
        this.maxBuckets = config.maxBuckets;
    }

    /** The signs of one part: positive and negative of generation 0, then of generation 1. */
    NativeSign[] newSigns() {
        return new NativeSign[] {new NativeSign(schema, maxBuckets), new NativeSign(schema, maxBuckets),
            new NativeSign(schema, maxBuckets), new NativeSign(schema, maxBuckets)};
    }

    /** The configured (highest) schema. */
    int initialSchema() {
        return schema;
    }

    /** Counts {@code value} into an owned block (its owner only); {@code zero} is the zero cell's index. */
    void observeOwned(long[] block, int zero, NativeSign positive, NativeSign negative, double value) {
        if (value > zeroThreshold) {
            if (value != Double.POSITIVE_INFINITY) {
                positive.addSingleWriter(value);
            } else {
                PhasedCells.addOwned(block, zero + POSITIVE_INFINITY, 1L);
            }
        } else if (value < -zeroThreshold) {
            if (value != Double.NEGATIVE_INFINITY) {
                negative.addSingleWriter(-value);
            } else {
                PhasedCells.addOwned(block, zero + NEGATIVE_INFINITY, 1L);
            }
        } else {
            // NaN fails every comparison and lands here
            PhasedCells.addOwned(block, value == value ? zero : zero + NAN, 1L);
        }
    }

    /** Counts {@code value} into the shared part (atomics); {@code zero} is the zero cell's index. */
    void observeShared(long[] cells, int zero, NativeSign positive, NativeSign negative, double value) {
        if (value > zeroThreshold) {
            if (value != Double.POSITIVE_INFINITY) {
                positive.add(value);
            } else {
                PhasedCells.addShared(cells, zero + POSITIVE_INFINITY, 1L);
            }
        } else if (value < -zeroThreshold) {
            if (value != Double.NEGATIVE_INFINITY) {
                negative.add(-value);
            } else {
                PhasedCells.addShared(cells, zero + NEGATIVE_INFINITY, 1L);
            }
        } else {
            PhasedCells.addShared(cells, value == value ? zero : zero + NAN, 1L);
        }
    }

    /**
     * Fills {@code view} from one cut: every bucket mapped to the lowest schema among the cut's windows and
     * {@code currentSchema} (the schema new observations go to); {@code zeroSlot} is the zero count's slot.
     */
    void fill(NativeHistogramView view, PhasedCells.Cut cut, int zeroSlot, int currentSchema) {
        int target = currentSchema;
        for (int k = 0; k < cut.positive.size; k++) {
            target = Math.min(target, cut.positive.schema[k]);
        }
        for (int k = 0; k < cut.negative.size; k++) {
            target = Math.min(target, cut.negative.schema[k]);
        }
        view.schema = target;
        view.zeroThreshold = zeroThreshold;
        view.zeroCount = cut.counts[zeroSlot];
        view.positiveSize = 0;
        view.negativeSize = 0;
        long total = view.zeroCount + cut.counts[zeroSlot + NAN];
        total += fillSign(view, cut.positive, target, cut.counts[zeroSlot + POSITIVE_INFINITY], true);
        total += fillSign(view, cut.negative, target, cut.counts[zeroSlot + NEGATIVE_INFINITY], false);
        view.count = total;
    }

    private static long fillSign(NativeHistogramView view, PhasedCells.SignEntries entries, int target,
            long infinities, boolean isPositive) {
        int[] indexes = entries.index;
        int[] schemas = entries.schema;
        long[] counts = entries.count;
        int size = entries.size;
        long total = 0;
        int lastIndex = Integer.MIN_VALUE;
        if (size > 0) {
            int lo = Integer.MAX_VALUE;
            int hi = Integer.MIN_VALUE;
            for (int k = 0; k < size; k++) {
                int i = NativeIndex.reduce(indexes[k], schemas[k], target);
                lo = Math.min(lo, i);
                hi = Math.max(hi, i);
            }
            long[] dense = view.dense(hi - lo + 1);
            for (int k = 0; k < size; k++) {
                dense[NativeIndex.reduce(indexes[k], schemas[k], target) - lo] += counts[k];
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
