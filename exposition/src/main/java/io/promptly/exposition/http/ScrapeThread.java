package io.promptly.exposition.http;

import io.promptly.exposition.ScrapeRenderer;

/**
 * A {@link MetricsServer} worker thread that owns the reusable state of a scrape: one {@link ScrapeRenderer} and
 * one {@link GzipEncoder}. Reaching them is a field read on {@code Thread.currentThread()}, no lookup.
 *
 * <p>The state is created lazily and touched only by this thread. The gzip encoder's native memory is freed
 * when the thread ends.
 */
final class ScrapeThread extends Thread {
    /** For handlers that end up on a thread that is not ours (never with the server's own executor). */
    private static final ThreadLocal<ScrapeState> FOREIGN = ThreadLocal.withInitial(ScrapeState::new);

    /** Created at this thread's first scrape (a thread that only reads a stalled request never needs it). */
    private ScrapeState state;

    ScrapeThread(ThreadGroup group, Runnable task, String name) {
        super(group, task, name);
        setDaemon(true);
    }

    /** The calling thread's scrape state. */
    static ScrapeState current() {
        Thread t = Thread.currentThread();
        return t instanceof ScrapeThread ? ((ScrapeThread) t).state() : FOREIGN.get();
    }

    private ScrapeState state() {
        if (state == null) {
            state = new ScrapeState();
        }
        return state;
    }

    @Override
    public void run() {
        try {
            super.run();
        } finally {
            if (state != null) {
                state.gzip.end();
            }
        }
    }

    /** A renderer and a gzip encoder, reused scrape after scrape by one thread. */
    static final class ScrapeState {
        final ScrapeRenderer renderer = new ScrapeRenderer();
        final GzipEncoder gzip = new GzipEncoder(16 * 1024);
    }
}
