package io.promptly.exposition.http;

import com.sun.net.httpserver.HttpExchange;
import java.io.IOException;
import java.io.OutputStream;
import java.util.Collections;
import java.util.List;

/**
 * Adapts a JDK {@link HttpExchange} to {@link ScrapeRequest} and {@link ScrapeResponse}. A known length is sent
 * as {@code Content-Length}, an unknown one chunked (the JDK's {@code sendResponseHeaders(status, 0)}), no body
 * as the JDK's {@code -1}. Abort: {@link #aborted()} tells {@link MetricsHandler} not to close the exchange
 * (closing would end a chunked body properly) but to throw, which makes the JDK server close the connection.
 *
 * <p>Not thread-safe: one per exchange, used by the thread handling it.
 */
final class ExchangeScrape implements ScrapeRequest, ScrapeResponse {
    private final HttpExchange exchange;
    private boolean aborted;

    ExchangeScrape(HttpExchange exchange) {
        this.exchange = exchange;
    }

    @Override
    public String method() {
        return exchange.getRequestMethod();
    }

    @Override
    public String rawQuery() {
        return exchange.getRequestURI().getRawQuery();
    }

    @Override
    public List<String> headers(String name) {
        List<String> values = exchange.getRequestHeaders().get(name);
        return values == null ? Collections.emptyList() : values;
    }

    @Override
    public void header(String name, String value) {
        exchange.getResponseHeaders().set(name, value);
    }

    @Override
    public OutputStream start(int status, long contentLength) throws IOException {
        boolean noBody = contentLength == 0 || "HEAD".equals(exchange.getRequestMethod());
        exchange.sendResponseHeaders(status, noBody ? -1 : contentLength < 0 ? 0 : contentLength);
        return exchange.getResponseBody();
    }

    @Override
    public void abort() {
        aborted = true;
    }

    /** Whether the response was aborted after it started. */
    boolean aborted() {
        return aborted;
    }
}
