package io.promptly.jmh;

import io.promptly.core.Counter;
import io.promptly.core.CounterHandle;
import io.promptly.core.Histogram;
import io.promptly.core.Registry;
import io.promptly.exposition.http.MetricsServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A bounded soak of {@link MetricsServer} on 127.0.0.1 (run by {@code jmh/run-server-soak.sh}):
 * <ul>
 *   <li>{@code scale <series> <rounds>}: a registry of {@code series} series (90 % two-label counters, 10 %
 *       ten-bucket histograms), then {@code rounds} rounds of 8 parallel scrapes (text, OpenMetrics, protobuf,
 *       gzipped or not); prints each round's complete bodies, 503s and failures, the heap pools' peak use, and
 *       whether a healthy scrape still works;</li>
 *   <li>{@code slow <clients>}: {@code clients} connections that send half a request and then one byte a
 *       second (slow headers), while 30 healthy scrapes are tried with a 5 s timeout; prints how many
 *       succeeded.</li>
 * </ul>
 * Not a unit test: its numbers depend on the machine. Everything ends by itself.
 */
public final class ServerSoak {
    private static final String[] ACCEPTS = {
        "text/plain;version=0.0.4", "application/openmetrics-text;version=1.0.0",
        "application/vnd.google.protobuf;proto=io.prometheus.client;encoding=delimited",
    };

    private ServerSoak() {
    }

    /** Runs the soak named by {@code args[0]}. */
    public static void main(String[] args) throws Exception {
        if (args.length >= 1 && args[0].equals("scale")) {
            scale(Integer.parseInt(args[1]), args.length > 2 ? Integer.parseInt(args[2]) : 3);
        } else if (args.length >= 2 && args[0].equals("slow")) {
            slow(Integer.parseInt(args[1]));
        } else {
            System.err.println("usage: ServerSoak scale <series> [rounds] | slow <clients>");
            System.exit(2);
        }
    }

    private static Registry registry(int series) {
        Registry registry = new Registry();
        int histograms = series / 10;
        int counters = series - histograms;
        int families = 100;
        List<Counter> counterFamilies = new ArrayList<>();
        for (int f = 0; f < families; f++) {
            counterFamilies.add(Counter.builder("soak_requests_" + f).help("Requests.").labelNames("path", "code")
                    .register(registry));
        }
        for (int i = 0; i < counters; i++) {
            CounterHandle h = counterFamilies.get(i % families).labels("/api/v1/item/" + i, String.valueOf(200 + i % 5));
            h.inc(i);
        }
        List<Histogram> histogramFamilies = new ArrayList<>();
        for (int f = 0; f < families / 10; f++) {
            histogramFamilies.add(Histogram.builder("soak_latency_" + f + "_seconds").help("Latency.")
                    .labelNames("route", "method").buckets(0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5)
                    .register(registry));
        }
        for (int i = 0; i < histograms; i++) {
            histogramFamilies.get(i % histogramFamilies.size()).labels("/route/" + i, i % 2 == 0 ? "GET" : "POST")
                    .observe(i % 1000 / 1000.0);
        }
        return registry;
    }

    private static void scale(int series, int rounds) throws Exception {
        long t0 = System.nanoTime();
        Registry registry = registry(series);
        System.out.printf("built %,d series in %.1f s%n", series, (System.nanoTime() - t0) / 1e9);
        MetricsServer server = MetricsServer.builder().registry(registry).host("127.0.0.1").start();
        HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(10)).build();
        int complete = 0;
        int busy = 0;
        int failed = 0;
        for (int round = 0; round < rounds; round++) {
            AtomicInteger ok = new AtomicInteger();
            AtomicInteger unavailable = new AtomicInteger();
            AtomicInteger broken = new AtomicInteger();
            AtomicLong bytes = new AtomicLong();
            List<Thread> threads = new ArrayList<>();
            long start = System.nanoTime();
            for (int c = 0; c < 8; c++) {
                String accept = ACCEPTS[c % ACCEPTS.length];
                boolean gzip = c % 2 == 1;
                Thread t = new Thread(() -> {
                    try {
                        HttpRequest.Builder request = HttpRequest.newBuilder(server.metricsUrl())
                                .timeout(Duration.ofSeconds(120)).header("Accept", accept);
                        if (gzip) {
                            request.header("Accept-Encoding", "gzip");
                        }
                        HttpResponse<InputStream> r = client.send(request.build(),
                                HttpResponse.BodyHandlers.ofInputStream());
                        long n = 0;
                        try (InputStream in = r.body()) {
                            byte[] buf = new byte[64 * 1024];
                            for (int k = in.read(buf); k >= 0; k = in.read(buf)) {
                                n += k; // a truncated chunked or Content-Length body throws here
                            }
                        }
                        bytes.addAndGet(n);
                        if (r.statusCode() == 200) {
                            ok.incrementAndGet();
                        } else if (r.statusCode() == 503) {
                            unavailable.incrementAndGet();
                        } else {
                            broken.incrementAndGet();
                        }
                    } catch (IOException | InterruptedException e) {
                        broken.incrementAndGet();
                    }
                });
                threads.add(t);
                t.start();
            }
            for (Thread t : threads) {
                t.join();
            }
            System.out.printf("round %d: %d complete, %d 503, %d failed, %,d bytes on the wire, %.2f s%n", round,
                    ok.get(), unavailable.get(), broken.get(), bytes.get(), (System.nanoTime() - start) / 1e9);
            complete += ok.get();
            busy += unavailable.get();
            failed += broken.get();
        }
        HttpResponse<byte[]> healthy = client.send(HttpRequest.newBuilder(URI.create(server.metricsUrl()
                .toString().replace("/metrics", "/-/healthy"))).build(), HttpResponse.BodyHandlers.ofByteArray());
        System.out.printf("series %,d: %d complete, %d 503, %d failed of %d; heap pools' peaks summed %,d B of max %,d B;"
                + " healthy afterwards: %s%n", series, complete, busy, failed, 8 * rounds, heapPeak(),
                Runtime.getRuntime().maxMemory(), healthy.statusCode() == 200);
        server.stop();
    }

    private static void slow(int clients) throws Exception {
        Registry registry = registry(1_000);
        MetricsServer server = MetricsServer.builder().registry(registry).host("127.0.0.1").start();
        List<Socket> slow = new ArrayList<>();
        for (int i = 0; i < clients; i++) {
            try {
                Socket s = new Socket();
                s.connect(new InetSocketAddress("127.0.0.1", server.port()), 5_000);
                s.getOutputStream().write("GET /metrics HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Slow: "
                        .getBytes(StandardCharsets.US_ASCII));
                s.getOutputStream().flush();
                slow.add(s);
            } catch (IOException refused) {
                break;
            }
        }
        Thread dribbler = new Thread(() -> {
            while (!Thread.currentThread().isInterrupted()) {
                for (Socket s : slow) {
                    try {
                        OutputStream out = s.getOutputStream();
                        out.write('x');
                        out.flush();
                    } catch (IOException closedByServer) {
                        // the server gave up on it
                    }
                }
                try {
                    Thread.sleep(1_000);
                } catch (InterruptedException e) {
                    return;
                }
            }
        });
        dribbler.setDaemon(true);
        dribbler.start();
        HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(5)).build();
        int ok = 0;
        int attempts = 30;
        for (int i = 0; i < attempts; i++) {
            try {
                HttpResponse<byte[]> r = client.send(HttpRequest.newBuilder(server.metricsUrl())
                        .timeout(Duration.ofSeconds(5)).build(),
                        HttpResponse.BodyHandlers.ofByteArray());
                ok += r.statusCode() == 200 ? 1 : 0;
            } catch (IOException e) {
                // a failed healthy scrape
            }
            Thread.sleep(100);
        }
        dribbler.interrupt();
        int closedByServer = 0;
        for (Socket s : slow) {
            try {
                s.setSoTimeout(50);
                closedByServer += s.getInputStream().read() < 0 ? 1 : 0;
            } catch (IOException stillOpenOrReset) {
                closedByServer += stillOpenOrReset instanceof java.net.SocketTimeoutException ? 0 : 1;
            }
        }
        System.out.printf("JDK %d, %d slow-header clients (%d connected, %d closed by the server by the end): %d of"
                + " %d healthy scrapes succeeded%n", Runtime.version().feature(), clients, slow.size(),
                closedByServer, ok, attempts);
        for (Socket s : slow) {
            s.close();
        }
        server.stop();
    }

    private static long heapPeak() {
        long peak = 0;
        for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
            if (pool.getType() == MemoryType.HEAP) {
                peak += pool.getPeakUsage().getUsed();
            }
        }
        return peak;
    }
}
