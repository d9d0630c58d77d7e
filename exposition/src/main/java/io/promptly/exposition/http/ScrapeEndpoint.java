package io.promptly.exposition.http;

import io.promptly.core.MetricMetadata;
import io.promptly.core.Registry;
import io.promptly.exposition.ExpositionFormat;
import io.promptly.exposition.NameFilter;
import io.promptly.exposition.ScrapeFormat;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/**
 * The metrics resource of any HTTP server: answers one scrape request ({@code GET}/{@code HEAD}; content
 * negotiation from {@code Accept}; gzip when {@code Accept-Encoding} allows it; {@code name[]} filters) through
 * the framework-neutral {@link ScrapeRequest}/{@link ScrapeResponse}, so that {@link MetricsServer}, a servlet
 * container and Vert.x serve the same bytes with the same guarantees:
 * <ul>
 *   <li><b>Bounded memory.</b> A scrape renders into a reused buffer up to {@link Builder#holdBytes} (default
 *       {@value #DEFAULT_HOLD_BYTES} bytes); a body that ends within it goes out with its
 *       {@code Content-Length}, a longer one streams with an unknown length (chunked) in pieces of about that
 *       size, gzip streaming too. Memory per scrape in flight is a constant, whatever the registry's size.</li>
 *   <li><b>Admission control.</b> At most {@link Builder#maxConcurrentScrapes} (default
 *       {@value #DEFAULT_MAX_CONCURRENT_SCRAPES}) render at once; a scrape beyond them waits up to
 *       {@link Builder#admissionWait} (default 1 s) and then gets {@code 503} with {@code Retry-After}, never an
 *       out-of-memory error. The buffers live with the admission slots, not with threads: memory is
 *       {@code maxConcurrentScrapes} × (hold bytes + gzip scratch) however many threads the server has.</li>
 *   <li><b>Fault isolation.</b> A collectable that throws (an {@code Error} included) before anything was sent
 *       gets a {@code 500}; after the response started, the response is {@linkplain ScrapeResponse#abort()
 *       aborted} and {@link ScrapeAbortedException} thrown so that the client sees a failed scrape, never a
 *       truncated body that looks complete. Nothing is logged; the optional
 *       {@linkplain Builder#selfMetrics self-metrics} count it.</li>
 * </ul>
 *
 * <p>Thread-safe: one endpoint serves every thread of its server at once. In steady state a scrape allocates
 * nothing in the endpoint (the adapter and the framework may); its cost is the render, O(body).
 */
public final class ScrapeEndpoint {
    /** Default number of scrapes rendering at once. */
    public static final int DEFAULT_MAX_CONCURRENT_SCRAPES = 4;
    /** Default number of body bytes held before streaming. */
    public static final int DEFAULT_HOLD_BYTES = 1 << 20;
    /** Default time a scrape waits for a free slot before its {@code 503}. */
    public static final Duration DEFAULT_ADMISSION_WAIT = Duration.ofSeconds(1);
    /** Allowed methods. */
    static final String ALLOWED = "GET, HEAD";

    private static final Predicate<MetricMetadata> ALL = family -> true;
    private static final String TEXT_PLAIN = "text/plain; charset=utf-8";
    private static final byte[] NOT_ALLOWED = "Method Not Allowed\n".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] JVM_ERROR = "Collecting metrics failed: the JVM raised an Error\n"
            .getBytes(StandardCharsets.US_ASCII);

    private final Registry registry;
    private final int holdBytes;
    private final boolean gzip;
    private final long admissionWaitNanos;
    private final String retryAfterSeconds;
    private final byte[] busy;
    private final ArrayBlockingQueue<ScrapeSession> sessions;
    private final ScrapeSelfMetrics self;

    private ScrapeEndpoint(Builder b) {
        this.registry = b.registry;
        this.holdBytes = b.holdBytes;
        this.gzip = b.gzip;
        this.admissionWaitNanos = b.admissionWait.toNanos();
        this.retryAfterSeconds = String.valueOf(Math.max(1, b.admissionWait.toSeconds()));
        this.busy = ("Service Unavailable: " + b.maxConcurrentScrapes + " scrapes are rendering; retry later\n")
                .getBytes(StandardCharsets.US_ASCII);
        this.sessions = new ArrayBlockingQueue<>(b.maxConcurrentScrapes);
        for (int i = 0; i < b.maxConcurrentScrapes; i++) {
            sessions.add(new ScrapeSession(holdBytes, b.openMetricsCreated));
        }
        this.self = b.selfMetrics == null ? ScrapeSelfMetrics.NONE : new ScrapeSelfMetrics(b.selfMetrics);
    }

    /**
     * Starts building an endpoint serving {@code registry}.
     *
     * @throws IllegalArgumentException when {@code registry} is null
     */
    public static Builder builder(Registry registry) {
        return new Builder(registry);
    }

    /**
     * Answers one request for the metrics resource: {@code 200} with the body, {@code 400} for a bad
     * {@code name[]} parameter, {@code 405} (with {@code Allow}) for a method other than GET/HEAD, {@code 503}
     * (with {@code Retry-After}) when every slot stayed busy, {@code 500} when collecting failed before anything
     * was sent.
     *
     * @throws ScrapeAbortedException when the scrape failed after the response started (the response was
     *                                aborted: let it propagate, or close the connection)
     * @throws IOException when the client is gone before the response started
     */
    public void handle(ScrapeRequest request, ScrapeResponse response) throws IOException {
        String method = request.method();
        boolean head = "HEAD".equals(method);
        if (!head && !"GET".equals(method)) {
            response.header("Allow", ALLOWED);
            respond(response, 405, NOT_ALLOWED, false);
            return;
        }
        Predicate<MetricMetadata> filter;
        try {
            List<String> names = RequestHeaders.names(request.rawQuery());
            filter = names == null ? ALL : NameFilter.of(names);
        } catch (IllegalArgumentException badQuery) {
            respond(response, 400, ("Bad Request: " + badQuery.getMessage() + "\n").getBytes(StandardCharsets.UTF_8),
                    head);
            return;
        }
        ScrapeFormat format = ScrapeFormat.negotiate(request.headers("Accept"));
        if (head) {
            response.header("Content-Type", format.contentType());
            response.start(200, 0);
            return;
        }
        ScrapeSession session = admit();
        if (session == null) {
            self.rejected();
            response.header("Retry-After", retryAfterSeconds);
            respond(response, 503, busy, false);
            return;
        }
        try {
            scrape(session, request, response, format, filter);
        } finally {
            sessions.offer(session);
        }
    }

    private ScrapeSession admit() {
        ScrapeSession session = sessions.poll();
        if (session != null || admissionWaitNanos == 0) {
            return session;
        }
        try {
            return sessions.poll(admissionWaitNanos, TimeUnit.NANOSECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        }
    }

    private void scrape(ScrapeSession session, ScrapeRequest request, ScrapeResponse response,
            ScrapeFormat format, Predicate<MetricMetadata> filter) throws IOException {
        long startNanos = System.nanoTime();
        boolean gzipped = gzip && RequestHeaders.acceptsGzip(request.headers("Accept-Encoding"));
        response.header("Content-Type", format.contentType());
        ScrapeSession.StreamedBody body = session.body(response, gzipped);
        boolean held;
        try {
            held = session.renderer.renderOrStream(registry, format, filter, body, holdBytes);
            if (!held) {
                body.finish();
            }
        } catch (IOException clientGone) {
            self.clientGone();
            throw abort(response, body, "the client went away mid-scrape", clientGone);
        } catch (RuntimeException | Error failure) {
            boolean error = failure instanceof Error;
            self.collectFailed(error);
            if (body.started()) {
                throw abort(response, body, "collecting metrics failed mid-scrape", failure);
            }
            byte[] message = error ? JVM_ERROR : failureMessage((RuntimeException) failure);
            response.header("Content-Type", TEXT_PLAIN);
            respond(response, 500, message, false);
            return;
        }
        long bytes;
        if (held) {
            bytes = session.renderer.length();
            try {
                session.sendHeld(response, gzipped);
            } catch (IOException clientGone) {
                self.clientGone();
                throw abort(response, body, "the client went away mid-scrape", clientGone);
            }
        } else {
            bytes = body.bytesIn();
        }
        self.scraped(format.format(), System.nanoTime() - startNanos, bytes, session.renderer.droppedSamples());
    }

    private static byte[] failureMessage(RuntimeException failure) {
        try {
            return ("Collecting metrics failed: " + failure + "\n").getBytes(StandardCharsets.UTF_8);
        } catch (RuntimeException | Error again) {
            return JVM_ERROR;
        }
    }

    private static ScrapeAbortedException abort(ScrapeResponse response, ScrapeSession.StreamedBody body,
            String what, Throwable cause) {
        body.abandon();
        response.abort();
        return new ScrapeAbortedException(what, cause);
    }

    private static void respond(ScrapeResponse response, int status, byte[] body, boolean head)
            throws IOException {
        response.header("Content-Type", TEXT_PLAIN);
        if (head) {
            response.start(status, 0);
            return;
        }
        OutputStream out = response.start(status, body.length);
        out.write(body);
    }

    /** Builds a {@link ScrapeEndpoint}. Not thread-safe. */
    public static final class Builder {
        private final Registry registry;
        private int maxConcurrentScrapes = DEFAULT_MAX_CONCURRENT_SCRAPES;
        private int holdBytes = DEFAULT_HOLD_BYTES;
        private Duration admissionWait = DEFAULT_ADMISSION_WAIT;
        private boolean gzip = true;
        private boolean openMetricsCreated;
        private Registry selfMetrics;

        private Builder(Registry registry) {
            if (registry == null) {
                throw new IllegalArgumentException("registry must not be null");
            }
            this.registry = registry;
        }

        /**
         * Sets how many scrapes may render at once (default {@value #DEFAULT_MAX_CONCURRENT_SCRAPES}); each
         * holds up to {@link #holdBytes} bytes.
         *
         * @throws IllegalArgumentException when {@code scrapes} is outside 1..64
         */
        public Builder maxConcurrentScrapes(int scrapes) {
            if (scrapes < 1 || scrapes > 64) {
                throw new IllegalArgumentException("max concurrent scrapes " + scrapes + " is outside 1..64");
            }
            this.maxConcurrentScrapes = scrapes;
            return this;
        }

        /**
         * Sets how many body bytes a scrape holds before it streams with an unknown length (default
         * {@value #DEFAULT_HOLD_BYTES}); bodies within it are sent with a {@code Content-Length}.
         *
         * @throws IllegalArgumentException when {@code bytes} is outside 4 KiB..256 MiB
         */
        public Builder holdBytes(int bytes) {
            if (bytes < 4096 || bytes > (256 << 20)) {
                throw new IllegalArgumentException("hold bytes " + bytes + " is outside 4096..268435456");
            }
            this.holdBytes = bytes;
            return this;
        }

        /**
         * Sets how long a scrape waits for a free slot before it is answered {@code 503} (default 1 s; zero
         * answers at once).
         *
         * @throws IllegalArgumentException when {@code wait} is null, negative or above one minute
         */
        public Builder admissionWait(Duration wait) {
            if (wait == null || wait.isNegative() || wait.compareTo(Duration.ofMinutes(1)) > 0) {
                throw new IllegalArgumentException("admission wait must be within 0..60 s, got " + wait);
            }
            this.admissionWait = wait;
            return this;
        }

        /**
         * Whether OpenMetrics bodies carry {@code _created} samples, each counter's, histogram's and summary's
         * start time (default false; protobuf bodies always carry it as {@code created_timestamp}).
         */
        public Builder openMetricsCreated(boolean enabled) {
            this.openMetricsCreated = enabled;
            return this;
        }

        /** Whether bodies are gzipped for clients that accept it (default true). */
        public Builder gzip(boolean enabled) {
            this.gzip = enabled;
            return this;
        }

        /**
         * Registers the endpoint's own metrics in {@code target} (often the registry it serves):
         * {@code promptly_scrape_duration_seconds{format}} and {@code promptly_scrape_bytes{format}}
         * (histograms of the uncompressed body) and {@code promptly_scrape_errors_total{cause}} with causes
         * {@code rejected} (503), {@code collect} (a collectable threw), {@code error} (a JVM {@code Error}),
         * {@code client} (the client went away mid-response) and {@code dropped_sample} (samples left out of
         * a scrape, see {@code ScrapeRenderer#droppedSamples}).
         *
         * @throws IllegalArgumentException when {@code target} is null or already holds those names
         */
        public Builder selfMetrics(Registry target) {
            if (target == null) {
                throw new IllegalArgumentException("self-metrics registry must not be null");
            }
            this.selfMetrics = target;
            return this;
        }

        /**
         * Builds the endpoint (and registers its self-metrics, if asked).
         *
         * @throws IllegalArgumentException when the self-metrics names are taken in their registry
         */
        public ScrapeEndpoint build() {
            return new ScrapeEndpoint(this);
        }
    }
}
