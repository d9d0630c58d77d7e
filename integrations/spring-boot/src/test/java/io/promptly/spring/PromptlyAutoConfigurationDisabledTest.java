package io.promptly.spring;

import static io.promptly.spring.OrdersApp.get;
import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.test.context.SpringBootTest;

/** {@code promptly.metrics.enabled=false} turns the auto-configuration off. */
@SpringBootTest(classes = OrdersApp.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = "promptly.metrics.enabled=false")
class PromptlyAutoConfigurationDisabledTest {
    @Value("${local.server.port}")
    int port;

    @Test
    void servesNothingWhenTurnedOff() throws Exception {
        assertEquals(200, get(port, "/orders/1", "*/*").statusCode());
        assertEquals(404, get(port, "/metrics", "text/plain").statusCode());
    }
}
