package io.promptly.examples.jetty;

import io.promptly.core.Counter;
import io.promptly.core.Registry;
import io.promptly.servlet.MetricsFilter;
import io.promptly.servlet.MetricsServlet;
import jakarta.servlet.DispatcherType;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.EnumSet;
import org.eclipse.jetty.ee10.servlet.FilterHolder;
import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.eclipse.jetty.ee10.servlet.ServletHolder;
import org.eclipse.jetty.server.Server;

/**
 * Embedded Jetty 12 with Promptly: {@code /metrics} served by {@link MetricsServlet}, every other request counted
 * by {@link MetricsFilter}. Run it, then {@code curl localhost:8080/hello} and {@code curl localhost:8080/metrics}.
 * The first argument sets the port (default 8080).
 */
public final class JettyExample {
    private JettyExample() {
    }

    /** Starts the server and serves until the process is stopped. */
    public static void main(String[] args) throws Exception {
        Registry registry = Registry.DEFAULT;
        Counter hellos = Counter.builder("hellos_total").help("Hellos said.").register(registry);

        ServletContextHandler context = new ServletContextHandler();
        context.addServlet(new ServletHolder(new MetricsServlet(registry)), "/metrics");
        context.addFilter(new FilterHolder(MetricsFilter.builder().registry(registry).build()), "/*",
                EnumSet.of(DispatcherType.REQUEST));
        context.addServlet(new ServletHolder(new HttpServlet() {
            private static final long serialVersionUID = 1L;

            @Override
            protected void doGet(HttpServletRequest req, HttpServletResponse resp) throws IOException {
                hellos.inc();
                resp.getWriter().println("hello");
            }
        }), "/hello");

        Server server = new Server(args.length > 0 ? Integer.parseInt(args[0]) : 8080);
        server.setHandler(context);
        server.start();
        server.join();
    }
}
