package io.promptly.exposition.http;

import io.promptly.exposition.ScrapeRenderer;
import java.io.IOException;
import java.io.OutputStream;

/**
 * One admission slot of a {@link ScrapeEndpoint}: the renderer, the gzip encoder and the streamed-body adapter a
 * scrape in flight uses, reused by the scrape after it. The renderer's buffer is created at the slot's first
 * scrape and grows up to the endpoint's hold bytes (plus one protobuf family while it is pinned).
 *
 * <p>Not thread-safe: owned by one scrape at a time (the endpoint's queue hands it out). The gzip encoder's native
 * memory lives as long as the slot (the endpoint's lifetime).
 */
final class ScrapeSession {
    final ScrapeRenderer renderer;
    private final GzipEncoder gzip = new GzipEncoder(16 * 1024);
    private final StreamedBody body = new StreamedBody();

    ScrapeSession(int holdBytes, boolean openMetricsCreated) {
        this.renderer = new ScrapeRenderer(Math.min(holdBytes, 64 * 1024));
        renderer.openMetricsCreated(openMetricsCreated);
    }

    /** The body stream for one scrape: commits {@code response} to an unknown length at its first write. */
    StreamedBody body(ScrapeResponse response, boolean gzipped) {
        body.reset(response, gzipped);
        return body;
    }

    /** Sends the renderer's held body with its length (gzipped whole first when asked). */
    void sendHeld(ScrapeResponse response, boolean gzipped) throws IOException {
        byte[] bytes = renderer.array();
        int length = renderer.length();
        if (gzipped) {
            gzip.encode(bytes, 0, length);
            bytes = gzip.array();
            length = gzip.length();
            response.header("Content-Encoding", "gzip");
        }
        OutputStream out = response.start(200, length);
        if (length > 0) {
            out.write(bytes, 0, length);
        }
    }

    /**
     * The stream a streaming render writes to: at the first write it sends the headers with an unknown length
     * (and starts a gzip member when asked), then passes every piece on (compressed). Counts the uncompressed
     * bytes.
     */
    final class StreamedBody extends OutputStream {
        private ScrapeResponse response;
        private boolean gzipped;
        private OutputStream sink;
        private long bytesIn;

        void reset(ScrapeResponse target, boolean gzip) {
            this.response = target;
            this.gzipped = gzip;
            this.sink = null;
            this.bytesIn = 0;
        }

        boolean started() {
            return sink != null;
        }

        long bytesIn() {
            return bytesIn;
        }

        @Override
        public void write(int b) throws IOException {
            throw new UnsupportedOperationException("the renderer writes whole pieces");
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            if (sink == null) {
                if (gzipped) {
                    response.header("Content-Encoding", "gzip");
                }
                sink = response.start(200, ScrapeResponse.UNKNOWN_LENGTH);
                if (gzipped) {
                    gzip.begin(sink);
                }
            }
            bytesIn += len;
            if (gzipped) {
                gzip.write(b, off, len);
            } else {
                sink.write(b, off, len);
            }
        }

        /** Ends a streamed body (the gzip trailer); the adapter ends the response itself. */
        void finish() throws IOException {
            if (sink != null && gzipped) {
                gzip.finish();
            }
            response = null;
            sink = null;
        }

        /** Forgets the response after a failure (nothing more is written). */
        void abandon() {
            response = null;
            sink = null;
        }
    }
}
