package io.promptly.core;

/**
 * One histogram series. Classic part: per stripe, one contiguous padded block of bucket counts and the sum, so
 * an observation touches one stripe: a branch-free bucket search, one count add, one double add. Native part
 * (when enabled, see {@link NativeBuckets}): the bucket index from the value's bits and one {@code getAndAdd}
 * into a dense window. No lock, no allocation on {@link #observe}.
 *
 * <p>Exemplars ({@link #observeWithExemplar}): the latest sampled exemplar per classic bucket (a native-only
 * histogram has one slot, its {@code +Inf} bucket), rate limited by the histogram's exemplar interval; plain
 * {@link #observe} offers one too when the histogram has an {@link ExemplarSource} with one to give.
 *
 * <p>Thread-safe: any thread may observe while others collect. A collection reads each cell once and derives the
 * cumulative counts and {@code _count} from what it read. Collections of a series with native buckets take the
 * series' collection lock (two scrapes of one series run one after the other; observers never take it).
 */
public final class HistogramHandle {
    private final SeriesLabels labels;
    private final Buckets buckets;
    private final boolean classic;
    /** Classic bucket counts (when classic), the sum's bits, then the native part's scalar counts. */
    private final StripedCells cells;
    private final int sumSlot;
    private final NativeBuckets nativeBuckets;
    /** The native part's reusable read view; also the collection lock. Null when native is off. */
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
        this.sumSlot = classic ? buckets.count() : 0;
        boolean isNative = config.nativeConfig != null;
        this.cells = new StripedCells(sumSlot + 1 + (isNative ? NativeBuckets.SLOTS : 0));
        this.nativeBuckets = isNative ? new NativeBuckets(config.nativeConfig, cells, sumSlot + 1) : null;
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
        if (nativeBuckets == null) {
            cells.addOneAndDouble(buckets.indexOf(value), sumSlot, value);
            return;
        }
        if (classic) {
            cells.addLong(buckets.indexOf(value), 1L);
        }
        nativeBuckets.observe(value);
        cells.addDouble(sumSlot, value);
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
     * A new block of this series' classic buckets for the calling thread alone: its {@code observe} uses no
     * atomic instruction. Call once per thread and keep it (each call adds a block the series keeps for good).
     *
     * @throws IllegalStateException when this histogram records native buckets (single-writer blocks cover the
     *                               classic part only)
     */
    public SingleWriterHistogram forThisThread() {
        if (!classic || nativeBuckets != null) {
            throw new IllegalStateException("single-writer blocks cover classic-only histograms; series " + labels
                    + " records native buckets");
        }
        return new SingleWriterHistogram(this, buckets, cells.newOwnedBlock(), sumSlot);
    }

    /** The number of observations so far. */
    public long count() {
        if (classic) {
            long total = 0;
            for (int i = 0; i < sumSlot; i++) {
                total += cells.readLong(i);
            }
            return total;
        }
        synchronized (view) {
            nativeBuckets.readInto(view);
            return view.count();
        }
    }

    /** The sum of observations so far. */
    public double sum() {
        return cells.readDouble(sumSlot);
    }

    /** The native schema new observations are counted at (it only decreases); -128 when native is off. */
    public int nativeSchema() {
        return nativeBuckets == null ? Byte.MIN_VALUE : nativeBuckets.schema();
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

    void collect(MetricSink sink) {
        sink.created(createdMillis);
        sink.histogramStart(labels);
        if (nativeBuckets == null) {
            long cumulative = classicBuckets(sink);
            sink.histogramEnd(labels, cumulative, cells.readDouble(sumSlot), !sumNotACounter);
            return;
        }
        synchronized (view) {
            long cumulative;
            if (classic) {
                cumulative = classicBuckets(sink);
                nativeBuckets.readInto(view);
            } else {
                nativeBuckets.readInto(view);
                cumulative = view.count();
                sink.histogramBucket(labels, buckets.le(0), cumulative, exemplars.get(0));
            }
            sink.histogramNative(labels, view);
            sink.histogramEnd(labels, cumulative, cells.readDouble(sumSlot), !sumNotACounter);
        }
    }

    private long classicBuckets(MetricSink sink) {
        long cumulative = 0;
        for (int i = 0; i < sumSlot; i++) {
            cumulative += cells.readLong(i);
            sink.histogramBucket(labels, buckets.le(i), cumulative, exemplars.get(i));
        }
        return cumulative;
    }
}
