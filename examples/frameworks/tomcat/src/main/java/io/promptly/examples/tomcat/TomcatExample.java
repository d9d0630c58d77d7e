package io.promptly.examples.tomcat;

import io.promptly.core.Counter;
import io.promptly.core.Registry;
import io.promptly.servlet.MetricsFilter;
import io.promptly.servlet.MetricsServlet;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.file.Files;
import org.apache.catalina.Context;
import org.apache.catalina.startup.Tomcat;
import org.apache.tomcat.util.descriptor.web.FilterDef;
import org.apache.tomcat.util.descriptor.web.FilterMap;

/**
 * Embedded Tomcat 11 with Promptly: {@code /metrics} served by {@link MetricsServlet}, every other request counted
 * by {@link MetricsFilter}. Run it, then {@code curl localhost:8080/hello} and {@code curl localhost:8080/metrics}.
 * The first argument sets the port (default 8080).
 */
public final class TomcatExample {
    private TomcatExample() {
    }

    /** Starts the server and serves until the process is stopped. */
    public static void main(String[] args) throws Exception {
        Registry registry = Registry.DEFAULT;
        Counter hellos = Counter.builder("hellos_total").help("Hellos said.").register(registry);

        Tomcat tomcat = new Tomcat();
        tomcat.setBaseDir(Files.createTempDirectory("tomcat").toString());
        tomcat.setPort(args.length > 0 ? Integer.parseInt(args[0]) : 8080);
        Context context = tomcat.addContext("", null);
        Tomcat.addServlet(context, "metrics", new MetricsServlet(registry)).addMapping("/metrics");
        Tomcat.addServlet(context, "hello", new HttpServlet() {
            private static final long serialVersionUID = 1L;

            @Override
            protected void doGet(HttpServletRequest req, HttpServletResponse resp) throws IOException {
                hellos.inc();
                resp.getWriter().println("hello");
            }
        }).addMapping("/hello");
        FilterDef filter = new FilterDef();
        filter.setFilterName("promptly-metrics");
        filter.setFilter(MetricsFilter.builder().registry(registry).build());
        context.addFilterDef(filter);
        FilterMap map = new FilterMap();
        map.setFilterName("promptly-metrics");
        map.addURLPattern("/*");
        context.addFilterMap(map);

        tomcat.getConnector(); // creates the default HTTP connector
        tomcat.start();
        tomcat.getServer().await();
    }
}
