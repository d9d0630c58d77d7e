package io.promptly.otel;

import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanContext;
import io.promptly.core.ExemplarSource;
import io.promptly.core.Labels;

/**
 * An {@link ExemplarSource} reading the current OpenTelemetry span ({@code Span.current()}): counters and
 * histograms built with {@code .exemplarSource(TraceExemplarSource.INSTANCE)} attach {@code trace_id} and
 * {@code span_id} to their exemplars whenever a record runs inside a valid, sampled span, under the metric's
 * exemplar rate limit (its exemplar interval, 5 s per series or bucket by default).
 *
 * <pre>{@code
 * Counter requests = Counter.builder("http_requests").help("Requests.").labelNames("method")
 *         .exemplarSource(TraceExemplarSource.INSTANCE).register(registry);
 * requests.labels("GET").inc();   // inside a sampled span: exemplar {trace_id="...", span_id="..."}
 * }</pre>
 *
 * <p>Stateless; safe from any thread. Cost per record: one context lookup ({@code Span.current()}, a
 * thread-local read) and two flag tests; nothing is allocated when there is no valid sampled span, nor when the
 * rate limit skips the exemplar. Only a kept exemplar allocates its labels (the ids the span context already
 * holds) and the exemplar itself. Scrape exemplars with OpenMetrics (or protobuf); text 0.0.4 has none.
 */
public final class TraceExemplarSource implements ExemplarSource {
    /** The one instance; a metric needs no other. */
    public static final TraceExemplarSource INSTANCE = new TraceExemplarSource();

    /** Exemplar label holding the 32-hex-digit trace id. */
    public static final String TRACE_ID = "trace_id";
    /** Exemplar label holding the 16-hex-digit span id. */
    public static final String SPAN_ID = "span_id";

    private TraceExemplarSource() {
    }

    /** Whether the current span is valid and sampled. Allocates nothing. */
    @Override
    public boolean available() {
        SpanContext context = Span.current().getSpanContext();
        return context.isSampled() && context.isValid();
    }

    /** {@code trace_id} and {@code span_id} of the current span, or null when it is not valid and sampled. */
    @Override
    public Labels labels() {
        SpanContext context = Span.current().getSpanContext();
        if (!context.isSampled() || !context.isValid()) {
            return null;
        }
        return Labels.of(TRACE_ID, context.getTraceId(), SPAN_ID, context.getSpanId());
    }
}
