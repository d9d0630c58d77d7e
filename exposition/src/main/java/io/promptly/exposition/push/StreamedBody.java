package io.promptly.exposition.push;

import io.promptly.core.Registry;
import io.promptly.exposition.ExpositionFormat;
import io.promptly.exposition.ScrapeRenderer;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.io.OutputStream;
import java.net.http.HttpRequest;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.concurrent.Flow;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * A request body of unknown length (sent chunked) rendered while it is sent, for pushes too large to hold: each
 * subscription (the first attempt, a retry) starts one daemon thread that renders the registry in pieces of the
 * renderer's buffer and hands each piece to the HTTP client only when it asks for more, so memory stays at a few
 * pieces whatever the registry's size. A subscriber that cancels, or asks for nothing for longer than the
 * request timeout, ends the rendering thread.
 *
 * <p>Thread-safe as the {@link Flow} contract requires: {@code onNext} is called by the rendering thread only;
 * {@code request}/{@code cancel} from any thread. Cost: one thread and one copy of each piece per attempt.
 */
final class StreamedBody implements HttpRequest.BodyPublisher {
    private final Registry registry;
    private final ExpositionFormat format;
    private final long stallNanos;

    StreamedBody(Registry registry, ExpositionFormat format, long stallNanos) {
        this.registry = registry;
        this.format = format;
        this.stallNanos = stallNanos;
    }

    @Override
    public long contentLength() {
        return -1;
    }

    @Override
    public void subscribe(Flow.Subscriber<? super ByteBuffer> subscriber) {
        Rendering rendering = new Rendering(subscriber);
        subscriber.onSubscribe(rendering);
        Thread t = new Thread(rendering, "promptly-push-body");
        t.setDaemon(true);
        t.start();
    }

    /** One attempt's rendering: a subscription, and the stream the renderer writes its pieces to. */
    private final class Rendering extends OutputStream implements Flow.Subscription, Runnable {
        private final Flow.Subscriber<? super ByteBuffer> subscriber;
        private final ReentrantLock lock = new ReentrantLock();
        private final Condition demanded = lock.newCondition();
        private long demand;
        private boolean cancelled;

        Rendering(Flow.Subscriber<? super ByteBuffer> subscriber) {
            this.subscriber = subscriber;
        }

        @Override
        public void run() {
            try {
                new ScrapeRenderer().write(registry, format, family -> true, this);
            } catch (IOException | RuntimeException e) {
                if (!isCancelled()) {
                    subscriber.onError(e);
                }
                return;
            }
            if (!isCancelled()) {
                subscriber.onComplete();
            }
        }

        @Override
        public void write(int b) throws IOException {
            write(new byte[] {(byte) b}, 0, 1);
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            awaitDemand();
            subscriber.onNext(ByteBuffer.wrap(Arrays.copyOfRange(b, off, off + len)));
        }

        private void awaitDemand() throws IOException {
            lock.lock();
            try {
                long left = stallNanos;
                while (demand == 0 && !cancelled) {
                    if (left <= 0) {
                        throw new InterruptedIOException("the HTTP client asked for no body for longer than the"
                                + " request timeout");
                    }
                    left = demanded.awaitNanos(left);
                }
                if (cancelled) {
                    throw new IOException("push body cancelled by the HTTP client");
                }
                demand--;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new InterruptedIOException("push body rendering interrupted");
            } finally {
                lock.unlock();
            }
        }

        private boolean isCancelled() {
            lock.lock();
            try {
                return cancelled;
            } finally {
                lock.unlock();
            }
        }

        @Override
        public void request(long n) {
            lock.lock();
            try {
                if (n <= 0) {
                    cancelled = true; // rule 3.9: the subscriber broke the contract; stop
                } else {
                    demand = demand + n < 0 ? Long.MAX_VALUE : demand + n;
                }
                demanded.signalAll();
            } finally {
                lock.unlock();
            }
        }

        @Override
        public void cancel() {
            lock.lock();
            try {
                cancelled = true;
                demanded.signalAll();
            } finally {
                lock.unlock();
            }
        }
    }
}
