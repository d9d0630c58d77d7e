package io.promptly.exposition.http;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.promptly.core.Registry;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class HttpRequestMetricsTest {
    private final Registry registry = new Registry();
    private final HttpRequestMetrics metrics = HttpRequestMetrics.builder().registry(registry).build();

    @Test
    void everyStatusIsCountedUnderItsOwnSeriesEvenPastTheBoundStatusSlots() {
        for (int status = 100; status < 1000; status += 7) {
            for (int i = 0; i <= status % 3; i++) {
                metrics.finish("GET", "/r", status, metrics.start("GET", "/r"));
            }
        }
        for (int status = 100; status < 1000; status += 7) {
            assertEquals(status % 3 + 1, metrics.requests().labels("GET", "/r", Integer.toString(status)).get(),
                    "status " + status);
        }
        assertEquals(0.0, metrics.inFlight().labels("GET", "/r").get());
        long requests = 0;
        for (int status = 100; status < 1000; status += 7) {
            requests += status % 3 + 1;
        }
        assertEquals(requests, metrics.duration().labels("GET", "/r").count());
    }

    @Test
    void statusesOutsideTheRangeAndUnknownMethodsFoldIntoBoundedValues() {
        metrics.finish("BREW", "/pot", -1, metrics.start("BREW", "/pot"));
        metrics.finish(null, "/pot", 1000, metrics.start(null, "/pot"));
        assertEquals(2.0, metrics.requests().labels(HttpRequestMetrics.OTHER_METHOD, "/pot", "500").get());
    }

    @Test
    void routesPastTheBoundSeriesCacheAreStillRecordedExactly() {
        for (int r = 0; r < 5000; r++) {
            metrics.completed("POST", "/route" + r, 201, System.nanoTime());
        }
        for (int r = 0; r < 5000; r += 499) {
            assertEquals(1.0, metrics.requests().labels("POST", "/route" + r, "201").get(), "route " + r);
            assertEquals(1L, metrics.duration().labels("POST", "/route" + r).count(), "route " + r);
        }
    }

    @Test
    void concurrentRequestsOnFreshSeriesLoseNothing() throws Exception {
        int threads = 4;
        int perThread = 20_000;
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        CountDownLatch go = new CountDownLatch(1);
        for (int t = 0; t < threads; t++) {
            pool.execute(() -> {
                try {
                    go.await();
                } catch (InterruptedException e) {
                    return;
                }
                for (int i = 0; i < perThread; i++) {
                    String route = "/r" + (i % 8);
                    metrics.finish("GET", route, 200 + i % 20, metrics.start("GET", route));
                }
            });
        }
        go.countDown();
        pool.shutdown();
        assertEquals(true, pool.awaitTermination(60, TimeUnit.SECONDS));
        double total = 0;
        for (int r = 0; r < 8; r++) {
            for (int s = 200; s < 220; s++) {
                total += metrics.requests().labels("GET", "/r" + r, Integer.toString(s)).get();
            }
            assertEquals(0.0, metrics.inFlight().labels("GET", "/r" + r).get());
        }
        assertEquals((double) threads * perThread, total);
    }

    @Test
    void requestsPastASeriesLimitAreNotRecordedAndNeverFailTheCaller() {
        Registry r = new Registry();
        HttpRequestMetrics limited = HttpRequestMetrics.builder().registry(r).maxSeries(3).build();
        for (int i = 0; i < 10; i++) {
            String route = "/raw/" + i; // a route function returning raw paths
            limited.finish("GET", route, 200, limited.start("GET", route));
            limited.completed("POST", route, 201, System.nanoTime());
            limited.finish("PUT", route, "/late/" + i, 204, limited.start("PUT", route));
        }
        // /raw/0 took the in-flight and duration series of GET, POST and PUT, and two request counters; the PUT's
        // late route and every later route found the limits
        assertEquals(3, limited.inFlight().seriesCount());
        assertEquals(3, limited.duration().seriesCount());
        assertEquals(2, limited.requests().seriesCount());
        assertEquals(1.0, limited.requests().labels("GET", "/raw/0", "200").get());
        assertEquals(1.0, limited.requests().labels("POST", "/raw/0", "201").get());
        assertEquals(1, limited.duration().labels("GET", "/raw/0").count());
        assertEquals(0.0, limited.inFlight().labels("GET", "/raw/0").get());
        assertEquals(0.0, limited.inFlight().labels("PUT", "/raw/0").get(), "the arrival's gauge is balanced");
        // a third status takes the counters' last series; a fourth is dropped, its duration and gauge still kept
        limited.finish("GET", "/raw/0", 500, limited.start("GET", "/raw/0"));
        limited.finish("GET", "/raw/0", 503, limited.start("GET", "/raw/0"));
        assertEquals(3, limited.requests().seriesCount());
        assertEquals(1.0, limited.requests().labels("GET", "/raw/0", "500").get());
        assertEquals(3, limited.duration().labels("GET", "/raw/0").count());
        assertEquals(0.0, limited.inFlight().labels("GET", "/raw/0").get());
    }

    @Test
    void aNullRouteIsTheCallersBugAndNamesTheRule() {
        IllegalArgumentException e = org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
                () -> metrics.start("GET", null));
        org.junit.jupiter.api.Assertions.assertTrue(e.getMessage().contains("route must not be null"),
                e.getMessage());
        org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
                () -> metrics.finish("GET", null, "/r", 200, 0L));
        org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
                () -> HttpRequestMetrics.builder().maxSeries(0));
    }
}
