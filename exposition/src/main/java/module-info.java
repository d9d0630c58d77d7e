/**
 * Promptly exposition: text 0.0.4, OpenMetrics 1.0 and protobuf writers, content negotiation, the HTTP metrics
 * server and the Pushgateway client. Depends on nothing but the JDK and Promptly core.
 */
module io.promptly.exposition {
    requires transitive io.promptly.core;
    requires jdk.httpserver;
    requires java.net.http;

    exports io.promptly.exposition;
}
