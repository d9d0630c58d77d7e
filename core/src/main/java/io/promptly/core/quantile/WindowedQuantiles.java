package io.promptly.core.quantile;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.Arrays;

/**
 * Quantiles over a sliding time window, within a relative value error α: the engine behind {@code Summary}.
 *
 * <h2>Guarantee</h2>
 * Let the window hold {@code n} observations (see <i>Window</i>), sorted ascending as {@code v[0] ≤ … ≤ v[n-1]}.
 * The <b>rank</b> of quantile {@code q} is {@code r(q) = max(0, (long) Math.ceil(q * n) - 1)} (double arithmetic
 * exactly as written; so {@code q = 0} is the minimum and {@code q = 1} the maximum). {@link #quantiles} reports for
 * {@code q} a value {@code y} with {@code |y - v[r(q)]| ≤ (α + 2^-52) · |v[r(q)]|}, where α is the
 * {@code relativeError} given to the constructor, whenever {@code v[r(q)]} is a normal finite double whose binade
 * holds a bucket chunk (below). Special values are reported exactly: {@code 0} for zero and subnormals (so the
 * error there is absolute and below {@link Double#MIN_NORMAL}), {@code ±Infinity} for infinities. Reported values
 * never decrease as {@code q} grows. With no observation in the window every quantile is {@code NaN}. Every
 * reported value is also clamped to {@code [min, max]} of the values in the window (each age bucket keeps its
 * smallest and largest value), so no estimate lies outside the data, a window of one repeated value reports that
 * value exactly, and the bound above still holds (clamping only moves an estimate towards {@code v[r(q)]}); a
 * quantile whose rank is {@code 0} or {@code n-1} (such as {@code q = 0} and {@code q = 1}) reports the window's
 * minimum or maximum itself, exactly.
 *
 * <h2>Buckets</h2>
 * A DDSketch-like log-bucket sketch, indexed without a logarithm: the top 12 bits of a double (sign and exponent)
 * select a <i>binade</i>, the top {@code t} mantissa bits select a sub-bucket through a table (see
 * {@link LogBucketMapping} for the derivation of the bound; α = 1% gives 36 sub-buckets per binade). Counts live in
 * <i>chunks</i>, one per (sign, binade) that has been observed: a fixed pool of {@value #CHUNKS} chunks per instance,
 * claimed lock-free on the first observation of a binade and kept for the life of the instance. So 32 binades
 * (about 9.6 decades, both signs together) carry the full guarantee: e.g. latencies from 1 ns to 4 s, or
 * 1 µs to 71 min.
 * Other inputs:
 * <ul>
 * <li>{@code 0.0}, {@code -0.0} and subnormals ({@code |x| < Double.MIN_NORMAL}) share a zero bucket, reported as 0.
 * <li>{@code +Infinity} and {@code -Infinity} have their own buckets, reported as themselves.
 * <li>{@code NaN} is ignored: not counted, not in {@link #windowCount()}.
 * <li>A value whose binade finds the pool exhausted is <b>clamped</b>: counted in the nearest bucket of the nearest
 * chunk of the same sign (the top bucket of the nearest lower binade or the bottom bucket of the nearest higher one,
 * whichever binade is closer), or in the zero bucket if its sign has no chunk. The bound does not hold for such
 * values, but ranks stay exact and the order of reported values stays monotone. Each such observation also scans
 * the directory pages in use for the nearest bound binades (at most 64 reads per page in use).
 * </ul>
 *
 * <h2>Window</h2>
 * {@code K = ageBuckets} age buckets, each for a period {@code P = floor(maxAgeNanos / K)} (periods are counted from
 * construction). Observations go into the current one; a query merges all {@code K}. The clock is read only at a
 * <i>rotation check</i>: on every {@link #quantiles} and {@link #windowCount} call, and after an observation that
 * found its cell's count in the current age bucket divisible by {@value #CLOCK_CHECK_INTERVAL} (its first one
 * there, then every {@value #CLOCK_CHECK_INTERVAL}th; once the instance is striped, the count of its stripe's copy
 * of the cell, so checks only get more frequent). A check at time {@code c} makes the period containing
 * {@code c} current, clearing the buckets of the periods that ended; the observation that triggered it is moved into
 * the new current bucket. So every observation is placed by a check at a time {@code c}: its own time {@code τ} if
 * it triggered one, else the last check before it ({@code c ≤ τ}). It is then counted by every query at a time in
 * {@code [τ, c + (K-1)·P]} and by no query at or after {@code c + K·P}: an observation stays in the window for at
 * least {@code (K-1)·P - (τ - c)} and at most {@code K·P ≤ maxAge}. The slack {@code τ - c} is zero for the first
 * observation of each value's bucket in each period; otherwise it is at most the time since the last query (the
 * scrape interval) or since the cell's last 1024th observation. A series that is neither scraped nor busy can
 * therefore lose observations early (never keep them late): a caller that wants the lower bound must query at least
 * once per {@code P}.
 * The bucket cleared at a rotation is the oldest one, which observers stopped writing into {@code K-1} periods
 * earlier; an observer descheduled for that long between reading the current index and adding (the only way to
 * write into it) has its observation counted in the new period or dropped as expired, never lost from a live one.
 *
 * <h2>Threads and cost</h2>
 * {@link #observe} may be called from any number of threads: no lock, one plain read of the main directory page
 * for the binade of a positive value in [2^-32, 2^32) (other values take a slower path through the paged
 * directory, with acquire reads), one for its chunk's cell array, one table read, one plain read of the stripe
 * table's field and one CAS on a {@code long} cell, plus two plain reads and compares for the age bucket's
 * extremes (a CAS only when one moves). No observation is lost.
 * <b>Stripes.</b> Cells start shared by all threads, with today's memory. The first CAS on a count cell that
 * fails (another thread changed that cell between this thread's read and its CAS: the instance is contended, as
 * LongAdder decides) turns the instance striped for good, with a table of one entry per stripe (four per
 * processor, in [8, 64]; a thread's stripe is fixed by its id, as for core's counter cells). From then on an
 * observation counts, with one {@code getAndAdd}, into its stripe's own copy of the chunk (or of the special
 * cells), found by two more plain reads and installed by CAS on the stripe's first count into that chunk: so two
 * threads on one series write disjoint cache lines unless their ids share a stripe. The shared arrays keep what
 * they counted before and age out with their age buckets. A sketch observed by one thread at a time does not
 * stripe (but for a CAS that races a rotation clearing its very cell, which takes a clock jump of a whole
 * window). It allocates only on the first observation of a (sign, binade): the
 * thread that claims the chunk allocates its cell array ({@link #bytesPerChunk}), at most {@value #CHUNKS} times
 * per instance, and the directory page if it is the first of its 64 binades; in steady state it allocates
 * nothing. Threads observing a new binade at the same time all count their values: one binds the chunk, the others
 * find it through the directory (a chunk's array is published before its directory entry). It reads the clock
 * only as described above; it may perform a rotation (clearing at most {@code K} age buckets of the chunks in use)
 * when it wins a CAS, and otherwise never waits. Once striped, it also allocates a stripe's table and copies on that
 * stripe's first count into each (see <i>Memory</i>); a rotation also clears every stripe's copies.
 * {@link #quantiles} and {@link #windowCount} may be called concurrently by several threads; they serialise on a
 * lock private to this instance (observers never take it) and allocate nothing (but a querying thread's first
 * query, which allocates its {@value #CHUNKS} per-chunk totals). Each chunk keeps one <i>settled</i> count per age
 * bucket, taken when the bucket stops being current (after the rotation moved the offset); an observer that adds
 * into a bucket after the offset moved (one volatile read of the offset after its add) marks it, and the next
 * query settles it again. A query sums, per chunk, the current age bucket cell by cell and every other one by its
 * settled count, for the window's count and each chunk's, then walks the chunks in value order, passing a chunk
 * whole by its count unless a rank falls in it and summing only those chunks' buckets over the age buckets that
 * hold counts: O(chunks in use · (buckets per binade + K)) reads plus O(K · buckets per binade) per chunk a rank
 * falls in (times the stripes in use, once striped: every count is the sum of the shared cell and each stripe's
 * copy). A query concurrent with observers
 * sees each cell either before or after an increment; observations that arrive between its two reads only move a
 * rank onto an earlier bucket of the walk, so reported values stay monotone in {@code q}.
 *
 * <h2>Memory</h2>
 * Proportional to the binades observed, never to the number of observations: {@link #bytesPerInstance} fixed bytes
 * at construction (fields, each age bucket's extremes, the first chunk table), plus
 * {@link #bytesPerChunk} for each chunk in use (its {@code K} age buckets of counts, and each age bucket's settled
 * count in the chunk, which lets a query read a settled age bucket as one cell), the counts of zero and the
 * infinities ({@code 16 + 24 × K} bytes) once one of those is observed, and
 * {@link #BYTES_PER_DIRECTORY_PAGE} for each directory page in use (64 binades each; one page, the main one,
 * holds every positive value in [2^-32, 2^32): 0.23 ns to 136 years in seconds, or up to 4 GiB in bytes; the first
 * value outside it also allocates the table of the other pages, 272 bytes). For α = 1% and
 * K = 5: 272 bytes fixed and 1,496 bytes (≈ 1.5 KB) per binade (the chunk table's references grow with them, by
 * doubling), so a latency summary spanning 6 binades (e.g. 3.9 ms to 250 ms, one page) takes about 9.1 KB, and
 * one using all {@value #CHUNKS} chunks about 49 KB. A striped (contended) instance adds
 * {@link #bytesOnContention} once (48 bytes on 2 processors) and {@link #bytesPerStripe} for each stripe in use: a
 * 152-byte table plus its own copy of each chunk its threads count into (1,456 bytes each for α = 1%, K = 5: no
 * settled counts) and of the special cells if they count zero or an infinity (136 bytes); e.g. the 6-binade summary
 * above (9,328 bytes with its page) takes 27,152 bytes (≈ 26.5 KB) once contended by two threads in different
 * stripes: in general at most about {@code 1 + stripes in use} times its uncontended size.
 */
public final class WindowedQuantiles {
    /** Bucket chunks (one per observed sign and binade) per instance. */
    static final int CHUNKS = 32;
    /** Largest accepted number of age buckets. */
    static final int MAX_AGE_BUCKETS = 64;
    /** An observation whose cell count before it was a multiple of this reads the clock. */
    static final int CLOCK_CHECK_INTERVAL = 1024;
    private static final long CLOCK_CHECK_MASK = CLOCK_CHECK_INTERVAL - 1;

    /** Raw bits shifted right by this leave the sign and the biased exponent: a key in [0, 4096). */
    private static final int KEY_SHIFT = 52;
    private static final int KEYS = 1 << 12;
    private static final int SIGN_KEY_BIT = 1 << 11;
    private static final int EXPONENT_KEY_MASK = SIGN_KEY_BIT - 1;
    private static final int EXPONENT_BIAS = 1023;
    private static final int BIASED_EXPONENT_NON_FINITE = 0x7FF;
    private static final long MANTISSA_MASK = (1L << 52) - 1;

    /** Directory entry of a binade without a chunk yet; a chunk {@code c} is stored as {@code c + 1}. */
    private static final byte UNASSIGNED = 0;
    /** Directory entry of a binade that found the chunk pool exhausted. */
    private static final byte EXHAUSTED = -3;
    /**
     * The directory is kept in pages of {@code 2^PAGE_SHIFT} keys, each allocated on first use, indexed by the
     * key rotated by {@link #KEY_ROTATION} so that page 0 (the main page, also held in a field for the record path)
     * covers the positive values in [2^-32, 2^32): biased exponents 991 to 1054.
     */
    private static final int PAGE_SHIFT = 6;
    private static final int PAGE_SIZE = 1 << PAGE_SHIFT;
    private static final int PAGE_MASK = PAGE_SIZE - 1;
    private static final int PAGES = KEYS >>> PAGE_SHIFT;
    private static final int KEY_MASK = KEYS - 1;
    private static final int KEY_ROTATION = KEYS - 991;
    /** Entries of the chunk table before its first growth. */
    private static final int INITIAL_CHUNK_TABLE = 2;

    /** Count cells per age bucket of {@link #specialCounts}: zero, +Infinity, -Infinity, at these offsets. */
    private static final int SPECIAL_CELLS = 3;
    private static final int ZERO_CELL = 0;
    private static final int POS_INF_CELL = 1;
    private static final int NEG_INF_CELL = 2;
    /** Cells per age bucket of {@link #specialCounts}. */
    private static final int SPECIAL_STRIDE = SPECIAL_CELLS;
    /** The age bucket's smallest and largest value observed, as double bits, at these offsets of {@link #extremes}. */
    private static final int MIN_CELL = 0;
    private static final int MAX_CELL = 1;
    /** Cells per age bucket of {@link #extremes}. */
    private static final int EXTREMES_STRIDE = 2;
    private static final long NO_MIN = Double.doubleToRawLongBits(Double.POSITIVE_INFINITY);
    private static final long NO_MAX = Double.doubleToRawLongBits(Double.NEGATIVE_INFINITY);

    /**
     * Stripes a contended instance spreads its cells over: four per processor (a power of two), at least 8, at
     * most 64, the same count and thread-to-stripe hash as core's counter and histogram stripes.
     */
    static final int STRIPES = stripeCount(Runtime.getRuntime().availableProcessors());
    private static final int STRIPE_MASK = STRIPES - 1;
    private static final long GOLDEN = 0x9E3779B97F4A7C15L;
    /** Index, in a stripe's table, of its copy of the special cells (after the {@value #CHUNKS} chunk copies). */
    private static final int SPECIAL_SLOT = CHUNKS;

    private static final VarHandle COUNTS = MethodHandles.arrayElementVarHandle(long[].class);
    private static final VarHandle CHUNK_CELLS = MethodHandles.arrayElementVarHandle(long[][].class);
    private static final VarHandle DIRECTORY = MethodHandles.arrayElementVarHandle(byte[].class);
    private static final VarHandle DIRECTORY_PAGES = MethodHandles.arrayElementVarHandle(byte[][].class);
    private static final VarHandle STRIPE_TABLES = MethodHandles.arrayElementVarHandle(long[][][].class);
    private static final VarHandle STRIPED;
    private static final VarHandle MAIN_PAGE;
    private static final VarHandle OTHER_PAGES;
    private static final VarHandle CURRENT_MIN;
    private static final VarHandle CURRENT_MAX;
    private static final VarHandle CHUNK_OFFSET;
    private static final VarHandle CHUNK_TABLE;
    private static final VarHandle SPECIAL_OFFSET;
    private static final VarHandle SPECIAL_COUNTS;
    private static final VarHandle NEXT_ROTATION_NANOS;
    private static final VarHandle ROTATING;
    private static final VarHandle ROTATIONS;
    private static final VarHandle KEPT_SEQUENCE;
    private static final VarHandle KEPT;
    private static final VarHandle MARKED_AGES;
    private static final VarHandle CHUNKS_CLAIMED;
    private static final VarHandle FREE_CHUNKS;

    static {
        try {
            MethodHandles.Lookup lookup = MethodHandles.lookup();
            CHUNK_OFFSET = lookup.findVarHandle(WindowedQuantiles.class, "chunkOffset", int.class);
            CHUNK_TABLE = lookup.findVarHandle(WindowedQuantiles.class, "chunkCounts", long[][].class);
            MAIN_PAGE = lookup.findVarHandle(WindowedQuantiles.class, "mainPage", byte[].class);
            OTHER_PAGES = lookup.findVarHandle(WindowedQuantiles.class, "otherPages", byte[][].class);
            CURRENT_MIN = lookup.findVarHandle(WindowedQuantiles.class, "currentMin", double.class);
            CURRENT_MAX = lookup.findVarHandle(WindowedQuantiles.class, "currentMax", double.class);
            SPECIAL_OFFSET = lookup.findVarHandle(WindowedQuantiles.class, "specialOffset", int.class);
            SPECIAL_COUNTS = lookup.findVarHandle(WindowedQuantiles.class, "specialCounts", long[].class);
            NEXT_ROTATION_NANOS = lookup.findVarHandle(WindowedQuantiles.class, "nextRotationNanos", long.class);
            ROTATING = lookup.findVarHandle(WindowedQuantiles.class, "rotating", int.class);
            ROTATIONS = lookup.findVarHandle(WindowedQuantiles.class, "rotations", long.class);
            KEPT_SEQUENCE = lookup.findVarHandle(Kept.class, "sequence", int.class);
            KEPT = lookup.findVarHandle(WindowedQuantiles.class, "kept", Kept.class);
            MARKED_AGES = lookup.findVarHandle(WindowedQuantiles.class, "markedAges", long.class);
            CHUNKS_CLAIMED = lookup.findVarHandle(WindowedQuantiles.class, "chunksClaimed", int.class);
            FREE_CHUNKS = lookup.findVarHandle(WindowedQuantiles.class, "freeChunks", long.class);
            STRIPED = lookup.findVarHandle(WindowedQuantiles.class, "striped", long[][][].class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    private final LogBucketMapping mapping;
    private final NanoClock clock;
    private final int ageBuckets;
    private final long periodNanos;
    private final int bucketsPerBinade;
    private final int tableShift;
    private final int tableMask;
    private final short[] subBucketOfSlot;
    /**
     * Per chunk, its {@code ageBuckets × B} counts, cell {@code (age, sub)} at {@code age·B + sub}; null until the
     * chunk is first claimed. Each entry is written once (release), before any directory entry points at the chunk,
     * and never changes afterwards (a chunk given back after a lost claim keeps its zeroed array for the next one).
     * The table itself starts with {@value #INITIAL_CHUNK_TABLE} entries and doubles (copied under the lock of
     * the instance's own monitor, published with a release store) as chunks are claimed; only the newest copy is
     * written.
     */
    private long[][] chunkCounts = new long[INITIAL_CHUNK_TABLE][];
    /**
     * Per age bucket, {@value #SPECIAL_STRIDE} cells from {@code age·3}: the counts of zero (and subnormals),
     * +Infinity and -Infinity; null until the first such value is observed, then installed once (CAS, read with
     * acquire), so a series that never sees one does not carry them. An array installed after a rotation's read
     * is all zeros, as is an unpublished chunk.
     */
    private long[] specialCounts;
    /**
     * Per age bucket, {@value #EXTREMES_STRIDE} cells from {@code age·2}: the smallest and largest value observed in
     * it (double bits; +Inf and -Inf while it is empty). Also the lock that queries take.
     */
    private final long[] extremes;
    /**
     * Per key (sign and biased exponent of a normal double), in pages of {@value #PAGE_SIZE} keys installed by CAS
     * on first use (a missing page reads as all {@link #UNASSIGNED}): {@link #UNASSIGNED}, chunk + 1, or
     * {@link #EXHAUSTED}; each entry CAS-installed once. Zero, subnormal and non-finite keys have no entries.
     * Page 0, the main page, lives in this field (read plainly by {@link #observe}); the others in
     * {@link #otherPages}.
     */
    private byte[] mainPage;
    /**
     * Pages 1 to {@value #PAGES}{@code - 1} (index 0 unused): null until a value outside the main page's range is
     * first observed (CAS-installed, like each page in it).
     */
    private byte[][] otherPages;
    /**
     * Null until an observer's CAS on a count cell fails (another thread changed the cell between its read and its
     * CAS: the instance is contended); then, set once (CAS), one entry per stripe, null until a thread of that
     * stripe observes: that stripe's table of {@value #CHUNKS}{@code + 1} arrays, its copy of each chunk's counts
     * (same layout as {@link #chunkCounts}' arrays) and at {@link #SPECIAL_SLOT} of the special cells (layout of
     * {@link #specialCounts}), each installed (CAS) on the stripe's first count into it. From then
     * on every observer counts into its own stripe's copies; the shared arrays keep what they counted before and
     * age out with their buckets. Rotations clear, and queries sum, the shared arrays and every copy.
     */
    private long[][][] striped;
    /**
     * The smallest and largest value observed in the current period (CAS to widen; plain reads on the record
     * path). A rotation folds them into the ending age bucket's extremes and resets them.
     */
    private double currentMin = Double.POSITIVE_INFINITY;
    private double currentMax = Double.NEGATIVE_INFINITY;

    /** Offset {@code age·B} of the current age bucket in each chunk's array; written (release) after clearing. */
    private int chunkOffset;
    /** Offset {@code age·3} of the current age bucket in {@link #specialCounts}; written (release) after clearing. */
    private int specialOffset;
    /** Clock reading at which the current period ends; read opaque by observers deciding whether to rotate. */
    private long nextRotationNanos;
    /** 1 while one thread owns rotation (CAS from 0); the owner alone touches {@link #periodStartNanos}. */
    private int rotating;
    /**
     * Bit a set: an observer added into age bucket a after a rotation moved the current bucket, so a's settled
     * counts may miss it; the next query settles a again ({@link #resettleMarked}). At most 64 age buckets.
     */
    private long markedAges;
    /** Chunks handed out so far (CAS), at most {@link #CHUNKS}. */
    private int chunksClaimed;
    /**
     * Bit c set: chunk c (below {@link #chunksClaimed}) was handed back after its claimant lost the race to bind
     * a key, and is unbound, zeroed and free for the next claim (CAS). {@link #CHUNKS} ≤ 64 bits.
     */
    private long freeChunks;
    /** Start of the current period; owned by the rotation owner. */
    private long periodStartNanos;
    /**
     * Rotations that moved the window so far; written (opaque) by the rotation owner before it moves
     * {@link #nextRotationNanos} (release), read without the flag by {@link #reuseLast}.
     */
    private long rotations;
    /**
     * The last {@link #quantiles(double[], double[], long)} result, reused while the caller's count and
     * {@link #rotations} are unchanged; null until the first such query (queries hold the lock of
     * {@link #extremes}; {@link #reuseLast} reads it without, through its sequence).
     */
    private Kept kept;
    /** Index of the current age bucket; owned by the rotation owner. */
    private int currentAge;

    /**
     * Each querying thread's scratch for one query (a query holds the instance's lock, and one thread runs one
     * query at a time): per-chunk counts from {@link #total} and the walk's state.
     */
    private static final ThreadLocal<Query> QUERY = ThreadLocal.withInitial(Query::new);

    /**
     * A query's scratch: per-chunk counts ({@value #CHUNKS} longs), and the walk's state: counts walked, the next
     * quantile and its rank, and what was passed last (a bucket's value, or a whole chunk's last bucket, whose value
     * is computed only if needed).
     */
    private static final class Query {
        final long[] chunkTotals = new long[CHUNKS];
        long walked;
        int nextQuantile;
        long nextRank;
        double lastValue;
        /** When set, the last thing passed was a whole chunk, of this sub-bucket and exponent (and sign). */
        boolean lastWasChunk;
        int lastSub;
        int lastExponent;
        boolean lastNegative;
    }

    /**
     * A kept query result: its quantiles array (identity), values, the caller's count and the rotation count, and
     * a sequence that writers (under the query lock) make odd while they change the rest.
     */
    private static final class Kept {
        int sequence;
        double[] qs;
        double[] values;
        long count;
        long rotations;
    }

    /**
     * Creates an empty sketch.
     *
     * @param relativeError the relative value error α, in [0.001, 0.5]; 0.01 is the usual choice
     * @param maxAgeNanos   how long an observation stays in the window at most (see the class Javadoc)
     * @param ageBuckets    number of age buckets K the window slides by, in [1, 64]
     * @param clock         the clock for rotation, usually {@link NanoClock#SYSTEM}
     * @throws IllegalArgumentException when {@code relativeError} is NaN or out of range, {@code ageBuckets} is out
     *                                  of range, {@code maxAgeNanos} is below {@code ageBuckets} (each age bucket
     *                                  must span at least one nanosecond), or {@code clock} is null
     */
    public WindowedQuantiles(double relativeError, long maxAgeNanos, int ageBuckets, NanoClock clock) {
        this.mapping = LogBucketMapping.forRelativeError(relativeError);
        checkAgeBuckets(ageBuckets);
        if (maxAgeNanos < ageBuckets) {
            throw new IllegalArgumentException("maxAgeNanos " + maxAgeNanos + " is below ageBuckets " + ageBuckets
                    + " (each age bucket must span at least 1 ns)");
        }
        if (clock == null) {
            throw new IllegalArgumentException("clock is null (use NanoClock.SYSTEM)");
        }
        this.clock = clock;
        this.ageBuckets = ageBuckets;
        this.periodNanos = maxAgeNanos / ageBuckets;
        this.bucketsPerBinade = mapping.bucketsPerBinade;
        this.tableShift = mapping.tableShift;
        this.tableMask = mapping.tableMask;
        this.subBucketOfSlot = mapping.subBucketOfSlot;
        this.extremes = new long[ageBuckets * EXTREMES_STRIDE];
        for (int age = 0; age < ageBuckets; age++) {
            extremes[age * EXTREMES_STRIDE + MIN_CELL] = NO_MIN;
            extremes[age * EXTREMES_STRIDE + MAX_CELL] = NO_MAX;
        }
        this.periodStartNanos = clock.nanoTime();
        this.nextRotationNanos = periodStartNanos + periodNanos;
        // the non-final fields set above get the same publication as the final ones (a freeze-like fence)
        VarHandle.releaseFence();
    }

    /**
     * Records one value into the current age bucket. Lock-free; allocation-free except on the first observation of
     * a (sign, binade), which allocates that chunk's counts (see the class Javadoc for that, the treatment of zero,
     * subnormals, infinities, NaN (ignored) and binades beyond the chunk pool).
     *
     * @param value the observed value; any double
     */
    public void observe(double value) {
        long bits = Double.doubleToRawLongBits(value);
        int key = (int) (bits >>> KEY_SHIFT);
        // plain reads: a page is installed once (its zeros are UNASSIGNED), an entry changes once, from UNASSIGNED;
        // a stale null or UNASSIGNED only sends us to the slow path
        int rotated = (key + KEY_ROTATION) & KEY_MASK;
        byte[] main = mainPage;
        int entry = main != null && rotated < PAGE_SIZE ? main[rotated] : UNASSIGNED;
        if (entry > 0) {
            // plain reads: the table is replaced by longer copies, an entry changes once, from null to the chunk's
            // only array (whose length is final and whose zeros every thread sees); a short table or a racy null
            // only sends us to the slow path, which reads with acquire
            long[][] table = chunkCounts;
            int chunk = entry - 1;
            long[] cells = chunk < table.length ? table[chunk] : null;
            if (cells != null) {
                widenExtremes(value);
                // acquire: pairs with the release after clearing a bucket, so the clear is before our add
                int base = (int) CHUNK_OFFSET.getAcquire(this);
                int sub = subBucketOfSlot[(int) (bits >>> tableShift) & tableMask];
                count(chunk, cells, base, sub, bucketsPerBinade, value);
                return;
            }
        }
        observeSlow(bits, key, entry);
    }

    private void observeSlow(long bits, int key, int entry) {
        int exponent = key & EXPONENT_KEY_MASK;
        if (exponent != BIASED_EXPONENT_NON_FINITE || (bits & MANTISSA_MASK) == 0) {
            widenExtremes(Double.longBitsToDouble(bits)); // every value but NaN, before it is counted
        }
        if (exponent == 0) {
            countSpecial(ZERO_CELL, bits);
        } else if (exponent == BIASED_EXPONENT_NON_FINITE) {
            if ((bits & MANTISSA_MASK) != 0) {
                return; // NaN: ignored
            }
            countSpecial(bits < 0 ? NEG_INF_CELL : POS_INF_CELL, bits);
        } else {
            // a chunk's entry (array not seen yet by the plain read) or UNASSIGNED: re-read with acquire, claiming
            // a chunk if still unassigned; the array of a chunk found this way is visible (stored before the entry)
            int assigned = entry == EXHAUSTED ? EXHAUSTED : claimChunk(key);
            int chunk;
            int sub;
            if (assigned > 0) {
                chunk = assigned - 1;
                sub = mapping.subBucket(bits);
            } else {
                int cell = clampedCell(key);
                if (cell < 0) {
                    countSpecial(ZERO_CELL, bits);
                    return;
                }
                chunk = cell / bucketsPerBinade;
                sub = cell - chunk * bucketsPerBinade;
            }
            long[] cells = cellsAcquire(chunk);
            // volatile, after the chunk's publication: a settle that missed the chunk ran after the offset moved
            count(chunk, cells, (int) CHUNK_OFFSET.getVolatile(this), sub, bucketsPerBinade,
                    Double.longBitsToDouble(bits));
        }
    }

    /** Counts a zero or infinite value (bits {@code bits}) in special cell {@code cell} of the current age bucket. */
    private void countSpecial(int cell, long bits) {
        count(SPECIAL_SLOT, installedSpecialCounts(), (int) SPECIAL_OFFSET.getAcquire(this), cell, SPECIAL_STRIDE,
                Double.longBitsToDouble(bits));
    }

    /** The shared special counts, installed (CAS) on the first zero or infinite value; a loser uses the winner's. */
    private long[] installedSpecialCounts() {
        long[] cells = (long[]) SPECIAL_COUNTS.getAcquire(this);
        if (cells == null) {
            long[] fresh = new long[ageBuckets * SPECIAL_STRIDE];
            cells = SPECIAL_COUNTS.compareAndSet(this, (long[]) null, fresh) ? fresh
                    : (long[]) SPECIAL_COUNTS.getAcquire(this);
        }
        return cells;
    }

    /**
     * Adds one to cell {@code cell} of the age bucket at {@code base} (age stride {@code stride}) of slot
     * {@code slot} (a chunk, or {@link #SPECIAL_SLOT}), whose shared array is {@code shared}: in the shared array
     * until the instance is contended, then in the calling thread's stripe's copy.
     */
    private void count(int slot, long[] shared, int base, int cell, int stride, double value) {
        long[][][] stripes = striped; // plain: set once; a stale null only counts into the shared array
        if (stripes == null) {
            incrementShared(shared, base, cell, stride, value);
        } else {
            increment(stripeCells(stripes, slot), base, cell, stride, value);
        }
        if (slot != SPECIAL_SLOT) {
            markIfRotated(base);
        }
    }

    /**
     * After an add into the chunk age bucket at {@code base}: when a rotation has moved the current bucket since
     * (the offset differs), marks that bucket for {@link #resettleMarked}, as its settled counts may have been
     * taken without this add. Sound because the add ({@code getAndAdd} or CAS), this volatile read, the
     * rotation's volatile write of the offset and {@link #settle}'s volatile reads (of the chunk count, the chunk
     * tables and the cells) are all synchronization actions, and a settle runs after its rotation moved the
     * offset: a settle that missed the add (or the chunk or stripe copy, published before its writer read the
     * offset) read before the add, after the offset moved, and so this read, after the add, sees it moved.
     */
    private void markIfRotated(int base) {
        if ((int) CHUNK_OFFSET.getVolatile(this) != base) {
            MARKED_AGES.getAndBitwiseOr(this, 1L << (base / bucketsPerBinade));
        }
    }

    /**
     * Adds one to a cell of a shared array by CAS: a failed CAS means another thread is counting into the same
     * cells, so the instance turns striped (the count is then added with {@code getAndAdd}, never lost).
     */
    private void incrementShared(long[] cells, int base, int cell, int stride, double value) {
        int index = base + cell;
        long before = (long) COUNTS.getOpaque(cells, index);
        if (!COUNTS.compareAndSet(cells, index, before, before + 1L)) {
            stripes();
            before = (long) COUNTS.getAndAdd(cells, index, 1L);
        }
        if ((before & CLOCK_CHECK_MASK) == 0) {
            checkClockAfter(cells, base, cell, stride, value);
        }
    }

    /** The stripe table, created (CAS) if this is the first contention seen; a loser of the race uses the winner's. */
    private long[][][] stripes() {
        long[][][] stripes = (long[][][]) STRIPED.getAcquire(this);
        if (stripes == null) {
            long[][][] fresh = new long[STRIPES][][];
            stripes = STRIPED.compareAndSet(this, (long[][][]) null, fresh) ? fresh
                    : (long[][][]) STRIPED.getAcquire(this);
        }
        return stripes;
    }

    /** The calling thread's stripe's copy of slot {@code slot}: plain reads, installing it on first use. */
    private long[] stripeCells(long[][][] stripes, int slot) {
        int stripe = stripeOf(currentThreadId());
        // plain reads: each entry changes once, from null to an array whose length is final and whose zeros every
        // thread sees; a racy null only sends us to the install path, which reads with acquire
        long[][] table = stripes[stripe];
        long[] cells = table != null ? table[slot] : null;
        return cells != null ? cells : installStripeCells(stripes, stripe, slot);
    }

    /**
     * Returns stripe {@code stripe}'s copy of slot {@code slot}, installing (CAS) its table and the copy if missing:
     * at most once per (stripe, slot); a loser of a race uses the winner's, so no count goes into an orphan array.
     */
    private long[] installStripeCells(long[][][] stripes, int stripe, int slot) {
        long[][] table = (long[][]) STRIPE_TABLES.getAcquire(stripes, stripe);
        if (table == null) {
            long[][] fresh = new long[SPECIAL_SLOT + 1][];
            table = STRIPE_TABLES.compareAndSet(stripes, stripe, (long[][]) null, fresh) ? fresh
                    : (long[][]) STRIPE_TABLES.getAcquire(stripes, stripe);
        }
        long[] cells = (long[]) CHUNK_CELLS.getAcquire(table, slot);
        if (cells == null) {
            long[] fresh = new long[ageBuckets * (slot == SPECIAL_SLOT ? SPECIAL_STRIDE : bucketsPerBinade)];
            cells = CHUNK_CELLS.compareAndSet(table, slot, (long[]) null, fresh) ? fresh
                    : (long[]) CHUNK_CELLS.getAcquire(table, slot);
        }
        return cells;
    }

    /** Stripe {@code slot}'s copy in stripe table {@code table} (acquire), or null; queries and rotations. */
    private static long[] stripeCellsAcquire(long[][][] stripes, int stripe, int slot) {
        long[][] table = (long[][]) STRIPE_TABLES.getAcquire(stripes, stripe);
        return table == null ? null : (long[]) CHUNK_CELLS.getAcquire(table, slot);
    }

    /** The calling thread's id (never 0). */
    @SuppressWarnings("deprecation") // Thread.getId: threadId() needs JDK 19; the id is the same
    private static long currentThreadId() {
        return Thread.currentThread().getId();
    }

    /** The stripe of the thread whose id is {@code id}: the id mixed by a multiply, masked. */
    static int stripeOf(long id) {
        return (int) ((id * GOLDEN) >>> 40) & STRIPE_MASK;
    }

    /** Four stripes per processor, rounded up to a power of two, in [8, 64] (as core's {@code Stripes}). */
    static int stripeCount(int processors) {
        int perProcessor = Integer.highestOneBit(Math.max(1, Math.min(processors, 64)) * 2 - 1) * 4;
        return Math.max(8, Math.min(64, perProcessor));
    }

    /**
     * Widens the current period's [min, max] to take {@code value} (not NaN): two plain reads of fields, and a CAS
     * only when an extreme moves. Done before the value is counted, so a query that sees the count sees the
     * extreme. An observer racing a rotation may widen the next period's extremes instead: they then cover the
     * value one period longer than its count (a looser clamp, never a lost extreme).
     */
    private void widenExtremes(double value) {
        if (value < currentMin) {
            widen(CURRENT_MIN, value, -1);
        }
        if (value > currentMax) {
            widen(CURRENT_MAX, value, 1);
        }
    }

    /** Moves the extreme in {@code field} to {@code value} (CAS) while {@code value} lies beyond it in {@code sign}. */
    private void widen(VarHandle field, double value, int sign) {
        double current;
        do {
            current = (double) field.getOpaque(this);
            if (sign < 0 ? !(value < current) : !(value > current)) {
                return;
            }
        } while (!field.compareAndSet(this, current, value));
    }

    /** Lowers the double held in {@code extremes[index]} to {@code value} if below; rotation owner only. */
    private void lowerCell(int index, double value) {
        if (value < Double.longBitsToDouble((long) COUNTS.getOpaque(extremes, index))) {
            COUNTS.setOpaque(extremes, index, Double.doubleToRawLongBits(value));
        }
    }

    /** Raises the double held in {@code extremes[index]} to {@code value} if above; rotation owner only. */
    private void raiseCell(int index, double value) {
        if (value > Double.longBitsToDouble((long) COUNTS.getOpaque(extremes, index))) {
            COUNTS.setOpaque(extremes, index, Double.doubleToRawLongBits(value));
        }
    }

    /**
     * Adds one ({@code getAndAdd}) to cell {@code cell} of the age bucket at {@code base} of {@code cells} (age
     * stride {@code stride}) for {@code value} (its extremes are widened again if a rotation moves it).
     */
    private void increment(long[] cells, int base, int cell, int stride, double value) {
        long before = (long) COUNTS.getAndAdd(cells, base + cell, 1L);
        if ((before & CLOCK_CHECK_MASK) == 0) {
            checkClockAfter(cells, base, cell, stride, value);
        }
    }

    /**
     * Rotates if due; if this call rotated away from the age bucket our observation just went into, moves the
     * observation into the new current bucket, so the observation that triggered the check is placed by it.
     */
    private void checkClockAfter(long[] cells, int base, int cell, int stride, double value) {
        long now = clock.nanoTime();
        if (now - (long) NEXT_ROTATION_NANOS.getOpaque(this) < 0) {
            return;
        }
        if (!ROTATING.compareAndSet(this, 0, 1)) {
            return; // another thread is rotating: never wait on the record path
        }
        try {
            int offsetBefore = currentAge * stride;
            long steps = rotate(now);
            if (steps > 0 && offsetBefore == base) {
                // our bucket was current until now; it was cleared only if every bucket was (steps >= K).
                // (A thread stalled between reading the offset and adding for K full rotations would see the same
                // offset again; that needs a stall of (K-1) periods and is ignored.)
                widenExtremes(value); // the new current bucket's extremes take the value before its count
                COUNTS.getAndAdd(cells, currentAge * stride + cell, 1L);
                if (steps < ageBuckets) {
                    COUNTS.getAndAdd(cells, base + cell, -1L);
                }
            }
        } finally {
            ROTATING.setRelease(this, 0);
        }
    }

    /** The directory entry of {@code key} (acquire), {@link #UNASSIGNED} when its page is not installed. */
    private int entryAcquire(int key) {
        int rotated = (key + KEY_ROTATION) & KEY_MASK;
        byte[] page = pageAcquire(rotated >>> PAGE_SHIFT);
        return page == null ? UNASSIGNED : (byte) DIRECTORY.getAcquire(page, rotated & PAGE_MASK);
    }

    /** Directory page {@code index} (acquire), or null when not installed. */
    private byte[] pageAcquire(int index) {
        if (index == 0) {
            return (byte[]) MAIN_PAGE.getAcquire(this);
        }
        byte[][] others = (byte[][]) OTHER_PAGES.getAcquire(this);
        return others == null ? null : (byte[]) DIRECTORY_PAGES.getAcquire(others, index);
    }

    /** The directory page of {@code key}, installed (CAS) if missing: at most {@value #PAGES} per instance. */
    private byte[] installedPage(int key) {
        int index = ((key + KEY_ROTATION) & KEY_MASK) >>> PAGE_SHIFT;
        byte[] page = pageAcquire(index);
        if (page != null) {
            return page;
        }
        byte[] fresh = new byte[PAGE_SIZE];
        if (index == 0) {
            return MAIN_PAGE.compareAndSet(this, (byte[]) null, fresh) ? fresh : (byte[]) MAIN_PAGE.getAcquire(this);
        }
        byte[][] others = (byte[][]) OTHER_PAGES.getAcquire(this);
        if (others == null) {
            byte[][] table = new byte[PAGES][];
            others = OTHER_PAGES.compareAndSet(this, (byte[][]) null, table) ? table
                    : (byte[][]) OTHER_PAGES.getAcquire(this);
        }
        return DIRECTORY_PAGES.compareAndSet(others, index, null, fresh) ? fresh
                : (byte[]) DIRECTORY_PAGES.getAcquire(others, index);
    }

    /**
     * Returns the directory entry for {@code key} after binding a chunk to it, or {@link #EXHAUSTED}. The chunk's
     * array is allocated here (once per chunk) and published (release) before the directory entry (CAS).
     */
    private int claimChunk(int key) {
        byte[] page = installedPage(key);
        int slot = (key + KEY_ROTATION) & PAGE_MASK;
        for (;;) {
            int entry = (byte) DIRECTORY.getAcquire(page, slot);
            if (entry != UNASSIGNED) {
                return entry;
            }
            int claimed;
            long free = (long) FREE_CHUNKS.getAcquire(this);
            if (free != 0) {
                // reuse a chunk handed back by a claimant that lost its race (else racing first observations of
                // the same binades would leak chunks until the pool is exhausted)
                claimed = Long.numberOfTrailingZeros(free);
                if (!FREE_CHUNKS.compareAndSet(this, free, free & ~(1L << claimed))) {
                    continue;
                }
            } else {
                claimed = (int) CHUNKS_CLAIMED.getAcquire(this);
                if (claimed >= CHUNKS) {
                    DIRECTORY.compareAndSet(page, slot, UNASSIGNED, EXHAUSTED);
                    continue;
                }
                if (!CHUNKS_CLAIMED.compareAndSet(this, claimed, claimed + 1)) {
                    continue;
                }
            }
            // we own chunk `claimed` until we bind or give it back
            publishCells(claimed);
            byte mine = (byte) (claimed + 1);
            if (DIRECTORY.compareAndSet(page, slot, UNASSIGNED, mine)) {
                return mine;
            }
            // another thread bound this key first; nobody wrote into our chunk (observers find chunks through the
            // directory; rotations only write zeros): hand it back, array and all, for the next claim
            long before;
            do {
                before = (long) FREE_CHUNKS.getAcquire(this);
            } while (!FREE_CHUNKS.compareAndSet(this, before, before | (1L << claimed)));
        }
    }

    /**
     * Makes sure chunk {@code chunk} has its count array in the newest chunk table, growing the table if needed,
     * before the caller binds it in the directory. Once per chunk; takes the instance's own monitor (never
     * held by queries), so an observer waits only for another first observation.
     */
    private void publishCells(int chunk) {
        synchronized (this) {
            long[][] table = chunkCounts;
            if (chunk >= table.length) {
                table = Arrays.copyOf(table, Math.min(CHUNKS, Math.max(chunk + 1, 2 * table.length)));
                CHUNK_TABLE.setVolatile(this, table); // volatile, as the entry below: see markIfRotated
            }
            if (table[chunk] == null) {
                CHUNK_CELLS.setVolatile(table, chunk, new long[ageBuckets * bucketsPerBinade + ageBuckets]);
            }
        }
    }

    /**
     * The count array of {@code chunk}, or null when it has none yet (acquire loads of the table and its entry: a
     * chunk found bound in the directory by an acquire load always has its array here).
     */
    private long[] cellsAcquire(int chunk) {
        long[][] table = (long[][]) CHUNK_TABLE.getAcquire(this);
        return chunk < table.length ? (long[]) CHUNK_CELLS.getAcquire(table, chunk) : null;
    }

    /** As {@link #cellsAcquire}, with volatile loads (for {@link #settle}, see {@link #markIfRotated}). */
    private long[] cellsVolatile(int chunk) {
        long[][] table = (long[][]) CHUNK_TABLE.getVolatile(this);
        return chunk < table.length ? (long[]) CHUNK_CELLS.getVolatile(table, chunk) : null;
    }

    /**
     * Returns the cell {@code chunk·B + sub} for a value whose binade has no chunk (see the class Javadoc), or -1
     * for the zero cell. A chunk returned is bound, so its array is visible to the caller's acquire read.
     */
    private int clampedCell(int key) {
        int sign = key & SIGN_KEY_BIT;
        int exponent = key & EXPONENT_KEY_MASK;
        int below = nearestBound(sign, exponent, -1);
        int above = nearestBound(sign, exponent, 1);
        if (below >= 0 && (above < 0 || exponent - below <= above - exponent)) {
            return (entryAcquire(sign | below) - 1) * bucketsPerBinade + bucketsPerBinade - 1;
        }
        if (above >= 0) {
            return (entryAcquire(sign | above) - 1) * bucketsPerBinade;
        }
        return -1;
    }

    /**
     * The nearest biased exponent from {@code exponent} in direction {@code step} (exclusive) whose key of sign
     * {@code sign} has a chunk bound, or -1; skips directory pages not installed.
     */
    private int nearestBound(int sign, int exponent, int step) {
        int e = exponent + step;
        while (e > 0 && e < BIASED_EXPONENT_NON_FINITE) {
            int rotated = ((sign | e) + KEY_ROTATION) & KEY_MASK;
            byte[] page = pageAcquire(rotated >>> PAGE_SHIFT);
            if (page == null) {
                // consecutive keys are consecutive rotated keys (pages end at multiples of 64, 4096 included)
                int slot = rotated & PAGE_MASK;
                e += step > 0 ? PAGE_SIZE - slot : -(slot + 1);
                continue;
            }
            if ((byte) DIRECTORY.getAcquire(page, rotated & PAGE_MASK) > 0) {
                return e;
            }
            e += step;
        }
        return -1;
    }

    /**
     * Makes the period containing {@code now} current, clearing the age buckets of ended periods in every chunk
     * whose array is published (an unpublished one is still all zeros). Owner only.
     *
     * @return the number of periods moved forward (0 when not due)
     */
    private long rotate(long now) {
        long elapsed = now - periodStartNanos;
        if (elapsed < periodNanos) {
            return 0; // includes a reading older than the last rotation
        }
        long steps = elapsed / periodNanos;
        // the period that ends keeps the extremes observed in it (its bucket may be cleared below, with them)
        int ended = currentAge * EXTREMES_STRIDE;
        lowerCell(ended + MIN_CELL, (double) CURRENT_MIN.getAndSet(this, Double.POSITIVE_INFINITY));
        raiseCell(ended + MAX_CELL, (double) CURRENT_MAX.getAndSet(this, Double.NEGATIVE_INFINITY));
        int clears = (int) Math.min(steps, ageBuckets);
        int b = bucketsPerBinade;
        int chunks = Math.min(CHUNKS, (int) CHUNKS_CLAIMED.getAcquire(this));
        long[][][] stripes = (long[][][]) STRIPED.getAcquire(this);
        int age = currentAge;
        for (int i = 0; i < clears; i++) {
            age = age + 1 == ageBuckets ? 0 : age + 1;
            for (int c = 0; c < chunks; c++) {
                long[] cells = cellsAcquire(c);
                clear(cells, age * b, b); // null: claimed, array not yet published, nothing to clear
                clear(cells, ageBuckets * b + age, 1); // its settled count
            }
            int special = age * SPECIAL_STRIDE;
            clear((long[]) SPECIAL_COUNTS.getAcquire(this), special, SPECIAL_CELLS);
            if (stripes != null) {
                // every stripe's copies; one installed after this read is all zeros (as is an unpublished chunk)
                for (int s = 0; s < STRIPES; s++) {
                    for (int c = 0; c < chunks; c++) {
                        clear(stripeCellsAcquire(stripes, s, c), age * b, b);
                    }
                    clear(stripeCellsAcquire(stripes, s, SPECIAL_SLOT), special, SPECIAL_CELLS);
                }
            }
            COUNTS.setOpaque(extremes, age * EXTREMES_STRIDE + MIN_CELL, NO_MIN);
            COUNTS.setOpaque(extremes, age * EXTREMES_STRIDE + MAX_CELL, NO_MAX);
        }
        int endedAge = currentAge;
        ROTATIONS.setOpaque(this, rotations + 1);
        currentAge = (int) ((currentAge + steps) % ageBuckets);
        periodStartNanos += steps * periodNanos;
        // release, after the rotation count: a reader that sees this end sees the count moved (see reuseLast)
        NEXT_ROTATION_NANOS.setRelease(this, periodStartNanos + periodNanos);
        // release: observers that see a new offset also see the cleared cells
        SPECIAL_OFFSET.setRelease(this, currentAge * SPECIAL_STRIDE);
        // volatile: see markIfRotated (observers that see the new offset also see the cleared cells)
        CHUNK_OFFSET.setVolatile(this, currentAge * b);
        // after the offset moved (see markIfRotated): the bucket that ended settles, unless it is current again;
        // chunks claimed since the clearing above count too (their writers may have read the old offset)
        settle(endedAge, Math.min(CHUNKS, (int) CHUNKS_CLAIMED.getVolatile(this)));
        return steps;
    }

    /**
     * Whether age bucket {@code age} is settled: not the current one, so no observer adds to it any more (but one
     * that read the offset before a rotation moved it, which then marks it, see {@link #markIfRotated}) and its
     * count per chunk is kept in the chunk's settled cell. Rotation owner only.
     */
    private boolean isSettled(int age) {
        return age != currentAge;
    }

    /**
     * Stores in each chunk's settled cell for {@code age} (in its shared array) that age bucket's count in the
     * chunk, in the shared array and every stripe's copy, when it is settled (see {@link #isSettled}); a cleared
     * bucket stores 0. Volatile reads: see {@link #markIfRotated}. Rotation owner only.
     */
    private void settle(int age, int chunks) {
        if (!isSettled(age)) {
            return;
        }
        int b = bucketsPerBinade;
        long[][][] stripes = (long[][][]) STRIPED.getVolatile(this);
        for (int c = 0; c < chunks; c++) {
            long[] cells = cellsVolatile(c);
            if (cells == null) {
                continue; // claimed, not yet published: its writer will read the moved offset (see markIfRotated)
            }
            long count = rowVolatile(cells, age * b, b);
            if (stripes != null) {
                for (int s = 0; s < STRIPES; s++) {
                    long[][] table = (long[][]) STRIPE_TABLES.getVolatile(stripes, s);
                    long[] copy = table == null ? null : (long[]) CHUNK_CELLS.getVolatile(table, c);
                    if (copy != null) {
                        count += rowVolatile(copy, age * b, b);
                    }
                }
            }
            COUNTS.setOpaque(cells, ageBuckets * b + age, count);
        }
    }

    /** The sum of {@code length} cells of {@code cells} from {@code from}, read volatile (see markIfRotated). */
    private static long rowVolatile(long[] cells, int from, int length) {
        long count = 0;
        for (int cell = from, end = from + length; cell < end; cell++) {
            count += (long) COUNTS.getVolatile(cells, cell);
        }
        return count;
    }

    /**
     * Takes the age buckets observers marked ({@link #markIfRotated}) and settles again those still settled, so
     * an add that a settle missed is counted by the next query after it. Caller holds the rotation flag.
     */
    private void resettleMarked() {
        if ((long) MARKED_AGES.getOpaque(this) == 0) {
            return;
        }
        // the swap reads every mark set before it: each marker's add happens-before the reads that follow
        long marked = (long) MARKED_AGES.getAndSet(this, 0L);
        int chunks = Math.min(CHUNKS, (int) CHUNKS_CLAIMED.getAcquire(this));
        for (int age = 0; age < ageBuckets; age++) {
            if ((marked & (1L << age)) != 0) {
                settle(age, chunks);
            }
        }
    }

    /** Zeroes {@code length} cells of {@code cells} from {@code from} (opaque stores); nothing when null. */
    private static void clear(long[] cells, int from, int length) {
        if (cells == null) {
            return;
        }
        for (int cell = from, end = from + length; cell < end; cell++) {
            COUNTS.setOpaque(cells, cell, 0L);
        }
    }

    /**
     * Estimates several quantiles over the current window, all from one read of the counts. Rotates the window to
     * the clock's current reading first. Allocation-free (but a thread's first query); serialises with other queries
     * on this instance.
     *
     * @param qs  quantiles to estimate, ascending, each in [0, 1]
     * @param out receives at {@code out[i]} the estimate for {@code qs[i]} (see the class Javadoc for the rank and
     *            the bound), or {@code NaN} for every {@code i} when the window is empty
     * @throws IllegalArgumentException when {@code qs} or {@code out} is null, {@code out} is shorter than
     *                                  {@code qs}, or a {@code qs[i]} is NaN, outside [0, 1] or below {@code qs[i-1]}
     */
    public void quantiles(double[] qs, double[] out) {
        quantiles(qs, out, -1);
    }

    /**
     * As {@link #quantiles(double[], double[])} for a caller that counts its observations: when
     * {@code observedCount} equals the one given to this method's previous call (with the same {@code qs} array)
     * and the window has not rotated since, the previous call's estimates are copied into {@code out} without
     * reading a count cell (a scrape of a series not observed since the last scrape costs a few reads); otherwise
     * this is a full query, whose result is kept for the next call (the first such query allocates the kept result:
     * 40 bytes and a {@code double[qs.length]}).
     *
     * <p>Exact, not approximate, when the caller keeps this contract: {@code observedCount} is read before this
     * call from a count that each observation raises only after its {@link #observe} returned, and that never
     * falls (e.g. an all-time count). Then an equal count means no observation completed between the two reads
     * that the previous query could have missed: each one it counts observed the sketch before raising the count,
     * so before the previous count read, and so before the previous query read the cells. An observation whose
     * count is not raised yet has not completed, and may show up in either answer. A query holding a different
     * {@code qs} array, or a smaller or larger count, always reads the cells.
     *
     * @param observedCount the caller's count of completed observations, read before this call; negative values
     *                      never match (a full query)
     * @throws IllegalArgumentException as {@link #quantiles(double[], double[])}
     */
    public void quantiles(double[] qs, double[] out, long observedCount) {
        validate(qs, out);
        if (observedCount >= 0 && reuseLast(qs, out, observedCount)) {
            return;
        }
        synchronized (extremes) {
            holdRotation();
            try {
                rotate(clock.nanoTime());
                query(qs, out);
                if (observedCount >= 0) {
                    keep(kept, qs, out, observedCount);
                }
            } finally {
                ROTATING.setRelease(this, 0);
            }
        }
    }

    /**
     * The lock-free part of {@link #quantiles(double[], double[], long)}: copies the kept result into {@code out}
     * and returns true when it was taken for the same {@code qs} and {@code observedCount}, no rotation moved the
     * window since and none is due now; else returns false (perhaps after writing {@code out}), and the caller
     * queries under the lock. Reads the kept result as a sequence lock's reader: a write in progress or between
     * the two sequence reads fails the check. No lock, no atomic write, one clock read.
     */
    private boolean reuseLast(double[] qs, double[] out, long observedCount) {
        Kept k = (Kept) KEPT.getAcquire(this);
        if (k == null) {
            return false;
        }
        int sequence = (int) KEPT_SEQUENCE.getAcquire(k);
        if ((sequence & 1) != 0 || k.qs != qs || k.count != observedCount) {
            return false;
        }
        long keptRotations = k.rotations;
        double[] values = k.values;
        for (int i = 0; i < qs.length; i++) {
            out[i] = values[i];
        }
        VarHandle.loadLoadFence(); // the reads above before the sequence's second read
        if ((int) KEPT_SEQUENCE.getOpaque(k) != sequence) {
            return false;
        }
        // no rotation due at this reading of the clock, and none done since the kept query: the clock first, then
        // the period's end (acquire), then the count its rotation moved before it
        long now = clock.nanoTime();
        return now - (long) NEXT_ROTATION_NANOS.getAcquire(this) < 0
                && (long) ROTATIONS.getOpaque(this) == keptRotations;
    }

    /**
     * Keeps {@code out} as the result for {@code qs} and {@code observedCount} in {@code k} (allocating it and its
     * values on the first call, or the values again for a longer {@code qs}), as a sequence lock's writer.
     * Caller holds the query lock and the rotation flag.
     */
    private void keep(Kept k, double[] qs, double[] out, long observedCount) {
        if (k == null) {
            k = new Kept();
            k.values = new double[qs.length];
            k.count = -1;
            KEPT.setRelease(this, k);
        }
        int sequence = k.sequence;
        KEPT_SEQUENCE.setOpaque(k, sequence + 1);
        VarHandle.storeStoreFence(); // the odd sequence before any of the writes below
        if (k.values.length < qs.length) {
            k.values = new double[qs.length];
        }
        System.arraycopy(out, 0, k.values, 0, qs.length);
        k.qs = qs;
        k.count = observedCount;
        k.rotations = rotations;
        KEPT_SEQUENCE.setRelease(k, sequence + 2);
    }

    /** The query of {@link #quantiles(double[], double[])} after its rotation; caller holds the lock and the flag. */
    private void query(double[] qs, double[] out) {
        resettleMarked();
        Query query = QUERY.get();
        long n = total(query.chunkTotals);
        if (n == 0) {
            Arrays.fill(out, 0, qs.length, Double.NaN);
            return;
        }
        walk(qs, out, n, query);
        clampToExtremes(qs, out, n);
    }

    /**
     * Returns the number of observations in the current window (NaN excluded), after rotating it to the clock's
     * current reading. Allocation-free; serialises with queries on this instance.
     *
     * @return the count over all live age buckets
     */
    public long windowCount() {
        synchronized (extremes) {
            holdRotation();
            try {
                rotate(clock.nanoTime());
                resettleMarked();
                return total(null);
            } finally {
                ROTATING.setRelease(this, 0);
            }
        }
    }

    /**
     * Returns the fixed heap bytes of one instance for a relative error and a number of age buckets: what it holds
     * from construction on, before any value is observed (fields, the first chunk table, each age bucket's extremes,
     * and the mapping tables unless they are the shared default ones). Observing adds
     * {@link #bytesPerChunk} per (sign, binade) in use and {@link #BYTES_PER_DIRECTORY_PAGE} per directory page
     * in use (a page covers 64 binades; positive values in [2^-32, 2^32) all share the main page).
     * Assumes 64-bit HotSpot with compressed oops (heaps below 32 GB) and 8-byte alignment. For α = 0.01 and
     * K = 5: 272 bytes (a first zero or infinite value adds 136). (The first
     * {@link #quantiles(double[], double[], long)} call adds the result it keeps: 40 bytes and an array of
     * {@code 16 + 8 × qs.length} bytes, 80 in all for three quantiles.)
     *
     * @param relativeError the relative value error α, in [0.001, 0.5]
     * @param ageBuckets    number of age buckets, in [1, 64]
     * @return the fixed bytes of one instance, excluding the {@link NanoClock} it was given
     * @throws IllegalArgumentException when {@code relativeError} or {@code ageBuckets} is out of range
     */
    public static long bytesPerInstance(double relativeError, int ageBuckets) {
        LogBucketMapping mapping = LogBucketMapping.forRelativeError(relativeError);
        checkAgeBuckets(ageBuckets);
        long bytes = Memory.align(INSTANCE_FIELD_BYTES)
                + Memory.array(4, INITIAL_CHUNK_TABLE) // chunkCounts (references; grows with chunks in use)
                + Memory.array(8, ageBuckets * EXTREMES_STRIDE); // extremes (special counts: on first use)
        return mapping.isShared() ? bytes : bytes + mapping.tableBytes();
    }

    /** Heap bytes of one directory page (allocated on the first observation of a binade in its range). */
    public static final long BYTES_PER_DIRECTORY_PAGE = 16 + PAGE_SIZE;

    /**
     * Returns the heap bytes each chunk in use adds to an instance: its array of {@code ageBuckets} × buckets per
     * binade counts and {@code ageBuckets} settled counts, allocated on the first observation of its (sign,
     * binade). Same assumptions as {@link #bytesPerInstance}. For α = 0.01 and K = 5: 36 buckets per binade, 1,496 bytes; an instance using
     * {@code m} chunks in {@code p} directory pages holds {@code bytesPerInstance + m · bytesPerChunk + p · 80}
     * bytes (at most {@value #CHUNKS} chunks).
     *
     * @param relativeError the relative value error α, in [0.001, 0.5]
     * @param ageBuckets    number of age buckets, in [1, 64]
     * @return the bytes one chunk adds
     * @throws IllegalArgumentException when {@code relativeError} or {@code ageBuckets} is out of range
     */
    public static long bytesPerChunk(double relativeError, int ageBuckets) {
        LogBucketMapping mapping = LogBucketMapping.forRelativeError(relativeError);
        checkAgeBuckets(ageBuckets);
        return Memory.array(8, ageBuckets * mapping.bucketsPerBinade + ageBuckets);
    }

    /**
     * Returns the heap bytes an instance adds once, when it turns striped (the first contention seen, see the
     * class Javadoc): its table of one reference per stripe ({@code S}: four per processor, rounded up to a power of
     * two, in [8, 64]), {@code 16 + 4 × S} bytes (48 on 2 processors). Same assumptions as
     * {@link #bytesPerInstance}.
     *
     * @return the bytes of the stripe table
     */
    public static long bytesOnContention() {
        return Memory.array(4, STRIPES);
    }

    /**
     * Returns the heap bytes one stripe in use adds to a striped instance (see the class Javadoc): its table of
     * copies ({@value #CHUNKS}{@code + 1} references, 152 bytes), a copy of each chunk its threads count into
     * ({@link #bytesPerChunk} each) and, if they count zero or an infinity, a copy of the special cells
     * ({@code 16 + 24 × ageBuckets} bytes). A stripe none of whose threads observed since the contention adds
     * nothing. Same assumptions as {@link #bytesPerInstance}. For α = 0.01 and K = 5, a stripe whose threads
     * observed 6 binades: 8,888 bytes.
     *
     * @param relativeError the relative value error α, in [0.001, 0.5]
     * @param ageBuckets    number of age buckets, in [1, 64]
     * @param chunks        chunks the stripe's threads count into, in [0, 32]
     * @param specialValues whether they count zero, subnormals or infinities
     * @return the bytes one such stripe adds
     * @throws IllegalArgumentException when an argument is out of range
     */
    public static long bytesPerStripe(double relativeError, int ageBuckets, int chunks, boolean specialValues) {
        if (chunks < 0 || chunks > CHUNKS) {
            throw new IllegalArgumentException("chunks " + chunks + " is out of range (must be in [0, " + CHUNKS
                    + "])");
        }
        LogBucketMapping mapping = LogBucketMapping.forRelativeError(relativeError);
        checkAgeBuckets(ageBuckets);
        // a stripe's copy of a chunk has the counts only (the settled counts live in the shared array)
        long bytes = Memory.array(4, SPECIAL_SLOT + 1)
                + chunks * Memory.array(8, ageBuckets * mapping.bucketsPerBinade);
        return specialValues ? bytes + Memory.array(8, ageBuckets * SPECIAL_STRIDE) : bytes;
    }

    private static void checkAgeBuckets(int ageBuckets) {
        if (ageBuckets < 1 || ageBuckets > MAX_AGE_BUCKETS) {
            throw new IllegalArgumentException("ageBuckets " + ageBuckets + " is out of range (must be in [1, "
                    + MAX_AGE_BUCKETS + "])");
        }
    }

    /** Object header (12) + 10 references (40) + 9 ints (36) + 8 longs and doubles (64), compressed oops. */
    private static final long INSTANCE_FIELD_BYTES = 12 + 10 * 4 + 9 * 4 + 8 * 8;

    /** Returns the number of chunks holding a count array (for tests of the memory figures). */
    int chunkArrays() {
        int arrays = 0;
        for (int c = 0; c < CHUNKS; c++) {
            if (cellsAcquire(c) != null) {
                arrays++;
            }
        }
        return arrays;
    }

    /** Returns true once the instance counts into per-stripe copies (for tests). */
    boolean isStriped() {
        return STRIPED.getAcquire(this) != null;
    }

    /** Turns the instance striped as a failed CAS would (for tests of the striped cells). */
    void stripeNow() {
        stripes();
    }

    /** Returns the number of per-stripe copies installed, chunks and special cells (for tests of memory). */
    int stripeArrays() {
        long[][][] stripes = (long[][][]) STRIPED.getAcquire(this);
        int arrays = 0;
        for (int s = 0; stripes != null && s < STRIPES; s++) {
            for (int slot = 0; slot <= SPECIAL_SLOT; slot++) {
                if (stripeCellsAcquire(stripes, s, slot) != null) {
                    arrays++;
                }
            }
        }
        return arrays;
    }

    /** Returns the number of directory pages installed (for tests of the memory figures). */
    int directoryPages() {
        int pages = 0;
        for (int p = 0; p < PAGES; p++) {
            if (pageAcquire(p) != null) {
                pages++;
            }
        }
        return pages;
    }

    /** Returns the bucket counts per binade (for tests and documentation). */
    int bucketsPerBinade() {
        return bucketsPerBinade;
    }

    /**
     * Takes the rotation flag, so that no bucket is cleared while a query reads: an observer that holds it is
     * clearing at most K buckets (bounded), so this spins briefly at most.
     */
    private void holdRotation() {
        while (!ROTATING.compareAndSet(this, 0, 1)) {
            Thread.onSpinWait();
        }
    }

    /**
     * The count over every age bucket of every cell (zero, infinities, every chunk): per chunk its current age
     * bucket cell by cell (in the shared array and every stripe's copy) and each settled age bucket by its settled
     * count; when {@code chunkTotals} is not null, also each chunk's own count at {@code chunkTotals[chunk]} (0 for
     * a chunk not yet published). Caller holds the rotation flag. Query only.
     */
    private long total(long[] chunkTotals) {
        int chunks = Math.min(CHUNKS, (int) CHUNKS_CLAIMED.getAcquire(this));
        int b = bucketsPerBinade;
        int current = currentAge; // the caller holds the rotation flag: the current age bucket stays
        long[][][] stripes = (long[][][]) STRIPED.getAcquire(this);
        long total = specialTotal((long[]) SPECIAL_COUNTS.getAcquire(this));
        if (stripes != null) {
            for (int s = 0; s < STRIPES; s++) {
                total += specialTotal(stripeCellsAcquire(stripes, s, SPECIAL_SLOT));
            }
        }
        for (int c = 0; c < chunks; c++) {
            long[] cells = cellsAcquire(c);
            long chunkTotal = 0;
            if (cells != null) { // else claimed, not yet published: all zeros
                chunkTotal = row(cells, current * b, b);
                for (int age = 0, settledCell = ageBuckets * b; age < ageBuckets; age++, settledCell++) {
                    if (age != current) {
                        chunkTotal += (long) COUNTS.getOpaque(cells, settledCell);
                    }
                }
                if (stripes != null) {
                    for (int s = 0; s < STRIPES; s++) {
                        long[] copy = stripeCellsAcquire(stripes, s, c);
                        if (copy != null) {
                            chunkTotal += row(copy, current * b, b);
                        }
                    }
                }
            }
            if (chunkTotals != null) {
                chunkTotals[c] = chunkTotal;
            }
            total += chunkTotal;
        }
        return total;
    }

    /** The sum of {@code length} cells of {@code cells} from {@code from} (opaque reads). Query only. */
    private static long row(long[] cells, int from, int length) {
        long count = 0;
        for (int cell = from, end = from + length; cell < end; cell++) {
            count += (long) COUNTS.getOpaque(cells, cell);
        }
        return count;
    }

    /** The count cells of every age bucket of a special-cells array (0 when null). Query only. */
    private long specialTotal(long[] cells) {
        long total = 0;
        if (cells != null) {
            for (int age = 0; age < ageBuckets; age++) {
                for (int cell = age * SPECIAL_STRIDE, end = cell + SPECIAL_CELLS; cell < end; cell++) {
                    total += (long) COUNTS.getOpaque(cells, cell);
                }
            }
        }
        return total;
    }

    /**
     * Walks the buckets in value order (-Inf; negative binades from the largest magnitude down, each bucket from
     * the top; zero; positive binades up; +Inf), summing each over the age buckets as it passes, and reports
     * {@code qs[i]} as the value of the bucket where the running count first exceeds its rank in a window of
     * {@code n}. A chunk whose count as {@link #total} read it ({@code chunkTotals}) does not reach the next rank
     * is passed whole, without reading its buckets again; only the chunks a rank falls in are summed bucket by
     * bucket, over the current age bucket and the settled ones whose settled count is not zero. Observations added
     * since {@link #total} only move ranks onto earlier buckets of the same walk (a passed chunk counts what
     * {@link #total} saw, a summed one at least that), so reported values still never decrease and every rank is
     * reached. Query only.
     */
    private void walk(double[] qs, double[] out, long n, Query query) {
        query.walked = 0;
        query.nextQuantile = 0;
        query.lastValue = Double.NEGATIVE_INFINITY;
        query.lastWasChunk = false;
        long[] chunkTotals = query.chunkTotals;
        if (qs.length == 0) {
            return;
        }
        query.nextRank = rank(qs[0], n);
        int b = bucketsPerBinade;
        long[][][] stripes = (long[][][]) STRIPED.getAcquire(this);
        if (pass(query, specialCount(stripes, NEG_INF_CELL), Double.NEGATIVE_INFINITY, qs, out, n)) {
            return;
        }
        for (int e = BIASED_EXPONENT_NON_FINITE - 1; e > 0; ) {
            int rotated = ((SIGN_KEY_BIT | e) + KEY_ROTATION) & KEY_MASK;
            byte[] page = pageAcquire(rotated >>> PAGE_SHIFT);
            if (page == null) {
                e -= (rotated & PAGE_MASK) + 1; // the rest of this page, downwards
                continue;
            }
            int entry = (byte) DIRECTORY.getAcquire(page, rotated & PAGE_MASK);
            if (entry > 0 && !passWhole(query, chunkTotals[entry - 1], 0, e - EXPONENT_BIAS, true)) {
                long[] cells = cellsAcquire(entry - 1);
                int exponent = e - EXPONENT_BIAS;
                long ages = agesInUse(cells);
                for (int sub = b - 1; sub >= 0; sub--) {
                    long count = bucketCount(stripes, entry - 1, cells, sub, ages);
                    if (count != 0 && pass(query, count, -mapping.representative(sub, exponent), qs, out, n)) {
                        return;
                    }
                }
            }
            e--;
        }
        if (pass(query, specialCount(stripes, ZERO_CELL), 0.0, qs, out, n)) {
            return;
        }
        for (int e = 1; e < BIASED_EXPONENT_NON_FINITE; ) {
            int rotated = (e + KEY_ROTATION) & KEY_MASK;
            byte[] page = pageAcquire(rotated >>> PAGE_SHIFT);
            if (page == null) {
                e += PAGE_SIZE - (rotated & PAGE_MASK); // the rest of this page, upwards
                continue;
            }
            int entry = (byte) DIRECTORY.getAcquire(page, rotated & PAGE_MASK);
            if (entry > 0 && !passWhole(query, chunkTotals[entry - 1], b - 1, e - EXPONENT_BIAS, false)) {
                long[] cells = cellsAcquire(entry - 1);
                int exponent = e - EXPONENT_BIAS;
                long ages = agesInUse(cells);
                for (int sub = 0; sub < b; sub++) {
                    long count = bucketCount(stripes, entry - 1, cells, sub, ages);
                    if (count != 0 && pass(query, count, mapping.representative(sub, exponent), qs, out, n)) {
                        return;
                    }
                }
            }
            e++;
        }
        if (pass(query, specialCount(stripes, POS_INF_CELL), Double.POSITIVE_INFINITY, qs, out, n)) {
            return;
        }
        // unreachable while counts only grow during a query; kept so every out[i] is written
        double last = query.lastValue;
        if (query.lastWasChunk) {
            double value = mapping.representative(query.lastSub, query.lastExponent);
            last = query.lastNegative ? -value : value;
        }
        while (query.nextQuantile < qs.length) {
            out[query.nextQuantile++] = last;
        }
    }

    /**
     * Clamps each estimate to the window's smallest and largest value observed, so no estimate lies outside the
     * data (and a window of one repeated value reports it exactly); a quantile whose rank is the first or the last
     * of the window's {@code n} reports that extreme itself. Query only.
     */
    private void clampToExtremes(double[] qs, double[] out, long n) {
        double min = (double) CURRENT_MIN.getOpaque(this);
        double max = (double) CURRENT_MAX.getOpaque(this);
        for (int age = 0; age < ageBuckets; age++) {
            int at = age * EXTREMES_STRIDE;
            min = Math.min(min, Double.longBitsToDouble((long) COUNTS.getOpaque(extremes, at + MIN_CELL)));
            max = Math.max(max, Double.longBitsToDouble((long) COUNTS.getOpaque(extremes, at + MAX_CELL)));
        }
        if (!(min <= max)) {
            return; // no extreme seen (cannot happen with n > 0; extremes are widened before counting)
        }
        for (int i = 0; i < qs.length; i++) {
            long rank = Math.max(0, (long) Math.ceil(qs[i] * n) - 1);
            if (rank == 0) {
                out[i] = min;
            } else if (rank >= n - 1) {
                out[i] = max;
            } else if (out[i] < min) {
                out[i] = min;
            } else if (out[i] > max) {
                out[i] = max;
            }
        }
    }

    /**
     * Passes a whole chunk of {@code count} observations (its count as {@link #total} read it) when they do not
     * reach the next quantile's rank, returning true; else passes nothing and returns false (the caller sums the
     * chunk's buckets one by one). The chunk's last bucket in walk order is sub-bucket {@code lastSub} of binade
     * {@code exponent}, negated when {@code negative}; its value is computed only if the walk ends on it.
     */
    private static boolean passWhole(Query query, long count, int lastSub, int exponent, boolean negative) {
        if (query.walked + count > query.nextRank) {
            return false;
        }
        if (count != 0) {
            query.walked += count;
            query.lastWasChunk = true;
            query.lastSub = lastSub;
            query.lastExponent = exponent;
            query.lastNegative = negative;
        }
        return true;
    }

    /** The rank of quantile {@code q} in a window of {@code n} (see the class Javadoc), at most {@code n - 1}. */
    private static long rank(double q, long n) {
        long rank = Math.max(0, (long) Math.ceil(q * n) - 1);
        return rank >= n ? n - 1 : rank;
    }

    /**
     * Passes {@code count} observations of bucket value {@code value}: reports every quantile whose rank they
     * reach. Returns true once every quantile is reported.
     */
    private static boolean pass(Query query, long count, double value, double[] qs, double[] out, long n) {
        if (count == 0) {
            return false;
        }
        query.walked += count;
        query.lastValue = value;
        query.lastWasChunk = false;
        while (query.nextQuantile < qs.length) {
            if (query.walked <= query.nextRank) {
                return false;
            }
            out[query.nextQuantile++] = value;
            query.nextRank = query.nextQuantile < qs.length ? rank(qs[query.nextQuantile], n) : Long.MAX_VALUE;
        }
        return true;
    }

    /**
     * Bucket {@code sub} of chunk {@code chunk} (shared array {@code cells}) over the age buckets in {@code ages}
     * (bits, see {@link #agesInUse}), in the shared array and every stripe's copy. Query only.
     */
    private long bucketCount(long[][][] stripes, int chunk, long[] cells, int sub, long ages) {
        long sum = sumOverAges(cells, sub, bucketsPerBinade, ages);
        if (stripes != null) {
            for (int s = 0; s < STRIPES; s++) {
                long[] copy = stripeCellsAcquire(stripes, s, chunk);
                if (copy != null) {
                    sum += sumOverAges(copy, sub, bucketsPerBinade, ages);
                }
            }
        }
        return sum;
    }

    /**
     * The age buckets of a chunk that {@link #walk} sums, as bits: the current one and each settled one whose
     * settled count is not zero (a settled bucket counted as zero by {@link #total} has nothing to add). Query only.
     */
    private long agesInUse(long[] cells) {
        int current = currentAge;
        long ages = 1L << current;
        for (int age = 0, settledCell = ageBuckets * bucketsPerBinade; age < ageBuckets; age++, settledCell++) {
            if (age != current && (long) COUNTS.getOpaque(cells, settledCell) != 0) {
                ages |= 1L << age;
            }
        }
        return ages;
    }

    /** The count of bucket {@code sub} of a chunk's array summed over the age buckets in {@code ages} (bits). */
    private static long sumOverAges(long[] cells, int sub, int b, long ages) {
        long sum = 0;
        for (long rest = ages; rest != 0; rest &= rest - 1) {
            sum += (long) COUNTS.getOpaque(cells, Long.numberOfTrailingZeros(rest) * b + sub);
        }
        return sum;
    }

    /** Special cell {@code cell} over the age buckets, in the shared cells and every stripe's copy. Query only. */
    private long specialCount(long[][][] stripes, int cell) {
        long sum = sumOverAges((long[]) SPECIAL_COUNTS.getAcquire(this), cell, SPECIAL_STRIDE);
        if (stripes != null) {
            for (int s = 0; s < STRIPES; s++) {
                long[] copy = stripeCellsAcquire(stripes, s, SPECIAL_SLOT);
                if (copy != null) {
                    sum += sumOverAges(copy, cell, SPECIAL_STRIDE);
                }
            }
        }
        return sum;
    }

    private long sumOverAges(long[] cells, int cell, int stride) {
        long sum = 0;
        if (cells == null) {
            return 0;
        }
        for (int age = 0, index = cell; age < ageBuckets; age++, index += stride) {
            sum += (long) COUNTS.getOpaque(cells, index);
        }
        return sum;
    }

    private static void validate(double[] qs, double[] out) {
        if (qs == null || out == null) {
            throw new IllegalArgumentException("qs and out must not be null");
        }
        if (out.length < qs.length) {
            throw new IllegalArgumentException("out has length " + out.length + ", below qs.length " + qs.length);
        }
        double previous = 0;
        for (int i = 0; i < qs.length; i++) {
            double q = qs[i];
            if (!(q >= previous && q <= 1)) {
                throw new IllegalArgumentException("quantile qs[" + i + "] = " + q
                        + " is invalid (must be in [0, 1] and not below the previous one)");
            }
            previous = q;
        }
    }
}
