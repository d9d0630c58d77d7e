package io.promptly.core;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.Arrays;

/**
 * The buckets of one sign (positive or negative magnitudes) of a native histogram series, stored as dense
 * windows of counts ({@link NativeWindow}).
 *
 * <p>Record path ({@link #add}): one volatile read of the current window, the bucket index from the value's bits
 * ({@link NativeIndex}), one {@code getAndAdd} into the window — no lock, no allocation. A value outside the
 * window takes {@link #grow}, under this object's lock: it makes a new, larger generation (first value: 32
 * buckets around it; then doubling, up to {@code maxBuckets}), keeps the old ones (readers sum every generation,
 * mapped into the newest schema, so an observer that raced the swap and added into an old window loses nothing),
 * and lowers the schema — halving the resolution, as often as needed — when the populated range plus the new
 * value would span more than {@code maxBuckets} buckets, or when {@value #MAX_WINDOWS_PER_SCHEMA} generations at
 * the current schema exist already (this bounds the generations a drifting distribution can create).
 *
 * <p>Memory: the current window holds at most {@code maxBuckets} longs (160 by default: 1.3 KiB); earlier,
 * smaller generations stay allocated (typically 32 + 64 + 128 longs more). A series holds one pair of signs per
 * cell generation and part (see {@link PhasedCells}), so threads do not share these counts.
 */
final class NativeSign {
    /** Buckets of the first window. */
    static final int INITIAL_WINDOW = 32;
    /** Generations allowed at one schema before a window overflow lowers the schema. */
    static final int MAX_WINDOWS_PER_SCHEMA = 6;

    private static final VarHandle LONGS = MethodHandles.arrayElementVarHandle(long[].class);
    private static final NativeWindow[] NO_WINDOWS = new NativeWindow[0];

    private final int maxBuckets;
    /** The generation observers add to; replaced (volatile write) only under this object's lock. */
    private volatile NativeWindow current;
    /** Every generation holding buckets, oldest first, {@link #current} last; copy-on-write under the lock. */
    private volatile NativeWindow[] windows = NO_WINDOWS;

    NativeSign(int schema, int maxBuckets) {
        this.maxBuckets = maxBuckets;
        this.current = NativeWindow.empty(schema);
    }

    /** Counts one value of magnitude {@code magnitude} (finite, > 0). Lock-free unless the window must grow. */
    void add(double magnitude) {
        NativeWindow w = current;
        int slot = w.index.index(magnitude) - w.offset;
        if (slot >= 0 && slot < w.counts.length) {
            LONGS.getAndAdd(w.counts, slot, 1L);
        } else {
            grow(magnitude);
        }
    }

    /**
     * As {@link #add}, for a sign written by ONE thread (an owned block's): a plain load and an opaque store
     * instead of the {@code getAndAdd}. Readers load the counts opaque, under the block's sequence check.
     */
    void addSingleWriter(double magnitude) {
        NativeWindow w = current;
        long[] counts = w.counts;
        int slot = w.index.index(magnitude) - w.offset;
        if (slot >= 0 && slot < counts.length) {
            LONGS.setOpaque(counts, slot, counts[slot] + 1L);
        } else {
            grow(magnitude);
        }
    }

    /** The schema new values are counted at. */
    int schema() {
        return current.schema;
    }

    /** Every generation, oldest first (read it once per pass). */
    NativeWindow[] windows() {
        return windows;
    }

    private synchronized void grow(double magnitude) {
        NativeWindow w = current;
        int index = w.index.index(magnitude);
        if (index >= w.offset && index <= w.last()) {
            LONGS.getAndAdd(w.counts, index - w.offset, 1L); // another thread grew it meanwhile
            return;
        }
        NativeWindow[] all = windows;
        int schema = w.schema;
        int lo = index;
        int hi = index;
        int atThisSchema = 0;
        for (NativeWindow old : all) {
            atThisSchema += old.schema == schema ? 1 : 0;
            for (int s = 0; s < old.counts.length; s++) {
                if ((long) LONGS.getOpaque(old.counts, s) != 0) {
                    int i = NativeIndex.reduce(old.offset + s, old.schema, schema);
                    lo = Math.min(lo, i);
                    hi = Math.max(hi, i);
                }
            }
        }
        boolean forceReduction = atThisSchema >= MAX_WINDOWS_PER_SCHEMA;
        while (schema > NativeIndex.MIN_SCHEMA && (forceReduction || hi - lo + 1 > maxBuckets)) {
            lo = NativeIndex.reduce(lo, schema, schema - 1);
            hi = NativeIndex.reduce(hi, schema, schema - 1);
            index = NativeIndex.reduce(index, schema, schema - 1);
            schema--;
            forceReduction = false;
        }
        int span = hi - lo + 1;
        int length = Math.max(span, Math.min(maxBuckets, Math.max(INITIAL_WINDOW, 2 * w.counts.length)));
        int offset;
        if (all.length == 0 || schema != w.schema) {
            offset = lo - (length - span) / 2;   // first window, or a new schema: centre the populated range
        } else if (index < w.offset) {
            offset = hi - length + 1;            // growing downwards: leave the room below
        } else {
            offset = lo;                         // growing upwards: leave the room above
        }
        NativeWindow next = new NativeWindow(NativeIndex.forSchema(schema), offset, length);
        LONGS.getAndAdd(next.counts, index - offset, 1L);
        NativeWindow[] grown = Arrays.copyOf(all, all.length + 1);
        grown[all.length] = next;
        windows = grown;   // readers see the new generation (with this value) before observers use it
        current = next;
    }
}
