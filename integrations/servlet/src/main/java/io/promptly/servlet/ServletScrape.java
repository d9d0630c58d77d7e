package io.promptly.servlet;

import io.promptly.exposition.http.ScrapeRequest;
import io.promptly.exposition.http.ScrapeResponse;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.io.OutputStream;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Enumeration;
import java.util.List;

/**
 * Adapts a servlet request/response pair to {@link ScrapeRequest} and {@link ScrapeResponse}. A known length is
 * sent as {@code Content-Length}, an unknown one is left to the container (chunked once its buffer fills).
 * Abort: the endpoint then throws {@code ScrapeAbortedException}, which {@link MetricsServlet} lets propagate
 * out of {@code service}; a container answers an exception after commit by closing the connection without
 * ending the body (Jetty aborts the response, Tomcat's error valve closes the connection), and before commit by
 * discarding the buffered body for an error page.
 *
 * <p>Not thread-safe: one per request, used by the thread handling it.
 */
final class ServletScrape implements ScrapeRequest, ScrapeResponse {
    private final HttpServletRequest request;
    private final HttpServletResponse response;

    ServletScrape(HttpServletRequest request, HttpServletResponse response) {
        this.request = request;
        this.response = response;
    }

    @Override
    public String method() {
        return request.getMethod();
    }

    @Override
    public String rawQuery() {
        return request.getQueryString();
    }

    @Override
    public List<String> headers(String name) {
        Enumeration<String> values = request.getHeaders(name);
        if (values == null || !values.hasMoreElements()) {
            return Collections.emptyList();
        }
        String first = values.nextElement();
        if (!values.hasMoreElements()) {
            return Collections.singletonList(first);
        }
        List<String> all = new ArrayList<>(2);
        all.add(first);
        while (values.hasMoreElements()) {
            all.add(values.nextElement());
        }
        return all;
    }

    @Override
    public void header(String name, String value) {
        response.setHeader(name, value);
    }

    @Override
    public OutputStream start(int status, long contentLength) throws IOException {
        response.setStatus(status);
        if (contentLength >= 0 && !"HEAD".equals(request.getMethod())) {
            response.setContentLengthLong(contentLength);
        }
        return response.getOutputStream();
    }

    @Override
    public void abort() {
        // nothing to do here: MetricsServlet lets the endpoint's ScrapeAbortedException out of service()
    }
}
