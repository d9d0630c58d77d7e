package io.promptly.exposition.http;

import java.io.IOException;

/**
 * Thrown by {@link ScrapeEndpoint#handle} when a scrape failed after its response had started (a collectable
 * threw, the JVM ran out of memory, the client vanished): {@link ScrapeResponse#abort()} was called, and the
 * adapter must let this propagate (or close the connection) so that the client sees a failed scrape rather
 * than a complete-looking body. The cause says what failed. Immutable.
 */
public final class ScrapeAbortedException extends IOException {
    private static final long serialVersionUID = 1L;

    /** Creates an exception for a scrape that failed after its response started because of {@code cause}. */
    public ScrapeAbortedException(String message, Throwable cause) {
        super(message, cause);
    }
}
