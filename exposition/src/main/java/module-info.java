/**
 * Promptly exposition: text 0.0.4, OpenMetrics 1.0 and protobuf writers, content negotiation, the HTTP metrics
 * server and the Pushgateway client. Depends on nothing but the JDK and Promptly core.
 */
module io.promptly.exposition {
    requires transitive io.promptly.core;
    requires transitive jdk.httpserver; // MetricsServer and HttpServerMetrics expose its Filter and HttpsConfigurator
    requires java.net.http;

    exports io.promptly.exposition;
    exports io.promptly.exposition.http;
    exports io.promptly.exposition.push;
}
