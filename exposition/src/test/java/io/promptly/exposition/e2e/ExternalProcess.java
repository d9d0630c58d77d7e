package io.promptly.exposition.e2e;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/**
 * Starts a Debian-packaged binary (Prometheus, Pushgateway) on 127.0.0.1 for an end-to-end test, and always stops it.
 * Public in exposition's test-jar so that the integrations' end-to-end tests share it. Not thread-safe: one test owns it.
 */
public final class ExternalProcess implements AutoCloseable {
    public static final Duration WAIT = Duration.ofSeconds(30);
    private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(2)).build();

    private final Process process;
    private final Path log;
    final int port;

    private ExternalProcess(Process process, Path log, int port) {
        this.process = process;
        this.log = log;
        this.port = port;
    }

    /** Skips the calling test, with a message, when {@code binary} is not installed. */
    public static void assumeInstalled(String binary) {
        assumeTrue(Files.isExecutable(Path.of(binary)), binary + " is not installed (Debian package "
                + Path.of(binary).getFileName() + "); skipping the end-to-end test");
    }

    /** A port that was free a moment ago on 127.0.0.1. */
    public static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
            return s.getLocalPort();
        }
    }

    /** Starts {@code command}, logging to {@code log}; {@code port} is where it will listen. */
    public static ExternalProcess start(List<String> command, Path log, int port) throws IOException {
        Process p = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        return new ExternalProcess(p, log, port);
    }

    public String base() {
        return "http://127.0.0.1:" + port;
    }

    /** GET {@code pathAndQuery}; null when it cannot connect (yet). */
    public HttpResponse<String> get(String pathAndQuery) throws InterruptedException {
        try {
            return HTTP.send(HttpRequest.newBuilder(URI.create(base() + pathAndQuery))
                    .timeout(Duration.ofSeconds(5)).build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException notYet) {
            return null;
        }
    }

    /** Polls GET {@code pathAndQuery} until {@code done} accepts a 200 body; fails with the log after 30 s. */
    public String await(String pathAndQuery, Predicate<String> done, String what) throws Exception {
        long deadline = System.nanoTime() + WAIT.toNanos();
        String last = null;
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new AssertionError("process exited with " + process.exitValue() + " while waiting for "
                        + what + "; log:\n" + logTail());
            }
            HttpResponse<String> r = get(pathAndQuery);
            if (r != null && r.statusCode() == 200) {
                last = r.body();
                if (done.test(last)) {
                    return last;
                }
            }
            Thread.sleep(200);
        }
        throw new AssertionError("timed out after " + WAIT.toSeconds() + " s waiting for " + what + "; last answer: "
                + last + "\nlog:\n" + logTail());
    }

    public static String query(String promql) {
        return "/api/v1/query?query=" + URLEncoder.encode(promql, StandardCharsets.UTF_8);
    }

    public String logTail() {
        try {
            String all = Files.readString(log);
            return all.length() > 4000 ? all.substring(all.length() - 4000) : all;
        } catch (IOException e) {
            return "(no log: " + e + ")";
        }
    }

    @Override
    public void close() {
        process.destroy();
        try {
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                process.waitFor(10, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }
}
