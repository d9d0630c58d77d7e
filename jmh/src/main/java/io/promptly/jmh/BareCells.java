package io.promptly.jmh;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.Arrays;
import java.util.concurrent.atomic.AtomicInteger;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;

/**
 * The bare record paths the issue-19 targets are ratios against: what a histogram / summary / counter observe
 * costs at the machine's limit, with nothing but the arithmetic and the memory operations. Every piece is written
 * here, in the benchmark module, so no library code is measured:
 * <ul>
 *   <li>{@link #search}: the branch-free bucket search (compare-and-add over bounds padded to a power of two);</li>
 *   <li>{@link Shared}: padded stripes, one per benchmark thread (assigned in order, so no two threads share one),
 *       written with one {@code getAndAdd} on the bucket count and one CAS on the sum's double bits;</li>
 *   <li>{@link Owned}: a padded block per thread written with plain adds and opaque stores (a single-writer
 *       cell).</li>
 * </ul>
 * Thread-safety: {@link Shared} is safe from any thread; an {@link Owned} block from its thread only. Nothing
 * allocates per call.
 */
public final class BareCells {
    static final VarHandle LONGS = MethodHandles.arrayElementVarHandle(long[].class);
    /** Longs of padding around every stripe: 128 bytes. */
    static final int PAD = 16;
    /** Stripes of a {@link Shared} cell group: more than the benchmark threads. */
    static final int STRIPES = 16;

    private BareCells() {
    }

    /** Bounds followed by +Inf, padded with +Inf to a power-of-two length (the search's table). */
    static double[] padded(double[] bounds) {
        int n = bounds.length + 1;
        int size = Integer.highestOneBit(n) == n ? n : Integer.highestOneBit(n) * 2;
        double[] p = new double[size];
        Arrays.fill(p, Double.POSITIVE_INFINITY);
        System.arraycopy(bounds, 0, p, 0, bounds.length);
        return p;
    }

    /** Branch-free: the first index whose bound is ≥ value (NaN to the last); {@code last} caps the padding. */
    static int search(double[] padded, int last, double value) {
        int base = 0;
        for (int step = padded.length >> 1; step > 0; step >>= 1) {
            base += !(padded[base + step - 1] >= value) ? step : 0;
        }
        return Math.min(base, last);
    }

    /** Adds {@code delta} to the double held as bits at {@code index}: one CAS when uncontended. */
    static void addDouble(long[] cells, int index, double delta) {
        long current;
        do {
            current = (long) LONGS.getOpaque(cells, index);
        } while (!LONGS.compareAndSet(cells, index, current,
                Double.doubleToRawLongBits(Double.longBitsToDouble(current) + delta)));
    }

    /** Padded stripes of {@code slots} cells shared by every benchmark thread (per-benchmark state). */
    static final class Shared {
        final long[] cells;
        final int stride;
        private final AtomicInteger assigned = new AtomicInteger();

        Shared(int slots) {
            this.stride = slots + PAD;
            this.cells = new long[PAD + STRIPES * stride];
        }

        /** The offset of the next unused stripe (one per benchmark thread, never shared). */
        int claim() {
            return PAD + (assigned.getAndIncrement() % STRIPES) * stride;
        }
    }

    /** A benchmark thread's stripe of a {@link Shared} group: its offset, taken once. */
    @State(Scope.Thread)
    public static class Stripe {
        int offset = -1;

        int of(Shared shared) {
            int o = offset;
            if (o < 0) {
                o = shared.claim();
                offset = o;
            }
            return o;
        }
    }

    /** A benchmark thread's own padded block (single writer): plain adds, opaque stores. */
    @State(Scope.Thread)
    public static class Owned {
        final long[] cells = new long[2 * PAD + 64];
    }
}
