package io.promptly.vertx;

import io.promptly.exposition.http.ScrapeEndpoint;
import io.vertx.core.Handler;
import io.vertx.core.WorkerExecutor;
import io.vertx.ext.web.RoutingContext;

/**
 * The metrics resource for a vertx-web {@code Router}, served by exposition's {@link ScrapeEndpoint} (Accept
 * negotiation, gzip, {@code name[]}, HEAD, 405 with {@code Allow}, admission control with 503, bounded memory):
 * <pre>{@code
 * router.route("/metrics").handler(VertxMetricsHandler.create(ScrapeEndpoint.builder(registry).build()));
 * }</pre>
 * A GET renders on a worker thread, never on the event loop; bodies within the endpoint's hold bytes go out with
 * {@code Content-Length}, longer ones chunked with back-pressure; a failure after the response started resets
 * the connection. Use {@code route(..)} rather than {@code get(..)} so that HEAD and the 405 reach it.
 *
 * <p>Thread-safe: one instance serves every event loop. Cost per scrape: one small adapter, one worker hand-off,
 * the render (O(body)) and one copy of the body into Vert.x buffers.
 */
public final class VertxMetricsHandler implements Handler<RoutingContext> {
    private final ScrapeDispatch dispatch;

    private VertxMetricsHandler(ScrapeDispatch dispatch) {
        this.dispatch = dispatch;
    }

    /**
     * A handler rendering on the current context's worker pool.
     *
     * @throws IllegalArgumentException when {@code endpoint} is null
     */
    public static VertxMetricsHandler create(ScrapeEndpoint endpoint) {
        return new VertxMetricsHandler(new ScrapeDispatch(endpoint, null));
    }

    /**
     * A handler rendering on {@code worker} (e.g. {@code vertx.createSharedWorkerExecutor("metrics", 2)}).
     *
     * @throws IllegalArgumentException when {@code endpoint} or {@code worker} is null
     */
    public static VertxMetricsHandler create(ScrapeEndpoint endpoint, WorkerExecutor worker) {
        if (worker == null) {
            throw new IllegalArgumentException("worker executor must not be null");
        }
        return new VertxMetricsHandler(new ScrapeDispatch(endpoint, worker));
    }

    @Override
    public void handle(RoutingContext ctx) {
        VertxScrape scrape = new VertxScrape(ctx.request());
        ctx.addEndHandler(ended -> {
            if (ended.failed()) {
                scrape.closed();
            }
        });
        dispatch.dispatch(scrape, ctx.vertx());
    }
}
