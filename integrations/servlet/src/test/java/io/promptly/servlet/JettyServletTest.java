package io.promptly.servlet;

/** {@link MetricsServlet} and {@link MetricsFilter} in embedded Jetty 12 (ee10). */
class JettyServletTest extends ServletContainerContract {
    @Override
    Container newContainer() {
        return new JettyContainer();
    }
}
