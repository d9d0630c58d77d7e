package io.promptly.exposition.http;

import io.promptly.core.Registry;

/**
 * Where a request-instrumentation adapter's builder ({@link HttpServerMetrics}, the servlet {@code MetricsFilter},
 * the Vert.x {@code VertxRequestMetrics}) gets its {@link HttpRequestMetrics}: a recorder built with
 * {@link HttpRequestMetrics#builder()} (prefix, buckets, excluded paths — set in that one builder, for every
 * adapter) and possibly shared by several servers of one registry (two adapters cannot both register the same
 * families), or, as a shortcut, a default recorder registered in a given registry. Giving both is refused.
 *
 * <p>Not thread-safe: it is part of a builder. No cost after {@link #build()}.
 */
public final class RequestRecorderSource {
    private Registry registry;
    private HttpRequestMetrics recorder;

    /** A source of a default recorder in {@link Registry#DEFAULT}, until told otherwise. */
    public RequestRecorderSource() {
    }

    /**
     * Builds a default recorder (prefix {@value HttpRequestMetrics#DEFAULT_PREFIX}) in {@code registry}.
     *
     * @throws IllegalArgumentException when {@code registry} is null
     */
    public void registry(Registry registry) {
        if (registry == null) {
            throw new IllegalArgumentException("registry must not be null");
        }
        this.registry = registry;
    }

    /**
     * Records through {@code recorder} instead of registering new families.
     *
     * @throws IllegalArgumentException when {@code recorder} is null
     */
    public void use(HttpRequestMetrics recorder) {
        if (recorder == null) {
            throw new IllegalArgumentException("HttpRequestMetrics must not be null");
        }
        this.recorder = recorder;
    }

    /**
     * The given recorder, or a default one built and registered in the given registry.
     *
     * @throws IllegalArgumentException when both a recorder and a registry were given, or the default families
     *                                  are already registered
     */
    public HttpRequestMetrics build() {
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
