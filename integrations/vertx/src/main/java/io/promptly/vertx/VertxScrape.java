package io.promptly.vertx;

import io.promptly.exposition.http.ScrapeRequest;
import io.promptly.exposition.http.ScrapeResponse;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import java.io.IOException;
import java.io.OutputStream;
import java.util.List;

/**
 * Adapts a Vert.x request/response to {@link ScrapeRequest}/{@link ScrapeResponse} for a scrape running on a
 * worker thread. A known length is sent with {@code Content-Length} in one {@code end(buffer)}; an unknown one
 * chunked, piece by piece, the worker waiting while the response's write queue is full (back-pressure, woken by
 * the drain handler or the connection's close). Abort resets the stream (HTTP/2) or closes the connection
 * (HTTP/1.x), so the client never sees a complete-looking truncated body.
 *
 * <p>Not thread-safe beyond its contract: written by one worker thread; {@link #handle} (drain) and
 * {@link #closed()} are called from the event loop. Cost: one copy of the body into Vert.x buffers (Vert.x writes
 * asynchronously, and the endpoint reuses its render buffer).
 */
final class VertxScrape extends OutputStream implements ScrapeRequest, ScrapeResponse, io.vertx.core.Handler<Void> {
    /** How long a writer waits for a full write queue to drain before giving the client up. */
    private static final long DRAIN_TIMEOUT_NANOS = 30_000_000_000L;

    private final HttpServerRequest request;
    private final HttpServerResponse response;
    private final boolean head;
    private Buffer held;
    private boolean started;
    private boolean streaming;
    private volatile boolean closed;
    private volatile boolean aborted;

    VertxScrape(HttpServerRequest request) {
        this.request = request;
        this.response = request.response();
        this.head = "HEAD".equals(request.method().name());
    }

    @Override
    public String method() {
        return request.method().name();
    }

    @Override
    public String rawQuery() {
        return request.query();
    }

    @Override
    public List<String> headers(String name) {
        return request.headers().getAll(name);
    }

    @Override
    public void header(String name, String value) {
        response.putHeader(name, value);
    }

    @Override
    public OutputStream start(int status, long contentLength) throws IOException {
        checkOpen();
        started = true;
        response.setStatusCode(status);
        if (head || contentLength == 0) {
            return this;
        }
        if (contentLength > 0) {
            response.putHeader("Content-Length", Long.toString(contentLength));
            held = Buffer.buffer((int) contentLength);
        } else {
            streaming = true;
            response.setChunked(true);
            response.drainHandler(this);
        }
        return this;
    }

    @Override
    public void write(int b) throws IOException {
        write(new byte[] {(byte) b}, 0, 1);
    }

    @Override
    public void write(byte[] b, int off, int len) throws IOException {
        checkOpen();
        if (held != null) {
            held.appendBytes(b, off, len);
            return;
        }
        if (!streaming || len == 0) {
            return;
        }
        try {
            response.write(Buffer.buffer(len).appendBytes(b, off, len));
        } catch (RuntimeException gone) {
            throw new IOException("the client went away mid-scrape", gone);
        }
        awaitDrain();
    }

    private void awaitDrain() throws IOException {
        long deadline = System.nanoTime() + DRAIN_TIMEOUT_NANOS;
        synchronized (this) {
            while (!closed && response.writeQueueFull()) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    throw new IOException("the client read nothing for 30 s");
                }
                try {
                    wait(Math.min(left / 1_000_000 + 1, 100));
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new IOException("interrupted while waiting for the client", e);
                }
            }
        }
        checkOpen();
    }

    private void checkOpen() throws IOException {
        if (closed || response.closed()) {
            throw new IOException("the client went away");
        }
    }

    /** The drain handler: wakes the writer. */
    @Override
    public void handle(Void ignored) {
        synchronized (this) {
            notifyAll();
        }
    }

    /** The connection closed (or the response failed) before the end: wakes the writer, which then gives up. */
    void closed() {
        closed = true;
        handle(null);
    }

    @Override
    public void abort() {
        aborted = true;
        try {
            response.reset();
        } catch (RuntimeException ignored) {
            // already closed: nothing more to do
        }
    }

    /** Ends the response after the endpoint returned normally. */
    void finish() {
        if (aborted || response.ended() || response.closed()) {
            return;
        }
        if (!started) {
            response.setStatusCode(500).end();
        } else if (held != null) {
            response.end(held);
        } else {
            response.end();
        }
    }

    /** Gives up the response after the endpoint threw: a started one is reset, an unstarted one gets 500. */
    void fail() {
        if (response.ended() || response.closed()) {
            return;
        }
        if (started) {
            abort();
        } else {
            response.setStatusCode(500).putHeader("Content-Type", "text/plain; charset=utf-8")
                    .end("Collecting metrics failed\n");
        }
    }
}
