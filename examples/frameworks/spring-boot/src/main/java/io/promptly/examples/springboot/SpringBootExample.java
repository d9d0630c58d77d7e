package io.promptly.examples.springboot;

import io.promptly.core.Counter;
import io.promptly.core.Registry;
import io.promptly.servlet.MetricsFilter;
import io.promptly.servlet.MetricsServlet;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.boot.web.servlet.ServletRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestController;

/**
 * Spring Boot 4 (Spring MVC) with Promptly: {@link MetricsServlet} at {@code /metrics} and {@link MetricsFilter}
 * on every request, registered as beans. Run it, then {@code curl localhost:8080/hello} and
 * {@code curl localhost:8080/metrics}.
 */
@SpringBootApplication
@RestController
public class SpringBootExample {
    private final Counter hellos = Counter.builder("hellos_total").help("Hellos said.").register(registry());

    /** Starts the application. */
    public static void main(String[] args) {
        SpringApplication.run(SpringBootExample.class, args);
    }

    /** The registry the application's metrics live in. */
    @Bean
    public static Registry registry() {
        return Registry.DEFAULT;
    }

    /** Serves the registry at {@code /metrics}. */
    @Bean
    public ServletRegistrationBean<MetricsServlet> metricsServlet(Registry registry) {
        return new ServletRegistrationBean<>(new MetricsServlet(registry), "/metrics");
    }

    /**
     * Records every request. The route is Spring MVC's matched pattern ({@code /hello/{name}}), read after the
     * dispatcher servlet handled the request; without one (e.g. a 404) it is the servlet mapping ({@code /});
     * {@code /metrics} (excluded) for the scrapes.
     */
    @Bean
    public FilterRegistrationBean<MetricsFilter> metricsFilter(Registry registry) {
        MetricsFilter filter = MetricsFilter.builder().registry(registry)
                .routeAttribute(MetricsFilter.SPRING_MVC_PATTERN).build();
        FilterRegistrationBean<MetricsFilter> bean = new FilterRegistrationBean<>(filter);
        bean.addUrlPatterns("/*");
        return bean;
    }

    /** A page to count. */
    @GetMapping("/hello")
    public String hello() {
        hellos.inc();
        return "hello\n";
    }

    /** A page with a path variable: recorded under its pattern, never the raw path. */
    @GetMapping("/hello/{name}")
    public String helloName(@PathVariable("name") String name) {
        hellos.inc();
        return "hello, " + name + "\n";
    }
}
