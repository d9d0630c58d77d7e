package io.promptly.exposition.http;

/**
 * Where a request-instrumentation adapter's builder ({@link HttpServerMetrics}, the servlet {@code MetricsFilter},
 * the Vert.x {@code VertxRequestMetrics}) gets its {@link HttpRequestMetrics}: either built from the settings the
 * adapter's builder forwards (registry, prefix, buckets, excluded paths — validated once, in
 * {@link HttpRequestMetrics.Builder}), or an already built recorder {@linkplain #use shared} with other servers
 * of the same registry (two adapters cannot both register the same families). Giving both is refused.
 *
 * <p>Not thread-safe: it is part of a builder. No cost after {@link #build()}.
 */
public final class RequestRecorderSource {
    private final HttpRequestMetrics.Builder settings = HttpRequestMetrics.builder();
    private boolean configured;
    private HttpRequestMetrics shared;

    /** A source with default settings and no shared recorder. */
    public RequestRecorderSource() {
    }

    /** The settings of the recorder to build; using them excludes {@link #use}. */
    public HttpRequestMetrics.Builder settings() {
        configured = true;
        return settings;
    }

    /**
     * Records through {@code recorder} instead of registering new families.
     *
     * @throws IllegalArgumentException when {@code recorder} is null
     */
    public void use(HttpRequestMetrics recorder) {
        if (recorder == null) {
            throw new IllegalArgumentException("shared HttpRequestMetrics must not be null");
        }
        this.shared = recorder;
    }

    /**
     * The shared recorder, or a new one built (and registered) from the settings.
     *
     * @throws IllegalArgumentException when both a shared recorder and settings were given, or a metric name is
     *                                  invalid or already registered
     */
    public HttpRequestMetrics build() {
        if (shared == null) {
            return settings.build();
        }
        if (configured) {
            throw new IllegalArgumentException("give either a shared HttpRequestMetrics (metrics(..)) or the settings"
                    + " of a new one (registry, prefix, buckets, excludePaths), not both");
        }
        return shared;
    }
}
