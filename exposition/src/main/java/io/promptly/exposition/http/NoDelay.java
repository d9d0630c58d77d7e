package io.promptly.exposition.http;

/**
 * Turns off Nagle's algorithm on the JDK HTTP server's sockets unless the user chose otherwise.
 *
 * <p>The JDK server writes a response's headers and its body in two writes; with Nagle on, the body waits for the
 * client to acknowledge the headers, and the client delays that ACK (~40 ms), so every keep-alive response
 * stalls ~44 ms. The server reads {@code sun.net.httpserver.nodelay} once, when its configuration class is first
 * loaded (the first {@code HttpServer.create} in the JVM), so this must run before that: it is called from the
 * static initialisers of {@link MetricsServer} and {@link HttpServerMetrics}. A value the user set (even
 * {@code false}) is left alone.
 *
 * <p>Thread-safe (system properties are); runs once per class initialisation.
 */
final class NoDelay {
    static final String PROPERTY = "sun.net.httpserver.nodelay";

    private NoDelay() {
    }

    /** Sets {@value #PROPERTY} to {@code true} when it is not set. */
    static void ensure() {
        if (System.getProperty(PROPERTY) == null) {
            System.setProperty(PROPERTY, "true");
        }
    }
}
