package io.promptly.vertx;

import io.promptly.core.Counter;
import io.promptly.core.Gauge;
import io.promptly.core.GaugeHandle;
import io.promptly.core.Histogram;
import io.promptly.core.Registry;
import io.promptly.exposition.http.HttpRequestMetrics;
import io.promptly.exposition.http.RequestMetricsBuilder;
import io.vertx.core.Handler;
import io.vertx.ext.web.Route;
import io.vertx.ext.web.RoutingContext;
import java.util.function.Function;

/**
 * Request instrumentation for a vertx-web {@code Router}, recording through exposition's {@link HttpRequestMetrics}
 * (the same families, labels and buckets as the JDK server's and the servlet filter's): {@code <prefix>_requests_total{method,route,status}},
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
 * reads, one end handler (a lambda) registered with vertx-web and its in-flight holder; no lock beyond the
 * metrics' own.
 */
public final class VertxRequestMetrics implements Handler<RoutingContext> {
    /** Route label of a request no route with a path handled (bounds the label's values). */
    public static final String UNMATCHED = "unmatched";

    private final HttpRequestMetrics metrics;
    private final Function<RoutingContext, String> route;

    private VertxRequestMetrics(Builder b, HttpRequestMetrics metrics) {
        this.metrics = metrics;
        this.route = b.route;
    }

    /** Starts building (registry {@link Registry#DEFAULT}, prefix {@value HttpRequestMetrics#DEFAULT_PREFIX}). */
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
        if (metrics.excludes(ctx.normalizedPath())) {
            ctx.next();
            return;
        }
        String method = HttpRequestMetrics.method(ctx.request().method().name());
        long start = System.nanoTime();
        InFlight active = new InFlight();
        ctx.addEndHandler(ended -> {
            active.end();
            String r = routeOf(ctx);
            if (!metrics.excludes(r)) {
                metrics.completed(method, r, ended.succeeded() ? ctx.response().getStatusCode() : 500, start);
            }
        });
        ctx.next();
        active.begin(metrics.inFlight(), method, routeOf(ctx));
    }

    private String routeOf(RoutingContext ctx) {
        try {
            String r = route.apply(ctx);
            return r == null ? UNMATCHED : r;
        } catch (RuntimeException badFunction) {
            return UNMATCHED;
        }
    }

    /** The recorder this handler records through. */
    public HttpRequestMetrics metrics() {
        return metrics;
    }

    /** The request counter (samples {@code <prefix>_requests_total}). */
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
    public static final class Builder extends RequestMetricsBuilder<Builder> {
        private Function<RoutingContext, String> route = VertxRequestMetrics::routePattern;

        private Builder() {
        }

        @Override
        protected Builder self() {
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
         * Builds the handler; registers a default recorder's three metrics
         * unless {@linkplain #metrics one} was given.
         *
         * @throws IllegalArgumentException when a metric name is invalid or already registered
         */
        public VertxRequestMetrics build() {
            return new VertxRequestMetrics(this, recorder());
        }
    }
}
