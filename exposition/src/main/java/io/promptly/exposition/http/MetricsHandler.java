package io.promptly.exposition.http;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;

/**
 * Answers every request of a {@link MetricsServer}: the metrics path through its {@link ScrapeEndpoint} (GET/HEAD,
 * content negotiation, gzip, {@code name[]} filter, bounded memory, admission control, fault isolation), the
 * index page at {@code /}, {@code /-/healthy}, {@code /robots.txt}, 405 for other methods on those paths and 404
 * for anything else.
 *
 * <p>Thread-safe: called by the server's worker threads at once; per-scrape state lives in the endpoint's
 * admission slots. A scrape the endpoint aborted after its response started is not closed here but rethrown,
 * so that the JDK server closes the connection and the client sees a failed scrape.
 */
final class MetricsHandler implements HttpHandler {
    static final String HEALTH_PATH = "/-/healthy";
    static final String INDEX_PATH = "/";
    /** Served as aioprometheus does, so that crawlers skip the metrics endpoint. */
    static final String ROBOTS_PATH = "/robots.txt";
    static final String ALLOWED = ScrapeEndpoint.ALLOWED;

    private static final String TEXT_PLAIN = "text/plain; charset=utf-8";
    private static final byte[] HEALTHY = "OK".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] ROBOTS = "User-agent: *\nDisallow: /\n".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] NOT_FOUND = "Not Found\n".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] NOT_ALLOWED = "Method Not Allowed\n".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] UNAUTHORIZED = "Unauthorized\n".getBytes(StandardCharsets.US_ASCII);

    private final ScrapeEndpoint endpoint;
    private final String metricsPath;
    private final BasicAuth auth;
    private final byte[] indexPage;

    MetricsHandler(ScrapeEndpoint endpoint, String metricsPath, BasicAuth auth) {
        this.endpoint = endpoint;
        this.metricsPath = metricsPath;
        this.auth = auth;
        String href = htmlEscape(metricsPath);
        this.indexPage = ("<!DOCTYPE html>\n<html><head><meta charset=\"utf-8\"><title>Promptly metrics</title>"
                + "</head>\n<body><h1>Promptly metrics</h1>\n<p><a href=\"" + href + "\">" + href + "</a></p>\n"
                + "</body></html>\n").getBytes(StandardCharsets.UTF_8);
    }

    @Override
    public void handle(HttpExchange exchange) throws IOException {
        boolean close = true;
        try {
            String path = exchange.getRequestURI().getPath();
            if (metricsPath.equals(path)) {
                if (allowed(exchange) && authorized(exchange)) {
                    ExchangeScrape scrape = new ExchangeScrape(exchange);
                    try {
                        endpoint.handle(scrape, scrape);
                    } catch (IOException e) {
                        // aborted after the response started: leave the exchange open so that the JDK server
                        // closes the connection (closing the exchange would end a chunked body properly)
                        close = !scrape.aborted();
                        throw e;
                    }
                }
            } else if (HEALTH_PATH.equals(path)) {
                if (allowed(exchange)) {
                    respond(exchange, 200, TEXT_PLAIN, HEALTHY);
                }
            } else if (ROBOTS_PATH.equals(path)) {
                if (allowed(exchange)) {
                    respond(exchange, 200, TEXT_PLAIN, ROBOTS);
                }
            } else if (INDEX_PATH.equals(path)) {
                if (allowed(exchange) && authorized(exchange)) {
                    respond(exchange, 200, "text/html; charset=utf-8", indexPage);
                }
            } else {
                respond(exchange, 404, TEXT_PLAIN, NOT_FOUND);
            }
        } finally {
            if (close) {
                exchange.close();
            }
        }
    }

    private boolean allowed(HttpExchange exchange) throws IOException {
        String method = exchange.getRequestMethod();
        if ("GET".equals(method) || "HEAD".equals(method)) {
            return true;
        }
        exchange.getResponseHeaders().set("Allow", ALLOWED);
        respond(exchange, 405, TEXT_PLAIN, NOT_ALLOWED);
        return false;
    }

    private boolean authorized(HttpExchange exchange) throws IOException {
        if (auth == null || auth.allows(exchange.getRequestHeaders().get("Authorization"))) {
            return true;
        }
        exchange.getResponseHeaders().set("WWW-Authenticate", auth.challenge());
        respond(exchange, 401, TEXT_PLAIN, UNAUTHORIZED);
        return false;
    }

    private static void respond(HttpExchange exchange, int status, String contentType, byte[] body)
            throws IOException {
        exchange.getResponseHeaders().set("Content-Type", contentType);
        if ("HEAD".equals(exchange.getRequestMethod())) {
            exchange.sendResponseHeaders(status, -1);
        } else {
            send(exchange, status, body, body.length);
        }
    }

    /** Sends headers with a known length, then the body; length 0 must be sent as -1 (0 means chunked). */
    private static void send(HttpExchange exchange, int status, byte[] body, int length) throws IOException {
        exchange.sendResponseHeaders(status, length == 0 ? -1 : length);
        if (length > 0) {
            OutputStream out = exchange.getResponseBody();
            out.write(body, 0, length);
            out.flush();
        }
    }

    private static String htmlEscape(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }
}
