package io.promptly.exposition.http;

import io.promptly.core.Buckets;
import io.promptly.core.Counter;
import io.promptly.core.Gauge;
import io.promptly.core.GaugeHandle;
import io.promptly.core.Histogram;
import io.promptly.core.Registry;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The request families of an instrumented HTTP server, independent of the server:
 * {@code <prefix>_requests_total{method, route, status}}, {@code <prefix>_request_duration_seconds{method, route}}
 * (a histogram) and {@code <prefix>_requests_in_flight{method, route}}. {@link HttpServerMetrics} (the JDK server's
 * filter) and the servlet and Vert.x integrations record through it, so that every server exposes the same names,
 * labels and buckets. A request is {@link #start started} when it arrives and {@link #finish finished} once, with
 * its status, when it is answered (or failed):
 *
 * <pre>{@code
 * long started = metrics.start(method, route);
 * ... handle ...
 * metrics.finish(method, route, status, started);
 * }</pre>
 *
 * {@code method} is reduced to the standard methods or {@value #OTHER_METHOD} (bounding the label); {@code route}
 * must come from a bounded set (a route template, never the raw path).
 *
 * <p>Thread-safe. Cost per request: two lookups of the route in a map of bound series (created once per method,
 * route and status; no label-value hashing, no varargs array), two {@code nanoTime} reads; no allocation once a
 * (method, route, status) was seen, no lock beyond the metrics' own. Past 4,096 routes (a route function that
 * returns raw paths) requests are recorded through per-call label lookups. Recording never fails a request: one
 * whose series would take a metric past its {@linkplain Builder#maxSeries series limit} is not recorded in that
 * metric (the limit protects the registry), and the request goes on as usual.
 */
public final class HttpRequestMetrics {
    /** Default metric name prefix. */
    public static final String DEFAULT_PREFIX = "http";
    /** Method label value for a method outside the standard ones (bounds the label's values). */
    public static final String OTHER_METHOD = "OTHER";

    private static final String[] METHODS = {
        "GET", "HEAD", "POST", "PUT", "DELETE", "PATCH", "OPTIONS", "CONNECT", "TRACE", OTHER_METHOD};
    /** Routes past this many are recorded through per-call lookups (a route function returning raw paths). */
    private static final int MAX_CACHED_ROUTES = 4096;
    private static final double NANOS_PER_SECOND = 1e9;
    private static final String[] STATUS = new String[1000];

    static {
        for (int i = 100; i < STATUS.length; i++) {
            STATUS[i] = Integer.toString(i);
        }
    }

    private final Counter requests;
    private final Histogram duration;
    private final Gauge inFlight;
    private final String[] excludedPaths;
    /** Route to its series per method index ({@link #methodIndex}); bounded by {@link #MAX_CACHED_ROUTES}. */
    private final ConcurrentHashMap<String, RouteSeries[]> byRoute = new ConcurrentHashMap<>();

    private HttpRequestMetrics(Builder b) {
        String p = b.prefix;
        this.excludedPaths = b.excludedPaths.toArray(new String[0]);
        this.requests = Counter.builder(p + "_requests_total").help("HTTP requests answered.")
                .labelNames("method", "route", "status").maxSeries(b.maxSeries).register(b.registry);
        this.duration = Histogram.builder(p + "_request_duration_seconds").unit("seconds")
                .help("Time spent handling HTTP requests, in seconds.").labelNames("method", "route")
                .buckets(b.buckets).maxSeries(b.maxSeries).register(b.registry);
        this.inFlight = Gauge.builder(p + "_requests_in_flight").help("HTTP requests being handled.")
                .labelNames("method", "route").maxSeries(b.maxSeries).register(b.registry);
    }

    /** The route, checked: null is a caller's bug (the adapters never pass it). */
    private static String checkRoute(String route) {
        if (route == null) {
            throw new IllegalArgumentException("route must not be null (a bounded value such as a route template)");
        }
        return route;
    }

    /** Starts building (registry {@link Registry#DEFAULT}, prefix {@value #DEFAULT_PREFIX}). */
    public static Builder builder() {
        return new Builder();
    }

    /** The method label value for {@code requestMethod}: itself when standard, else {@value #OTHER_METHOD}. */
    public static String method(String requestMethod) {
        return METHODS[methodIndex(requestMethod)];
    }

    private static int methodIndex(String requestMethod) {
        if (requestMethod == null) {
            return METHODS.length - 1;
        }
        switch (requestMethod) {
            case "GET": return 0;
            case "HEAD": return 1;
            case "POST": return 2;
            case "PUT": return 3;
            case "DELETE": return 4;
            case "PATCH": return 5;
            case "OPTIONS": return 6;
            case "CONNECT": return 7;
            case "TRACE": return 8;
            default: return METHODS.length - 1;
        }
    }

    /**
     * The bound series of (method, route), created on first use; null past {@link #MAX_CACHED_ROUTES} routes or when
     * a series would be past its metric's limit (then looked up per call). Never throws.
     */
    private RouteSeries series(int method, String route) {
        RouteSeries[] perMethod = byRoute.get(route);
        if (perMethod == null) {
            if (byRoute.size() >= MAX_CACHED_ROUTES) {
                return null;
            }
            perMethod = byRoute.computeIfAbsent(route, r -> new RouteSeries[METHODS.length]);
        }
        RouteSeries s = perMethod[method];
        if (s == null) {
            s = bind(perMethod, method, route);
        }
        return s;
    }

    /**
     * Binds the series of (method, route); null when one of them would be past its metric's limit (the caller then
     * looks each one up per call, and records what has room).
     */
    private RouteSeries bind(RouteSeries[] perMethod, int method, String route) {
        String m = METHODS[method];
        RouteSeries created;
        try {
            created = new RouteSeries(inFlight.labels(m, route), duration.labels(m, route), requests, m, route);
        } catch (IllegalArgumentException seriesLimit) {
            return null;
        }
        synchronized (perMethod) {
            if (perMethod[method] == null) {
                perMethod[method] = created; // RouteSeries' fields are final: safe to read through a race
            }
            return perMethod[method];
        }
    }

    /**
     * Records that a request arrived: increments the in-flight gauge.
     *
     * @param requestMethod the request's method (reduced by {@link #method})
     * @param route         the request's route (a bounded value)
     * @return the start time to pass to {@link #finish}
     */
    public long start(String requestMethod, String route) {
        int method = methodIndex(requestMethod);
        checkRoute(route);
        moveInFlight(series(method, route), method, route, 1);
        return System.nanoTime();
    }

    /**
     * Records that the request {@link #start started} at {@code startNanos} was answered with {@code status}:
     * observes the duration, counts the request, then decrements the in-flight gauge (so a scrape that sees the
     * gauge back where it was also sees the request counted). Call once per start, with the same method and route.
     *
     * @param status the response status; a value outside 100..999 (e.g. -1, nothing answered) counts as
     *               {@code 500}
     */
    public void finish(String requestMethod, String route, int status, long startNanos) {
        long now = System.nanoTime();
        int method = methodIndex(requestMethod);
        checkRoute(route);
        RouteSeries s = series(method, route);
        answeredIfRoom(s, method, route, status, now - startNanos);
        moveInFlight(s, method, route, -1);
    }

    /** {@link #answered}, unless a series it needs is past its metric's limit (then not recorded). */
    private void answeredIfRoom(RouteSeries s, int method, String route, int status, long elapsedNanos) {
        try {
            answered(s, method, route, status, elapsedNanos);
        } catch (IllegalArgumentException seriesLimit) {
            // a status counter or a looked-up series past its limit: this sample is dropped, the rest stands
        }
    }

    /**
     * Moves the in-flight series of (method, route), bound ({@code s}) or looked up, up ({@code direction} 1) or
     * down (-1), unless it is past its metric's limit: then neither the start nor the finish of the request counts
     * it, and the gauge stays balanced.
     */
    private void moveInFlight(RouteSeries s, int method, String route, int direction) {
        try {
            GaugeHandle g = s != null ? s.inFlight : inFlight.labels(METHODS[method], route);
            if (direction > 0) {
                g.inc();
            } else {
                g.dec();
            }
        } catch (IllegalArgumentException seriesLimit) {
            // the series would be past the gauge's limit: not recorded
        }
    }

    /**
     * As {@link #finish(String, String, int, long)} for a request whose route became known while it was handled
     * (e.g. a framework's matched route template): the in-flight series of {@code startRoute} (the one passed to
     * {@link #start}) is decremented after the duration and count are recorded under {@code route}.
     */
    public void finish(String requestMethod, String startRoute, String route, int status, long startNanos) {
        if (checkRoute(startRoute).equals(route)) {
            finish(requestMethod, route, status, startNanos);
            return;
        }
        long now = System.nanoTime();
        int method = methodIndex(requestMethod);
        checkRoute(route);
        answeredIfRoom(series(method, route), method, route, status, now - startNanos);
        moveInFlight(series(method, startRoute), method, startRoute, -1);
    }

    /**
     * Records an answered request without touching the in-flight gauge: observes the duration since
     * {@code startNanos} and counts the request. For servers that learn the route only after the request started
     * (e.g. a router that matches it while handling), which keep the in-flight series themselves through
     * {@link #inFlight()} with the labels {@link #method}{@code (requestMethod)} and the route.
     *
     * @param startNanos a {@link System#nanoTime()} reading taken when the request arrived
     * @param status     the response status; a value outside 100..999 counts as {@code 500}
     */
    public void completed(String requestMethod, String route, int status, long startNanos) {
        long now = System.nanoTime();
        int method = methodIndex(requestMethod);
        checkRoute(route);
        answeredIfRoom(series(method, route), method, route, status, now - startNanos);
    }

    private void answered(RouteSeries s, int method, String route, int status, long elapsedNanos) {
        int code = status >= 100 && status < STATUS.length ? status : 500;
        double seconds = elapsedNanos / NANOS_PER_SECOND;
        if (s != null) {
            s.duration.observe(seconds);
            s.requests(code, STATUS[code]).inc();
        } else {
            duration.labels(METHODS[method], route).observe(seconds);
            requests.labels(METHODS[method], route, STATUS[code]).inc();
        }
    }

    /**
     * Whether requests to {@code pathOrRoute} are left unrecorded ({@link Builder#excludePaths}; default
     * {@value MetricsServer#DEFAULT_PATH}). Adapters call it with the route and with the request path.
     */
    public boolean excludes(String pathOrRoute) {
        for (String p : excludedPaths) {
            if (p.equals(pathOrRoute)) {
                return true;
            }
        }
        return false;
    }

    /**
     * Whether the part of {@code path} from index {@code from} on (e.g. the path within a servlet context) is an
     * excluded path; compares in place, without a substring.
     */
    public boolean excludes(String path, int from) {
        for (String p : excludedPaths) {
            if (path.length() == from + p.length() && path.startsWith(p, from)) {
                return true;
            }
        }
        return false;
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

    /** Builds {@link HttpRequestMetrics}. Not thread-safe. */
    public static final class Builder {
        private Registry registry = Registry.DEFAULT;
        private String prefix = DEFAULT_PREFIX;
        private double[] buckets = Buckets.DEFAULT;
        private Set<String> excludedPaths = new LinkedHashSet<>(Arrays.asList(MetricsServer.DEFAULT_PATH));
        private int maxSeries = io.promptly.core.Metric.DEFAULT_MAX_SERIES;

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

        /**
         * Sets each of the three metrics' series limit (default {@value io.promptly.core.Metric#DEFAULT_MAX_SERIES}):
         * a request whose (method, route[, status]) would be a series past it is not recorded in that metric, and is
         * handled as usual. Bounds what a route function returning raw paths can cost.
         *
         * @throws IllegalArgumentException when {@code maxSeries} is below 1
         */
        public Builder maxSeries(int maxSeries) {
            if (maxSeries < 1) {
                throw new IllegalArgumentException("maxSeries must be ≥ 1, got " + maxSeries);
            }
            this.maxSeries = maxSeries;
            return this;
        }

        /** Sets the duration histogram's bucket upper bounds in seconds (default {@link Buckets#DEFAULT}). */
        public Builder buckets(double... upperBounds) {
            this.buckets = upperBounds;
            return this;
        }

        /**
         * Replaces the excluded paths (default {@value MetricsServer#DEFAULT_PATH}): requests whose route or path
         * is one of them are not recorded by the adapters (see {@link #excludes}).
         *
         * @throws IllegalArgumentException when {@code paths} or an element is null
         */
        public Builder excludePaths(String... paths) {
            if (paths == null) {
                throw new IllegalArgumentException("excluded paths must not be null");
            }
            Set<String> set = new LinkedHashSet<>();
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
         * Registers the three metrics and returns the recorder.
         *
         * @throws IllegalArgumentException when a metric name is invalid or already registered
         */
        public HttpRequestMetrics build() {
            return new HttpRequestMetrics(this);
        }
    }
}
