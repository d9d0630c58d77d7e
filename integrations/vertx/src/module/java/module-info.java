/**
 * Promptly for Vert.x 5: {@code VertxMetricsHandler} / {@code VertxMetricsRequestHandler} (the scrape endpoint,
 * rendered off the event loop) and {@code VertxRequestMetrics} (request metrics for a vertx-web router). The
 * application provides Vert.x.
 */
module io.promptly.vertx {
    requires transitive io.promptly.exposition;
    requires transitive io.vertx.core;
    requires transitive io.vertx.web;

    exports io.promptly.vertx;
}
