package io.promptly.exposition.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.promptly.core.Collectable;
import io.promptly.core.Counter;
import io.promptly.core.MetricMetadata;
import io.promptly.core.MetricSink;
import io.promptly.core.MetricType;
import io.promptly.core.Registry;
import io.promptly.exposition.Sample;
import io.promptly.exposition.TextFormatParser;
import java.io.IOException;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Issue 13's fault isolation, judged by what a strict HTTP client sees ({@link RawHttp}: chunked framing and
 * lengths checked) and by the self-metrics parsed from a later scrape: a collectable that throws an
 * {@code Error} or a {@code RuntimeException} after the response started ends that scrape with a closed
 * connection (never a complete-looking body); before it started, with a 500; a scrape beyond the admission
 * slots gets a 503 with {@code Retry-After}; and the server keeps serving after each.
 */
class ScrapeFaultIsolationTest {
    private static final AtomicReference<Supplier<Throwable>> FAILURE = new AtomicReference<>();
    private static final AtomicReference<CountDownLatch> BLOCK = new AtomicReference<>();
    private static Registry registry;
    private static MetricsServer server;

    @BeforeAll
    static void start() throws IOException {
        registry = new Registry();
        Counter big = Counter.builder("big").help("Past the hold bound.").labelNames("id").register(registry);
        for (int i = 0; i < 2_000; i++) {
            big.labels("a-label-value-long-enough-to-fill-the-hold-bound-" + i).inc(i);
        }
        MetricMetadata armed = new MetricMetadata("armed", MetricType.GAUGE, "Throws when armed.", "");
        registry.register(new Collectable() {
            @Override
            public MetricMetadata metadata() {
                return armed;
            }

            @Override
            public void collect(MetricSink sink) {
                CountDownLatch block = BLOCK.get();
                if (block != null) {
                    try {
                        block.await();
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                }
                Supplier<Throwable> failure = FAILURE.get();
                if (failure != null) {
                    Throwable t = failure.get();
                    if (t instanceof Error) {
                        throw (Error) t;
                    }
                    throw (RuntimeException) t;
                }
            }
        });
        server = MetricsServer.builder().registry(registry).host("127.0.0.1").holdBytes(8 * 1024)
                .maxConcurrentScrapes(1).admissionWait(Duration.ofMillis(200)).selfMetrics(true).start();
    }

    @AfterAll
    static void stop() {
        server.stop();
    }

    @BeforeEach
    void disarm() {
        FAILURE.set(null);
        BLOCK.set(null);
    }

    @Test
    void anErrorAfterTheResponseStartedClosesTheConnectionAndTheServerKeepsServing() throws Exception {
        double before = errors("error");
        FAILURE.set(() -> new OutOfMemoryError("simulated: the JVM ran out of heap mid-scrape"));
        for (int i = 0; i < 3; i++) {
            try (RawHttp http = new RawHttp(server.port())) {
                IOException e = assertThrows(IOException.class, () -> http.get("/metrics"),
                        "the client must see a failed scrape, not a complete body");
                assertTrue(e.getMessage().contains("before the last chunk"), e.getMessage());
            }
        }
        FAILURE.set(null);
        assertHealthy();
        assertEquals(before + 3, errors("error"));
    }

    @Test
    void aRuntimeExceptionAfterTheResponseStartedClosesTheConnection() throws Exception {
        double before = errors("collect");
        FAILURE.set(() -> new IllegalStateException("sensor unplugged"));
        try (RawHttp http = new RawHttp(server.port())) {
            assertThrows(IOException.class, () -> http.get("/metrics"));
        }
        FAILURE.set(null);
        assertHealthy();
        assertEquals(before + 1, errors("collect"));
    }

    @Test
    void aFailureBeforeAnythingWasSentIsA500() throws Exception {
        double before = errors("error");
        FAILURE.set(() -> new StackOverflowError());
        try (RawHttp http = new RawHttp(server.port())) {
            RawHttp.Response r = http.get("/metrics?name[]=armed"); // only the armed family: nothing sent yet
            assertEquals(500, r.status);
            assertTrue(r.bodyText().startsWith("Collecting metrics failed"), r.bodyText());
        }
        FAILURE.set(null);
        assertHealthy();
        assertEquals(before + 1, errors("error"));
    }

    @Test
    void aScrapeBeyondTheSlotsIsAnswered503WithRetryAfterAndLaterOnesSucceed() throws Exception {
        double before = errors("rejected");
        CountDownLatch release = new CountDownLatch(1);
        BLOCK.set(release);
        List<Throwable> failures = new ArrayList<>();
        Thread holder = new Thread(() -> {
            try (RawHttp http = new RawHttp(server.port())) {
                http.get("/metrics?name[]=armed");
            } catch (IOException | RuntimeException e) {
                failures.add(e);
            }
        });
        holder.start();
        try {
            waitUntilRendering();
            try (RawHttp http = new RawHttp(server.port())) {
                RawHttp.Response r = http.get("/metrics");
                assertEquals(503, r.status);
                assertTrue(Integer.parseInt(r.headers.get("retry-after")) >= 1);
            }
        } finally {
            BLOCK.set(null);
            release.countDown();
            holder.join(20_000);
        }
        assertTrue(failures.isEmpty(), failures.toString());
        assertHealthy();
        assertEquals(before + 1, errors("rejected"));
    }

    @Test
    void aClientThatVanishesMidResponseIsCountedAndHurtsNothing() throws Exception {
        double before = errors("client");
        for (int i = 0; i < 5; i++) {
            try (Socket s = new Socket("127.0.0.1", server.port())) {
                s.setSoLinger(true, 0);
                s.getOutputStream().write("GET /metrics HTTP/1.1\r\nHost: x\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
                s.getOutputStream().flush();
                s.getInputStream().readNBytes(100);
            }
        }
        assertHealthy();
        // the server notices the reset when it next writes; a body this small may have been sent whole first
        assertTrue(errors("client") >= before, "counted, never negative");
    }

    /** Waits (bounded) until the one slot is taken: a second scrape then cannot be admitted. */
    private static void waitUntilRendering() throws InterruptedException {
        for (int i = 0; i < 200 && scrapesInFlight() == 0; i++) {
            Thread.sleep(10);
        }
    }

    private static int scrapesInFlight() {
        return Thread.getAllStackTraces().keySet().stream()
                .anyMatch(t -> java.util.Arrays.stream(t.getStackTrace())
                        .anyMatch(f -> f.getClassName().equals(ScrapeEndpoint.class.getName()))) ? 1 : 0;
    }

    private static void assertHealthy() throws IOException {
        try (RawHttp http = new RawHttp(server.port())) {
            RawHttp.Response r = http.get("/metrics");
            assertEquals(200, r.status);
            List<Sample> samples = TextFormatParser.parse(r.bodyText());
            assertEquals(2_000, samples.stream().filter(s -> s.name().equals("big_total")).count());
        }
    }

    /** {@code promptly_scrape_errors_total{cause}} as a scrape of the self-metrics reports it. */
    private static double errors(String cause) throws IOException {
        try (RawHttp http = new RawHttp(server.port())) {
            RawHttp.Response r = http.get("/metrics?name[]=promptly_scrape_errors");
            assertEquals(200, r.status, r.bodyText());
            for (Sample s : TextFormatParser.parse(r.bodyText())) {
                if (s.name().equals("promptly_scrape_errors_total") && cause.equals(s.labels().get("cause"))) {
                    return s.value();
                }
            }
            throw new AssertionError("no promptly_scrape_errors_total{cause=\"" + cause + "\"} in " + r.bodyText());
        }
    }
}
