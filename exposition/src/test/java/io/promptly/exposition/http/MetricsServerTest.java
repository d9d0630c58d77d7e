package io.promptly.exposition.http;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.prometheus.client.Metrics;
import io.promptly.core.Collectable;
import io.promptly.core.Counter;
import io.promptly.core.Gauge;
import io.promptly.core.MetricMetadata;
import io.promptly.core.MetricSink;
import io.promptly.core.MetricType;
import io.promptly.core.Registry;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.zip.GZIPInputStream;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MetricsServerTest {
    private static final String TEXT = "text/plain; version=0.0.4; charset=utf-8";
    private static final String OPENMETRICS = "application/openmetrics-text; version=1.0.0; charset=utf-8";
    private static final String PROTOBUF =
            "application/vnd.google.protobuf; proto=io.prometheus.client.MetricFamily; encoding=delimited";

    private final Registry registry = new Registry();
    private final HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    private MetricsServer server;

    @BeforeEach
    void metrics() {
        Counter.builder("jobs_total").help("Jobs.").register(registry).inc(3);
        Gauge.builder("temperature").help("Temp.").register(registry).set(21.5);
        Counter.builder("other_total").help("Other.").labelNames("k").register(registry).labels("v").inc();
    }

    @AfterEach
    void stop() {
        if (server != null) {
            server.stop();
        }
    }

    private MetricsServer start(MetricsServer.Builder builder) throws IOException {
        server = builder.registry(registry).host("127.0.0.1").port(0).start();
        return server;
    }

    private MetricsServer start() throws IOException {
        return start(MetricsServer.builder());
    }

    private HttpResponse<byte[]> send(HttpRequest.Builder request) throws Exception {
        return client.send(request.timeout(java.time.Duration.ofSeconds(10)).build(),
                HttpResponse.BodyHandlers.ofByteArray());
    }

    private HttpRequest.Builder request(String pathAndQuery) {
        return HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + pathAndQuery));
    }

    private static String text(HttpResponse<byte[]> response) {
        return new String(response.body(), StandardCharsets.UTF_8);
    }

    @Test
    void portZeroBindsAnEphemeralPortAndReportsTheUrl() throws IOException {
        start();
        assertTrue(server.port() > 0);
        assertEquals(URI.create("http://127.0.0.1:" + server.port() + "/metrics"), server.metricsUrl());
    }

    @Test
    void stopReleasesThePortAndIsIdempotent() throws IOException {
        start();
        int port = server.port();
        server.stop();
        server.stop();
        try (ServerSocket again = new ServerSocket()) {
            again.setReuseAddress(true);
            again.bind(new java.net.InetSocketAddress("127.0.0.1", port));
            assertEquals(port, again.getLocalPort());
        }
        assertThrows(IllegalStateException.class, () -> server.start());
    }

    @Test
    void unstartedServerHasNoPort() {
        MetricsServer unstarted = MetricsServer.builder().registry(registry).build();
        assertThrows(IllegalStateException.class, unstarted::port);
        unstarted.stop();
    }

    @Test
    void wildcardBindReportsLocalhostUrl() throws IOException {
        server = MetricsServer.builder().registry(registry).port(0).path("/custom").start();
        assertEquals(URI.create("http://localhost:" + server.port() + "/custom"), server.metricsUrl());
    }

    @Test
    void getAnswersTextWithMatchingContentTypeAndLength() throws Exception {
        start();
        HttpResponse<byte[]> r = send(request("/metrics"));
        assertEquals(200, r.statusCode());
        assertEquals(TEXT, r.headers().firstValue("Content-Type").orElseThrow());
        assertEquals(r.body().length, Long.parseLong(r.headers().firstValue("Content-Length").orElseThrow()));
        List<String> lines = Arrays.asList(text(r).split("\n"));
        assertTrue(lines.contains("jobs_total 3"), text(r));
        assertTrue(lines.contains("temperature 21.5"), text(r));
        assertTrue(lines.contains("other_total{k=\"v\"} 1"), text(r));
    }

    @Test
    void headAnswersHeadersWithoutBody() throws Exception {
        start();
        try (RawHttp raw = new RawHttp(server.port())) {
            raw.sendRaw("HEAD /metrics HTTP/1.1\r\nHost: x\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
            RawHttp.Response head = raw.read();
            assertEquals(200, head.status);
            assertEquals(TEXT, head.headers.get("content-type"));
            assertEquals(0, head.body.length);
            // Had the server sent a body after the HEAD headers, it would be read here as the next status line.
            RawHttp.Response next = raw.get("/-/healthy");
            assertEquals(200, next.status);
            assertEquals("OK", next.bodyText());
        }
    }

    @Test
    void unknownPathsAre404AndOtherMethods405WithAllow() throws Exception {
        start();
        assertEquals(404, send(request("/nope")).statusCode());
        assertEquals(404, send(request("/metricsx")).statusCode());
        assertEquals(404, send(request("/metrics/")).statusCode());
        assertEquals(404, send(request("/-/healthyx")).statusCode());
        for (String path : new String[] {"/metrics", "/", "/-/healthy"}) {
            HttpResponse<byte[]> r = send(request(path).POST(HttpRequest.BodyPublishers.ofString("x")));
            assertEquals(405, r.statusCode(), path);
            String allow = r.headers().firstValue("Allow").orElseThrow();
            assertTrue(allow.contains("GET") && allow.contains("HEAD"), allow);
        }
        assertEquals(405, send(request("/metrics").DELETE()).statusCode());
    }

    @Test
    void indexLinksToMetricsPathAndHealthSaysOk() throws Exception {
        start(MetricsServer.builder().path("/prom"));
        HttpResponse<byte[]> index = send(request("/"));
        assertEquals(200, index.statusCode());
        assertTrue(index.headers().firstValue("Content-Type").orElseThrow().startsWith("text/html"));
        assertTrue(text(index).contains("href=\"/prom\""), text(index));
        HttpResponse<byte[]> health = send(request("/-/healthy"));
        assertEquals(200, health.statusCode());
        assertEquals("OK", text(health));
        assertEquals(404, send(request("/metrics")).statusCode());
        assertEquals(200, send(request("/prom")).statusCode());
    }

    @Test
    void robotsTxtDisallowsEveryCrawler() throws Exception {
        start();
        HttpResponse<byte[]> robots = send(request("/robots.txt"));
        assertEquals(200, robots.statusCode());
        assertTrue(robots.headers().firstValue("Content-Type").orElseThrow().startsWith("text/plain"));
        // robots exclusion protocol (RFC 9309): a group for every user agent that disallows the whole site
        String[] lines = text(robots).split("\n");
        assertEquals("User-agent: *", lines[0]);
        assertEquals("Disallow: /", lines[1]);
        assertEquals(2, lines.length);
    }

    @Test
    void gzipBodyDecompressesToThePlainBody() throws Exception {
        start();
        HttpResponse<byte[]> plain = send(request("/metrics"));
        HttpResponse<byte[]> zipped = send(request("/metrics").header("Accept-Encoding", "deflate, gzip;q=0.8"));
        assertEquals("gzip", zipped.headers().firstValue("Content-Encoding").orElseThrow());
        assertEquals(zipped.body().length,
                Long.parseLong(zipped.headers().firstValue("Content-Length").orElseThrow()));
        try (InputStream in = new GZIPInputStream(new ByteArrayInputStream(zipped.body()))) {
            assertArrayEquals(plain.body(), in.readAllBytes());
        }
        assertFalse(plain.headers().firstValue("Content-Encoding").isPresent());
        HttpResponse<byte[]> refused = send(request("/metrics").header("Accept-Encoding", "gzip;q=0, identity"));
        assertFalse(refused.headers().firstValue("Content-Encoding").isPresent());
        assertArrayEquals(plain.body(), refused.body());
    }

    @Test
    void gzipOfABodyLargerThanTheBuffersRoundTrips() throws Exception {
        Gauge many = Gauge.builder("many").help("Many series.").labelNames("i").register(registry);
        for (int i = 0; i < 5_000; i++) {
            many.labels("series-number-" + i).set(i * 0.25);
        }
        start();
        HttpResponse<byte[]> plain = send(request("/metrics"));
        assertTrue(plain.body().length > 128 * 1024, "body " + plain.body().length);
        assertTrue(text(plain).contains("many{i=\"series-number-4999\"} 1249.75\n"));
        HttpResponse<byte[]> zipped = send(request("/metrics").header("Accept-Encoding", "gzip"));
        try (InputStream in = new GZIPInputStream(new ByteArrayInputStream(zipped.body()))) {
            assertArrayEquals(plain.body(), in.readAllBytes());
        }
    }

    @Test
    void nameQueryParametersFilterFamilies() throws Exception {
        start();
        HttpResponse<byte[]> r = send(request("/metrics?name%5B%5D=jobs_total&name[]=temperature&x=1"));
        String body = text(r);
        assertTrue(body.contains("jobs_total 3"), body);
        assertTrue(body.contains("temperature 21.5"), body);
        assertFalse(body.contains("other_total"), body);
        String none = text(send(request("/metrics?name[]=does_not_exist")));
        assertEquals("", none);
        String unfiltered = text(send(request("/metrics?other=1")));
        assertTrue(unfiltered.contains("other_total"), unfiltered);
    }

    @Test
    void malformedPercentEncodingInQueryIs400() throws Exception {
        start();
        try (RawHttp raw = new RawHttp(server.port())) {
            raw.sendRaw("GET /metrics?name[]=%zz HTTP/1.1\r\nHost: x\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
            assertEquals(400, raw.read().status);
        }
        assertEquals(200, send(request("/metrics")).statusCode());
    }

    @Test
    void acceptHeaderPicksTheFormat() throws Exception {
        start();
        HttpResponse<byte[]> om = send(request("/metrics")
                .header("Accept", "application/openmetrics-text;version=1.0.0,text/plain;version=0.0.4;q=0.5"));
        assertEquals(OPENMETRICS, om.headers().firstValue("Content-Type").orElseThrow());
        assertTrue(text(om).endsWith("# EOF\n"), text(om));
        HttpResponse<byte[]> pb = send(request("/metrics").header("Accept",
                "application/vnd.google.protobuf;proto=io.prometheus.client.MetricFamily;encoding=delimited,"
                        + "text/plain;version=0.0.4;q=0.5"));
        assertEquals(PROTOBUF, pb.headers().firstValue("Content-Type").orElseThrow());
        List<String> names = new ArrayList<>();
        ByteArrayInputStream in = new ByteArrayInputStream(pb.body());
        for (Metrics.MetricFamily f = Metrics.MetricFamily.parseDelimitedFrom(in); f != null;
                f = Metrics.MetricFamily.parseDelimitedFrom(in)) {
            names.add(f.getName());
        }
        assertEquals(Arrays.asList("jobs_total", "temperature", "other_total"), names);
    }

    @Test
    void malformedAcceptStillAnswersText() throws Exception {
        start();
        for (String accept : new String[] {";;;,,,q=", "text/plain;q=abc", "*/*;q=2", "\u00ff garbage"}) {
            HttpResponse<byte[]> r = send(request("/metrics").header("Accept", accept));
            assertEquals(200, r.statusCode(), accept);
            assertEquals(TEXT, r.headers().firstValue("Content-Type").orElseThrow(), accept);
            assertTrue(text(r).contains("jobs_total 3"));
        }
    }

    @Test
    void basicAuthRejectsMissingOrWrongCredentialsWithChallenge() throws Exception {
        start(MetricsServer.builder().basicAuth("prom", "sécret"));
        HttpResponse<byte[]> missing = send(request("/metrics"));
        assertEquals(401, missing.statusCode());
        String challenge = missing.headers().firstValue("WWW-Authenticate").orElseThrow();
        assertTrue(challenge.startsWith("Basic realm="), challenge);
        String wrong = "Basic " + Base64.getEncoder().encodeToString("prom:secret".getBytes(StandardCharsets.UTF_8));
        assertEquals(401, send(request("/metrics").header("Authorization", wrong)).statusCode());
        assertEquals(401, send(request("/metrics").header("Authorization", "Basic !!!notbase64")).statusCode());
        assertEquals(401, send(request("/").header("Authorization", "Bearer abc")).statusCode());
        String right = "basic " + Base64.getEncoder().encodeToString("prom:sécret".getBytes(StandardCharsets.UTF_8));
        HttpResponse<byte[]> ok = send(request("/metrics").header("Authorization", right));
        assertEquals(200, ok.statusCode());
        assertTrue(text(ok).contains("jobs_total 3"));
        assertEquals(200, send(request("/-/healthy")).statusCode());
    }

    @Test
    void garbageAndOversizedRequestLinesDoNotKillTheServer() throws Exception {
        start();
        try (RawHttp raw = new RawHttp(server.port())) {
            raw.timeoutMillis(1_000);
            raw.sendRaw("\u0001\u0002 NOT HTTP AT ALL\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1));
            raw.readToEnd();
        } catch (IOException resetByServer) {
            // a reset is an acceptable way to refuse garbage
        }
        byte[] huge = new byte[200_000];
        Arrays.fill(huge, (byte) 'A');
        try (RawHttp raw = new RawHttp(server.port())) {
            raw.timeoutMillis(1_000);
            raw.sendRaw("GET /".getBytes(StandardCharsets.US_ASCII));
            raw.sendRaw(huge);
            raw.sendRaw(" HTTP/1.1\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
            raw.readToEnd();
        } catch (IOException resetByServer) {
            // idem
        }
        try (RawHttp raw = new RawHttp(server.port())) {
            raw.sendRaw("GET /metrics HTTP/1.1\r\n".getBytes(StandardCharsets.US_ASCII)); // then hang up mid-request
        }
        HttpResponse<byte[]> after = send(request("/metrics"));
        assertEquals(200, after.statusCode());
        assertTrue(text(after).contains("jobs_total 3"));
    }

    @Test
    void keepAliveScrapesDoNotStallOnNagle() throws Exception {
        // Without sun.net.httpserver.nodelay=true each response waits for the client's delayed ACK (~40-44 ms),
        // so 50 sequential requests would take over 2 s; with it they take a few ms each.
        start();
        try (RawHttp raw = new RawHttp(server.port())) {
            raw.get("/metrics"); // warm up class loading and the JIT
            long start = System.nanoTime();
            for (int i = 0; i < 50; i++) {
                RawHttp.Response r = raw.get("/metrics");
                assertEquals(200, r.status);
                assertTrue(r.bodyText().contains("jobs_total 3"));
            }
            long millis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
            assertTrue(millis < 1_000, "50 keep-alive scrapes took " + millis + " ms (a Nagle stall is ~44 ms each)");
        }
    }

    @Test
    void concurrentScrapesAllAnswerTheSameBody() throws Exception {
        start(MetricsServer.builder().threads(2));
        byte[] expected = send(request("/metrics")).body();
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Future<Integer>> results = new ArrayList<>();
            for (int t = 0; t < 4; t++) {
                boolean gzip = t % 2 == 1;
                Callable<Integer> task = () -> {
                    int ok = 0;
                    for (int i = 0; i < 40; i++) {
                        HttpRequest.Builder r = request("/metrics");
                        if (gzip) {
                            r.header("Accept-Encoding", "gzip");
                        }
                        HttpResponse<byte[]> response = send(r);
                        byte[] body = response.body();
                        if (gzip) {
                            try (InputStream in = new GZIPInputStream(new ByteArrayInputStream(body))) {
                                body = in.readAllBytes();
                            }
                        }
                        if (response.statusCode() == 200 && Arrays.equals(expected, body)) {
                            ok++;
                        }
                    }
                    return ok;
                };
                results.add(pool.submit(task));
            }
            for (Future<Integer> f : results) {
                assertEquals(40, f.get(60, TimeUnit.SECONDS));
            }
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void failingCollectionAnswers500AndServerKeepsServing() throws Exception {
        Registry failing = new Registry();
        MetricMetadata broken = new MetricMetadata("broken", MetricType.GAUGE, "Throws.", "");
        failing.register(new Collectable() {
            @Override
            public MetricMetadata metadata() {
                return broken;
            }

            @Override
            public void collect(MetricSink sink) {
                throw new IllegalStateException("sensor unplugged");
            }
        });
        server = MetricsServer.builder().registry(failing).host("127.0.0.1").start();
        HttpResponse<byte[]> r = send(request("/metrics"));
        assertEquals(500, r.statusCode());
        assertTrue(text(r).contains("sensor unplugged"), text(r));
        assertEquals(200, send(request("/-/healthy")).statusCode());
    }

    @Test
    void emptyRegistryAnswers200WithEmptyTextBody() throws Exception {
        server = MetricsServer.builder().registry(new Registry()).host("127.0.0.1").start();
        HttpResponse<byte[]> r = send(request("/metrics"));
        assertEquals(200, r.statusCode());
        assertEquals(0, r.body().length);
        assertEquals("0", r.headers().firstValue("Content-Length").orElseThrow());
    }

    @Test
    void filtersRunAroundRequests() throws Exception {
        Registry own = new Registry();
        HttpServerMetrics metrics = HttpServerMetrics.builder().registry(own).build();
        start(MetricsServer.builder().filter(metrics));
        send(request("/-/healthy"));
        send(request("/-/healthy"));
        send(request("/metrics"));
        assertEquals(2.0, metrics.requests().labels("GET", "/-/healthy", "200").get());
        assertEquals(1, metrics.requests().seriesCount(), "the metrics path is excluded by default");
    }

    @Test
    void builderRejectsBadSettings() {
        MetricsServer.Builder b = MetricsServer.builder();
        assertThrows(IllegalArgumentException.class, () -> b.port(-1));
        assertThrows(IllegalArgumentException.class, () -> b.port(65_536));
        assertThrows(IllegalArgumentException.class, () -> b.path("metrics"));
        assertThrows(IllegalArgumentException.class, () -> b.path("/"));
        assertThrows(IllegalArgumentException.class, () -> b.path("/-/healthy"));
        assertThrows(IllegalArgumentException.class, () -> b.basicAuth("a:b", "c"));
        assertThrows(IllegalArgumentException.class, () -> b.threads(0));
        assertThrows(IllegalArgumentException.class, () -> b.registry(null));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> b.port(70_000));
        assertTrue(e.getMessage().contains("70000"), e.getMessage());
    }

    @Test
    void busyPortFailsStartWithIOException() throws IOException {
        try (ServerSocket taken = new ServerSocket(0, 1, java.net.InetAddress.getByName("127.0.0.1"))) {
            MetricsServer s = MetricsServer.builder().registry(registry).host("127.0.0.1")
                    .port(taken.getLocalPort()).build();
            assertThrows(IOException.class, s::start);
        }
    }

    @Test
    void httpsServesWithTheGivenSslContext(@TempDir Path dir) throws Exception {
        Path keytool = Path.of(System.getProperty("java.home"), "bin", "keytool");
        assumeTrue(Files.isExecutable(keytool), "keytool not found at " + keytool);
        Path store = dir.resolve("server.p12");
        char[] pass = "changeit".toCharArray();
        Process p = new ProcessBuilder(keytool.toString(), "-genkeypair", "-alias", "server", "-keyalg", "EC",
                "-dname", "CN=127.0.0.1", "-ext", "san=ip:127.0.0.1", "-validity", "2", "-storetype", "PKCS12",
                "-keystore", store.toString(), "-storepass", "changeit", "-keypass", "changeit")
                .redirectErrorStream(true).start();
        String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(60, TimeUnit.SECONDS) && p.exitValue() == 0, output);
        KeyStore ks = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(store)) {
            ks.load(in, pass);
        }
        KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        kmf.init(ks, pass);
        SSLContext serverContext = SSLContext.getInstance("TLS");
        serverContext.init(kmf.getKeyManagers(), null, null);
        TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        tmf.init(ks);
        SSLContext clientContext = SSLContext.getInstance("TLS");
        clientContext.init(null, tmf.getTrustManagers(), null);

        start(MetricsServer.builder().https(serverContext));
        assertEquals("https", server.metricsUrl().getScheme());
        HttpClient tls = HttpClient.newBuilder().sslContext(clientContext).version(HttpClient.Version.HTTP_1_1).build();
        HttpResponse<String> r = tls.send(HttpRequest.newBuilder(server.metricsUrl()).build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(200, r.statusCode());
        assertTrue(r.body().contains("jobs_total 3"), r.body());
        assertNotNull(r.sslSession().orElse(null));
    }
}
