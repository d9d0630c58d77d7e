package io.promptly.exposition.http;

import com.sun.net.httpserver.Filter;
import com.sun.net.httpserver.HttpExchange;
import io.promptly.core.Buckets;
import io.promptly.core.Counter;
import io.promptly.core.Gauge;
import io.promptly.core.GaugeHandle;
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
 * <p>Thread-safe: one instance may be added to many contexts. Per request: three series lookups (hashing the label
 * values), two {@code nanoTime} reads; no lock beyond the metrics' own.
 */
public final class HttpServerMetrics extends Filter {
    /** Default metric name prefix. */
    public static final String DEFAULT_PREFIX = "http";
    /** Method label value for a method outside the standard ones (bounds the label's values). */
    public static final String OTHER_METHOD = "OTHER";

    private static final Set<String> STANDARD_METHODS = new HashSet<>(Arrays.asList(
            "GET", "HEAD", "POST", "PUT", "DELETE", "PATCH", "OPTIONS", "CONNECT", "TRACE"));
    private static final double NANOS_PER_SECOND = 1e9;

    static {
        NoDelay.ensure();
    }

    private final Counter requests;
    private final Histogram duration;
    private final Gauge inFlight;
    private final Set<String> excludedPaths;

    private HttpServerMetrics(Builder b) {
        String p = b.prefix;
        this.requests = Counter.builder(p + "_requests_total").help("HTTP requests answered.")
                .labelNames("method", "route", "status").register(b.registry);
        this.duration = Histogram.builder(p + "_request_duration_seconds").unit("seconds")
                .help("Time spent handling HTTP requests, in seconds.").labelNames("method", "route")
                .buckets(b.buckets).register(b.registry);
        this.inFlight = Gauge.builder(p + "_requests_in_flight").help("HTTP requests being handled.")
                .labelNames("method", "route").register(b.registry);
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
        if (!STANDARD_METHODS.contains(method)) {
            method = OTHER_METHOD;
        }
        GaugeHandle active = inFlight.labels(method, route);
        active.inc();
        long start = System.nanoTime();
        try {
            chain.doFilter(exchange);
        } finally {
            double seconds = (System.nanoTime() - start) / NANOS_PER_SECOND;
            active.dec();
            int code = exchange.getResponseCode();
            duration.labels(method, route).observe(seconds);
            requests.labels(method, route, code < 0 ? "500" : Integer.toString(code)).inc();
        }
    }

    @Override
    public String description() {
        return "Promptly HTTP server metrics (requests, duration, in flight)";
    }

    /** The request counter (family {@code <prefix>_requests}, samples {@code <prefix>_requests_total}). */
    public Counter requests() {
        return requests;
    }

    /** The request duration histogram. */
    public Histogram duration() {
        return duration;
    }

    /** The in-flight gauge. */
    public Gauge inFlight() {
        return inFlight;
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
