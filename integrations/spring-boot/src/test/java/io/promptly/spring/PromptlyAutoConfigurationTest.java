package io.promptly.spring;

import static io.promptly.spring.OrdersApp.get;
import static io.promptly.spring.OrdersApp.value;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.promptly.exposition.Sample;
import io.promptly.exposition.StrictOpenMetricsParser;
import io.promptly.exposition.TextFormatParser;
import java.net.http.HttpResponse;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.test.context.SpringBootTest;

/**
 * The auto-configuration in a real Spring Boot 4 application on Tomcat (random port): with no Promptly bean of
 * the application's own, its registry is served and requests are recorded under Spring MVC's patterns. Bodies
 * are judged by exposition's text and OpenMetrics parsers (written from the formats' grammars).
 */
@SpringBootTest(classes = OrdersApp.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class PromptlyAutoConfigurationTest {
    @Value("${local.server.port}")
    int port;

    @Test
    void servesTheApplicationRegistryAndRecordsRequestsByRoutePattern() throws Exception {
        for (String id : new String[] {"17", "18", "19"}) {
            assertEquals(200, get(port, "/orders/" + id, "*/*").statusCode());
        }
        HttpResponse<String> scrape = get(port, "/metrics", "text/plain");
        assertEquals(200, scrape.statusCode());
        List<Sample> samples = TextFormatParser.parse(scrape.body());
        assertEquals(3.0, value(samples, "orders_looked_up_total", null));
        assertEquals(3.0, value(samples, "http_requests_total", "/orders/{id}"), scrape.body());
        assertFalse(scrape.body().contains("/orders/17"), "never the raw path");
        assertFalse(scrape.body().contains("route=\"/metrics\""), "the scrapes are not recorded");

        HttpResponse<String> om = get(port, "/metrics", "application/openmetrics-text; version=1.0.0");
        assertTrue(om.headers().firstValue("Content-Type").orElseThrow()
                .startsWith("application/openmetrics-text"));
        assertTrue(StrictOpenMetricsParser.byName(StrictOpenMetricsParser.parse(om.body()))
                .containsKey("http_requests"), om.body());
    }
}
