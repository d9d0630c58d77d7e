package io.promptly.jmh;

import io.promptly.core.Registry;
import io.promptly.servlet.MetricsFilter;
import io.promptly.servlet.MetricsServlet;
import io.prometheus.metrics.exporter.servlet.jakarta.PrometheusMetricsServlet;
import jakarta.servlet.DispatcherType;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.EnumSet;
import java.util.concurrent.TimeUnit;
import org.eclipse.jetty.ee10.servlet.FilterHolder;
import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.eclipse.jetty.ee10.servlet.ServletHolder;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Requests per second over HTTP/1.1 keep-alive on 127.0.0.1, against one embedded Jetty 12 serving, side by side:
 * <ul>
 *   <li>{@code /promptly} — Promptly's {@link MetricsServlet} over a {@link ScrapeFixture} registry;</li>
 *   <li>{@code /client_java} — client_java's {@code PrometheusMetricsServlet} over the same fixture;</li>
 *   <li>{@code /plain/hello} and {@code /filtered/hello} — the same tiny servlet without and behind
 *       {@link MetricsFilter} (the filter's cost per request is the difference of the two).</li>
 * </ul>
 * The client is a raw keep-alive socket per benchmark thread (request bytes written once, the response read to
 * its end: {@code Content-Length} or chunked), so that the client's own cost is small and the same for every
 * route. {@code format} selects the {@code Accept} header of the scrapes: {@code text} (none: text 0.0.4 from
 * both) or {@code openmetrics}. Throughput mode: ops/s = requests/s; the server and the client share the
 * machine's cores.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class ServletHttpBenchmark {
    @Param({"1000"})
    public int series;

    @Param({"text", "openmetrics"})
    public String format;

    private Server jetty;
    int port;
    String accept;

    /** Starts Jetty with the four routes. */
    @Setup(Level.Trial)
    public void startJetty() throws Exception {
        ScrapeFixture fixture = new ScrapeFixture(series);
        Registry promptly = fixture.promptly();
        Registry filterRegistry = new Registry();
        accept = "openmetrics".equals(format) ? "Accept: application/openmetrics-text; version=1.0.0\r\n" : "";

        ServletContextHandler context = new ServletContextHandler();
        context.addServlet(new ServletHolder(new MetricsServlet(promptly)), "/promptly");
        context.addServlet(new ServletHolder(new PrometheusMetricsServlet(fixture.clientJava())), "/client_java");
        context.addServlet(new ServletHolder(new Hello()), "/plain/*");
        context.addServlet(new ServletHolder(new Hello()), "/filtered/*");
        context.addFilter(new FilterHolder(MetricsFilter.builder().registry(filterRegistry).build()),
                "/filtered/*", EnumSet.of(DispatcherType.REQUEST));
        jetty = new Server();
        ServerConnector connector = new ServerConnector(jetty);
        connector.setHost("127.0.0.1");
        connector.setPort(0);
        jetty.addConnector(connector);
        jetty.setHandler(context);
        jetty.start();
        port = connector.getLocalPort();
    }

    /** Stops Jetty. */
    @TearDown(Level.Trial)
    public void stopJetty() throws Exception {
        jetty.stop();
    }

    /** A scrape of Promptly's {@link MetricsServlet}. */
    @Benchmark
    public long promptlyScrape(Connection c) throws IOException {
        return c.get(c.promptly);
    }

    /** A scrape of client_java's {@code PrometheusMetricsServlet}. */
    @Benchmark
    public long clientJavaScrape(Connection c) throws IOException {
        return c.get(c.clientJava);
    }

    /** A request to the tiny servlet without a filter: the baseline of {@link #withMetricsFilter}. */
    @Benchmark
    public long withoutFilter(Connection c) throws IOException {
        return c.get(c.plain);
    }

    /** The same request, recorded by {@link MetricsFilter}. */
    @Benchmark
    public long withMetricsFilter(Connection c) throws IOException {
        return c.get(c.filtered);
    }

    /** Answers {@code hello} with a content length. */
    static final class Hello extends HttpServlet {
        private static final long serialVersionUID = 1L;
        private static final byte[] BODY = "hello\n".getBytes(StandardCharsets.US_ASCII);

        @Override
        protected void doGet(HttpServletRequest req, HttpServletResponse resp) throws IOException {
            resp.setContentType("text/plain");
            resp.setContentLength(BODY.length);
            resp.getOutputStream().write(BODY);
        }
    }

    /** One keep-alive connection per benchmark thread; reads each response to its end. Not thread-safe. */
    @State(Scope.Thread)
    public static class Connection {
        private Socket socket;
        private OutputStream out;
        private InputStream in;
        private final byte[] buffer = new byte[64 * 1024];
        private int pos;
        private int limit;
        private int lineStart;
        byte[] promptly;
        byte[] clientJava;
        byte[] plain;
        byte[] filtered;

        /** Connects to the benchmark's Jetty. */
        @Setup(Level.Trial)
        public void connect(ServletHttpBenchmark b) throws IOException {
            socket = new Socket(InetAddress.getLoopbackAddress(), b.port);
            socket.setTcpNoDelay(true);
            out = socket.getOutputStream();
            in = socket.getInputStream();
            promptly = request("/promptly", b.accept);
            clientJava = request("/client_java", b.accept);
            plain = request("/plain/hello", "");
            filtered = request("/filtered/hello", "");
            for (byte[] r : new byte[][] {promptly, clientJava, plain, filtered}) {
                if (get(r) <= 0) {
                    throw new IllegalStateException("empty answer from the benchmark server");
                }
            }
        }

        /** Closes the connection. */
        @TearDown(Level.Trial)
        public void close() throws IOException {
            socket.close();
        }

        private static byte[] request(String path, String accept) {
            return ("GET " + path + " HTTP/1.1\r\nHost: 127.0.0.1\r\n" + accept + "\r\n")
                    .getBytes(StandardCharsets.US_ASCII);
        }

        /** Sends {@code request} and reads the answer; returns the body's length. */
        long get(byte[] request) throws IOException {
            out.write(request);
            out.flush();
            long contentLength = -1;
            boolean chunked = false;
            int status = -1;
            while (true) {
                int end = lineEnd();
                int start = lineStart;
                int length = end - start;
                if (length == 0) {
                    break;
                }
                if (status < 0) {
                    status = (buffer[start + 9] - '0') * 100 + (buffer[start + 10] - '0') * 10 + buffer[start + 11] - '0';
                } else if (startsWithIgnoreCase(start, length, "content-length:")) {
                    contentLength = parseLong(start + 15, end);
                } else if (startsWithIgnoreCase(start, length, "transfer-encoding:")) {
                    chunked = true;
                }
            }
            if (status != 200) {
                throw new IllegalStateException("status " + status + " from the benchmark server");
            }
            if (!chunked) {
                skip(contentLength);
                return contentLength;
            }
            long total = 0;
            while (true) {
                int end = lineEnd();
                long size = parseHex(lineStart, end);
                if (size == 0) {
                    lineEnd(); // the empty line after the last chunk (no trailers are sent)
                    return total;
                }
                skip(size);
                lineEnd();
                total += size;
            }
        }

        /** Advances past the next CRLF and returns the index of its CR; the line starts at {@link #lineStart}. */
        private int lineEnd() throws IOException {
            while (true) {
                for (int i = pos; i + 1 < limit; i++) {
                    if (buffer[i] == '\r' && buffer[i + 1] == '\n') {
                        lineStart = pos;
                        pos = i + 2;
                        return i;
                    }
                }
                compactAndFill();
            }
        }

        private void skip(long n) throws IOException {
            while (n > 0) {
                if (pos == limit) {
                    compactAndFill();
                }
                int step = (int) Math.min(n, limit - pos);
                pos += step;
                n -= step;
            }
        }

        private void compactAndFill() throws IOException {
            if (pos > 0) {
                System.arraycopy(buffer, pos, buffer, 0, limit - pos);
                limit -= pos;
                pos = 0;
            }
            int read = in.read(buffer, limit, buffer.length - limit);
            if (read < 0) {
                throw new IOException("the benchmark server closed the connection");
            }
            limit += read;
        }

        private boolean startsWithIgnoreCase(int start, int length, String prefix) {
            if (length < prefix.length()) {
                return false;
            }
            for (int i = 0; i < prefix.length(); i++) {
                if (Character.toLowerCase(buffer[start + i]) != prefix.charAt(i)) {
                    return false;
                }
            }
            return true;
        }

        private long parseLong(int from, int to) {
            long v = 0;
            for (int i = from; i < to; i++) {
                byte c = buffer[i];
                if (c >= '0' && c <= '9') {
                    v = v * 10 + (c - '0');
                }
            }
            return v;
        }

        private long parseHex(int from, int to) {
            long v = 0;
            for (int i = from; i < to; i++) {
                int d = Character.digit(buffer[i], 16);
                if (d < 0) {
                    break; // a chunk extension follows
                }
                v = v * 16 + d;
            }
            return v;
        }
    }
}
