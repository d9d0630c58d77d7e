package io.promptly.examples;

import io.promptly.core.Counter;
import io.promptly.core.Gauge;
import io.promptly.core.Histogram;
import io.promptly.core.HistogramHandle;
import io.promptly.core.Info;
import io.promptly.core.Registry;
import io.promptly.core.jvm.JvmMetrics;
import io.promptly.core.Summary;
import io.promptly.core.instrument.ExceptionCounter;
import io.promptly.core.instrument.InProgress;
import io.promptly.core.instrument.Timing;
import io.promptly.exposition.http.HttpRequestMetrics;
import io.promptly.exposition.http.HttpServerMetrics;
import io.promptly.exposition.http.MetricsServer;
import java.io.IOException;
import java.net.URI;
import java.util.SplittableRandom;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * A pretend service that records a bit of everything (a labelled counter, a gauge, a histogram, a summary, an
 * info, the timing / in-progress / exception helpers) from a background loop, and serves it on a
 * {@link MetricsServer} until the process is stopped.
 *
 * <pre>
 * mvn -q -pl examples -am package -DskipTests -Pdemo                         # port 8080
 * mvn -q -pl examples -am package -DskipTests -Pdemo -Dexec.args="--port 0"  # any free port
 * </pre>
 *
 * Options: {@code --port N} (else the {@code PORT} environment variable, else 8080; 0 picks a free port),
 * {@code --host H} (default 0.0.0.0). Ctrl-C stops the server.
 */
public final class DemoService implements AutoCloseable {
    /** Default port when neither {@code --port} nor {@code PORT} is given. */
    public static final int DEFAULT_PORT = 8080;
    private static final long TICK_MILLIS = 100;
    private static final String[] METHODS = {"GET", "GET", "GET", "POST", "DELETE"};

    private final ScheduledExecutorService loop;
    private final MetricsServer server;

    private DemoService(Registry registry, String host, int port) throws IOException {
        Counter requests = Counter.builder("demo_requests_total").help("Requests the demo pretended to serve.")
                .labelNames("method", "status").register(registry);
        Gauge queue = Gauge.builder("demo_queue_depth").help("Jobs waiting in the demo queue.").register(registry);
        Histogram latency = Histogram.builder("demo_request_duration_seconds").unit("seconds")
                .help("Time the demo spent on a request.").labelNames("method").register(registry);
        Summary payload = Summary.builder("demo_payload_bytes").unit("bytes").help("Request payload sizes.")
                .register(registry);
        Info.builder("demo_build").help("Demo build information.").labelNames("version", "java")
                .register(registry).set("0.1.0-SNAPSHOT", System.getProperty("java.version"));
        Gauge inFlight = Gauge.builder("demo_jobs_in_progress").help("Jobs running now.").register(registry);
        Counter failures = Counter.builder("demo_job_failures_total").help("Jobs that threw, by exception type.")
                .labelNames("exception").register(registry);

        JvmMetrics.register(registry);

        InProgress running = InProgress.of(inFlight);
        ExceptionCounter failed = ExceptionCounter.byType(failures);
        Timing[] timings = new Timing[METHODS.length];
        for (int i = 0; i < METHODS.length; i++) {
            HistogramHandle h = latency.labels(METHODS[i]); // cached handle: no lookup per observation
            timings[i] = Timing.of(h);
        }
        SplittableRandom random = new SplittableRandom(42);

        loop = Executors.newSingleThreadScheduledExecutor(task -> {
            Thread t = new Thread(task, "demo-load");
            t.setDaemon(true);
            return t;
        });
        loop.scheduleAtFixedRate(() -> {
            int m = random.nextInt(METHODS.length);
            String status = random.nextInt(20) == 0 ? "500" : "200";
            requests.labels(METHODS[m], status).inc();
            queue.set(random.nextInt(50));
            payload.observe(200 + random.nextInt(4_000));
            timings[m].run(() -> busyFor(random.nextInt(3)));
            try {
                running.run(() -> failed.run(() -> {
                    if (random.nextInt(10) == 0) {
                        throw new IllegalStateException("simulated failure");
                    }
                }));
            } catch (IllegalStateException expected) {
                // counted by ExceptionCounter; the demo carries on
            }
        }, 0, TICK_MILLIS, TimeUnit.MILLISECONDS);

        HttpServerMetrics http = HttpServerMetrics.builder()
                .metrics(HttpRequestMetrics.builder().registry(registry).prefix("demo_http").build()).build();
        server = MetricsServer.builder().registry(registry).host(host).port(port).filter(http).start();
    }

    /**
     * Registers the demo metrics in {@code registry}, starts the load loop and the server.
     *
     * @throws IOException when the port cannot be bound
     */
    public static DemoService start(Registry registry, String host, int port) throws IOException {
        return new DemoService(registry, host, port);
    }

    /** Where the metrics are served. */
    public URI metricsUrl() {
        return server.metricsUrl();
    }

    /** Stops the load loop and the server. */
    @Override
    public void close() {
        loop.shutdownNow();
        server.stop();
    }

    private static void busyFor(int millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /**
     * Runs the demo until the process is stopped.
     *
     * @param args {@code --port N}, {@code --host H}
     * @throws IOException when the port cannot be bound
     */
    public static void main(String[] args) throws IOException, InterruptedException {
        int port = DEFAULT_PORT;
        String env = System.getenv("PORT");
        if (env != null && !env.isBlank()) {
            port = parsePort(env.trim(), "PORT environment variable");
        }
        String host = MetricsServer.DEFAULT_HOST;
        for (int i = 0; i < args.length; i++) {
            if ("--port".equals(args[i]) && i + 1 < args.length) {
                port = parsePort(args[++i], "--port");
            } else if ("--host".equals(args[i]) && i + 1 < args.length) {
                host = args[++i];
            } else {
                System.err.println("usage: DemoService [--port N] [--host H]   (PORT env also sets the port)");
                System.exit(2);
            }
        }
        DemoService demo = start(Registry.DEFAULT, host, port);
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            demo.close();
            stopped.countDown();
        }, "demo-shutdown"));
        System.out.println("Promptly demo: metrics at " + demo.metricsUrl() + "  (Ctrl-C stops)");
        System.out.flush();
        stopped.await();
    }

    private static int parsePort(String s, String source) {
        try {
            int port = Integer.parseInt(s);
            if (port >= 0 && port <= 65_535) {
                return port;
            }
        } catch (NumberFormatException ignored) {
            // reported below
        }
        System.err.println(source + " must be a port number 0..65535, got \"" + s + "\"");
        System.exit(2);
        return -1;
    }
}
