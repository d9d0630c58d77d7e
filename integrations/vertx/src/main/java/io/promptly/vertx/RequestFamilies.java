package io.promptly.vertx;

import io.promptly.core.Counter;
import io.promptly.core.Gauge;
import io.promptly.core.Histogram;
import io.promptly.core.Registry;

/**
 * The three request families of exposition's {@code HttpServerMetrics}, built through the same core builders
 * with the same names, help, labels and buckets ({@code <prefix>_requests_total{method,route,status}},
 * {@code <prefix>_request_duration_seconds{method,route}}, {@code <prefix>_requests_in_flight{method,route}}), so
 * that a Vert.x service and a JDK-server one export identical series. (To be folded onto a shared recorder when
 * exposition has one.)
 *
 * <p>Thread-safe (the metrics are). Built once; no cost per request by itself.
 */
final class RequestFamilies {
    final Counter requests;
    final Histogram duration;
    final Gauge inFlight;

    RequestFamilies(Registry registry, String prefix, double[] buckets) {
        this.requests = Counter.builder(prefix + "_requests_total").help("HTTP requests answered.")
                .labelNames("method", "route", "status").register(registry);
        this.duration = Histogram.builder(prefix + "_request_duration_seconds").unit("seconds")
                .help("Time spent handling HTTP requests, in seconds.").labelNames("method", "route")
                .buckets(buckets).register(registry);
        this.inFlight = Gauge.builder(prefix + "_requests_in_flight").help("HTTP requests being handled.")
                .labelNames("method", "route").register(registry);
    }
}
