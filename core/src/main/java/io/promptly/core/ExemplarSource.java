package io.promptly.core;

/**
 * Where a counter or histogram finds exemplars by itself: set with {@code exemplarSource(...)} on
 * {@link Counter.Builder} or {@link Histogram.Builder}, it is asked on every plain {@code inc}/{@code observe}
 * whether the calling thread has an exemplar (e.g. a sampled trace span is current), and only when it has one and
 * the series (counter) or bucket (histogram) would take a new exemplar under the metric's rate limit (its
 * exemplar interval) for the exemplar's labels. {@code promptly-otel}'s {@code TraceExemplarSource} reads the
 * current OpenTelemetry span.
 *
 * <p>Order of a record with a source: the value is recorded; {@link #available()}; if true, the clock and the
 * slot's current exemplar are read; if the slot is due, {@link #labels()}, and the exemplar is stored when the
 * labels are valid exemplar labels (legacy names, at most {@value Exemplar#MAX_LABEL_CODE_POINTS} code points;
 * other labels are dropped, never thrown). Explicit {@code incWithExemplar}/{@code observeWithExemplar} calls do
 * not consult the source. Single-writer cells ({@code forThisThread()}) never do.
 *
 * <p>Implementations must be safe to call from any thread, and {@link #available()} must be cheap and allocate
 * nothing: it runs on every record. Without a source a record pays one field load and a null check.
 */
public interface ExemplarSource {
    /** Whether the calling thread has an exemplar to offer now. Called on every record; must not allocate. */
    boolean available();

    /**
     * The calling thread's exemplar labels (e.g. {@code trace_id}, {@code span_id}), or null for none. Called
     * only right after {@link #available()} returned true on the same thread, when the slot takes a new
     * exemplar: at most about once per slot per exemplar interval, so it may allocate.
     */
    Labels labels();
}
