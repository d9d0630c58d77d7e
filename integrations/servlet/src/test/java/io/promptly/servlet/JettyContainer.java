package io.promptly.servlet;

import jakarta.servlet.DispatcherType;
import jakarta.servlet.Filter;
import jakarta.servlet.Servlet;
import java.util.EnumSet;
import org.eclipse.jetty.ee10.servlet.FilterHolder;
import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.eclipse.jetty.ee10.servlet.ServletHolder;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;

/** Embedded Jetty 12 (ee10, Servlet 6.1). */
final class JettyContainer implements Container {
    private final Server server = new Server();
    private final ServerConnector connector = new ServerConnector(server);
    private final ServletContextHandler context = new ServletContextHandler();

    JettyContainer() {
        connector.setHost("127.0.0.1");
        connector.setPort(0);
        server.addConnector(connector);
        context.setContextPath("/");
        server.setHandler(context);
    }

    @Override
    public void addServlet(String name, Servlet servlet, String pattern) {
        ServletHolder holder = new ServletHolder(name, servlet);
        holder.setAsyncSupported(true);
        context.addServlet(holder, pattern);
    }

    @Override
    public void addFilter(String name, Filter filter) {
        FilterHolder holder = new FilterHolder(filter);
        holder.setName(name);
        holder.setAsyncSupported(true);
        context.addFilter(holder, "/*", EnumSet.of(DispatcherType.REQUEST));
    }

    @Override
    public int start() throws Exception {
        server.start();
        return connector.getLocalPort();
    }

    @Override
    public void stop() throws Exception {
        server.stop();
    }
}
