package io.promptly.core.quantile;

/**
 * Splits every binade {@code [2^e, 2^(e+1))} into sub-buckets whose bounds ratio {@code γ_b = hi/lo} satisfies
 * {@code (γ_b - 1) / (γ_b + 1) ≤ α}, and names the value that represents each sub-bucket.
 *
 * <p><b>Index.</b> The sub-bucket of a positive normal double is {@code table[top t mantissa bits]}: no logarithm.
 * The {@code 2^t} table slots (slot {@code j} covers significands {@code [1 + j/2^t, 1 + (j+1)/2^t)}) are grouped
 * greedily from the bottom of the binade: a group {@code [a, b)} of slots takes as many slots as keep
 * {@code (b - a) / (2^(t+1) + a + b) ≤ α}, which is {@code (γ_b - 1) / (γ_b + 1)} for
 * {@code lo = 1 + a/2^t, hi = 1 + b/2^t}. {@code t} is the smallest number of bits with {@code 2^t ≥ 4/α}
 * (clamped to [{@value #MIN_TABLE_BITS}, {@value #MAX_TABLE_BITS}]), so the first group holds at least two slots and
 * the number of sub-buckets per binade stays within a few percent of the optimum {@code ln 2 / ln((1+α)/(1-α))}:
 * 36 for α = 1% (optimum 34.7) with a 512-entry table.
 *
 * <p><b>Bound.</b> A sub-bucket {@code [lo, hi)} is represented by {@code 2·lo·hi / (lo + hi)}, the value whose
 * worst relative distance to any {@code x} in the bucket is smallest; that distance is {@code (hi - lo) / (hi + lo)}
 * (reached at both ends), hence at most α. The representative is computed once in double arithmetic with a single
 * rounding ({@code lo}, {@code hi} have at most 13 significant bits, so the product and sum are exact), so the
 * reported value's relative error is at most {@code α + 2^-52}. Scaling by {@code 2^e} is exact for normal results.
 *
 * <p>Immutable; shared freely between threads. The mapping for {@link #DEFAULT_RELATIVE_ERROR} is built once and
 * shared by every instance that uses it.
 */
final class LogBucketMapping {
    /** Default relative value error, 1%. */
    static final double DEFAULT_RELATIVE_ERROR = 0.01;
    /** Smallest accepted relative error (363 sub-buckets per binade). */
    static final double MIN_RELATIVE_ERROR = 0.001;
    /** Largest accepted relative error (one sub-bucket per binade from α = 1/3 on). */
    static final double MAX_RELATIVE_ERROR = 0.5;

    static final int MIN_TABLE_BITS = 4;
    static final int MAX_TABLE_BITS = 12;
    private static final int SIGNIFICAND_BITS = 52;
    /** Keeps the grouping test a hair inside α, so that rounding in the test itself cannot let a bucket exceed α. */
    private static final double GROUPING_SAFETY = 1 - 1e-12;

    private static final LogBucketMapping DEFAULT = new LogBucketMapping(DEFAULT_RELATIVE_ERROR);

    final double relativeError;
    /** Largest {@code (hi - lo) / (hi + lo)} over the sub-buckets; at most {@link #relativeError}. */
    final double worstBucketError;
    final int tableBits;
    /** Right shift that brings the top {@link #tableBits} mantissa bits of a double's raw bits to the bottom. */
    final int tableShift;
    final int tableMask;
    /** Sub-bucket of each table slot; ascending. */
    final short[] subBucketOfSlot;
    final int bucketsPerBinade;
    /** Representative significand in [1, 2) of each sub-bucket; strictly ascending. */
    final double[] representative;

    private LogBucketMapping(double relativeError) {
        this.relativeError = relativeError;
        this.tableBits = tableBitsFor(relativeError);
        this.tableShift = SIGNIFICAND_BITS - tableBits;
        int slots = 1 << tableBits;
        this.tableMask = slots - 1;
        short[] table = new short[slots];
        double[] reps = new double[slots];
        int groups = 0;
        double worst = 0;
        int start = 0;
        while (start < slots) {
            int end = start + 1;
            while (end < slots && fits(start, end + 1, slots, relativeError)) {
                end++;
            }
            for (int j = start; j < end; j++) {
                table[j] = (short) groups;
            }
            double lo = 1 + (double) start / slots;
            double hi = 1 + (double) end / slots;
            reps[groups] = 2 * lo * hi / (lo + hi);
            worst = Math.max(worst, (double) (end - start) / (2.0 * slots + start + end));
            groups++;
            start = end;
        }
        this.subBucketOfSlot = table;
        this.bucketsPerBinade = groups;
        this.representative = java.util.Arrays.copyOf(reps, groups);
        this.worstBucketError = worst;
    }

    /**
     * Returns the mapping for a relative error, shared when it is the default.
     *
     * @throws IllegalArgumentException when {@code relativeError} is NaN or outside
     *                                  [{@value #MIN_RELATIVE_ERROR}, {@value #MAX_RELATIVE_ERROR}]
     */
    static LogBucketMapping forRelativeError(double relativeError) {
        if (!(relativeError >= MIN_RELATIVE_ERROR && relativeError <= MAX_RELATIVE_ERROR)) {
            throw new IllegalArgumentException("relativeError " + relativeError + " is out of range (must be in ["
                    + MIN_RELATIVE_ERROR + ", " + MAX_RELATIVE_ERROR + "])");
        }
        return relativeError == DEFAULT_RELATIVE_ERROR ? DEFAULT : new LogBucketMapping(relativeError);
    }

    /** Returns true for the mapping shared by every instance using the default relative error. */
    boolean isShared() {
        return this == DEFAULT;
    }

    /** Returns the sub-bucket (within its binade) of a positive or negative normal double's raw bits. */
    int subBucket(long rawBits) {
        return subBucketOfSlot[(int) (rawBits >>> tableShift) & tableMask];
    }

    /** Returns the representative value of sub-bucket {@code sub} of the binade {@code [2^exponent, 2^(exponent+1))}. */
    double representative(int sub, int exponent) {
        return Math.scalb(representative[sub], exponent);
    }

    /** Returns the heap bytes of this mapping's tables (compressed oops, 8-byte alignment). */
    long tableBytes() {
        return Memory.array(2, subBucketOfSlot.length) + Memory.array(8, representative.length) + Memory.OBJECT;
    }

    private static boolean fits(int start, int end, int slots, double relativeError) {
        return (end - start) <= relativeError * (2.0 * slots + start + end) * GROUPING_SAFETY;
    }

    private static int tableBitsFor(double relativeError) {
        int bits = MIN_TABLE_BITS;
        while (bits < MAX_TABLE_BITS && (1 << bits) < 4 / relativeError) {
            bits++;
        }
        return bits;
    }
}
