package io.promptly.core;

/**
 * The visitor a collection pass drives: one {@link #family} call, then that family's samples, then
 * {@link #endFamily}. Values arrive as primitives and labels as pre-encoded bytes ({@link SeriesLabels},
 * {@link EncodedLabel}), so an exposition writer copies bytes and builds no objects.
 *
 * <p>Call order within a family:
 * <ul>
 *   <li>{@link MetricType#COUNTER}: {@link #counter} per series;</li>
 *   <li>{@link MetricType#GAUGE}, {@link MetricType#UNKNOWN}, {@link MetricType#INFO} (value 1):
 *       {@link #gauge} per series;</li>
 *   <li>{@link MetricType#STATESET}: {@link #stateSetState} per state per series;</li>
 *   <li>{@link MetricType#HISTOGRAM}: per series {@link #histogramStart}, {@link #histogramBucket} per bucket in
 *       ascending order ending with {@code +Inf}, then — for a series with native buckets — one
 *       {@link #histogramNative}, then {@link #histogramEnd}. A native-only histogram's classic part is the
 *       {@code +Inf} bucket alone (its count), so formats without native histograms still show count and sum;</li>
 *   <li>{@link MetricType#SUMMARY}: per series {@link #summaryStart}, {@link #summaryQuantile} per quantile in
 *       ascending order, {@link #summaryEnd}.</li>
 *   <li>{@link MetricType#GAUGE_HISTOGRAM}: as a histogram's classic part — per series {@link #histogramStart},
 *       {@link #histogramBucket} per bucket (cumulative, ascending, ending with {@code +Inf}), then
 *       {@link #histogramEnd} with the current count and sum (its {@code gcount} and {@code gsum}); no start time
 *       ({@link #created}), no exemplars, no native buckets.</li>
 * </ul>
 * A family may have no series at all (then {@code family} is followed directly by {@code endFamily}).
 *
 * <p>Counters and histogram buckets that carry an exemplar arrive through the overloads taking an
 * {@link Exemplar} (null when there is none); their defaults drop the exemplar and call the plain method, so a
 * format without exemplars (text 0.0.4) implements only the plain ones. {@link #histogramNative} defaults to
 * ignoring the native buckets (the text formats show the classic part only).
 *
 * <p>A sink is driven by one thread at a time; implementations need not be thread-safe.
 */
public interface MetricSink {
    /** {@link #sampleDropped} cause: a callback threw while its sample was read. */
    String CAUSE_CALLBACK_THREW = "callback_threw";
    /** {@link #sampleDropped} cause: a callback returned a value its type cannot carry (a counter's NaN or −1). */
    String CAUSE_CALLBACK_VALUE = "callback_value";

    /**
     * A sample of the current family was left out of this scrape for {@code cause} (one of the {@code CAUSE_}
     * constants): nothing was written for it, and the rest of the scrape goes on. The default ignores it; the
     * exposition writers count it (a scrape's self-metrics report the count).
     */
    default void sampleDropped(MetricMetadata family, String cause) {
        // nothing written, nothing to undo
    }

    /** {@link #created} / {@link #sampleTimestamp} value meaning "none". */
    long NO_TIMESTAMP = Long.MIN_VALUE;

    /**
     * The start time of the counter, histogram or summary series that follow: when the series was created, in
     * milliseconds since the Unix epoch. Holds until the next call or the end of the family; built-in metrics
     * call it before every such series. Protobuf writes it as {@code created_timestamp}, OpenMetrics 1.0 as an
     * opt-in {@code _created} sample; text 0.0.4 has no place for it. The default ignores it.
     */
    default void created(long epochMillis) {
        // formats without start times ignore it
    }

    /**
     * The time the samples that follow were observed, in milliseconds since the Unix epoch, for a collectable
     * whose values come from elsewhere (another process, a file, a device). Holds until the next call or the end
     * of the family (pass {@link #NO_TIMESTAMP} to clear it). Built-in metrics never set one: Prometheus stamps
     * their samples with the scrape time. Text 0.0.4 writes milliseconds, OpenMetrics seconds, protobuf
     * {@code timestamp_ms}. The default ignores it.
     */
    default void sampleTimestamp(long epochMillis) {
        // formats ignore what they cannot carry
    }

    /** Begins a family; its samples follow until {@link #endFamily}. */
    void family(MetricMetadata family);

    /** Ends the family begun by the last {@link #family} call. */
    void endFamily();

    /**
     * A counter's total: {@code whole + fraction}, kept apart so that integer counts above 2^53 stay exact.
     * When {@code fraction == 0} the value is exactly {@code whole} (an unsigned 64-bit count).
     */
    void counter(SeriesLabels series, long whole, double fraction);

    /**
     * A counter's total with its latest exemplar ({@code exemplar} may be null). The default drops the exemplar.
     */
    default void counter(SeriesLabels series, long whole, double fraction, Exemplar exemplar) {
        counter(series, whole, fraction);
    }

    /** A gauge, unknown or info sample (an info's value is always 1). */
    void gauge(SeriesLabels series, double value);

    /** One state of a state set: the state name is in {@code state} (label named like the family). */
    void stateSetState(SeriesLabels series, EncodedLabel state, boolean enabled);

    /** Begins one histogram series. */
    void histogramStart(SeriesLabels series);

    /** One classic bucket: {@code le} holds the canonical bound, {@code cumulativeCount} counts values ≤ it. */
    void histogramBucket(SeriesLabels series, EncodedLabel le, long cumulativeCount);

    /**
     * One classic bucket with the latest exemplar observed into it ({@code exemplar} may be null). The default
     * drops the exemplar.
     */
    default void histogramBucket(SeriesLabels series, EncodedLabel le, long cumulativeCount, Exemplar exemplar) {
        histogramBucket(series, le, cumulativeCount);
    }

    /**
     * The native (exponential) buckets of the current histogram series, after its classic buckets. {@code view}
     * is valid only during this call. The default ignores it.
     */
    default void histogramNative(SeriesLabels series, NativeHistogramView view) {
        // formats without native histograms show the classic part only
    }

    /** Ends one histogram series: {@code count} equals the {@code +Inf} bucket's cumulative count. */
    void histogramEnd(SeriesLabels series, long count, double sum);

    /**
     * Ends one histogram series, saying whether its sum is still a counter: false once the series has observed a
     * negative value, −Inf or NaN (OpenMetrics then leaves out {@code _sum} and {@code _count}, as it does for a
     * histogram with a negative bound). The default drops the flag.
     */
    default void histogramEnd(SeriesLabels series, long count, double sum, boolean sumIsCounter) {
        histogramEnd(series, count, sum);
    }

    /** Begins one summary series. */
    void summaryStart(SeriesLabels series);

    /**
     * A scratch array of at least {@code length} doubles, for a summary series to hold its quantile estimates
     * between computing them (one consistent cut) and reporting them through {@link #summaryQuantile}; valid
     * until the next call on this sink. The default allocates a new array; a sink reused scrape after scrape
     * returns one it keeps.
     */
    default double[] quantileScratch(int length) {
        return new double[length];
    }

    /** One quantile: {@code quantile} holds the canonical rank, {@code value} is NaN when the window is empty. */
    void summaryQuantile(SeriesLabels series, EncodedLabel quantile, double value);

    /** Ends one summary series. */
    void summaryEnd(SeriesLabels series, long count, double sum);

    /**
     * Ends one summary series, saying whether its sum is still a counter: false once the series has observed a
     * negative value, −Inf or NaN (OpenMetrics then leaves out {@code _sum} and {@code _count}). The default
     * drops the flag.
     */
    default void summaryEnd(SeriesLabels series, long count, double sum, boolean sumIsCounter) {
        summaryEnd(series, count, sum);
    }
}
