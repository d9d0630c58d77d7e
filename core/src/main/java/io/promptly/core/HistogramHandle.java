package io.promptly.core;

/**
 * One histogram series. Every observation is one write into the calling thread's own block of the series
 * ({@link PhasedCells}): the branch-free bucket search, then — in the block the thread owns after its first use —
 * plain adds and opaque stores of one bucket count and the sum between two stores of the block's sequence word;
 * no atomic instruction. A thread whose stripe another thread owns falls back to the shared stripes (one
 * {@code getAndAdd} to enter, one per count, a CAS on the sum). Native part (when enabled, see
 * {@link NativeBuckets}): the bucket index from the value's bits and one add into the block's own dense window.
 * No lock and no allocation on {@link #observe} (but the first observation of a thread into a series, which
 * allocates its block, and a native window's growth).
 *
 * <p>Exemplars ({@link #observeWithExemplar}): the latest sampled exemplar per classic bucket (a native-only
 * histogram has one slot, its {@code +Inf} bucket), rate limited by the histogram's exemplar interval; plain
 * {@link #observe} offers one too when the histogram has an {@link ExemplarSource} with one to give.
 *
 * <p>Thread-safe: any thread may observe while others collect. A collection reads ONE cut of the series — every
 * observation's bucket, count, sum and native bucket all in it or all out of it, so {@code _sum} always matches
 * the buckets and {@code _count} equals {@code +Inf} — waiting only for writes already in flight; observers never
 * wait. Collections of one series run one after the other (the series' collection lock; observers never take it).
 */
public final class HistogramHandle {
    private final SeriesLabels labels;
    private final Buckets buckets;
    private final boolean classic;
    /**
     * Slots: the classic bucket counts (when classic; else one count of observations), the sum's bits, then the
     * native part's zero, NaN and infinity counts (when native).
     */
    private final PhasedCells cells;
    private final int sumSlot;
    private final int zeroSlot;
    private final NativeBuckets nativeBuckets;
    /** The native part's reusable read view (filled under the collection lock). Null when native is off. */
    private final NativeHistogramView view;
    private final ExemplarSlots exemplars;
    /** Set for good by the first negative, -Inf or NaN observation: the sum may then fall, or be NaN. */
    private volatile boolean sumNotACounter;
    /** When the series was created, in ms since the epoch (its start time). */
    private final long createdMillis = System.currentTimeMillis();

    HistogramHandle(SeriesLabels labels, HistogramConfig config) {
        this.labels = labels;
        this.buckets = config.buckets;
        this.classic = config.classic;
        boolean isNative = config.nativeConfig != null;
        int counted = classic ? buckets.count() : 1;
        this.sumSlot = counted;
        this.zeroSlot = counted + 1;
        this.nativeBuckets = isNative ? new NativeBuckets(config.nativeConfig) : null;
        this.cells = new PhasedCells(counted + 1 + (isNative ? NativeBuckets.SLOTS : 0), counted, sumSlot,
                nativeBuckets);
        this.view = isNative ? new NativeHistogramView() : null;
        this.exemplars = new ExemplarSlots(config.exemplarSampler, buckets.count());
    }

    /**
     * Records {@code value}. Classic buckets: NaN counts in the +Inf bucket (and makes the sum NaN), as
     * Prometheus' Go client does. Native buckets: see {@link Histogram}.
     */
    public void observe(double value) {
        record(value);
        ExemplarSource source = exemplars.source();
        if (source != null && source.available()) {
            exemplars.offerFrom(source, classic ? buckets.indexOf(value) : 0, value);
        }
    }

    /** {@link #observe} without the exemplar source. */
    private void record(double value) {
        if (!(value >= 0)) {
            sumStopsBeingACounter();
        }
        long thread = Stripes.threadId();
        long[] block = cells.ownedBlock(thread);
        if (block != null) {
            observeOwned(block, thread, value);
        } else {
            observeClaimingOrShared(thread, value);
        }
    }

    private void observeOwned(long[] block, long thread, double value) {
        int slot = classic ? buckets.indexOf(value) : 0;
        int g = PhasedCells.generation(block);
        long odd = PhasedCells.begin(block, g);
        int first = g + 1;
        if (nativeBuckets != null) {
            NativeSign[] signs = cells.ownedSigns(block, thread);
            int gen = 2 * PhasedCells.generationNumber(g);
            nativeBuckets.observeOwned(block, first + zeroSlot, signs[gen], signs[gen + 1], value);
        }
        PhasedCells.addOwned(block, first + slot, 1L);
        PhasedCells.addOwnedDouble(block, first + sumSlot, value);
        PhasedCells.end(block, g, odd);
    }

    private void observeClaimingOrShared(long thread, double value) {
        int stripe = Stripes.of(thread);
        long[] block = cells.claim(thread, stripe);
        if (block != null) {
            observeOwned(block, thread, value);
            return;
        }
        PhasedCells.Shared shared = cells.shared();
        int first = PhasedCells.enter(shared, stripe);
        long[] a = shared.cells;
        PhasedCells.addSharedDouble(a, first + sumSlot, value);
        if (nativeBuckets != null) {
            NativeSign[] signs = shared.signs[stripe];
            int gen = 2 * shared.generation(stripe, first);
            nativeBuckets.observeShared(a, first + zeroSlot, signs[gen], signs[gen + 1], value);
        }
        // last: the count tells a collection this write is complete
        PhasedCells.addShared(a, first + (classic ? buckets.indexOf(value) : 0), 1L);
    }

    /**
     * Records {@code value} and offers it as the exemplar of its classic bucket, labelled {@code exemplarLabels}
     * (e.g. {@code Labels.of("trace_id", id)}): kept when the bucket has no exemplar yet or its exemplar is older
     * than the histogram's exemplar interval. Reads the clock once; allocates only when the exemplar is kept.
     *
     * @throws IllegalArgumentException when {@code exemplarLabels} is null or its names and values have more
     *                                  than {@value Exemplar#MAX_LABEL_CODE_POINTS} code points (nothing recorded)
     */
    public void observeWithExemplar(double value, Labels exemplarLabels) {
        Exemplar.checkLabels(exemplarLabels);
        record(value);
        exemplars.offer(classic ? buckets.indexOf(value) : 0, value, exemplarLabels);
    }

    /**
     * A new block of this series' classic buckets for the calling thread alone: its {@code observe} skips the
     * stripe lookup and ownership check of the shared handle (it is the same write). Call once per thread and
     * keep it (each call adds a block the series keeps for good).
     *
     * @throws IllegalStateException when this histogram records native buckets (single-writer blocks cover the
     *                               classic part only)
     */
    public SingleWriterHistogram forThisThread() {
        if (!classic || nativeBuckets != null) {
            throw new IllegalStateException("single-writer blocks cover classic-only histograms; series " + labels
                    + " records native buckets");
        }
        return new SingleWriterHistogram(this, buckets, cells.newSingleWriterBlock(), sumSlot);
    }

    /** The number of observations so far (one cut; takes the collection lock). */
    public long count() {
        synchronized (cells) {
            PhasedCells.Cut cut = cells.collect();
            long total = 0;
            for (int i = 0; i < sumSlot; i++) {
                total += cut.counts[i];
            }
            return total;
        }
    }

    /** The sum of observations so far (one cut; takes the collection lock). */
    public double sum() {
        synchronized (cells) {
            return cells.collect().sum;
        }
    }

    /** The native schema new observations are counted at (it only decreases); -128 when native is off. */
    public int nativeSchema() {
        return nativeBuckets == null ? Byte.MIN_VALUE : cells.minimumNativeSchema(nativeBuckets.initialSchema());
    }

    /** Whether a thread has written through the shared stripes of this series (for tests). */
    boolean usesSharedStripes() {
        return cells.hasShared();
    }

    /** This series' labels (const labels included). */
    public SeriesLabels seriesLabels() {
        return labels;
    }

    /** Marks the sum as no longer a counter (a negative value, -Inf or NaN went into it); sticky. */
    void sumStopsBeingACounter() {
        if (!sumNotACounter) {
            sumNotACounter = true;
        }
    }

    /** Touches what {@link #collect} reads first (the labels, the cells); see {@code Metric.warm}. */
    long warm() {
        return labels.encoded().length + cells.warm();
    }

    void collect(MetricSink sink) {
        sink.created(createdMillis);
        sink.histogramStart(labels);
        synchronized (cells) {
            PhasedCells.Cut cut = cells.collect();
            long cumulative = 0;
            if (classic) {
                for (int i = 0; i < sumSlot; i++) {
                    cumulative += cut.counts[i];
                    sink.histogramBucket(labels, buckets.le(i), cumulative, exemplars.get(i));
                }
            }
            if (nativeBuckets != null) {
                nativeBuckets.fill(view, cut, zeroSlot, nativeSchema());
                if (!classic) {
                    cumulative = view.count();
                    sink.histogramBucket(labels, buckets.le(0), cumulative, exemplars.get(0));
                }
                sink.histogramNative(labels, view);
            }
            sink.histogramEnd(labels, cumulative, cut.sum, !sumNotACounter);
        }
    }
}
