package io.promptly.exposition.http;

import io.promptly.core.Registry;

/**
 * The part every request-instrumentation adapter's builder shares ({@link HttpServerMetrics}, the servlet
 * {@code MetricsFilter}, the Vert.x {@code VertxRequestMetrics}): which {@link HttpRequestMetrics} it records
 * through — one built with {@link HttpRequestMetrics#builder()} (prefix, buckets, excluded paths: set in that one
 * builder for every adapter), possibly shared by several servers of one registry (two adapters cannot both
 * register the same families), or, as a shortcut, a default one registered in a given registry. Giving both is
 * refused.
 *
 * <p>Not thread-safe (a builder). No cost after {@link #recorder()}.
 *
 * @param <B> the adapter's builder, returned by the setters for chaining
 */
public abstract class RequestMetricsBuilder<B extends RequestMetricsBuilder<B>> {
    private Registry registry;
    private HttpRequestMetrics recorder;

    /** For the adapters' builders. */
    protected RequestMetricsBuilder() {
    }

    /** This builder, as its own type. */
    protected abstract B self();

    /**
     * Records through a default {@link HttpRequestMetrics} registered in {@code registry} (default
     * {@link Registry#DEFAULT}); for another prefix, buckets or excluded paths, pass a recorder to
     * {@link #metrics} instead.
     *
     * @throws IllegalArgumentException when {@code registry} is null
     */
    public final B registry(Registry registry) {
        if (registry == null) {
            throw new IllegalArgumentException("registry must not be null");
        }
        this.registry = registry;
        return self();
    }

    /**
     * Records through {@code metrics} (built with {@link HttpRequestMetrics#builder()}: registry, prefix, buckets,
     * excluded paths; it may be shared with other servers of the same registry) instead of a default one.
     *
     * @throws IllegalArgumentException when {@code metrics} is null
     */
    public final B metrics(HttpRequestMetrics metrics) {
        if (metrics == null) {
            throw new IllegalArgumentException("HttpRequestMetrics must not be null");
        }
        this.recorder = metrics;
        return self();
    }

    /**
     * The given recorder, or a default one built and registered in the given registry; for the adapter's
     * {@code build()}.
     *
     * @throws IllegalArgumentException when both a recorder and a registry were given, or the default families
     *                                  are already registered
     */
    protected final HttpRequestMetrics recorder() {
        if (recorder == null) {
            return HttpRequestMetrics.builder().registry(registry == null ? Registry.DEFAULT : registry).build();
        }
        if (registry != null) {
            throw new IllegalArgumentException("give either an HttpRequestMetrics (metrics(..): its builder sets the"
                    + " registry, prefix, buckets and excluded paths) or a registry for a default one, not both");
        }
        return recorder;
    }
}
