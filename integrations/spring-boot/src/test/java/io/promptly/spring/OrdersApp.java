package io.promptly.spring;

import io.promptly.core.Counter;
import io.promptly.core.Registry;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import io.promptly.exposition.Sample;
import java.util.List;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.context.annotation.Bean;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestController;

/** An application with one route and its own registry bean; nothing of Promptly configured. */
@SpringBootApplication
@RestController
public class OrdersApp {
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private final Registry registry = new Registry();
    private final Counter orders = Counter.builder("orders_looked_up_total").help("Orders looked up.")
            .register(registry);

    /** The application's registry: the auto-configuration serves it. */
    @Bean
    public Registry registry() {
        return registry;
    }

    /** A route with a path variable. */
    @GetMapping("/orders/{id}")
    public String order(@PathVariable("id") String id) {
        orders.inc();
        return "order " + id + "\n";
    }

    static HttpResponse<String> get(int port, String path, String accept) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .header("Accept", accept).build(), HttpResponse.BodyHandlers.ofString());
    }

    static double value(List<Sample> samples, String name, String route) {
        return samples.stream().filter(s -> s.name().equals(name) && (route == null
                || route.equals(s.labels().get("route")))).mapToDouble(Sample::value).sum();
    }
}
