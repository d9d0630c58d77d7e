package io.promptly.vertx;

import io.promptly.exposition.http.ScrapeEndpoint;
import io.vertx.core.Handler;
import io.vertx.core.Vertx;
import io.vertx.core.WorkerExecutor;
import io.vertx.core.http.HttpServerRequest;

/**
 * The metrics resource for a bare Vert.x {@code HttpServer} (no vertx-web), with the same behaviour as
 * {@link VertxMetricsHandler}: every request it is given is answered as a scrape, so route to it yourself:
 * <pre>{@code
 * Handler<HttpServerRequest> metrics = VertxMetricsRequestHandler.create(vertx, endpoint);
 * server.requestHandler(req -> { if ("/metrics".equals(req.path())) metrics.handle(req); else app.handle(req); });
 * }</pre>
 * It sets the response's drain and close handlers of the requests it answers.
 *
 * <p>Thread-safe: one instance serves every event loop. Cost per scrape as {@link VertxMetricsHandler}'s.
 */
public final class VertxMetricsRequestHandler implements Handler<HttpServerRequest> {
    private final Vertx vertx;
    private final ScrapeDispatch dispatch;

    private VertxMetricsRequestHandler(Vertx vertx, ScrapeDispatch dispatch) {
        if (vertx == null) {
            throw new IllegalArgumentException("vertx must not be null");
        }
        this.vertx = vertx;
        this.dispatch = dispatch;
    }

    /**
     * A handler rendering on the current context's worker pool.
     *
     * @throws IllegalArgumentException when an argument is null
     */
    public static VertxMetricsRequestHandler create(Vertx vertx, ScrapeEndpoint endpoint) {
        return new VertxMetricsRequestHandler(vertx, new ScrapeDispatch(endpoint, null));
    }

    /**
     * A handler rendering on {@code worker}.
     *
     * @throws IllegalArgumentException when an argument is null
     */
    public static VertxMetricsRequestHandler create(Vertx vertx, ScrapeEndpoint endpoint, WorkerExecutor worker) {
        if (worker == null) {
            throw new IllegalArgumentException("worker executor must not be null");
        }
        return new VertxMetricsRequestHandler(vertx, new ScrapeDispatch(endpoint, worker));
    }

    @Override
    public void handle(HttpServerRequest request) {
        VertxScrape scrape = new VertxScrape(request);
        request.response().closeHandler(v -> scrape.closed());
        request.response().exceptionHandler(e -> scrape.closed());
        dispatch.dispatch(scrape, vertx);
    }
}
