package io.promptly.exposition.http;

import com.sun.net.httpserver.Filter;
import com.sun.net.httpserver.HttpExchange;
import io.promptly.core.Counter;
import io.promptly.core.Gauge;
import io.promptly.core.Histogram;
import io.promptly.core.Registry;
import java.io.IOException;

/**
 * Instruments a JDK {@code com.sun.net.httpserver} server (aioprometheus's {@code MetricsMiddleware}): a
 * {@link Filter} that records, per request,
 * <ul>
 *   <li>{@code <prefix>_requests_total{method, route, status}} — requests answered;</li>
 *   <li>{@code <prefix>_request_duration_seconds{method, route}} — a histogram of the time spent in the
 *       handler;</li>
 *   <li>{@code <prefix>_requests_in_flight{method, route}} — requests being handled now.</li>
 * </ul>
 * {@code route} is the path of the {@code HttpContext} that matched (not the raw URI, so that the number of series
 * stays bounded by the contexts you created); {@code method} is one of the standard methods or {@code OTHER};
 * {@code status} is the response code ({@code 500} when the handler threw before answering). Requests whose path
 * or context path is excluded (default {@code /metrics}) are passed through unrecorded.
 *
 * <pre>{@code
 * HttpServerMetrics metrics = HttpServerMetrics.builder().registry(registry).build();
 * server.createContext("/api/orders", ordersHandler).getFilters().add(metrics);
 * }</pre>
 *
 * <p>Records through {@link HttpRequestMetrics} (shared with the servlet and Vert.x integrations). Thread-safe:
 * one instance may be added to many contexts. Per request: three series lookups (hashing the label
 * values), two {@code nanoTime} reads; no lock beyond the metrics' own.
 */
public final class HttpServerMetrics extends Filter {
    /** Default metric name prefix. */
    public static final String DEFAULT_PREFIX = HttpRequestMetrics.DEFAULT_PREFIX;
    /** Method label value for a method outside the standard ones (bounds the label's values). */
    public static final String OTHER_METHOD = HttpRequestMetrics.OTHER_METHOD;

    static {
        NoDelay.ensure();
    }

    private final HttpRequestMetrics metrics;

    private HttpServerMetrics(HttpRequestMetrics metrics) {
        this.metrics = metrics;
    }

    /** Starts building (registry {@link Registry#DEFAULT}, prefix {@value #DEFAULT_PREFIX}). */
    public static Builder builder() {
        return new Builder();
    }

    @Override
    public void doFilter(HttpExchange exchange, Chain chain) throws IOException {
        String route = exchange.getHttpContext().getPath();
        if (metrics.excludes(route) || metrics.excludes(exchange.getRequestURI().getPath())) {
            chain.doFilter(exchange);
            return;
        }
        String method = exchange.getRequestMethod();
        long start = metrics.start(method, route);
        try {
            chain.doFilter(exchange);
        } finally {
            metrics.finish(method, route, exchange.getResponseCode(), start);
        }
    }

    @Override
    public String description() {
        return "Promptly HTTP server metrics (requests, duration, in flight)";
    }

    /** The request counter (family {@code <prefix>_requests}, samples {@code <prefix>_requests_total}). */
    public Counter requests() {
        return metrics.requests();
    }

    /** The request duration histogram. */
    public Histogram duration() {
        return metrics.duration();
    }

    /** The in-flight gauge. */
    public Gauge inFlight() {
        return metrics.inFlight();
    }

    /** The recorder this filter records through. */
    public HttpRequestMetrics metrics() {
        return metrics;
    }

    /** Builds {@link HttpServerMetrics}. Not thread-safe. */
    public static final class Builder extends RequestMetricsBuilder<Builder> {
        private Builder() {
        }

        @Override
        protected Builder self() {
            return this;
        }

        /**
         * Builds the filter; registers a default recorder's three metrics
         * unless {@linkplain #metrics one} was given.
         *
         * @throws IllegalArgumentException when a metric name is invalid or already registered
         */
        public HttpServerMetrics build() {
            return new HttpServerMetrics(recorder());
        }
    }
}
