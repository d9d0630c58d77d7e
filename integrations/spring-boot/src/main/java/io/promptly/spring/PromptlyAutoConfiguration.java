package io.promptly.spring;

import io.promptly.core.Registry;
import io.promptly.exposition.http.HttpRequestMetrics;
import io.promptly.servlet.MetricsFilter;
import io.promptly.servlet.MetricsServlet;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.boot.web.servlet.ServletRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.core.env.Environment;

/**
 * Spring Boot auto-configuration for a servlet web application: with {@code promptly-spring-boot} on the class
 * path, the application's Promptly {@link Registry} (its own {@code Registry} bean, else {@link Registry#DEFAULT})
 * is served by a {@link MetricsServlet} at {@code promptly.metrics.path} (default {@code /metrics}), and every
 * request is recorded by a {@link MetricsFilter} whose route is the pattern Spring MVC matched
 * ({@code /orders/{id}}; {@link MetricsFilter#SPRING_MVC_PATTERN}), the metrics path excluded.
 *
 * <p>Properties: {@code promptly.metrics.enabled} (default true: false turns both off),
 * {@code promptly.metrics.path}, {@code promptly.metrics.requests.enabled} (default true: the filter),
 * {@code promptly.metrics.requests.prefix} (default {@value HttpRequestMetrics#DEFAULT_PREFIX}). An application
 * bean named {@code promptlyMetricsServlet} or {@code promptlyMetricsFilter} replaces the one defined here.
 *
 * <p>Thread-safe as the servlet and filter are; costs nothing per request beyond the filter's own.
 */
@AutoConfiguration
@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
@ConditionalOnClass(name = "jakarta.servlet.Servlet")
@ConditionalOnProperty(name = "promptly.metrics.enabled", havingValue = "true", matchIfMissing = true)
public class PromptlyAutoConfiguration {
    static final String DEFAULT_PATH = "/metrics";

    /** Spring instantiates it. */
    public PromptlyAutoConfiguration() {
    }

    /** The registry served, unless the application defines its own. */
    @Bean
    @ConditionalOnMissingBean
    public Registry promptlyRegistry() {
        return Registry.DEFAULT;
    }

    /** {@link MetricsServlet} at {@code promptly.metrics.path}. */
    @Bean
    @ConditionalOnMissingBean(name = "promptlyMetricsServlet")
    public ServletRegistrationBean<MetricsServlet> promptlyMetricsServlet(Registry registry, Environment env) {
        ServletRegistrationBean<MetricsServlet> bean = new ServletRegistrationBean<>(new MetricsServlet(registry),
                path(env));
        bean.setName("promptlyMetricsServlet");
        return bean;
    }

    /** {@link MetricsFilter} on every request, routes from Spring MVC's matched pattern. */
    @Bean
    @ConditionalOnMissingBean(name = "promptlyMetricsFilter")
    @ConditionalOnProperty(name = "promptly.metrics.requests.enabled", havingValue = "true", matchIfMissing = true)
    public FilterRegistrationBean<MetricsFilter> promptlyMetricsFilter(Registry registry, Environment env) {
        HttpRequestMetrics recorder = HttpRequestMetrics.builder().registry(registry)
                .prefix(env.getProperty("promptly.metrics.requests.prefix", HttpRequestMetrics.DEFAULT_PREFIX))
                .excludePaths(path(env)).build();
        MetricsFilter filter = MetricsFilter.builder().metrics(recorder)
                .routeAttribute(MetricsFilter.SPRING_MVC_PATTERN).build();
        FilterRegistrationBean<MetricsFilter> bean = new FilterRegistrationBean<>(filter);
        bean.setName("promptlyMetricsFilter");
        bean.addUrlPatterns("/*");
        return bean;
    }

    private static String path(Environment env) {
        String path = env.getProperty("promptly.metrics.path", DEFAULT_PATH);
        if (!path.startsWith("/")) {
            throw new IllegalArgumentException("promptly.metrics.path must start with '/', got \"" + path + "\"");
        }
        return path;
    }
}
