package io.promptly.servlet;

import io.promptly.core.Collectable;
import io.promptly.core.Counter;
import io.promptly.core.Gauge;
import io.promptly.core.Histogram;
import io.promptly.core.MetricMetadata;
import io.promptly.core.MetricSink;
import io.promptly.core.MetricType;
import io.promptly.core.Registry;
import io.promptly.exposition.http.ScrapeEndpoint;
import jakarta.servlet.AsyncContext;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The application every container test deploys: metrics servlets over several registries (plain, big enough to
 * stream, failing on demand, blocking on demand) and application servlets behind the {@link MetricsFilter}.
 */
final class TestApp implements AutoCloseable {
    /** Series in the big registries: about 150 KB of text, far past the 4 KiB hold bound and every container buffer. */
    static final int BIG_SERIES = 2_000;
    static final long ASYNC_DELAY_MILLIS = 60;
    /** Set by the items servlet, as a framework sets its matched route template. */
    static final String ROUTE_ATTRIBUTE = "test.matchedRoute";

    final Registry registry = new Registry();
    final Registry big = new Registry();
    final Registry faulty = new Registry();
    final Registry busy = new Registry();
    /** A request path ending so makes the filter's route function throw. */
    static final String ROUTE_FUNCTION_THROWS = "/route-function-throws";
    final MetricsFilter filter;
    /** Armed: the faulty registry's last collectable throws (after the big family went out). */
    final AtomicBoolean failing = new AtomicBoolean();
    /** When set, the busy registry's collectable counts it down on entry and waits for {@link #release}. */
    final AtomicReference<CountDownLatch> entered = new AtomicReference<>();
    final CountDownLatch release = new CountDownLatch(1);
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor();

    TestApp() {
        Counter.builder("app_jobs_total").help("Jobs done.").register(registry).inc(7);
        Counter.builder("app_lookups_total").help("Lookups by path.").labelNames("path").register(registry)
                .labels("/a \"quoted\" \\ ü").inc(3);
        Gauge.builder("app_temperature_celsius").unit("celsius").help("Temperature.").register(registry)
                .set(-21.25);
        Histogram latency = Histogram.builder("app_latency_seconds").unit("seconds").help("Latency.")
                .buckets(0.1, 0.5, 1).register(registry);
        for (double v : new double[] {0.05, 0.3, 0.3, 2}) {
            latency.observe(v);
        }
        filter = MetricsFilter.builder().registry(registry).routeAttribute(ROUTE_ATTRIBUTE).route(request -> {
            if (request.getRequestURI().endsWith(ROUTE_FUNCTION_THROWS)) {
                throw new IllegalStateException("route function bug");
            }
            return MetricsFilter.servletMappingRoute(request);
        }).build();

        for (Registry r : new Registry[] {big, faulty}) {
            Counter c = Counter.builder("big_total").help("Past the hold bound.").labelNames("id").register(r);
            for (int i = 0; i < BIG_SERIES; i++) {
                c.labels("a-label-value-long-enough-to-fill-the-hold-bound-" + i).inc(i);
            }
        }
        faulty.register(collectable("armed", () -> {
            if (failing.get()) {
                throw new IllegalStateException("sensor unplugged");
            }
        }));
        busy.register(collectable("blocking", () -> {
            CountDownLatch latch = entered.get();
            if (latch != null) {
                latch.countDown();
                try {
                    release.await(10, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
        }));
    }

    /** Deploys the servlets and the filter into {@code container}. */
    void deploy(Container container) {
        container.addFilter("metrics-filter", filter);
        container.addServlet("metrics", new MetricsServlet(registry), "/metrics");
        container.addServlet("big", new MetricsServlet(ScrapeEndpoint.builder(big).holdBytes(4096).build()),
                "/big");
        container.addServlet("faulty", new MetricsServlet(ScrapeEndpoint.builder(faulty).holdBytes(4096)
                .build()), "/faulty");
        container.addServlet("busy", new MetricsServlet(ScrapeEndpoint.builder(busy).maxConcurrentScrapes(1)
                .admissionWait(Duration.ZERO).build()), "/busy");
        container.addServlet("orders", new HttpServlet() {
            private static final long serialVersionUID = 1L;

            @Override
            protected void service(HttpServletRequest req, HttpServletResponse resp) throws IOException {
                String path = req.getPathInfo();
                resp.setStatus(path != null && path.endsWith("/missing") ? 404 : 200);
                resp.getOutputStream().write("done".getBytes(StandardCharsets.US_ASCII));
            }
        }, "/api/orders/*");
        container.addServlet("items", new HttpServlet() {
            private static final long serialVersionUID = 1L;

            @Override
            protected void service(HttpServletRequest req, HttpServletResponse resp) throws IOException {
                if (!req.getPathInfo().startsWith("/unrouted")) {
                    req.setAttribute(ROUTE_ATTRIBUTE, "/api/items/{id}");
                }
                resp.setStatus(200);
                resp.getOutputStream().write("item".getBytes(StandardCharsets.US_ASCII));
            }
        }, "/api/items/*");
        container.addServlet("boom", new HttpServlet() {
            private static final long serialVersionUID = 1L;

            @Override
            protected void service(HttpServletRequest req, HttpServletResponse resp) {
                throw new IllegalStateException("handler bug (thrown on purpose by the test)");
            }
        }, "/api/boom");
        container.addServlet("async", new HttpServlet() {
            private static final long serialVersionUID = 1L;

            @Override
            protected void doGet(HttpServletRequest req, HttpServletResponse resp) {
                AsyncContext async = req.startAsync();
                timer.schedule(() -> {
                    try {
                        resp.setStatus(202);
                        resp.getOutputStream().write("late".getBytes(StandardCharsets.US_ASCII));
                    } catch (IOException e) {
                        // the client went away: nothing to answer
                    }
                    async.complete();
                }, ASYNC_DELAY_MILLIS, TimeUnit.MILLISECONDS);
            }
        }, "/api/async");
        container.addServlet("async-timeout", new HttpServlet() {
            private static final long serialVersionUID = 1L;

            @Override
            protected void doGet(HttpServletRequest req, HttpServletResponse resp) {
                req.startAsync().setTimeout(100); // never completed: the container times it out
            }
        }, "/api/async-timeout");
    }

    private static Collectable collectable(String name, Runnable onCollect) {
        MetricMetadata metadata = new MetricMetadata(name, MetricType.GAUGE, "Test hook.", "");
        return new Collectable() {
            @Override
            public MetricMetadata metadata() {
                return metadata;
            }

            @Override
            public void collect(MetricSink sink) {
                onCollect.run();
            }
        };
    }

    @Override
    public void close() {
        release.countDown();
        timer.shutdownNow();
    }
}
