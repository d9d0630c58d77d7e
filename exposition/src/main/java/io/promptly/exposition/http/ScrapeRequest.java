package io.promptly.exposition.http;

import java.util.List;

/**
 * The parts of an HTTP request a {@link ScrapeEndpoint} reads, so that one endpoint serves the JDK
 * {@code MetricsServer}, a Jakarta servlet container or Vert.x alike: each adapts its own request type.
 *
 * <p>Implementations are used by one thread during one {@link ScrapeEndpoint#handle} call; they need not be
 * thread-safe. Cost: whatever the framework's own accessors cost (the endpoint reads two or three headers).
 */
public interface ScrapeRequest {
    /** The request method, e.g. {@code GET}, as sent (methods are case-sensitive). */
    String method();

    /** The raw (still percent-encoded) query string without {@code ?}, or null when there is none. */
    String rawQuery();

    /**
     * Every value of the header {@code name} (matched case-insensitively), in order; empty when absent.
     *
     * @param name a header name such as {@code Accept}
     */
    List<String> headers(String name);
}
