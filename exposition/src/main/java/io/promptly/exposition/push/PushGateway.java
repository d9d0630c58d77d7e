package io.promptly.exposition.push;

import io.promptly.core.Registry;
import io.promptly.exposition.ExpositionFormat;
import io.promptly.exposition.ScrapeRenderer;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.io.OutputStream;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.Collections;
import java.util.Map;

/**
 * A client of the Prometheus Pushgateway, for batch jobs that end before a scrape could reach them:
 * {@link #push} replaces every metric of a group (PUT), {@link #pushAdd} replaces only the families pushed
 * (POST), {@link #delete} removes the group (DELETE). A group is a job name plus an optional grouping key
 * ({@code instance}, ...), addressed as {@code /metrics/job/<job>/<label>/<value>...} (values with {@code /} or
 * empty ones base64url-encoded, as the Pushgateway documents).
 *
 * <pre>{@code
 * PushGateway gateway = PushGateway.builder("http://pushgateway:9091").build();
 * gateway.push(registry, "nightly_backup", Map.of("instance", "db-1"));
 * }</pre>
 *
 * <p>Thread-safe: one instance may push from many threads. Each push renders the registry into a fresh byte
 * array when the body ends within 1 MiB (pushes are rare), else streams it chunked while rendering it again on a
 * helper thread (memory bounded whatever the registry's size), and waits for the answer. Every failure throws one type, {@link PushGatewayException}:
 * a non-2xx answer with its status and body, and a refused connection, a timeout or a broken connection with
 * the cause (the message names the method and the URL, never credentials). A kept-alive connection the gateway
 * or a proxy closed while it was idle is retried once on a new connection, but only when the connection closed
 * before a single answer byte (then the request was not processed; PUT, POST and DELETE are harmless to repeat
 * anyway); once an answer began, nothing is repeated. Only an interrupted thread gets an
 * {@link InterruptedIOException} instead. Nothing blocks past the connect and request timeouts (twice when
 * retried).
 *
 * <p>Credentials in the URL ({@code http://user:password@host:9091}) are sent as basic auth, like
 * {@link Builder#basicAuth}, and never appear in messages or {@link #url}.
 */
public final class PushGateway {
    /** Default connect timeout. */
    public static final Duration DEFAULT_CONNECT_TIMEOUT = Duration.ofSeconds(10);
    /** Default timeout for a whole request, answer included. */
    public static final Duration DEFAULT_REQUEST_TIMEOUT = Duration.ofSeconds(30);

    /** Push bodies up to this many bytes are held and sent with a Content-Length; longer ones stream. */
    static final int HOLD_BYTES = 1 << 20;

    private final String baseUrl;
    private final ExpositionFormat format;
    private final Duration requestTimeout;
    private final String authorization;
    private final HttpClient client;

    private PushGateway(Builder b) {
        this.baseUrl = b.baseUrl;
        this.format = b.format;
        this.requestTimeout = b.requestTimeout;
        this.authorization = b.authorization;
        this.client = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(b.connectTimeout)
                .followRedirects(HttpClient.Redirect.NEVER)
                .build();
    }

    /**
     * Starts building a client of the Pushgateway at {@code baseUrl} (e.g. {@code http://localhost:9091}, a
     * path prefix allowed).
     *
     * @throws IllegalArgumentException when {@code baseUrl} is not an absolute http(s) URL
     */
    public static Builder builder(String baseUrl) {
        return new Builder(baseUrl);
    }

    /**
     * Replaces every metric of the group {@code job} + {@code groupingKey} by the families of {@code registry}
     * (HTTP PUT).
     *
     * @param groupingKey label names to values (may be null or empty)
     * @throws PushGatewayException when the Pushgateway answers outside 2xx, cannot be reached or does not
     *                              answer in time
     * @throws InterruptedIOException when the calling thread is interrupted
     * @throws IllegalArgumentException when the job is empty or a grouping label is invalid
     */
    public void push(Registry registry, String job, Map<String, String> groupingKey) throws IOException {
        send("PUT", registry, job, groupingKey);
    }

    /** Like {@link #push(Registry, String, Map)} without a grouping key. */
    public void push(Registry registry, String job) throws IOException {
        send("PUT", registry, job, Collections.emptyMap());
    }

    /**
     * Replaces, in the group {@code job} + {@code groupingKey}, only the families {@code registry} holds
     * (HTTP POST).
     *
     * @throws PushGatewayException when the Pushgateway answers outside 2xx, cannot be reached or does not
     *                              answer in time
     * @throws InterruptedIOException when the calling thread is interrupted
     * @throws IllegalArgumentException when the job is empty or a grouping label is invalid
     */
    public void pushAdd(Registry registry, String job, Map<String, String> groupingKey) throws IOException {
        send("POST", registry, job, groupingKey);
    }

    /** Like {@link #pushAdd(Registry, String, Map)} without a grouping key. */
    public void pushAdd(Registry registry, String job) throws IOException {
        send("POST", registry, job, Collections.emptyMap());
    }

    /**
     * Deletes every metric of the group {@code job} + {@code groupingKey} (HTTP DELETE, no body).
     *
     * @throws PushGatewayException when the Pushgateway answers outside 2xx, cannot be reached or does not
     *                              answer in time
     * @throws InterruptedIOException when the calling thread is interrupted
     * @throws IllegalArgumentException when the job is empty or a grouping label is invalid
     */
    public void delete(String job, Map<String, String> groupingKey) throws IOException {
        send("DELETE", null, job, groupingKey);
    }

    /** Like {@link #delete(String, Map)} without a grouping key. */
    public void delete(String job) throws IOException {
        send("DELETE", null, job, Collections.emptyMap());
    }

    /**
     * The URL a push for {@code job} and {@code groupingKey} goes to.
     *
     * @throws IllegalArgumentException when the job is empty or a grouping label is invalid
     */
    public URI url(String job, Map<String, String> groupingKey) {
        return URI.create(baseUrl + GroupingPath.of(job, groupingKey));
    }

    private void send(String method, Registry registry, String job, Map<String, String> groupingKey)
            throws IOException {
        URI uri = url(job, groupingKey);
        String where = method + " " + uri;
        HttpRequest.Builder builder = HttpRequest.newBuilder(uri).timeout(requestTimeout);
        if (authorization != null) {
            builder.header("Authorization", authorization);
        }
        if (registry == null) {
            builder.method(method, HttpRequest.BodyPublishers.noBody());
        } else {
            builder.header("Content-Type", format.contentType());
            builder.method(method, body(registry));
        }
        HttpRequest request = builder.build();
        HttpResponse<String> response;
        try {
            response = attempt(request);
        } catch (StaleConnection first) {
            // The connection closed before a single answer byte: a pooled keep-alive connection the gateway (or a
            // proxy) had closed while idle, so the request was not processed. A second attempt takes a new
            // connection; PUT, POST (which replaces the pushed families) and DELETE are harmless to repeat.
            try {
                response = attempt(request);
            } catch (IOException second) {
                IOException cause = second instanceof StaleConnection ? (IOException) second.getCause() : second;
                cause.addSuppressed(first.getCause());
                throw failure(where, "failed on a stale connection and again on a new one", cause);
            }
        } catch (IOException e) {
            throw failure(where, "failed", e);
        }
        int status = response.statusCode();
        if (status < 200 || status >= 300) {
            throw new PushGatewayException(method, uri.toString(), status, response.body());
        }
    }

    /**
     * The body of a push: held and sent with its length when it ends within {@value #HOLD_BYTES} bytes, else
     * rendered again while it is sent, chunked (see {@link StreamedBody}), so a huge registry never sits whole
     * in memory.
     */
    private HttpRequest.BodyPublisher body(Registry registry) throws IOException {
        ScrapeRenderer renderer = new ScrapeRenderer();
        try {
            renderer.renderOrStream(registry, format, family -> true, TooLarge.STREAM, HOLD_BYTES);
            return HttpRequest.BodyPublishers.ofByteArray(renderer.toByteArray());
        } catch (TooLarge tooLarge) {
            return new StreamedBody(registry, format, requestTimeout.toNanos());
        }
    }

    /** Thrown by {@link #STREAM} at its first write: the body did not fit the hold bound. */
    private static final class TooLarge extends IOException {
        private static final long serialVersionUID = 1L;
        static final OutputStream STREAM = new OutputStream() {
            @Override
            public void write(int b) throws IOException {
                throw new TooLarge();
            }

            @Override
            public void write(byte[] b, int off, int len) throws IOException {
                throw new TooLarge();
            }
        };

        TooLarge() {
            super("push body above the hold bound");
        }
    }

    /** {@code e} as the exception a caller sees: an interruption stays one, the rest become a PushGatewayException. */
    private static IOException failure(String where, String what, IOException e) {
        if (e instanceof InterruptedIOException && Thread.currentThread().isInterrupted()) {
            return e;
        }
        return new PushGatewayException(where, what, e);
    }

    /**
     * Sends {@code request} once; a failure before the status line and headers arrived that looks like a closed
     * connection comes back as {@link StaleConnection}, any other as the {@link IOException} itself.
     */
    private HttpResponse<String> attempt(HttpRequest request) throws IOException {
        AnswerSeen answerSeen = new AnswerSeen();
        try {
            return client.send(request, answerSeen);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            InterruptedIOException interrupted = new InterruptedIOException(request.method() + " " + request.uri()
                    + " interrupted");
            interrupted.initCause(e);
            throw interrupted;
        } catch (IOException e) {
            if (!answerSeen.seen && closedBeforeAnyAnswerByte(e)) {
                throw new StaleConnection(e);
            }
            throw e;
        }
    }

    /**
     * Whether {@code failure} (or a cause) says the peer closed or reset the connection before a response byte
     * came: the JDK client's "header parser received no bytes", or a reset / broken pipe while the request was
     * still being written. A timeout, a refused connect or an end of stream inside an answer is not.
     */
    static boolean closedBeforeAnyAnswerByte(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof HttpTimeoutException || t instanceof ConnectException) {
                return false;
            }
            String message = t.getMessage();
            if (message != null && (message.contains("received no bytes") || message.contains("Connection reset")
                    || message.contains("Broken pipe"))) {
                return true;
            }
            if (t.getCause() == t) {
                break;
            }
        }
        return false;
    }

    /** Marks that the status line and headers arrived, then collects the body as UTF-8 text. */
    private static final class AnswerSeen implements HttpResponse.BodyHandler<String> {
        volatile boolean seen;

        @Override
        public HttpResponse.BodySubscriber<String> apply(HttpResponse.ResponseInfo info) {
            seen = true;
            return HttpResponse.BodySubscribers.ofString(StandardCharsets.UTF_8);
        }
    }

    /** An attempt that failed because the connection closed before the first answer byte. */
    private static final class StaleConnection extends IOException {
        private static final long serialVersionUID = 1L;

        StaleConnection(IOException cause) {
            super(cause);
        }
    }

    /** Builds a {@link PushGateway}. Not thread-safe. */
    public static final class Builder {
        private final String baseUrl;
        private ExpositionFormat format = ExpositionFormat.PROTOBUF;
        private Duration connectTimeout = DEFAULT_CONNECT_TIMEOUT;
        private Duration requestTimeout = DEFAULT_REQUEST_TIMEOUT;
        private String authorization;

        private Builder(String baseUrl) {
            URI parsed;
            try {
                parsed = baseUrl == null ? null : URI.create(baseUrl);
            } catch (IllegalArgumentException e) {
                parsed = null;
            }
            if (parsed == null || parsed.getHost() == null || parsed.getRawQuery() != null
                    || !("http".equalsIgnoreCase(parsed.getScheme()) || "https".equalsIgnoreCase(parsed.getScheme()))) {
                String shown = parsed != null && parsed.getRawUserInfo() != null
                        ? baseUrl.replace(parsed.getRawUserInfo() + "@", "***@") : baseUrl;
                throw new IllegalArgumentException("Pushgateway URL \"" + shown + "\" must be an absolute http or"
                        + " https URL without query, e.g. http://localhost:9091");
            }
            String s = baseUrl;
            String rawUserInfo = parsed.getRawUserInfo();
            if (rawUserInfo != null) {
                String userInfo = parsed.getUserInfo();
                int colon = userInfo.indexOf(':');
                basicAuth(colon < 0 ? userInfo : userInfo.substring(0, colon),
                        colon < 0 ? "" : userInfo.substring(colon + 1));
                int at = s.indexOf(rawUserInfo + "@");
                s = s.substring(0, at) + s.substring(at + rawUserInfo.length() + 1);
            }
            while (s.endsWith("/")) {
                s = s.substring(0, s.length() - 1);
            }
            this.baseUrl = s;
        }

        /**
         * Sends HTTP basic auth credentials with every request (replacing any given in the URL).
         *
         * @throws IllegalArgumentException when either is null or {@code user} contains {@code ':'}
         */
        public Builder basicAuth(String user, String password) {
            if (user == null || password == null || user.indexOf(':') >= 0) {
                throw new IllegalArgumentException("basic auth user and password must not be null and the user"
                        + " must not contain ':', got user " + user);
            }
            this.authorization = "Basic " + Base64.getEncoder()
                    .encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
            return this;
        }

        /**
         * Sets the connect timeout (default 10 s).
         *
         * @throws IllegalArgumentException when {@code timeout} is null, zero or negative
         */
        public Builder connectTimeout(Duration timeout) {
            this.connectTimeout = positive(timeout, "connect timeout");
            return this;
        }

        /**
         * Sets the timeout of a whole request, until the answer arrives (default 30 s).
         *
         * @throws IllegalArgumentException when {@code timeout} is null, zero or negative
         */
        public Builder requestTimeout(Duration timeout) {
            this.requestTimeout = positive(timeout, "request timeout");
            return this;
        }

        /**
         * Sets the body format: {@link ExpositionFormat#PROTOBUF} (default) or {@link ExpositionFormat#TEXT}.
         *
         * @throws IllegalArgumentException when {@code format} is null or OpenMetrics (the Pushgateway does not
         *                                  accept it)
         */
        public Builder format(ExpositionFormat format) {
            if (format != ExpositionFormat.PROTOBUF && format != ExpositionFormat.TEXT) {
                throw new IllegalArgumentException("Pushgateway format " + format + " is not supported: use"
                        + " PROTOBUF or TEXT");
            }
            this.format = format;
            return this;
        }

        /** Builds the client. */
        public PushGateway build() {
            return new PushGateway(this);
        }

        private static Duration positive(Duration d, String what) {
            if (d == null || d.isZero() || d.isNegative()) {
                throw new IllegalArgumentException(what + " must be positive, got " + d);
            }
            return d;
        }
    }
}
