package io.promptly.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.promptly.core.Registry;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.Test;

class DemoServiceTest {
    @Test
    void demoServesItsMetricsOnAnEphemeralPort() throws Exception {
        try (DemoService demo = DemoService.start(new Registry(), "127.0.0.1", 0)) {
            HttpClient client = HttpClient.newHttpClient();
            String body = "";
            for (int attempt = 0; attempt < 100 && !body.contains("demo_requests_total{"); attempt++) {
                HttpResponse<String> r = client.send(HttpRequest.newBuilder(demo.metricsUrl()).build(),
                        HttpResponse.BodyHandlers.ofString());
                assertEquals(200, r.statusCode());
                body = r.body();
                Thread.sleep(50);
            }
            assertTrue(body.contains("demo_requests_total{"), body);
            assertTrue(body.contains("demo_build_info{version=\"0.1.0-SNAPSHOT\""), body);
            assertTrue(body.contains("# TYPE demo_request_duration_seconds histogram"), body);
            assertTrue(body.contains("# TYPE demo_payload_bytes summary"), body);
        }
    }
}
