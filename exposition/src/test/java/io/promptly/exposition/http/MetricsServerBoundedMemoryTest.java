package io.promptly.exposition.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.prometheus.client.Metrics;
import io.promptly.exposition.Sample;
import io.promptly.exposition.TextFormatParser;
import java.io.BufferedReader;
import java.io.ByteArrayInputStream;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Issue 13's acceptance test: a server in a forked JVM whose heap ({@value #HEAP}) cannot hold eight copies of
 * its body (a text body well over 50 times the hold bound), scraped by eight parallel clients at once in text,
 * OpenMetrics and protobuf, gzipped or not. Every client must get either a complete body — a chunked or
 * length-delimited HTTP body decoded strictly ({@link RawHttp}), then every sample parsed by the test's own
 * text parser or by protobuf-java, and all 1,000 × 202 histogram samples present — or a clean failure (503 or
 * a closed connection); never a truncated body that looks complete. The child runs with
 * {@code -XX:+ExitOnOutOfMemoryError}, so a single OOM anywhere kills it and the healthy scrape afterwards fails.
 */
@Tag("hostile")
class MetricsServerBoundedMemoryTest {
    private static final String HEAP = "-Xmx40m";
    private static final int HEAP_BYTES = 40 << 20;
    private static final int CLIENTS = 8;
    private static final int ROUNDS = 3;
    private static final int HISTOGRAM_SAMPLES = BoundedMemoryServerMain.SERIES * (BoundedMemoryServerMain.BUCKETS + 3);

    private static Process child;
    private static int port;

    @BeforeAll
    static void fork() throws IOException {
        String classPath = System.getProperty("java.class.path");
        String modulePath = System.getProperty("jdk.module.path");
        if (modulePath != null && !modulePath.isEmpty()) {
            classPath = classPath + File.pathSeparator + modulePath;
        }
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        child = new ProcessBuilder(java.toString(), HEAP, "-XX:+ExitOnOutOfMemoryError", "-cp", classPath,
                BoundedMemoryServerMain.class.getName()).redirectError(ProcessBuilder.Redirect.INHERIT).start();
        BufferedReader out = new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8));
        String line = out.readLine();
        assertTrue(line != null && line.startsWith("PORT "), "child said " + line);
        port = Integer.parseInt(line.substring(5));
    }

    @AfterAll
    static void stop() throws Exception {
        if (child == null) {
            return;
        }
        child.getOutputStream().close();
        BufferedReader out = new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8));
        for (String line = out.readLine(); line != null; line = out.readLine()) {
            System.out.println("[MetricsServerBoundedMemoryTest] child " + line + " (heap limit " + HEAP_BYTES + ")");
        }
        if (!child.waitFor(20, TimeUnit.SECONDS)) {
            child.destroyForcibly();
        }
    }

    @Test
    void eightParallelScrapesOfAHugeBodyEachGetACompleteBodyOrACleanFailure() throws Exception {
        int textBody = scrape("text/plain", false).body.length;
        assertTrue(textBody >= 50 * BoundedMemoryServerMain.HOLD_BYTES, "body " + textBody + " B is >= 50 x the bound");
        assertTrue(8L * textBody > HEAP_BYTES, "eight bodies (" + 8L * textBody + " B) do not fit the heap");

        String[][] asks = {
            {"text/plain;version=0.0.4", "gzip"}, {"application/openmetrics-text;version=1.0.0", ""},
            {"application/vnd.google.protobuf;proto=io.prometheus.client;encoding=delimited", "gzip"},
            {"text/plain;version=0.0.4", ""}, {"application/openmetrics-text;version=1.0.0", "gzip"},
            {"application/vnd.google.protobuf;proto=io.prometheus.client;encoding=delimited", ""},
            {"text/plain;version=0.0.4", "gzip"}, {"*/*", ""},
        };
        AtomicInteger complete = new AtomicInteger();
        AtomicInteger cleanFailures = new AtomicInteger();
        List<Throwable> wrong = Collections.synchronizedList(new ArrayList<>());
        for (int round = 0; round < ROUNDS; round++) {
            CountDownLatch go = new CountDownLatch(1);
            List<Thread> threads = new ArrayList<>();
            for (int c = 0; c < CLIENTS; c++) {
                String[] ask = asks[c];
                Thread t = new Thread(() -> {
                    try {
                        go.await();
                        RawHttp.Response r;
                        try {
                            r = scrape(ask[0], !ask[1].isEmpty());
                        } catch (IOException closedOrTruncated) {
                            cleanFailures.incrementAndGet(); // a failed scrape, as the client sees it
                            return;
                        }
                        if (r.status == 503) {
                            assertTrue(r.headers.containsKey("retry-after"), "503 carries Retry-After");
                            cleanFailures.incrementAndGet();
                            return;
                        }
                        assertEquals(200, r.status);
                        checkComplete(r);
                        complete.incrementAndGet();
                    } catch (Throwable e) {
                        wrong.add(e);
                    }
                });
                threads.add(t);
                t.start();
            }
            go.countDown();
            for (Thread t : threads) {
                t.join(120_000);
            }
        }
        assertTrue(wrong.isEmpty(), "wrong answers: " + wrong);
        System.out.println("[MetricsServerBoundedMemoryTest] body " + textBody + " B; " + complete + " complete, "
                + cleanFailures + " clean failures of " + CLIENTS * ROUNDS);
        assertTrue(complete.get() >= ROUNDS, "at least the admitted scrapes complete");
        RawHttp.Response healthy = scrape("text/plain", false);
        assertEquals(200, healthy.status, "the server still answers");
        checkComplete(healthy);
    }

    private static RawHttp.Response scrape(String accept, boolean gzip) throws IOException {
        try (RawHttp http = new RawHttp(port)) {
            http.timeoutMillis(60_000);
            http.sendRaw(("GET /metrics HTTP/1.1\r\nHost: 127.0.0.1\r\nAccept: " + accept + "\r\n"
                    + (gzip ? "Accept-Encoding: gzip\r\n" : "") + "\r\n").getBytes(StandardCharsets.US_ASCII));
            RawHttp.Response r = http.read();
            if (r == null) {
                throw new IOException("connection closed before the status line");
            }
            return r;
        }
    }

    /** Decodes (gunzip), parses with an independent parser and counts every sample of the big family. */
    private static void checkComplete(RawHttp.Response r) throws IOException {
        byte[] body = r.body;
        if ("gzip".equals(r.headers.get("content-encoding"))) {
            try (InputStream in = new GZIPInputStream(new ByteArrayInputStream(body))) {
                body = in.readAllBytes(); // a truncated member or a bad CRC throws
            }
        }
        String type = r.headers.getOrDefault("content-type", "");
        if (type.startsWith("application/vnd.google.protobuf")) {
            int histograms = 0;
            boolean last = false;
            ByteArrayInputStream in = new ByteArrayInputStream(body);
            for (Metrics.MetricFamily f = Metrics.MetricFamily.parseDelimitedFrom(in); f != null;
                    f = Metrics.MetricFamily.parseDelimitedFrom(in)) {
                if (f.getName().equals("wide_histogram_seconds")) {
                    for (Metrics.Metric m : f.getMetricList()) {
                        assertEquals(20, m.getHistogram().getSampleCount());
                        assertEquals(BoundedMemoryServerMain.BUCKETS, m.getHistogram().getBucketCount());
                        histograms++;
                    }
                }
                last |= f.getName().equals("after_the_big_one_total");
            }
            assertEquals(BoundedMemoryServerMain.SERIES, histograms);
            assertTrue(last, "the family after the big one is there");
            return;
        }
        String text = new String(body, StandardCharsets.UTF_8);
        if (type.startsWith("application/openmetrics-text")) {
            assertTrue(text.endsWith("# EOF\n"), "OpenMetrics ends with # EOF");
            text = text.substring(0, text.length() - "# EOF\n".length());
        }
        int histogramSamples = 0;
        boolean last = false;
        for (Sample s : TextFormatParser.parse(text)) {
            histogramSamples += s.name().startsWith("wide_histogram_seconds") ? 1 : 0;
            last |= s.name().equals("after_the_big_one_total") && s.value() == 42;
        }
        assertEquals(HISTOGRAM_SAMPLES, histogramSamples);
        assertTrue(last, "the family after the big one is there");
    }
}
