package io.promptly.core;

/**
 * One exemplar: an observed value with the labels of the trace that produced it (e.g. {@code trace_id}) and the
 * wall-clock time it was sampled, attached to a counter series or a histogram bucket. Labels are encoded once,
 * when the exemplar is sampled, so writers copy bytes.
 *
 * <p>Built-in metrics sample their own; a custom {@link Collectable} makes one with {@link #of}.
 *
 * <p>Immutable (published through a release store, read with acquire loads); safe from any thread.
 */
public final class Exemplar {
    /** OpenMetrics' limit on an exemplar's label names and values together, in code points. */
    public static final int MAX_LABEL_CODE_POINTS = 128;

    private final double value;
    private final long timestampMillis;
    private final SeriesLabels labels;

    Exemplar(double value, Labels labels, long timestampMillis) {
        this.value = value;
        this.timestampMillis = timestampMillis;
        this.labels = labels.size() == 0 ? SeriesLabels.EMPTY
                : new SeriesLabels(labels.namesArray(), labels.valuesArray());
    }

    /**
     * Creates an exemplar for a custom {@link Collectable} to pass to
     * {@link MetricSink#counter(SeriesLabels, long, double, Exemplar)} or
     * {@link MetricSink#histogramBucket(SeriesLabels, EncodedLabel, long, Exemplar)}. Validates as OpenMetrics
     * requires: label names valid (checked when the {@link Labels} were made), names and values together at most
     * {@value #MAX_LABEL_CODE_POINTS} code points, a finite value. Encodes the labels once (allocates); build
     * exemplars when they change, not on every scrape.
     *
     * @param value           the observed value; finite
     * @param labels          the exemplar's labels (e.g. {@code Labels.of("trace_id", id)}); {@link Labels#EMPTY}
     *                        for none
     * @param timestampMillis when it was observed, in milliseconds since the Unix epoch (may be negative)
     * @throws IllegalArgumentException when {@code labels} is null or too long, or {@code value} is NaN or
     *                                  infinite, naming the bad value and the rule
     */
    public static Exemplar of(double value, Labels labels, long timestampMillis) {
        checkLabels(labels);
        if (Double.isNaN(value) || Double.isInfinite(value)) {
            throw new IllegalArgumentException("exemplar value " + value + " (labels " + labels
                    + ") must be a finite number");
        }
        return new Exemplar(value, labels, timestampMillis);
    }

    /**
     * Checks {@code labels} against the OpenMetrics size rule (names and values ≤ 128 code points together).
     *
     * @throws IllegalArgumentException when {@code labels} is null or too long, naming its size
     */
    static void checkLabels(Labels labels) {
        if (labels == null) {
            throw new IllegalArgumentException("exemplar labels must not be null (use Labels.EMPTY)");
        }
        if (!labels.legacyNames()) {
            throw new IllegalArgumentException("exemplar labels " + labels + " must have legacy label names"
                    + " ([a-zA-Z_][a-zA-Z0-9_]*): OpenMetrics 1.0 exemplars cannot carry UTF-8 names");
        }
        if (labels.codePoints() > MAX_LABEL_CODE_POINTS) {
            throw new IllegalArgumentException("exemplar labels " + labels + " have " + labels.codePoints()
                    + " code points; names and values together may have at most " + MAX_LABEL_CODE_POINTS);
        }
    }

    /** Whether {@code labels} may label an exemplar ({@link #checkLabels}'s rules), without throwing. */
    static boolean fits(Labels labels) {
        return labels != null && labels.legacyNames() && labels.codePoints() <= MAX_LABEL_CODE_POINTS;
    }

    /** The observed value (a counter's increment, a histogram's observation). */
    public double value() {
        return value;
    }

    /** When it was sampled, in milliseconds since the Unix epoch. */
    public long timestampMillis() {
        return timestampMillis;
    }

    /** The exemplar's labels, encoded like a series' labels. */
    public SeriesLabels labels() {
        return labels;
    }

    @Override
    public String toString() {
        return labels + " " + value + " @" + timestampMillis;
    }
}
