package io.promptly.examples.vertx;

import io.promptly.core.Counter;
import io.promptly.core.Registry;
import io.promptly.exposition.http.ScrapeEndpoint;
import io.promptly.vertx.VertxMetricsHandler;
import io.promptly.vertx.VertxRequestMetrics;
import io.vertx.core.Vertx;
import io.vertx.ext.web.Router;

/**
 * A Vert.x 5 web server on port 8080 (or the first argument) with request metrics and {@code /metrics}:
 * {@code curl localhost:8080/hello/ada; curl localhost:8080/metrics}. Runs until killed.
 */
public final class VertxExample {
    private VertxExample() {
    }

    /** Starts the server. */
    public static void main(String[] args) {
        int port = args.length > 0 ? Integer.parseInt(args[0]) : 8080;
        Registry registry = new Registry();
        Counter greetings = Counter.builder("greetings_total").help("Greetings sent.").register(registry);

        Vertx vertx = Vertx.vertx();
        Router router = Router.router(vertx);
        router.route().order(-1).handler(VertxRequestMetrics.builder().registry(registry).build());
        router.route("/metrics").handler(VertxMetricsHandler.create(ScrapeEndpoint.builder(registry).build()));
        router.get("/hello/:name").handler(ctx -> {
            greetings.inc();
            ctx.response().end("Hello, " + ctx.pathParam("name") + "\n");
        });
        vertx.createHttpServer().requestHandler(router).listen(port)
                .onSuccess(s -> System.out.println("http://localhost:" + s.actualPort() + "/metrics"));
    }
}
