package io.promptly.servlet;

import java.io.IOException;

/** {@link MetricsServlet} and {@link MetricsFilter} in embedded Tomcat 11. */
class TomcatServletTest extends ServletContainerContract {
    @Override
    Container newContainer() throws IOException {
        return new TomcatContainer();
    }
}
