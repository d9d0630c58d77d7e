package io.promptly.vertx;

import io.promptly.core.Buckets;
import io.promptly.core.Counter;
import io.promptly.core.Gauge;
import io.promptly.core.GaugeHandle;
import io.promptly.core.Histogram;
import io.promptly.core.Registry;
import io.promptly.exposition.http.HttpServerMetrics;
import io.vertx.core.Handler;
import io.vertx.core.http.HttpMethod;
import io.vertx.ext.web.Route;
import io.vertx.ext.web.RoutingContext;
import java.util.Arrays;
import java.util.HashSet;
import java.util.Set;
import java.util.function.Function;

/**
 * Request instrumentation for a vertx-web {@code Router}, with the families of exposition's
 * {@link HttpServerMetrics} (same names, labels and buckets): {@code <prefix>_requests_total{method,route,status}},
 * {@code <prefix>_request_duration_seconds{method,route}} and {@code <prefix>_requests_in_flight{method,route}}.
 * <pre>{@code
 * router.route().order(-1).handler(VertxRequestMetrics.builder().registry(registry).build());
 * }</pre>
 * Install it as the router's first handler. {@code route} is the matched route's pattern (its
 * {@link Route#getName() name}, which defaults to the path pattern such as {@code /orders/:id}), never the raw
 * path, or what a {@linkplain Builder#route route function} returns; {@value #UNMATCHED} when no route with a
 * path handled the request (e.g. a 404, or a handler that threw: vertx-web clears the current route when it starts
 * failure routing, so such a request is {@value #UNMATCHED} with status 500 unless a failure handler of a named
 * route answers it). Duration is measured to the response's end; a response that never ended
 * (connection closed, failure) counts with status {@code 500}. Requests to an excluded path (default
 * {@code /metrics}) are passed on unrecorded. The in-flight gauge is labelled with the route current once the
 * synchronous part of routing has run (the route that ended the response, unless an asynchronous handler such as
 * a body handler runs before it).
 *
 * <p>Thread-safe: one instance serves every event loop. Per request: three series lookups, two {@code nanoTime}
 * reads and one end handler (a lambda) registered with vertx-web; no lock beyond the metrics' own.
 */
public final class VertxRequestMetrics implements Handler<RoutingContext> {
    /** Route label of a request no route with a path handled (bounds the label's values). */
    public static final String UNMATCHED = "unmatched";

    private static final Set<String> STANDARD_METHODS = new HashSet<>(Arrays.asList(
            "GET", "HEAD", "POST", "PUT", "DELETE", "PATCH", "OPTIONS", "CONNECT", "TRACE"));
    private static final double NANOS_PER_SECOND = 1e9;

    private final RequestFamilies families;
    private final Set<String> excludedPaths;
    private final Function<RoutingContext, String> route;

    private VertxRequestMetrics(Builder b) {
        this.families = new RequestFamilies(b.registry, b.prefix, b.buckets);
        this.excludedPaths = new HashSet<>(b.excludedPaths);
        this.route = b.route;
    }

    /** Starts building (registry {@link Registry#DEFAULT}, prefix {@value HttpServerMetrics#DEFAULT_PREFIX}). */
    public static Builder builder() {
        return new Builder();
    }

    /** The default route function: the current route's name (its path pattern by default), or {@value #UNMATCHED}. */
    public static String routePattern(RoutingContext ctx) {
        Route current = ctx.currentRoute();
        String name = current == null ? null : current.getName();
        return name == null ? UNMATCHED : name;
    }

    @Override
    public void handle(RoutingContext ctx) {
        if (excludedPaths.contains(ctx.normalizedPath())) {
            ctx.next();
            return;
        }
        HttpMethod m = ctx.request().method();
        String method = STANDARD_METHODS.contains(m.name()) ? m.name() : HttpServerMetrics.OTHER_METHOD;
        long start = System.nanoTime();
        InFlight active = new InFlight();
        ctx.addEndHandler(ended -> {
            double seconds = (System.nanoTime() - start) / NANOS_PER_SECOND;
            active.end();
            String r = routeOf(ctx);
            if (excludedPaths.contains(r)) {
                return;
            }
            String status = ended.succeeded() ? Integer.toString(ctx.response().getStatusCode()) : "500";
            families.duration.labels(method, r).observe(seconds);
            families.requests.labels(method, r, status).inc();
        });
        ctx.next();
        active.begin(families.inFlight, method, routeOf(ctx));
    }

    private String routeOf(RoutingContext ctx) {
        try {
            String r = route.apply(ctx);
            return r == null ? UNMATCHED : r;
        } catch (RuntimeException badFunction) {
            return UNMATCHED;
        }
    }

    /** The request counter (samples {@code <prefix>_requests_total}). */
    public Counter requests() {
        return families.requests;
    }

    /** The request duration histogram. */
    public Histogram duration() {
        return families.duration;
    }

    /** The in-flight gauge. */
    public Gauge inFlight() {
        return families.inFlight;
    }

    /** The in-flight series of one request: counted once routing ran, unless the response ended already. */
    private static final class InFlight {
        private GaugeHandle handle;
        private boolean ended;

        void begin(Gauge gauge, String method, String route) {
            if (!ended) {
                handle = gauge.labels(method, route);
                handle.inc();
            }
        }

        void end() {
            ended = true;
            if (handle != null) {
                handle.dec();
                handle = null;
            }
        }
    }

    /** Builds {@link VertxRequestMetrics}. Not thread-safe. */
    public static final class Builder {
        private Registry registry = Registry.DEFAULT;
        private String prefix = HttpServerMetrics.DEFAULT_PREFIX;
        private double[] buckets = Buckets.DEFAULT;
        private Set<String> excludedPaths = new HashSet<>(Arrays.asList("/metrics"));
        private Function<RoutingContext, String> route = VertxRequestMetrics::routePattern;

        private Builder() {
        }

        /**
         * Sets the registry (default {@link Registry#DEFAULT}).
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
         * Sets the metric name prefix (default {@value HttpServerMetrics#DEFAULT_PREFIX}).
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
         * Replaces the excluded paths (default {@code /metrics}), matched against the normalized request path
         * and the route label.
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
         * Sets the route label function (default {@link VertxRequestMetrics#routePattern}); it must return a
         * bounded set of values. A null or a throwing function's result counts as {@value #UNMATCHED}.
         *
         * @throws IllegalArgumentException when {@code function} is null
         */
        public Builder route(Function<RoutingContext, String> function) {
            if (function == null) {
                throw new IllegalArgumentException("route function must not be null");
            }
            this.route = function;
            return this;
        }

        /**
         * Builds the handler and registers its three metrics.
         *
         * @throws IllegalArgumentException when a metric name is invalid or already registered
         */
        public VertxRequestMetrics build() {
            return new VertxRequestMetrics(this);
        }
    }
}
