package io.promptly.core;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.Arrays;

/**
 * A group of {@code slots} 64-bit cells (a histogram's bucket counts and sum; a summary's count and sum) that
 * starts as one unpadded base block and inflates to {@link Stripes#COUNT} padded blocks the first time two
 * threads collide on it, so an uncontended series costs {@code 16 + 8 × slots} bytes and a contended one scales.
 * Slots hold longs or double bits.
 *
 * <p>Layout: the base block is {@code slots} cells, unpadded (only contention pays for padding; a neighbouring
 * object may share its first or last cache line). The inflated array is 16 longs of padding, then per stripe
 * {@code slots} cells followed by 16 longs of padding, so cells of different stripes never share a cache line;
 * owned blocks are padded the same way.
 *
 * <p>Thread-safety: any thread may add and read concurrently. {@link #addLong} is one CAS while uncontended and
 * one {@code getAndAdd} on the thread's own stripe once inflated; {@link #addDouble} is a CAS loop on that stripe.
 * Reads are opaque loads summed over the base block and the stripes: values are never lost and a reader sees each
 * cell once. Inflation allocates once per series; nothing else allocates.
 */
final class StripedCells {
    private static final VarHandle LONGS = MethodHandles.arrayElementVarHandle(long[].class);
    private static final VarHandle INFLATED;

    static {
        try {
            INFLATED = MethodHandles.lookup().findVarHandle(StripedCells.class, "inflated", long[].class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    private final int slots;
    private final int stride;
    /** The first block, written until contention is seen; always part of the total. */
    private final long[] base;
    /** Null until contention; then {@link Stripes#COUNT} blocks. Written once (CAS), read plain-then-opaque. */
    private volatile long[] inflated;
    /** Blocks owned by single writer threads (see {@link #newOwnedBlock}); copy-on-write, never shrinks. */
    private volatile long[][] owned = NO_BLOCKS;

    private static final long[][] NO_BLOCKS = new long[0][];

    StripedCells(int slots) {
        this.slots = slots;
        this.stride = slots + Stripes.PAD_LONGS;
        this.base = new long[slots];
    }

    /** Adds {@code delta} to slot {@code slot}: a CAS on the base block, or a getAndAdd on this thread's stripe. */
    void addLong(int slot, long delta) {
        long[] striped = inflated;
        if (striped == null) {
            long current = (long) LONGS.getOpaque(base, slot);
            if (LONGS.compareAndSet(base, slot, current, current + delta)) {
                return;
            }
            striped = inflate();
        }
        LONGS.getAndAdd(striped, Stripes.PAD_LONGS + Stripes.current() * stride + slot, delta);
    }

    /** Adds {@code delta} to the double held (as bits) in slot {@code slot}, by CAS on this thread's block. */
    void addDouble(int slot, double delta) {
        long[] striped = inflated;
        if (striped == null) {
            addDoubleAt(base, slot, delta);
        } else {
            addDoubleAt(striped, Stripes.PAD_LONGS + Stripes.current() * stride + slot, delta);
        }
    }

    /**
     * One observation: adds 1 to {@code countSlot} and {@code value} to the double in {@code doubleSlot} of the
     * same block, choosing that block once (one read of {@link #inflated}, one stripe computation).
     */
    void addOneAndDouble(int countSlot, int doubleSlot, double value) {
        long[] block = inflated;
        if (block == null) {
            long current = (long) LONGS.getOpaque(base, countSlot);
            if (LONGS.compareAndSet(base, countSlot, current, current + 1L)) {
                addDoubleAt(base, doubleSlot, value);
                return;
            }
            block = inflate();
        }
        int offset = Stripes.PAD_LONGS + Stripes.current() * stride;
        LONGS.getAndAdd(block, offset + countSlot, 1L);
        addDoubleAt(block, offset + doubleSlot, value);
    }

    private static void addDoubleAt(long[] block, int index, double delta) {
        long current;
        long next;
        do {
            current = (long) LONGS.getOpaque(block, index);
            next = Double.doubleToRawLongBits(Double.longBitsToDouble(current) + delta);
        } while (!LONGS.compareAndSet(block, index, current, next));
    }

    /** Slot 0 of the base block, read plainly: only to bring its cache line in before a collection reads it. */
    long peekBase() {
        return base[0];
    }

    /** The sum of slot {@code slot} over every block (opaque loads). */
    long readLong(int slot) {
        long total = (long) LONGS.getOpaque(base, slot);
        long[] striped = inflated;
        if (striped != null) {
            for (int s = 0; s < Stripes.COUNT; s++) {
                total += (long) LONGS.getOpaque(striped, Stripes.PAD_LONGS + s * stride + slot);
            }
        }
        long[][] blocks = owned;
        for (int b = 0; b < blocks.length; b++) {
            total += (long) LONGS.getOpaque(blocks[b], Stripes.PAD_LONGS + slot);
        }
        return total;
    }

    /** The sum of the doubles held in slot {@code slot} over every block (opaque loads). */
    double readDouble(int slot) {
        double total = Double.longBitsToDouble((long) LONGS.getOpaque(base, slot));
        long[] striped = inflated;
        if (striped != null) {
            for (int s = 0; s < Stripes.COUNT; s++) {
                total += Double.longBitsToDouble((long) LONGS.getOpaque(striped, Stripes.PAD_LONGS + s * stride + slot));
            }
        }
        long[][] blocks = owned;
        for (int b = 0; b < blocks.length; b++) {
            total += Double.longBitsToDouble((long) LONGS.getOpaque(blocks[b], Stripes.PAD_LONGS + slot));
        }
        return total;
    }

    /**
     * A new padded block of {@code slots} cells for one writer thread, summed into every read from now on (and
     * kept after that thread ends, so nothing it recorded is lost). Its cells sit at {@link Stripes#PAD_LONGS}
     * + slot. Allocates; takes this group's lock.
     */
    synchronized long[] newOwnedBlock() {
        long[] block = new long[Stripes.PAD_LONGS + stride];
        long[][] blocks = owned;
        long[][] next = Arrays.copyOf(blocks, blocks.length + 1);
        next[blocks.length] = block;
        owned = next;
        return block;
    }

    /** Number of slots per block. */
    int slots() {
        return slots;
    }

    /** Whether contention has inflated this group (for tests). */
    boolean isInflated() {
        return inflated != null;
    }

    private long[] inflate() {
        long[] fresh = new long[Stripes.PAD_LONGS + Stripes.COUNT * stride];
        // publish once; a loser of the race uses the winner's blocks
        if (INFLATED.compareAndSet(this, (long[]) null, fresh)) {
            return fresh;
        }
        return inflated;
    }
}
