package io.promptly.servlet;

import io.promptly.core.Counter;
import io.promptly.core.Gauge;
import io.promptly.core.Histogram;
import io.promptly.core.Registry;
import io.promptly.exposition.http.HttpRequestMetrics;
import io.promptly.exposition.http.RequestMetricsBuilder;
import jakarta.servlet.AsyncContext;
import jakarta.servlet.AsyncEvent;
import jakarta.servlet.AsyncListener;
import jakarta.servlet.DispatcherType;
import jakarta.servlet.Filter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.http.HttpServletMapping;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.function.Function;

/**
 * Records the request metrics of a servlet application — the same families, labels and buckets as the JDK
 * server's {@code HttpServerMetrics}, through the same {@link HttpRequestMetrics}:
 * <ul>
 *   <li>{@code <prefix>_requests_total{method, route, status}} — requests answered;</li>
 *   <li>{@code <prefix>_request_duration_seconds{method, route}} — a histogram of the time until the response
 *       was complete (for an asynchronous request, until {@code AsyncContext} completed);</li>
 *   <li>{@code <prefix>_requests_in_flight{method, route}} — requests being handled now.</li>
 * </ul>
 * {@code route} is, by default, the context path followed by the pattern of the servlet mapping that matched
 * ({@link HttpServletRequest#getHttpServletMapping()}, e.g. {@code /api/orders/*}), never the raw path, so that
 * the number of series stays bounded by the mappings; a {@linkplain Builder#route route function} may supply
 * another bounded value, and a {@linkplain Builder#routeAttribute route attribute} names the answered request by
 * the template a framework matched while handling it (Spring MVC: {@link #SPRING_MVC_PATTERN}). {@code status} is the response's status, or
 * {@code 500} when the chain threw (or an asynchronous request ended in an error). Requests whose route or path
 * (within the context) is excluded (default {@code /metrics}) pass unrecorded, and only the original
 * {@code REQUEST} dispatch is recorded (forwards, includes, error and async dispatches are not counted twice).
 *
 * <pre>{@code
 * MetricsFilter filter = MetricsFilter.builder().registry(registry).build();
 * context.addFilter(new FilterHolder(filter), "/*", EnumSet.of(DispatcherType.REQUEST));   // Jetty
 * }</pre>
 *
 * <p>Thread-safe: one instance serves every request of its container. Cost per request: the route function, three
 * series lookups, two {@code nanoTime} reads; no allocation for a synchronous request under the default route
 * with an empty context path (an asynchronous request allocates its listener).
 */
public final class MetricsFilter implements Filter {
    /**
     * The request attribute in which Spring MVC's handler mapping stores the matched pattern
     * ({@code HandlerMapping.BEST_MATCHING_PATTERN_ATTRIBUTE}); pass it to {@link Builder#routeAttribute}.
     */
    public static final String SPRING_MVC_PATTERN = "org.springframework.web.servlet.HandlerMapping.bestMatchingPattern";

    private final HttpRequestMetrics metrics;
    private final Function<HttpServletRequest, String> route;
    private final String routeAttribute;

    private MetricsFilter(Builder b, HttpRequestMetrics metrics) {
        this.metrics = metrics;
        this.route = b.route;
        this.routeAttribute = b.routeAttribute;
    }

    /**
     * Starts building (registry {@link Registry#DEFAULT}, prefix {@value HttpRequestMetrics#DEFAULT_PREFIX},
     * route from the servlet mapping, {@code /metrics} excluded).
     */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * The default route: the context path followed by the matched servlet mapping's pattern ({@code /} for the
     * context root and the default servlet, {@code /x/*}, {@code *.jsp}, an exact path).
     */
    public static String servletMappingRoute(HttpServletRequest request) {
        HttpServletMapping mapping = request.getHttpServletMapping();
        String pattern = mapping == null ? "" : mapping.getPattern();
        String context = request.getContextPath();
        if (pattern == null || pattern.isEmpty()) {
            pattern = "/";
        }
        return context == null || context.isEmpty() ? pattern : context + pattern;
    }

    @Override
    public void doFilter(ServletRequest req, ServletResponse res, FilterChain chain)
            throws IOException, ServletException {
        if (!(req instanceof HttpServletRequest) || !(res instanceof HttpServletResponse)
                || req.getDispatcherType() != DispatcherType.REQUEST) {
            chain.doFilter(req, res);
            return;
        }
        HttpServletRequest request = (HttpServletRequest) req;
        HttpServletResponse response = (HttpServletResponse) res;
        String r = routeOf(request);
        if (r == null || excluded(r, request)) {
            chain.doFilter(req, res);
            return;
        }
        String method = request.getMethod();
        long start = metrics.start(method, r);
        boolean failed = true;
        try {
            chain.doFilter(req, res);
            failed = false;
        } finally {
            if (failed || !request.isAsyncStarted() || !listen(request, response, method, r, start)) {
                metrics.finish(method, r, answeredRoute(request, r), failed ? 500 : response.getStatus(), start);
            }
        }
    }

    /** The route function's answer, or null (not recorded) when it threw: metrics never fail a request. */
    private String routeOf(HttpServletRequest request) {
        try {
            return route.apply(request);
        } catch (RuntimeException badFunction) {
            return null;
        }
    }

    /** The route to record an answered request under: the route attribute when set and bounded, else {@code r}. */
    private String answeredRoute(HttpServletRequest request, String r) {
        if (routeAttribute == null) {
            return r;
        }
        Object late = request.getAttribute(routeAttribute);
        return late instanceof String ? (String) late : r;
    }

    /** Finishes the request when its asynchronous processing completes; false when that cannot be arranged. */
    private boolean listen(HttpServletRequest request, HttpServletResponse response, String method, String r,
            long start) {
        try {
            AsyncContext async = request.getAsyncContext();
            async.addListener(new Completion(this, request, response, method, r, start));
            return true;
        } catch (IllegalStateException alreadyCompleted) {
            return false;
        }
    }

    private boolean excluded(String r, HttpServletRequest request) {
        return metrics.excludes(r) || metrics.excludes(request.getRequestURI(), request.getContextPath().length());
    }

    /** The recorder this filter records through. */
    public HttpRequestMetrics metrics() {
        return metrics;
    }

    /** The request counter (family {@code <prefix>_requests}). */
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

    /** Finishes one asynchronous request once: at completion, with 500 when it timed out or failed. */
    private static final class Completion implements AsyncListener {
        private final MetricsFilter filter;
        private final HttpServletRequest request;
        private final HttpServletResponse response;
        private final String method;
        private final String route;
        private final long start;
        private boolean failed;
        private boolean done;

        Completion(MetricsFilter filter, HttpServletRequest request, HttpServletResponse response, String method,
                String route, long start) {
            this.filter = filter;
            this.request = request;
            this.response = response;
            this.method = method;
            this.route = route;
            this.start = start;
        }

        @Override
        public synchronized void onComplete(AsyncEvent event) {
            if (!done) {
                done = true;
                filter.metrics.finish(method, route, filter.answeredRoute(request, route),
                        failed ? 500 : response.getStatus(), start);
            }
        }

        @Override
        public synchronized void onTimeout(AsyncEvent event) {
            failed = true;
        }

        @Override
        public synchronized void onError(AsyncEvent event) {
            failed = true;
        }

        @Override
        public void onStartAsync(AsyncEvent event) {
            // startAsync again on the same request: keep listening to the new cycle
            event.getAsyncContext().addListener(this);
        }
    }

    /** Builds a {@link MetricsFilter}. Not thread-safe. */
    public static final class Builder extends RequestMetricsBuilder<Builder> {
        private Function<HttpServletRequest, String> route = MetricsFilter::servletMappingRoute;
        private String routeAttribute;

        private Builder() {
        }

        @Override
        protected Builder self() {
            return this;
        }

        /**
         * Sets how a request's {@code route} label is found (default {@link #servletMappingRoute}); it must return
         * values from a bounded set (a route template, not the raw path). A null route, or a function that
         * throws, leaves the request unrecorded (and handled as usual). Called once per request, on the
         * container's thread.
         *
         * @throws IllegalArgumentException when {@code function} is null
         */
        public Builder route(Function<HttpServletRequest, String> function) {
            if (function == null) {
                throw new IllegalArgumentException("route function must not be null");
            }
            this.route = function;
            return this;
        }

        /**
         * Records answered requests under the value of the request attribute {@code name} when the application set
         * it to a String while handling the request (read after the chain, or at async completion), else under the
         * route found before the chain; the in-flight gauge always uses the latter. For frameworks that match a
         * route template inside one servlet: Spring MVC stores its template in {@link #SPRING_MVC_PATTERN}
         * ({@code /orders/{id}}). The attribute must hold a bounded set of values, never the raw path.
         *
         * @throws IllegalArgumentException when {@code name} is null or empty
         */
        public Builder routeAttribute(String name) {
            if (name == null || name.isEmpty()) {
                throw new IllegalArgumentException("route attribute name must not be null or empty, got " + name);
            }
            this.routeAttribute = name;
            return this;
        }

        /**
         * Builds the filter; registers a default recorder's three metrics
         * unless {@linkplain #metrics one} was given.
         *
         * @throws IllegalArgumentException when a metric name is invalid or already registered
         */
        public MetricsFilter build() {
            return new MetricsFilter(this, recorder());
        }
    }
}
