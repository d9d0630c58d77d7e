package io.promptly.vertx;

import io.promptly.exposition.http.ScrapeEndpoint;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import io.vertx.core.WorkerExecutor;

/**
 * Runs one scrape of a {@link ScrapeEndpoint} for Vert.x: a {@code GET} renders on a worker thread (the
 * {@link WorkerExecutor} given, or the current context's worker pool), everything else (HEAD, 405), which never
 * blocks, answers on the event loop.
 *
 * <p>Thread-safe: immutable. Cost per scrape: the adapter object plus one worker hand-off.
 */
final class ScrapeDispatch {
    private final ScrapeEndpoint endpoint;
    private final WorkerExecutor worker;

    ScrapeDispatch(ScrapeEndpoint endpoint, WorkerExecutor worker) {
        if (endpoint == null) {
            throw new IllegalArgumentException("scrape endpoint must not be null");
        }
        this.endpoint = endpoint;
        this.worker = worker;
    }

    void dispatch(VertxScrape scrape, Vertx vertx) {
        if (!"GET".equals(scrape.method())) {
            run(scrape);
            return;
        }
        if (worker != null) {
            worker.executeBlocking(() -> run(scrape), false);
        } else {
            Context context = vertx.getOrCreateContext();
            context.executeBlocking(() -> run(scrape), false);
        }
    }

    private Void run(VertxScrape scrape) {
        try {
            endpoint.handle(scrape, scrape);
            scrape.finish();
        } catch (Exception | Error failure) {
            scrape.fail();
        }
        return null;
    }
}
