/**
 * Promptly for Jakarta Servlet 6 containers: {@code MetricsServlet} (the scrape endpoint) and {@code MetricsFilter}
 * (request metrics). The container provides {@code jakarta.servlet}.
 */
module io.promptly.servlet {
    requires transitive io.promptly.exposition;
    requires transitive jakarta.servlet;

    exports io.promptly.servlet;
}
