package io.promptly.spring;

import static io.promptly.spring.OrdersApp.get;
import static io.promptly.spring.OrdersApp.value;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import io.promptly.exposition.Sample;
import io.promptly.exposition.TextFormatParser;
import java.net.http.HttpResponse;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.test.context.SpringBootTest;

/** The auto-configuration's properties: another path and another request-metrics prefix. */
@SpringBootTest(classes = OrdersApp.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {"promptly.metrics.path=/internal/prometheus", "promptly.metrics.requests.prefix=web"})
class PromptlyAutoConfigurationPropertiesTest {
    @Value("${local.server.port}")
    int port;

    @Test
    void servesAtTheConfiguredPathWithTheConfiguredPrefix() throws Exception {
        assertEquals(200, get(port, "/orders/1", "*/*").statusCode());
        assertEquals(404, get(port, "/metrics", "text/plain").statusCode());
        HttpResponse<String> scrape = get(port, "/internal/prometheus", "text/plain");
        assertEquals(200, scrape.statusCode());
        List<Sample> samples = TextFormatParser.parse(scrape.body());
        assertEquals(1.0, value(samples, "web_requests_total", "/orders/{id}"), scrape.body());
        assertFalse(scrape.body().contains("/internal/prometheus\""), "the scrape path is excluded");
    }
}
