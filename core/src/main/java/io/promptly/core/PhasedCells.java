package io.promptly.core;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.Arrays;

/**
 * The cells of one histogram or summary series, kept so that a collection reads them as ONE cut: every
 * observation's bucket count, count, sum (and native bucket) are all in it or all out of it, while writers never
 * wait, spin or retry. Slots hold longs, or (slot {@link #sumSlot}) double bits.
 *
 * <p><b>Two generations, a phase per part.</b> Every part (below) holds its slots twice, generation 0 and 1.
 * Writers add to the generation the part's phase names; a collection reads the generation writers have left
 * (waiting only for writers already in flight in it), flips the part's phase, then reads the generation they just
 * left. Cells are never reset: each generation's cells only grow, so a cut is the sum of two complete generations.
 * <ul>
 *   <li><b>Owned parts</b> (the fast path): one block per stripe ({@link Stripes}), claimed by the first thread
 *       that records into it and written by that thread alone: its phase word (the index of the current
 *       generation's sequence word, written only by collections), then per generation a sequence word and the
 *       slots. A write reads the phase word (opaque, in the block's own cache line: no load through the series),
 *       makes the generation's sequence odd, adds with plain loads and opaque stores, and makes the sequence even
 *       again (release; the sequence is loaded once per write): no atomic instruction. A collection reads a
 *       generation when its sequence is even and unchanged across the read (seqlock); only a write that read the
 *       phase word before the flip can still be in it, so the collection waits for at most that one write.
 *       {@link #newSingleWriterBlock} blocks ({@code forThisThread()}) are owned parts too.</li>
 *   <li><b>Shared parts</b> (the fallback when a thread's stripe is owned by another thread): padded stripes
 *       written with atomics, HdrHistogram-style: the stripe's epoch word holds the phase (sign bit) and the
 *       writers that entered it; a writer enters with one {@code getAndAdd} (which also tells it the generation),
 *       adds the sum and native bucket, and adds to its counting slot LAST. A collection swaps the epoch word
 *       (flipping that stripe's phase and learning how many writers entered the old one), then waits until the
 *       old generation's counting slots add up to that number.</li>
 * </ul>
 *
 * <p>Thread-safety: any thread may record. Collections ({@link #collect}) must hold this object's monitor;
 * writers take it only once per thread, when they claim a stripe (native windows grow under their sign's lock as
 * before). Cost: one block of {@code 16 + 8 × (2 + 2 × (slots + 1))} bytes per stripe on its first use (no
 * padding: blocks of different threads come from different allocation buffers), and a stripe table of
 * {@code 16 + 4 × stripes} bytes only when a second stripe is claimed (a series one thread writes has none); the
 * shared fallback allocates
 * {@code 8 × stripes × (2 × slots + 19)} bytes once, on the first collision. Nothing allocates afterwards.
 */
final class PhasedCells {
    private static final VarHandle LONGS = MethodHandles.arrayElementVarHandle(long[].class);
    private static final VarHandle BLOCKS = MethodHandles.arrayElementVarHandle(long[][].class);
    private static final VarHandle SHARED;
    private static final VarHandle FIRST;
    private static final VarHandle OWNED;

    static {
        try {
            MethodHandles.Lookup lookup = MethodHandles.lookup();
            FIRST = lookup.findVarHandle(PhasedCells.class, "firstBlock", long[].class);
            OWNED = lookup.findVarHandle(PhasedCells.class, "owned", long[][].class);
            SHARED = lookup.findVarHandle(PhasedCells.class, "shared", Shared.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    /** Index of the owning thread's id in an owned block (0 for single-writer blocks: never a thread id). */
    static final int OWNER = 0;
    /** Index of an owned block's phase word: the index of the sequence word of the generation writers use. */
    private static final int PHASE_WORD = 1;
    /** Index of generation 0's sequence word in an owned block. */
    private static final int FIRST_GENERATION = 2;
    /** Sign bit of a shared stripe's epoch word: the generation its writers enter. */
    private static final long PHASE_BIT = Long.MIN_VALUE;
    private static final long ENTERED_MASK = Long.MAX_VALUE;
    private static final int SPINS_BEFORE_YIELD = 64;
    private static final long[][] NO_BLOCKS = new long[0][];

    /** Slots per generation. */
    final int slots;
    /** Slots 0 .. countedSlots-1 count observations: each observation adds 1 to exactly one of them. */
    final int countedSlots;
    /** The slot holding the sum's double bits. */
    final int sumSlot;
    private final NativeBuckets nativeBuckets;
    /**
     * The first owned block, claimed in stripe {@link #firstStripe}; set once (under this object's monitor,
     * release) and never changes. Most series are written by one thread: they need no stripe table.
     */
    private long[] firstBlock;
    /**
     * The id of {@link #firstBlock}'s owner (0 until it is claimed), a copy of the block's owner word: other
     * threads test ownership here, never in the block, whose cache line its owner writes on every observation.
     */
    private long firstOwner;
    /** The native signs of {@link #firstBlock} (+, - of generation 0, then of 1); null when not native. */
    private NativeSign[] firstSigns;
    private int firstStripe;
    /**
     * Owned blocks of the other stripes, by stripe; null until a thread claims a stripe other than the first's.
     * Set once (under this object's monitor, release); an entry is set once and never changes.
     */
    private long[][] owned;
    /** Per stripe, the native signs of the block in {@link #owned}; null when not native. */
    private NativeSign[][] ownedSigns;
    /** Single-writer blocks ({@code forThisThread()}); copy-on-write, never shrinks. */
    private volatile long[][] singleWriterBlocks = NO_BLOCKS;
    /** Null until a thread finds its stripe owned by another; then set once (CAS). */
    private volatile Shared shared;
    /** Each collecting thread's reusable cut (one per thread, not per series: series stay small). */
    private static final ThreadLocal<Cut> CUTS = ThreadLocal.withInitial(Cut::new);

    PhasedCells(int slots, int countedSlots, int sumSlot, NativeBuckets nativeBuckets) {
        this.slots = slots;
        this.countedSlots = countedSlots;
        this.sumSlot = sumSlot;
        this.nativeBuckets = nativeBuckets;
    }

    // ---- writers: owned blocks ----

    /**
     * The calling thread's block if it owns one, else null (take {@link #claim}). Plain reads: a block is
     * published once; a stale null only sends the caller to {@link #claim}. The owner of the first block finds it
     * without computing its stripe.
     */
    long[] ownedBlock(long threadId) {
        if (firstOwner == threadId) {
            return firstBlock; // its owner's own claim wrote both fields
        }
        long[] b;
        long[][] table = owned;
        if (table != null) {
            b = table[Stripes.of(threadId)];
            if (b != null && b[OWNER] == threadId) {
                return b;
            }
        }
        return null;
    }

    /**
     * Claims stripe {@code stripe} for the calling thread if no thread owns it: its block, or null when another
     * thread owns it (then use the shared part). Allocates the block once (the stripe table too, when a second
     * stripe is claimed); takes this object's monitor once per thread, so a claim may wait for a collection of
     * this series in flight (never for another writer's observations).
     */
    synchronized long[] claim(long threadId, int stripe) {
        long[] first = firstBlock;
        if (first == null) {
            long[] b = newBlock(threadId);
            firstSigns = nativeBuckets == null ? null : nativeBuckets.newSigns();
            firstStripe = stripe;
            FIRST.setRelease(this, b);
            firstOwner = threadId;
            return b;
        }
        if (firstOwner == threadId) {
            return first;
        }
        if (stripe == firstStripe) {
            return null;
        }
        long[][] table = owned;
        if (table == null) {
            table = new long[Stripes.COUNT][];
            if (nativeBuckets != null) {
                ownedSigns = new NativeSign[Stripes.COUNT][];
            }
            OWNED.setRelease(this, table);
        }
        long[] b = table[stripe];
        if (b == null) {
            b = newBlock(threadId);
            if (nativeBuckets != null) {
                ownedSigns[stripe] = nativeBuckets.newSigns();
            }
            BLOCKS.setRelease(table, stripe, b);
        }
        return b[OWNER] == threadId ? b : null;
    }

    /**
     * The native signs of owned block {@code b} of thread {@code threadId} (the owner's read: its own claim wrote
     * them).
     */
    NativeSign[] ownedSigns(long[] b, long threadId) {
        return b == firstBlock ? firstSigns : ownedSigns[Stripes.of(threadId)];
    }

    /** A new block for one writer thread ({@code forThisThread()}), read by every collection from now on. */
    synchronized long[] newSingleWriterBlock() {
        long[] b = newBlock(0L);
        long[][] blocks = singleWriterBlocks;
        long[][] next = Arrays.copyOf(blocks, blocks.length + 1);
        next[blocks.length] = b;
        singleWriterBlocks = next;
        return b;
    }

    /** A new owned block of {@code owner}, its writes in generation 0 (either would do: collections flip it). */
    private long[] newBlock(long owner) {
        long[] b = new long[FIRST_GENERATION + 2 * (slots + 1)];
        b[OWNER] = owner;
        b[PHASE_WORD] = FIRST_GENERATION;
        return b;
    }

    /**
     * The index of the sequence word of the generation writers of owned block {@code b} use now; slot {@code i}
     * is at that index + 1 + i. Opaque: a write re-reads it, so it moves to the other generation after a flip.
     */
    static int generation(long[] b) {
        return (int) (long) LONGS.getOpaque(b, PHASE_WORD);
    }

    /** 0 or 1: which generation the sequence index {@code g} (from {@link #generation}) names. */
    static int generationNumber(int g) {
        return g == FIRST_GENERATION ? 0 : 1;
    }

    /**
     * Opens a write into generation {@code g} of owned block {@code b}: makes its sequence odd. Returns the odd
     * sequence, which {@link #end} takes. Owner thread only.
     */
    static long begin(long[] b, int g) {
        long odd = b[g] + 1L;
        LONGS.setOpaque(b, g, odd);
        VarHandle.storeStoreFence(); // the odd sequence is visible before any slot it guards
        return odd;
    }

    /** Closes the write opened by {@link #begin}: makes the sequence even again (release). Owner only. */
    static void end(long[] b, int g, long odd) {
        LONGS.setRelease(b, g, odd + 1L);
    }

    /** Adds {@code delta} to cell {@code index} of an owned block: plain load, opaque store. Owner only. */
    static void addOwned(long[] b, int index, long delta) {
        LONGS.setOpaque(b, index, b[index] + delta);
    }

    /** Adds {@code delta} to the double held at {@code index} of an owned block. Owner only. */
    static void addOwnedDouble(long[] b, int index, double delta) {
        LONGS.setOpaque(b, index, Double.doubleToRawLongBits(Double.longBitsToDouble(b[index]) + delta));
    }

    // ---- writers: the shared fallback ----

    /** The shared part, created on first use (CAS; a loser of the race uses the winner's). */
    Shared shared() {
        Shared s = shared;
        if (s == null) {
            Shared fresh = new Shared(slots, nativeBuckets);
            s = SHARED.compareAndSet(this, (Shared) null, fresh) ? fresh : shared;
        }
        return s;
    }

    /**
     * Enters shared stripe {@code stripe}: one {@code getAndAdd} on its epoch word, which also names the
     * generation. Returns the index of that generation's slot 0 in {@code shared.cells}; the generation is
     * {@code (index - stripe base) / slots}, see {@link Shared#generation}. The caller must finish by adding 1 to
     * one counting slot, last.
     */
    static int enter(Shared shared, int stripe) {
        int base = shared.base(stripe);
        long epoch = (long) LONGS.getAndAdd(shared.cells, base, 1L);
        return base + 1 + (epoch < 0 ? shared.slots : 0);
    }

    /** Atomically adds {@code delta} to cell {@code index} of the shared part. */
    static void addShared(long[] cells, int index, long delta) {
        LONGS.getAndAdd(cells, index, delta);
    }

    /** Atomically adds {@code delta} to the double at cell {@code index} of the shared part (CAS loop). */
    static void addSharedDouble(long[] cells, int index, double delta) {
        long current;
        long next;
        do {
            current = (long) LONGS.getOpaque(cells, index);
            next = Double.doubleToRawLongBits(Double.longBitsToDouble(current) + delta);
        } while (!LONGS.compareAndSet(cells, index, current, next));
    }

    // ---- collection ----

    /**
     * Reads one cut of every part: the generation writers left, then (after flipping the phase) the one they just
     * left, waiting only for writes in flight. Caller holds this object's monitor. The cut is the calling
     * thread's scratch: valid until its next collection of any series. Allocates only when the thread's scratch
     * grows and the first time a shared part is seen.
     */
    Cut collect() {
        Cut c = CUTS.get();
        c.reset(slots);
        // claims take this monitor too: the blocks, the table and the signs read here are complete
        if (firstBlock != null) {
            collectOwned(firstBlock, firstSigns, c);
        }
        long[][] table = owned;
        if (table != null) {
            for (int s = 0; s < Stripes.COUNT; s++) {
                if (table[s] != null) {
                    collectOwned(table[s], ownedSigns == null ? null : ownedSigns[s], c);
                }
            }
        }
        for (long[] b : singleWriterBlocks) {
            collectOwned(b, null, c);
        }
        Shared sh = shared;
        int[] shardPhase = null;
        if (sh != null) {
            shardPhase = c.shardPhase;
            for (int s = 0; s < Stripes.COUNT; s++) {
                // only collections flip a stripe's phase (under this monitor): its sign bit is stable here
                int a = (long) LONGS.getOpaque(sh.cells, sh.base(s)) < 0 ? 1 : 0;
                shardPhase[s] = a;
                readShared(sh, s, a ^ 1, c); // complete since the swap that retired it; nobody enters it
            }
        }
        if (sh != null) {
            for (int s = 0; s < Stripes.COUNT; s++) {
                int a = shardPhase[s];
                long old = (long) LONGS.getAndSet(sh.cells, sh.base(s), a == 0 ? PHASE_BIT : 0L);
                sh.entered[2 * s + a] += old & ENTERED_MASK;
            }
        }
        if (sh != null) {
            for (int s = 0; s < Stripes.COUNT; s++) {
                int a = shardPhase[s];
                awaitShared(sh, s, a, sh.entered[2 * s + a]);
                readShared(sh, s, a, c);
            }
        }
        return c;
    }

    /**
     * Reads both generations of owned block {@code b}: the one its writer left, then (after flipping the block's
     * phase word) the one it used until now, waiting at most for the write in flight.
     */
    private void collectOwned(long[] b, NativeSign[] signs, Cut c) {
        int current = (int) b[PHASE_WORD]; // only collections write it, under this object's monitor
        int left = current == FIRST_GENERATION ? FIRST_GENERATION + slots + 1 : FIRST_GENERATION;
        readOwned(b, left, signs, c);
        LONGS.setVolatile(b, PHASE_WORD, (long) left);
        readOwned(b, current, signs, c);
    }

    /**
     * Seqlock read of the generation whose sequence word is at {@code g} in an owned block: waits while a write is
     * open, retries if one ran.
     */
    private void readOwned(long[] b, int g, NativeSign[] signs, Cut c) {
        int gen = generationNumber(g);
        for (int spins = 0;; spins++) {
            long before = (long) LONGS.getAcquire(b, g);
            if (before == 0) {
                return; // never written
            }
            if ((before & 1) == 0) {
                c.openPart();
                for (int i = 0; i < slots; i++) {
                    c.part[i] = (long) LONGS.getOpaque(b, g + 1 + i);
                }
                if (signs != null) {
                    c.addSign(signs[2 * gen], true);
                    c.addSign(signs[2 * gen + 1], false);
                }
                VarHandle.loadLoadFence(); // every load above before the sequence is read again
                if ((long) LONGS.getOpaque(b, g) == before) {
                    c.commitPart(sumSlot);
                    return;
                }
                c.dropPart();
            }
            backOff(spins);
        }
    }

    /** Reads generation {@code gen} of shared stripe {@code s}, which no writer is in. */
    private void readShared(Shared sh, int s, int gen, Cut c) {
        int first = sh.base(s) + 1 + gen * slots;
        c.openPart();
        for (int i = 0; i < slots; i++) {
            c.part[i] = (long) LONGS.getAcquire(sh.cells, first + i);
        }
        if (sh.signs != null) {
            c.addSign(sh.signs[s][2 * gen], true);
            c.addSign(sh.signs[s][2 * gen + 1], false);
        }
        c.commitPart(sumSlot);
    }

    /** Waits until the writers that entered generation {@code gen} of stripe {@code s} have all finished. */
    private void awaitShared(Shared sh, int s, int gen, long enteredTotal) {
        int first = sh.base(s) + 1 + gen * slots;
        for (int spins = 0;; spins++) {
            long finished = 0;
            for (int i = 0; i < countedSlots; i++) {
                finished += (long) LONGS.getAcquire(sh.cells, first + i);
            }
            if (finished == enteredTotal) {
                return;
            }
            backOff(spins);
        }
    }

    private static void backOff(int spins) {
        if (spins < SPINS_BEFORE_YIELD) {
            Thread.onSpinWait();
        } else {
            Thread.yield(); // the writer in flight was descheduled: let it run (2 cores, many threads)
        }
    }

    /**
     * Touches what {@link #collect} reads first (the first owned block's generation-0 sequence word), for a scrape
     * warming the next series (see {@code Metric.warm}); a racy opaque read, returned only so it is not optimised
     * away. Allocation-free.
     */
    long warm() {
        long[] b = (long[]) FIRST.getOpaque(this);
        return b == null ? 0 : (long) LONGS.getOpaque(b, FIRST_GENERATION);
    }

    /** Whether some thread found its stripe owned by another and wrote into the shared stripes (for tests). */
    boolean hasShared() {
        return shared != null;
    }

    /** Every native sign of the series (for the schema new observations go to). */
    synchronized int minimumNativeSchema(int upperBound) {
        int min = minimumSchema(firstSigns, upperBound);
        if (ownedSigns != null) {
            for (NativeSign[] signs : ownedSigns) {
                min = minimumSchema(signs, min);
            }
        }
        Shared sh = shared;
        if (sh != null && sh.signs != null) {
            for (NativeSign[] signs : sh.signs) {
                for (NativeSign sign : signs) {
                    min = Math.min(min, sign.schema());
                }
            }
        }
        return min;
    }

    private static int minimumSchema(NativeSign[] signs, int min) {
        int m = min;
        if (signs != null) {
            for (NativeSign sign : signs) {
                m = Math.min(m, sign.schema());
            }
        }
        return m;
    }

    /**
     * The shared fallback: {@link Stripes#COUNT} padded stripes, each an epoch word then the slots of generation
     * 0 and of generation 1, written with atomics by every thread that finds its stripe owned by another.
     */
    static final class Shared {
        final long[] cells;
        final int slots;
        private final int stride;
        /** Per stripe: +, - of generation 0, then of 1; null when not native. */
        final NativeSign[][] signs;
        /** Collection state (under the series' monitor): per stripe and generation, the writers that entered. */
        final long[] entered = new long[2 * Stripes.COUNT];

        Shared(int slots, NativeBuckets nativeBuckets) {
            this.slots = slots;
            this.stride = 1 + 2 * slots + Stripes.PAD_LONGS;
            this.cells = new long[Stripes.PAD_LONGS + Stripes.COUNT * stride];
            if (nativeBuckets == null) {
                this.signs = null;
            } else {
                this.signs = new NativeSign[Stripes.COUNT][];
                for (int s = 0; s < Stripes.COUNT; s++) {
                    signs[s] = nativeBuckets.newSigns();
                }
            }
        }

        /** Index of stripe {@code s}'s epoch word. */
        int base(int s) {
            return Stripes.PAD_LONGS + s * stride;
        }

        /** The generation (0 or 1) of a slot-0 index returned by {@link #enter}. */
        int generation(int stripe, int first) {
            return first - base(stripe) - 1 == 0 ? 0 : 1;
        }
    }

    /**
     * One collection's reading: per-slot totals ({@code counts[0 .. slots)}), the sum, and the native buckets as
     * (index, schema, count) entries per sign (merged by {@link NativeBuckets#fill}). One per collecting thread,
     * reused for every series it collects; not thread-safe.
     */
    static final class Cut {
        long[] counts = new long[16];
        double sum;
        long[] part = new long[16];
        private int slots;
        final int[] shardPhase = new int[Stripes.COUNT];
        final SignEntries positive = new SignEntries();
        final SignEntries negative = new SignEntries();

        void reset(int slotCount) {
            if (counts.length < slotCount) {
                counts = new long[slotCount];
                part = new long[slotCount];
            }
            slots = slotCount;
            Arrays.fill(counts, 0, slotCount, 0L);
            sum = 0;
            positive.size = 0;
            negative.size = 0;
        }

        void openPart() {
            positive.mark = positive.size;
            negative.mark = negative.size;
        }

        void dropPart() {
            positive.size = positive.mark;
            negative.size = negative.mark;
        }

        void commitPart(int sumSlot) {
            for (int i = 0; i < slots; i++) {
                if (i == sumSlot) {
                    sum += Double.longBitsToDouble(part[i]);
                } else {
                    counts[i] += part[i];
                }
            }
        }

        /** Appends every non-zero bucket of every window of {@code sign}. */
        void addSign(NativeSign sign, boolean isPositive) {
            SignEntries entries = isPositive ? positive : negative;
            for (NativeWindow w : sign.windows()) {
                long[] counts = w.counts;
                for (int i = 0; i < counts.length; i++) {
                    long n = (long) LONGS.getOpaque(counts, i);
                    if (n != 0) {
                        entries.add(w.offset + i, w.schema, n);
                    }
                }
            }
        }
    }

    /**
     * One sign's native buckets of a {@link Cut}: (index, schema, count) entries in parallel arrays that grow by
     * doubling, and the size at the open part (a dropped part returns to it). Not thread-safe.
     */
    static final class SignEntries {
        int size;
        int[] index = new int[16];
        int[] schema = new int[16];
        long[] count = new long[16];
        private int mark;

        private void add(int bucketIndex, int bucketSchema, long n) {
            if (size == index.length) {
                index = Arrays.copyOf(index, 2 * size);
                schema = Arrays.copyOf(schema, 2 * size);
                count = Arrays.copyOf(count, 2 * size);
            }
            index[size] = bucketIndex;
            schema[size] = bucketSchema;
            count[size++] = n;
        }

    }
}
