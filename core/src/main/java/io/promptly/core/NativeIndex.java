package io.promptly.core;

import java.math.BigInteger;

/**
 * The bucket index of a native (exponential) histogram at one schema, computed from a double's bits: no
 * {@code Math.log}. At schema {@code s} the base is {@code 2^(2^-s)} and bucket {@code i} holds the magnitudes in
 * {@code (base^(i-1), base^i]}: a value exactly on a boundary belongs to the lower bucket.
 *
 * <p>With {@code |x| = m · 2^e}, {@code m} in [1, 2) (mantissa bits {@code f}), the index is:
 * <ul>
 *   <li>schema ≤ 0: {@code k = e + (f != 0 ? 1 : 0)} is the index at schema 0, and the index at schema
 *       {@code -d} is {@code ceil(k / 2^d)} — a shift;</li>
 *   <li>schema {@code s} > 0 ({@code n = 2^s} buckets per power of two): {@code e·n + j}, where {@code j} is the
 *       number of boundaries {@code 2^(k/n)}, {@code k} in [0, n), that lie strictly below {@code m}. The
 *       boundaries are held as mantissa bits {@code B_k} = the largest double mantissa ≤ {@code 2^(k/n)} (found
 *       exactly with {@link BigInteger}: {@code M^n ≤ 2^(k + 52n)}), so {@code m > 2^(k/n)} exactly when
 *       {@code f > B_k}. A table over the top {@code s + 1} mantissa bits gives the count of boundaries below
 *       the slot; at most one boundary falls inside a slot (boundaries are ≥ ln2/n apart, slots 1/(2n) wide),
 *       so one more compare finishes it.</li>
 * </ul>
 * Subnormals are normalised first (a slow but correct branch). Zero, infinities and NaN are not indexed here.
 *
 * <p>Immutable; safe from any thread; {@link #index} allocates nothing and costs a few ns. The tables of all
 * schemas (≈ 6 KiB) are built once, when the class loads.
 */
final class NativeIndex {
    /** Lowest schema Prometheus accepts. */
    static final int MIN_SCHEMA = -4;
    /** Highest schema Prometheus accepts. */
    static final int MAX_SCHEMA = 8;

    private static final int MANTISSA_BITS = 52;
    private static final long MANTISSA_MASK = (1L << MANTISSA_BITS) - 1;
    private static final int EXPONENT_BIAS = 1023;
    /** Biased exponent field of subnormals (and zero). */
    private static final int SUBNORMAL_EXPONENT = 0;
    /** Exponent of the smallest normal double. */
    private static final int MIN_NORMAL_EXPONENT = -1022;
    /** Index at schema 0 of the bucket (2^1023, 2^1024], which holds the largest finite doubles. */
    private static final int TOP_INDEX_SCHEMA_ZERO = 1024;

    private static final NativeIndex[] BY_SCHEMA = new NativeIndex[MAX_SCHEMA - MIN_SCHEMA + 1];

    static {
        for (int s = MIN_SCHEMA; s <= MAX_SCHEMA; s++) {
            BY_SCHEMA[s - MIN_SCHEMA] = new NativeIndex(s);
        }
    }

    private final int schema;
    /** -schema for schema ≤ 0. */
    private final int reduction;
    /** 52 - (schema + 1): shifts the mantissa down to its slot. */
    private final int slotShift;
    /** Per slot: how many boundaries B_k lie below the slot's first mantissa. */
    private final int[] boundariesBelowSlot;
    /** B_0 .. B_{n-1}, then Long.MAX_VALUE as a sentinel. */
    private final long[] boundaries;

    private NativeIndex(int schema) {
        this.schema = schema;
        this.reduction = schema <= 0 ? -schema : 0;
        if (schema <= 0) {
            this.slotShift = 0;
            this.boundariesBelowSlot = null;
            this.boundaries = null;
            return;
        }
        int n = 1 << schema;
        this.boundaries = new long[n + 1];
        for (int k = 0; k < n; k++) {
            boundaries[k] = floorMantissaOfRoot(k, n);
        }
        boundaries[n] = Long.MAX_VALUE;
        this.slotShift = MANTISSA_BITS - (schema + 1);
        int slots = 1 << (schema + 1);
        this.boundariesBelowSlot = new int[slots];
        int below = 0;
        for (int slot = 0; slot < slots; slot++) {
            long first = (long) slot << slotShift;
            while (below < n && boundaries[below] < first) {
                below++;
            }
            boundariesBelowSlot[slot] = below;
        }
    }

    /** The mantissa bits of the largest double ≤ 2^(k/n), exactly (checked with integer powers). */
    private static long floorMantissaOfRoot(int k, int n) {
        BigInteger limit = BigInteger.ONE.shiftLeft(k + MANTISSA_BITS * n);
        long m = (long) (Math.pow(2, (double) k / n) * (1L << MANTISSA_BITS));
        while (BigInteger.valueOf(m).pow(n).compareTo(limit) > 0) {
            m--;
        }
        while (BigInteger.valueOf(m + 1).pow(n).compareTo(limit) <= 0) {
            m++;
        }
        return m - (1L << MANTISSA_BITS);
    }

    /**
     * The index for {@code schema}.
     *
     * @throws IllegalArgumentException when {@code schema} is outside [-4, 8]
     */
    static NativeIndex forSchema(int schema) {
        if (schema < MIN_SCHEMA || schema > MAX_SCHEMA) {
            throw new IllegalArgumentException("native histogram schema " + schema + " is outside ["
                    + MIN_SCHEMA + ", " + MAX_SCHEMA + "] (the schemas Prometheus accepts)");
        }
        return BY_SCHEMA[schema - MIN_SCHEMA];
    }

    int schema() {
        return schema;
    }

    /** The bucket index of {@code magnitude}, which must be finite and > 0. */
    int index(double magnitude) {
        long bits = Double.doubleToRawLongBits(magnitude);
        int biased = (int) (bits >>> MANTISSA_BITS);
        long mantissa = bits & MANTISSA_MASK;
        int exponent;
        if (biased == SUBNORMAL_EXPONENT) {
            // normalise: move the leading one to bit 52, drop it, lower the exponent accordingly
            int shift = Long.numberOfLeadingZeros(mantissa) - (Long.SIZE - 1 - MANTISSA_BITS);
            mantissa = (mantissa << shift) & MANTISSA_MASK;
            exponent = MIN_NORMAL_EXPONENT - shift;
        } else {
            exponent = biased - EXPONENT_BIAS;
        }
        if (schema > 0) {
            int below = boundariesBelowSlot[(int) (mantissa >>> slotShift)];
            return (exponent << schema) + below + (mantissa > boundaries[below] ? 1 : 0);
        }
        int atSchemaZero = exponent + (mantissa != 0 ? 1 : 0);
        return ((atSchemaZero - 1) >> reduction) + 1;
    }

    /** Maps a bucket index at {@code fromSchema} to {@code toSchema} ≤ fromSchema: {@code ceil(i / 2^d)}. */
    static int reduce(int index, int fromSchema, int toSchema) {
        int d = fromSchema - toSchema;
        return d == 0 ? index : ((index - 1) >> d) + 1;
    }

    /** The index of the bucket holding the largest finite magnitudes (its upper bound overflows to +Inf). */
    static int topIndex(int schema) {
        return schema >= 0 ? TOP_INDEX_SCHEMA_ZERO << schema : reduce(TOP_INDEX_SCHEMA_ZERO, 0, schema);
    }
}
