package io.promptly.exposition.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.promptly.core.Counter;
import io.promptly.core.Histogram;
import io.promptly.core.Registry;
import io.promptly.exposition.ExpositionFormat;
import java.io.IOException;
import java.io.OutputStream;
import java.lang.management.ManagementFactory;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Issue 13: a warmed {@link ScrapeEndpoint} streaming bodies far above its hold bound (chunked, gzipped or not,
 * protobuf families replayed behind a counted length) allocates nothing per scrape beyond parsing the request
 * headers — measured with the JVM's per-thread allocation counter, which a control allocation proves is live.
 */
class ScrapeEndpointAllocationTest {
    private static final int HOLD = 4096;
    private static byte[] probe;

    @Test
    void warmedChunkedScrapesAllocateNothingBeyondHeaderParsing() throws IOException {
        Registry registry = new Registry();
        Counter c = Counter.builder("requests").help("Requests.").labelNames("path").register(registry);
        Histogram h = Histogram.builder("latency_seconds").help("Latency.").labelNames("path").register(registry);
        for (int i = 0; i < 2_000; i++) {
            c.labels("/api/item/" + i).inc(i);
            h.labels("/api/item/" + i).observe(i / 1000.0);
        }
        ScrapeEndpoint endpoint = ScrapeEndpoint.builder(registry).holdBytes(HOLD).build();
        com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        for (ExpositionFormat format : ExpositionFormat.values()) {
            for (boolean gzip : new boolean[] {false, true}) {
                FakeExchange exchange = new FakeExchange(format.contentType(), gzip);
                for (int i = 0; i < 50; i++) {
                    endpoint.handle(exchange, exchange);
                }
                int scrapes = 50;
                long before = threads.getCurrentThreadAllocatedBytes();
                for (int i = 0; i < scrapes; i++) {
                    endpoint.handle(exchange, exchange);
                }
                long perScrape = (threads.getCurrentThreadAllocatedBytes() - before) / scrapes;
                assertEquals(ScrapeResponse.UNKNOWN_LENGTH, exchange.length, "streamed, not held");
                assertTrue(exchange.bytes > 50L * HOLD / (gzip ? 20 : 1), format + " body " + exchange.bytes);
                System.out.println("[ScrapeEndpointAllocationTest] " + format + (gzip ? " gzip" : "") + ": "
                        + perScrape + " B allocated per scrape of " + exchange.bytes + " B");
                assertTrue(perScrape < 2048, format + (gzip ? " gzip" : "") + ": " + perScrape + " B per scrape");
            }
        }
        long probeBefore = threads.getCurrentThreadAllocatedBytes();
        probe = new byte[100 * 1024];
        assertTrue(threads.getCurrentThreadAllocatedBytes() - probeBefore >= probe.length, "the counter is live");
    }

    /** A request and a response without a server: headers fixed, body counted and discarded. */
    private static final class FakeExchange extends OutputStream implements ScrapeRequest, ScrapeResponse {
        private final List<String> accept;
        private final List<String> encoding;
        long length;
        long bytes;

        FakeExchange(String accept, boolean gzip) {
            this.accept = List.of(accept);
            this.encoding = gzip ? List.of("gzip") : Collections.emptyList();
        }

        @Override
        public String method() {
            return "GET";
        }

        @Override
        public String rawQuery() {
            return null;
        }

        @Override
        public List<String> headers(String name) {
            return name.equals("Accept") ? accept : name.equals("Accept-Encoding") ? encoding
                    : Collections.emptyList();
        }

        @Override
        public void header(String name, String value) {
            // not kept
        }

        @Override
        public OutputStream start(int status, long contentLength) {
            assertEquals(200, status);
            length = contentLength;
            bytes = 0;
            return this;
        }

        @Override
        public void abort() {
            throw new AssertionError("no scrape here may fail");
        }

        @Override
        public void write(int b) {
            bytes++;
        }

        @Override
        public void write(byte[] b, int off, int len) {
            bytes += len;
        }
    }
}
