package io.promptly.servlet;

import io.promptly.core.Registry;
import io.promptly.exposition.http.ScrapeEndpoint;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;

/**
 * Serves a registry's metrics from any Jakarta Servlet 6 container, with exactly the behaviour of
 * {@code MetricsServer}'s metrics path, because both answer through the same {@link ScrapeEndpoint}: content
 * negotiation from {@code Accept} (protobuf, OpenMetrics, text 0.0.4), gzip, {@code name[]} filters,
 * {@code HEAD}, {@code 405} with {@code Allow} for other methods, {@code 400} for a bad filter, admission control
 * ({@code 503} with {@code Retry-After}), bounded memory (a body within the hold bound goes out with its
 * {@code Content-Length}, a longer one streams), and fault isolation: a collectable that throws gives a
 * {@code 500} before the response started, and after it the exception propagates out of {@link #service} so that
 * the container closes the connection — the client sees a failed scrape, never a truncated body that looks
 * complete (the container may log that exception).
 *
 * <pre>{@code
 * context.addServlet(new ServletHolder(new MetricsServlet(registry)), "/metrics");   // Jetty
 * Tomcat.addServlet(context, "metrics", new MetricsServlet(registry)).addMapping("/metrics");
 * }</pre>
 *
 * <p>Thread-safe: the container calls it from many threads at once; per-scrape buffers live in the endpoint's
 * admission slots and are reused, so a scrape in steady state allocates nothing but a small adapter (and what the
 * container allocates). Cost: the render, O(body). Not meant to be serialized (the endpoint is transient).
 */
public final class MetricsServlet extends HttpServlet {
    private static final long serialVersionUID = 1L;

    private final transient ScrapeEndpoint endpoint;

    /** Serves {@link Registry#DEFAULT} with the endpoint's defaults (for {@code web.xml} and annotations). */
    public MetricsServlet() {
        this(Registry.DEFAULT);
    }

    /**
     * Serves {@code registry} with the endpoint's defaults.
     *
     * @throws IllegalArgumentException when {@code registry} is null
     */
    public MetricsServlet(Registry registry) {
        this(ScrapeEndpoint.builder(registry).build());
    }

    /**
     * Serves through {@code endpoint} (built with {@link ScrapeEndpoint#builder} to set the hold bound, the
     * number of concurrent scrapes, gzip or self-metrics); one endpoint may back several servlets and servers.
     *
     * @throws IllegalArgumentException when {@code endpoint} is null
     */
    public MetricsServlet(ScrapeEndpoint endpoint) {
        if (endpoint == null) {
            throw new IllegalArgumentException("scrape endpoint must not be null");
        }
        this.endpoint = endpoint;
    }

    /**
     * Answers every method (so that the endpoint gives {@code 405} with {@code Allow: GET, HEAD} itself).
     *
     * @throws IOException when the client is gone, or (as {@code ScrapeAbortedException}) when the scrape
     *                     failed after its response started: the container must close the connection
     */
    @Override
    protected void service(HttpServletRequest request, HttpServletResponse response)
            throws ServletException, IOException {
        ServletScrape scrape = new ServletScrape(request, response);
        endpoint.handle(scrape, scrape);
    }
}
