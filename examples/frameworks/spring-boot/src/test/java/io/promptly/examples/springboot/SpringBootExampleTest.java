package io.promptly.examples.springboot;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.test.context.SpringBootTest;

/** Starts the Spring Boot example on a random port and scrapes it with the JDK's HTTP client. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class SpringBootExampleTest {
    @Value("${local.server.port}")
    private int port;

    @Test
    void theMetricsServletServesTheFilterAndApplicationMetrics() throws Exception {
        HttpClient client = HttpClient.newHttpClient();
        String base = "http://127.0.0.1:" + port;
        HttpResponse<String> hello = client.send(HttpRequest.newBuilder(URI.create(base + "/hello")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(200, hello.statusCode());
        for (String name : new String[] {"ada", "grace"}) {
            assertEquals(200, client.send(HttpRequest.newBuilder(URI.create(base + "/hello/" + name)).build(),
                    HttpResponse.BodyHandlers.ofString()).statusCode());
        }
        assertEquals(404, client.send(HttpRequest.newBuilder(URI.create(base + "/nowhere")).build(),
                HttpResponse.BodyHandlers.ofString()).statusCode());
        HttpResponse<String> metrics = client.send(HttpRequest.newBuilder(URI.create(base + "/metrics"))
                .header("Accept", "text/plain").build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(200, metrics.statusCode());
        assertTrue(metrics.headers().firstValue("Content-Type").orElseThrow().startsWith("text/plain"));
        String body = metrics.body();
        assertTrue(body.contains("hellos_total 3"), body);
        assertTrue(body.contains("http_requests_total{method=\"GET\",route=\"/hello\",status=\"200\"} 1"), body);
        assertTrue(body.contains("http_requests_total{method=\"GET\",route=\"/hello/{name}\",status=\"200\"} 2"),
                body);
        assertTrue(!body.contains("ada") && !body.contains("grace"), "never the raw path: " + body);
        assertTrue(!body.contains("route=\"/metrics\""), body);
    }
}
