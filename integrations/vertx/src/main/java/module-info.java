/**
 * Promptly for Vert.x 5: a metrics handler that renders scrapes off the event loop, and request
 * instrumentation for vertx-web routers. Vert.x is the application's own (optional, provided) dependency.
 */
module io.promptly.vertx {
    requires transitive io.promptly.core;
    requires transitive io.promptly.exposition;
    requires static transitive io.vertx.core;
    requires static transitive io.vertx.web;

    exports io.promptly.vertx;
}
