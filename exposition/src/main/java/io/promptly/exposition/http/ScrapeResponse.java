package io.promptly.exposition.http;

import java.io.IOException;
import java.io.OutputStream;

/**
 * The parts of an HTTP response a {@link ScrapeEndpoint} writes, adapted by each server it runs in (the JDK
 * {@code MetricsServer}, a servlet container, Vert.x).
 *
 * <p>The contract: {@link #header} only before {@link #start}; {@link #start} once, with the status and either
 * the exact body length or {@link #UNKNOWN_LENGTH} (the adapter then streams, e.g. with chunked transfer
 * encoding, and ends the body properly when the handler returns); a body of length 0 (and every answer to
 * {@code HEAD}) has no body bytes. When a failure happens after {@link #start}, the endpoint calls
 * {@link #abort()} and then throws {@link ScrapeAbortedException}: the adapter must make the client see a failed
 * response — close or reset the connection, never end a chunked body or pretend a short body is complete.
 *
 * <p>Used by one thread during one {@link ScrapeEndpoint#handle} call; need not be thread-safe.
 */
public interface ScrapeResponse {
    /** {@link #start}'s length for a body whose length is not known yet (streamed). */
    long UNKNOWN_LENGTH = -1;

    /**
     * Sets the response header {@code name} to {@code value} (replacing an earlier value); only before
     * {@link #start}.
     */
    void header(String name, String value);

    /**
     * Sends the status line and headers and returns the stream for the body.
     *
     * @param contentLength the body's exact length, 0 for none, or {@link #UNKNOWN_LENGTH}
     * @return where the body goes; the adapter completes it after {@link ScrapeEndpoint#handle} returns
     * @throws IOException when the client is gone
     */
    OutputStream start(int status, long contentLength) throws IOException;

    /**
     * Marks the response as failed after {@link #start}: the adapter must close the connection without ending
     * the body (see the type's contract). Must not throw.
     */
    void abort();
}
