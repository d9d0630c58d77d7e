package io.promptly.exposition.push;

import io.promptly.core.Registry;
import io.promptly.exposition.ExpositionFormat;
import io.promptly.exposition.ScrapeRenderer;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
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
 * array (pushes are rare) and waits for the answer; a non-2xx answer throws {@link PushGatewayException}, a
 * refused connection or a timeout an {@link IOException}. Nothing blocks past the connect and request timeouts.
 */
public final class PushGateway {
    /** Default connect timeout. */
    public static final Duration DEFAULT_CONNECT_TIMEOUT = Duration.ofSeconds(10);
    /** Default timeout for a whole request, answer included. */
    public static final Duration DEFAULT_REQUEST_TIMEOUT = Duration.ofSeconds(30);

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
     * @throws PushGatewayException when the Pushgateway answers outside 2xx
     * @throws IOException when it cannot be reached or does not answer in time
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
     * @throws PushGatewayException when the Pushgateway answers outside 2xx
     * @throws IOException when it cannot be reached or does not answer in time
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
     * @throws PushGatewayException when the Pushgateway answers outside 2xx
     * @throws IOException when it cannot be reached or does not answer in time
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
        HttpRequest.Builder request = HttpRequest.newBuilder(uri).timeout(requestTimeout);
        if (authorization != null) {
            request.header("Authorization", authorization);
        }
        if (registry == null) {
            request.method(method, HttpRequest.BodyPublishers.noBody());
        } else {
            byte[] body = new ScrapeRenderer().render(registry, format).toByteArray();
            request.header("Content-Type", format.contentType());
            request.method(method, HttpRequest.BodyPublishers.ofByteArray(body));
        }
        HttpResponse<String> response;
        try {
            response = client.send(request.build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            InterruptedIOException interrupted = new InterruptedIOException(method + " " + uri + " interrupted");
            interrupted.initCause(e);
            throw interrupted;
        }
        int status = response.statusCode();
        if (status < 200 || status >= 300) {
            throw new PushGatewayException(method, uri.toString(), status, response.body());
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
                throw new IllegalArgumentException("Pushgateway URL \"" + baseUrl + "\" must be an absolute http or"
                        + " https URL without query, e.g. http://localhost:9091");
            }
            String s = baseUrl;
            while (s.endsWith("/")) {
                s = s.substring(0, s.length() - 1);
            }
            this.baseUrl = s;
        }

        /**
         * Sends HTTP basic auth credentials with every request.
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
