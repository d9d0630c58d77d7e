package io.promptly.exposition.http;

/**
 * Bounds how long the JDK HTTP server lets a client take to send its request headers, unless the user chose.
 *
 * <p>The JDK server reads a request's line and headers on an executor thread, blocking until they end; a client
 * that sends half a request and then nothing (slowloris) holds that thread forever, since the server sets no
 * limit by default. {@value #PROPERTY} (seconds) makes the server's timer close such connections. Like
 * {@link NoDelay}, the server reads it once, at its first {@code HttpServer.create} in the JVM, so this runs
 * from {@link MetricsServer}'s static initialiser; a value the user set is left alone.
 *
 * <p>Thread-safe (system properties are); runs once per class initialisation.
 */
final class RequestTimeout {
    static final String PROPERTY = "sun.net.httpserver.maxReqTime";
    /** Seconds a client may take to send its request headers; a scraper sends them at once. */
    static final String DEFAULT_SECONDS = "10";

    private RequestTimeout() {
    }

    /** Sets {@value #PROPERTY} to {@value #DEFAULT_SECONDS} when it is not set. */
    static void ensure() {
        if (System.getProperty(PROPERTY) == null) {
            System.setProperty(PROPERTY, DEFAULT_SECONDS);
        }
    }
}
