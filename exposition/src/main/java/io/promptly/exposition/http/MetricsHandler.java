package io.promptly.exposition.http;

import com.sun.net.httpserver.Headers;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import io.promptly.core.MetricMetadata;
import io.promptly.core.Registry;
import io.promptly.exposition.ExpositionFormat;
import io.promptly.exposition.NameFilter;
import io.promptly.exposition.ScrapeRenderer;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.function.Predicate;

/**
 * Answers every request of a {@link MetricsServer}: the metrics path (GET/HEAD, content negotiation, gzip,
 * {@code name[]} filter), the index page at {@code /}, {@code /-/healthy}, {@code /robots.txt}, 405 for other methods on those paths
 * and 404 for anything else.
 *
 * <p>Thread-safe: called by the server's worker threads at once; all per-scrape state lives in the calling
 * thread's {@link ScrapeThread.ScrapeState}. A metrics scrape renders into the thread's reused buffer and
 * writes it with a known {@code Content-Length} (gzipped into a reused array when asked): no per-scrape copy of
 * the body.
 */
final class MetricsHandler implements HttpHandler {
    static final String HEALTH_PATH = "/-/healthy";
    static final String INDEX_PATH = "/";
    /** Served as aioprometheus does, so that crawlers skip the metrics endpoint. */
    static final String ROBOTS_PATH = "/robots.txt";
    static final String ALLOWED = "GET, HEAD";

    private static final Predicate<MetricMetadata> ALL = family -> true;
    private static final String TEXT_PLAIN = "text/plain; charset=utf-8";
    private static final byte[] HEALTHY = "OK".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] ROBOTS = "User-agent: *\nDisallow: /\n".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] NOT_FOUND = "Not Found\n".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] NOT_ALLOWED = "Method Not Allowed\n".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] UNAUTHORIZED = "Unauthorized\n".getBytes(StandardCharsets.US_ASCII);

    private final Registry registry;
    private final String metricsPath;
    private final BasicAuth auth;
    private final byte[] indexPage;

    MetricsHandler(Registry registry, String metricsPath, BasicAuth auth) {
        this.registry = registry;
        this.metricsPath = metricsPath;
        this.auth = auth;
        String href = htmlEscape(metricsPath);
        this.indexPage = ("<!DOCTYPE html>\n<html><head><meta charset=\"utf-8\"><title>Promptly metrics</title>"
                + "</head>\n<body><h1>Promptly metrics</h1>\n<p><a href=\"" + href + "\">" + href + "</a></p>\n"
                + "</body></html>\n").getBytes(StandardCharsets.UTF_8);
    }

    @Override
    public void handle(HttpExchange exchange) throws IOException {
        try {
            String path = exchange.getRequestURI().getPath();
            if (metricsPath.equals(path)) {
                if (allowed(exchange) && authorized(exchange)) {
                    scrape(exchange);
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
            exchange.close();
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

    private void scrape(HttpExchange exchange) throws IOException {
        Headers request = exchange.getRequestHeaders();
        ExpositionFormat format = ExpositionFormat.negotiate(request.get("Accept"));
        Predicate<MetricMetadata> filter;
        try {
            List<String> names = RequestHeaders.names(exchange.getRequestURI().getRawQuery());
            filter = names == null ? ALL : NameFilter.of(names);
        } catch (IllegalArgumentException badQuery) {
            respond(exchange, 400, TEXT_PLAIN, ("Bad Request: " + badQuery.getMessage() + "\n")
                    .getBytes(StandardCharsets.UTF_8));
            return;
        }
        Headers response = exchange.getResponseHeaders();
        response.set("Content-Type", format.contentType());
        if ("HEAD".equals(exchange.getRequestMethod())) {
            exchange.sendResponseHeaders(200, -1);
            return;
        }
        ScrapeThread.ScrapeState state = ScrapeThread.current();
        ScrapeRenderer renderer = state.renderer;
        try {
            renderer.render(registry, format, filter);
        } catch (RuntimeException failed) {
            response.remove("Content-Type");
            respond(exchange, 500, TEXT_PLAIN, ("Collecting metrics failed: " + failed + "\n")
                    .getBytes(StandardCharsets.UTF_8));
            return;
        }
        byte[] body = renderer.array();
        int length = renderer.length();
        if (RequestHeaders.acceptsGzip(request.get("Accept-Encoding"))) {
            state.gzip.encode(body, 0, length);
            body = state.gzip.array();
            length = state.gzip.length();
            response.set("Content-Encoding", "gzip");
        }
        send(exchange, 200, body, length);
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
