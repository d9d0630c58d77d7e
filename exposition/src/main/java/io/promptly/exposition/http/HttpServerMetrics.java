package io.promptly.exposition.http;

import com.sun.net.httpserver.Filter;
import com.sun.net.httpserver.HttpExchange;
import io.promptly.core.Buckets;
import io.promptly.core.Counter;
import io.promptly.core.Gauge;
import io.promptly.core.Histogram;
import io.promptly.core.Registry;
import java.io.IOException;
import java.util.Arrays;
import java.util.HashSet;
import java.util.Set;

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
    private final Set<String> excludedPaths;

    private HttpServerMetrics(Builder b) {
        this.metrics = HttpRequestMetrics.builder().registry(b.registry).prefix(b.prefix).buckets(b.buckets)
                .build();
        this.excludedPaths = new HashSet<>(b.excludedPaths);
    }

    /** Starts building (registry {@link Registry#DEFAULT}, prefix {@value #DEFAULT_PREFIX}). */
    public static Builder builder() {
        return new Builder();
    }

    @Override
    public void doFilter(HttpExchange exchange, Chain chain) throws IOException {
        String route = exchange.getHttpContext().getPath();
        if (excludedPaths.contains(route) || excludedPaths.contains(exchange.getRequestURI().getPath())) {
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

    /** Builds {@link HttpServerMetrics}. Not thread-safe. */
    public static final class Builder {
        private Registry registry = Registry.DEFAULT;
        private String prefix = DEFAULT_PREFIX;
        private double[] buckets = Buckets.DEFAULT;
        private Set<String> excludedPaths = new HashSet<>(Arrays.asList(MetricsServer.DEFAULT_PATH));

        private Builder() {
        }

        /**
         * Sets the registry the three metrics are registered in (default {@link Registry#DEFAULT}).
         *
         * @throws IllegalArgumentException when {@code registry} is null
         */
        public Builder registry(Registry registry) {
            if (registry == null) {
                throw new IllegalArgumentException("registry must not be null");
            }
            this.registry = registry;
            return this;
        }

        /**
         * Sets the metric name prefix (default {@value #DEFAULT_PREFIX}); it must be a valid metric name.
         *
         * @throws IllegalArgumentException when {@code prefix} is null or empty (an invalid one fails in
         *                                  {@link #build()}, naming the metric)
         */
        public Builder prefix(String prefix) {
            if (prefix == null || prefix.isEmpty()) {
                throw new IllegalArgumentException("metric name prefix must not be null or empty, got " + prefix);
            }
            this.prefix = prefix;
            return this;
        }

        /** Sets the duration histogram's bucket upper bounds in seconds (default {@link Buckets#DEFAULT}). */
        public Builder buckets(double... upperBounds) {
            this.buckets = upperBounds;
            return this;
        }

        /**
         * Replaces the excluded paths (default {@code /metrics}): a request whose path or context path is one of
         * them is not recorded.
         *
         * @throws IllegalArgumentException when {@code paths} or an element is null
         */
        public Builder excludePaths(String... paths) {
            if (paths == null) {
                throw new IllegalArgumentException("excluded paths must not be null");
            }
            Set<String> set = new HashSet<>();
            for (String p : paths) {
                if (p == null) {
                    throw new IllegalArgumentException("excluded paths must not contain null");
                }
                set.add(p);
            }
            this.excludedPaths = set;
            return this;
        }

        /**
         * Builds the filter and registers its three metrics.
         *
         * @throws IllegalArgumentException when a metric name is invalid or already registered
         */
        public HttpServerMetrics build() {
            return new HttpServerMetrics(this);
        }
    }
}
