package io.promptly.exposition.http;

import com.sun.net.httpserver.Filter;
import com.sun.net.httpserver.HttpContext;
import com.sun.net.httpserver.HttpServer;
import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;
import io.promptly.core.Registry;
import java.io.IOException;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import javax.net.ssl.SSLContext;

/**
 * An HTTP(S) endpoint for Prometheus to scrape, on the JDK's {@code com.sun.net.httpserver}:
 * <ul>
 *   <li>{@code GET}/{@code HEAD} on the metrics path (default {@value #DEFAULT_PATH}): the registry in the format
 *       the {@code Accept} header asks for (text 0.0.4, OpenMetrics 1.0 or protobuf), gzipped when
 *       {@code Accept-Encoding} allows it, restricted to the families named by repeated {@code name[]} query
 *       parameters when there are any;</li>
 *   <li>an index page at {@code /} linking to the metrics path, {@code /-/healthy} answering {@code OK}, and a
 *       {@code /robots.txt} that disallows every crawler;</li>
 *   <li>405 (with {@code Allow}) for other methods on those paths, 404 elsewhere; optional basic auth (on the
 *       metrics path and the index, not on the health check) and HTTPS.</li>
 * </ul>
 *
 * <pre>{@code
 * MetricsServer server = MetricsServer.builder().port(9400).start();
 * String scrapeUrl = server.metricsUrl().toString();   // what Prometheus scrapes
 * ...
 * server.stop();
 * }</pre>
 *
 * <p>Scrapes go through a {@link ScrapeEndpoint}: memory per scrape bounded by {@link Builder#holdBytes} (bodies
 * within it carry a {@code Content-Length}, longer ones stream chunked), at most
 * {@link Builder#maxConcurrentScrapes} rendering at once (others wait briefly, then get {@code 503} with
 * {@code Retry-After}), and a collectable that throws — even an {@code Error} — fails only its own scrape (a
 * {@code 500} before the response started, a closed connection after), never the server. Opt-in
 * {@linkplain Builder#selfMetrics self-metrics} count scrapes and failures.
 *
 * <p>Connections: the JDK server reads each request's headers on an executor thread, blocking. On JDK 24 and
 * later the executor makes a virtual thread per request, so slow or idle clients cost no platform thread; on
 * earlier JDKs a pool of daemon threads serves them: {@link Builder#threads} that stay, plus up to
 * {@link #MAX_CONNECTION_THREADS} in all while more requests arrive at once (they end after 30 s idle; a
 * connection past the cap is reset). {@code sun.net.httpserver.maxReqTime} is set to 10 s when unset (like the
 * Nagle flag below), but JDK 17's server does not apply it to the headers of a new connection: a client that
 * dribbles its headers (slowloris) holds a pool thread as long as it keeps dribbling. Measured on 127.0.0.1 (see
 * BENCHMARKS.md, "Server soak"): on JDK 17, 30 of 30 healthy scrapes succeed beside 100 such clients and 0 of 30
 * beside 200 or 500 (the cap of {@link #MAX_CONNECTION_THREADS} is reached); on JDK 25, 30 of 30 beside 100, 200
 * and 500. On hostile networks put
 * the metrics behind a servlet container (Jetty, Tomcat: see the servlet integration) or a proxy whose
 * connection handling is built for it. Loading this class sets
 * {@code sun.net.httpserver.nodelay=true} when the property is unset: without it the JDK server stalls each
 * keep-alive response ~44 ms on Nagle's algorithm. This only takes effect when no JDK {@code HttpServer} was
 * created in the JVM before; to be sure, start the metrics server first or pass the flag yourself.
 *
 * <p>Thread-safe: {@link #start()} and {@link #stop()} may be called from any thread; {@link #stop()} is
 * idempotent.
 */
public final class MetricsServer implements AutoCloseable {
    /** Default metrics path. */
    public static final String DEFAULT_PATH = "/metrics";
    /** Default bind address: every interface, as other Prometheus clients do. */
    public static final String DEFAULT_HOST = "0.0.0.0";
    /** Default port, 0 means an ephemeral port chosen by the system. */
    public static final int DEFAULT_PORT = 0;
    /** Default number of worker threads. */
    public static final int DEFAULT_THREADS = 2;

    private static final int STOP_WAIT_MILLIS = 2_000;
    private static final AtomicInteger SERVER_IDS = new AtomicInteger();

    /**
     * Most threads reading requests at once, rendering ones included: a connection past them is reset, so a flood
     * of clients that never finish their request costs a bounded number of threads (see {@link RequestTimeout}).
     */
    public static final int MAX_CONNECTION_THREADS = 128;
    /** How long a thread beyond {@link Builder#threads} waits idle for another request before it ends. */
    private static final long EXTRA_THREAD_KEEP_ALIVE_SECONDS = 30;

    static {
        NoDelay.ensure();
        RequestTimeout.ensure();
    }

    private final String host;
    private final int requestedPort;
    private final String path;
    private final BasicAuth auth;
    private final HttpsConfigurator https;
    private final int threads;
    private final List<Filter> filters;
    private final ScrapeEndpoint.Builder endpoint;

    private final Object lock = new Object();
    private HttpServer server;
    private ExecutorService executor;
    private int boundPort = -1;
    private boolean stopped;

    private MetricsServer(Builder b) {
        this.host = b.host;
        this.requestedPort = b.port;
        this.path = b.path;
        this.auth = b.user == null ? null : new BasicAuth(b.user, b.password, b.realm);
        this.https = b.https;
        this.threads = b.threads;
        this.filters = new ArrayList<>(b.filters);
        this.endpoint = ScrapeEndpoint.builder(b.registry).maxConcurrentScrapes(b.maxConcurrentScrapes)
                .holdBytes(b.holdBytes).admissionWait(b.admissionWait).openMetricsCreated(b.openMetricsCreated);
        if (b.selfMetrics) {
            endpoint.selfMetrics(b.registry);
        }
    }

    /** Starts building a server (registry {@link Registry#DEFAULT}, {@value #DEFAULT_HOST}, ephemeral port). */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * Binds the address and starts serving.
     *
     * @return this server, to read {@link #port()} and {@link #metricsUrl()} from
     * @throws IOException when the address cannot be bound (port in use, unknown host)
     * @throws IllegalStateException when the server was already started or stopped
     */
    public MetricsServer start() throws IOException {
        synchronized (lock) {
            if (server != null || stopped) {
                throw new IllegalStateException("metrics server was already " + (stopped ? "stopped" : "started")
                        + ": build a new one");
            }
            InetSocketAddress address = new InetSocketAddress(host, requestedPort);
            if (address.isUnresolved()) {
                throw new IOException("cannot resolve bind host \"" + host + "\"");
            }
            HttpServer created;
            if (https != null) {
                HttpsServer secure = HttpsServer.create(address, 0);
                secure.setHttpsConfigurator(https);
                created = secure;
            } else {
                created = HttpServer.create(address, 0);
            }
            MetricsHandler handler = new MetricsHandler(endpoint.build(), path, auth);
            addContext(created, path, handler);
            addContext(created, MetricsHandler.INDEX_PATH, handler);
            addContext(created, MetricsHandler.HEALTH_PATH, handler);
            ExecutorService pool = newExecutor(threads);
            created.setExecutor(pool);
            created.start();
            this.server = created;
            this.executor = pool;
            this.boundPort = created.getAddress().getPort();
            return this;
        }
    }

    private void addContext(HttpServer target, String contextPath, MetricsHandler handler) {
        HttpContext context = target.createContext(contextPath, handler);
        context.getFilters().addAll(filters);
    }

    private static ExecutorService newExecutor(int threads) {
        ExecutorService virtual = VirtualThreads.perTaskExecutor();
        if (virtual != null) {
            return virtual;
        }
        String prefix = "promptly-metrics-http-" + SERVER_IDS.incrementAndGet() + "-";
        AtomicInteger ids = new AtomicInteger();
        ThreadFactory factory = task -> {
            Thread t = new Thread(task, prefix + ids.incrementAndGet());
            t.setDaemon(true);
            return t;
        };
        // The JDK server reads each request's headers on an executor thread: with a queue in front of a fixed
        // pool, a few clients that never finish their headers (slowloris) held every worker and every healthy
        // scrape waited behind them. A direct hand-off lets other requests get a thread of their own, up to a cap.
        return new ThreadPoolExecutor(threads, Math.max(threads, MAX_CONNECTION_THREADS),
                EXTRA_THREAD_KEEP_ALIVE_SECONDS, TimeUnit.SECONDS, new SynchronousQueue<>(), factory);
    }

    /**
     * Stops serving, closes every connection and releases the port; calling it again does nothing.
     */
    public void stop() {
        HttpServer toStop;
        ExecutorService pool;
        synchronized (lock) {
            stopped = true;
            toStop = server;
            pool = executor;
            server = null;
            executor = null;
        }
        if (toStop == null) {
            return;
        }
        toStop.stop(0);
        pool.shutdown();
        try {
            if (!pool.awaitTermination(STOP_WAIT_MILLIS, TimeUnit.MILLISECONDS)) {
                pool.shutdownNow();
            }
        } catch (InterruptedException e) {
            pool.shutdownNow();
            Thread.currentThread().interrupt();
        }
    }

    /** Same as {@link #stop()}. */
    @Override
    public void close() {
        stop();
    }

    /**
     * The port the server is bound to (the chosen one when built with port 0).
     *
     * @throws IllegalStateException when the server has not been started
     */
    public int port() {
        synchronized (lock) {
            if (boundPort < 0) {
                throw new IllegalStateException("metrics server has not been started");
            }
            return boundPort;
        }
    }

    /**
     * The URL of the metrics endpoint, e.g. {@code http://127.0.0.1:9400/metrics}; a wildcard bind address is
     * reported as {@code localhost}.
     *
     * @throws IllegalStateException when the server has not been started
     */
    public URI metricsUrl() {
        int port = port();
        String hostPart;
        try {
            InetAddress bound = InetAddress.getByName(host);
            if (bound.isAnyLocalAddress()) {
                hostPart = "localhost";
            } else if (bound instanceof Inet6Address) {
                hostPart = "[" + bound.getHostAddress() + "]";
            } else {
                hostPart = host;
            }
        } catch (IOException e) {
            hostPart = host;
        }
        return URI.create((https != null ? "https" : "http") + "://" + hostPart + ":" + port + path);
    }

    /** The metrics path, e.g. {@value #DEFAULT_PATH}. */
    public String path() {
        return path;
    }

    /** Builds a {@link MetricsServer}. Not thread-safe. */
    public static final class Builder {
        private Registry registry = Registry.DEFAULT;
        private String host = DEFAULT_HOST;
        private int port = DEFAULT_PORT;
        private String path = DEFAULT_PATH;
        private String user;
        private String password;
        private String realm = "metrics";
        private HttpsConfigurator https;
        private int threads = DEFAULT_THREADS;
        private final List<Filter> filters = new ArrayList<>();
        private int maxConcurrentScrapes = ScrapeEndpoint.DEFAULT_MAX_CONCURRENT_SCRAPES;
        private int holdBytes = ScrapeEndpoint.DEFAULT_HOLD_BYTES;
        private java.time.Duration admissionWait = ScrapeEndpoint.DEFAULT_ADMISSION_WAIT;
        private boolean selfMetrics;
        private boolean openMetricsCreated;

        private Builder() {
        }

        /**
         * Sets the registry to expose (default {@link Registry#DEFAULT}).
         *
         * @throws IllegalArgumentException when {@code registry} is null
         */
        public Builder registry(Registry registry) {
            if (registry == null) {
                throw new IllegalArgumentException("registry must not be null");
            }
            this.registry = registry;
            return this;
        }

        /**
         * Sets the address to bind: a host name or IP literal (default {@value #DEFAULT_HOST}, every interface;
         * {@code 127.0.0.1} for local scrapers only).
         *
         * @throws IllegalArgumentException when {@code host} is null or empty
         */
        public Builder host(String host) {
            if (host == null || host.isEmpty()) {
                throw new IllegalArgumentException("bind host must not be null or empty, got " + host);
            }
            this.host = host;
            return this;
        }

        /**
         * Sets the port (0, the default, lets the system choose; read it back with {@link #port()}).
         *
         * @throws IllegalArgumentException when {@code port} is outside 0..65535
         */
        public Builder port(int port) {
            if (port < 0 || port > 65_535) {
                throw new IllegalArgumentException("port " + port + " is outside 0..65535");
            }
            this.port = port;
            return this;
        }

        /**
         * Sets the metrics path (default {@value #DEFAULT_PATH}).
         *
         * @throws IllegalArgumentException when {@code path} does not start with {@code /}, is {@code /} or
         *                                  {@code /-/healthy}, or contains {@code ?} or {@code #}
         */
        public Builder path(String path) {
            if (path == null || !path.startsWith("/") || path.equals(MetricsHandler.INDEX_PATH)
                    || path.equals(MetricsHandler.HEALTH_PATH) || path.indexOf('?') >= 0 || path.indexOf('#') >= 0) {
                throw new IllegalArgumentException("metrics path \"" + path + "\" must start with '/', must not be"
                        + " \"/\" or \"/-/healthy\" and must not contain '?' or '#'");
            }
            this.path = path;
            return this;
        }

        /**
         * Requires HTTP basic auth with these credentials on the metrics path and the index page.
         *
         * @throws IllegalArgumentException when either is null or {@code user} contains {@code ':'}
         */
        public Builder basicAuth(String user, String password) {
            new BasicAuth(user, password, realm); // validates
            this.user = user;
            this.password = password;
            return this;
        }

        /**
         * Serves HTTPS with {@code sslContext} (its default parameters).
         *
         * @throws IllegalArgumentException when {@code sslContext} is null
         */
        public Builder https(SSLContext sslContext) {
            if (sslContext == null) {
                throw new IllegalArgumentException("SSL context must not be null");
            }
            return https(new HttpsConfigurator(sslContext));
        }

        /**
         * Serves HTTPS as {@code configurator} sets up each connection (protocols, client auth).
         *
         * @throws IllegalArgumentException when {@code configurator} is null
         */
        public Builder https(HttpsConfigurator configurator) {
            if (configurator == null) {
                throw new IllegalArgumentException("HTTPS configurator must not be null");
            }
            this.https = configurator;
            return this;
        }

        /**
         * Sets the number of worker threads that stay (default {@value #DEFAULT_THREADS}) on JDKs before 24
         * (later ones use a virtual thread per request). More threads (up to {@link #MAX_CONNECTION_THREADS})
         * come and go while more requests arrive at once. Render buffers belong to the scrape slots
         * ({@link #maxConcurrentScrapes}), not to threads.
         *
         * @throws IllegalArgumentException when {@code threads} is outside 1..64
         */
        public Builder threads(int threads) {
            if (threads < 1 || threads > 64) {
                throw new IllegalArgumentException("threads " + threads + " is outside 1..64");
            }
            this.threads = threads;
            return this;
        }

        /**
         * Sets how many scrapes render at once (default {@value ScrapeEndpoint#DEFAULT_MAX_CONCURRENT_SCRAPES});
         * see {@link ScrapeEndpoint.Builder#maxConcurrentScrapes}.
         *
         * @throws IllegalArgumentException when {@code scrapes} is outside 1..64
         */
        public Builder maxConcurrentScrapes(int scrapes) {
            ScrapeEndpoint.builder(Registry.DEFAULT).maxConcurrentScrapes(scrapes); // validates
            this.maxConcurrentScrapes = scrapes;
            return this;
        }

        /**
         * Sets how many body bytes a scrape holds before streaming chunked (default
         * {@value ScrapeEndpoint#DEFAULT_HOLD_BYTES}); see {@link ScrapeEndpoint.Builder#holdBytes}.
         *
         * @throws IllegalArgumentException when {@code bytes} is outside 4 KiB..256 MiB
         */
        public Builder holdBytes(int bytes) {
            ScrapeEndpoint.builder(Registry.DEFAULT).holdBytes(bytes); // validates
            this.holdBytes = bytes;
            return this;
        }

        /**
         * Sets how long a scrape waits for a free slot before its {@code 503} (default 1 s); see
         * {@link ScrapeEndpoint.Builder#admissionWait}.
         *
         * @throws IllegalArgumentException when {@code wait} is null, negative or above one minute
         */
        public Builder admissionWait(java.time.Duration wait) {
            ScrapeEndpoint.builder(Registry.DEFAULT).admissionWait(wait); // validates
            this.admissionWait = wait;
            return this;
        }

        /**
         * Whether OpenMetrics scrapes carry {@code _created} samples (default off); see
         * {@link ScrapeEndpoint.Builder#openMetricsCreated}.
         */
        public Builder openMetricsCreated(boolean enabled) {
            this.openMetricsCreated = enabled;
            return this;
        }

        /**
         * Registers the server's self-metrics in the registry it serves (default off):
         * {@code promptly_scrape_duration_seconds}, {@code promptly_scrape_bytes} and
         * {@code promptly_scrape_errors_total{cause}} (see {@link ScrapeEndpoint.Builder#selfMetrics}).
         */
        public Builder selfMetrics(boolean enabled) {
            this.selfMetrics = enabled;
            return this;
        }

        /**
         * Adds a filter run around every request (for example {@link HttpServerMetrics}).
         *
         * @throws IllegalArgumentException when {@code filter} is null
         */
        public Builder filter(Filter filter) {
            if (filter == null) {
                throw new IllegalArgumentException("filter must not be null");
            }
            filters.add(filter);
            return this;
        }

        /** Builds the server without starting it. */
        public MetricsServer build() {
            return new MetricsServer(this);
        }

        /**
         * Builds and starts the server.
         *
         * @throws IOException when the address cannot be bound
         */
        public MetricsServer start() throws IOException {
            return build().start();
        }
    }
}
