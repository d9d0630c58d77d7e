package io.promptly.agrona.example;

import io.aeron.Aeron;
import io.aeron.Publication;
import io.aeron.Subscription;
import io.aeron.driver.MediaDriver;
import io.aeron.driver.ThreadingMode;
import io.promptly.agrona.AeronMetrics;
import io.promptly.core.Registry;
import io.promptly.exposition.http.MetricsServer;
import org.agrona.concurrent.SleepingMillisIdleStrategy;
import org.agrona.concurrent.UnsafeBuffer;
import org.agrona.concurrent.status.AtomicCounter;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Runnable example: an embedded media driver, a publication and a subscription exchanging messages, an
 * application counter, and every counter served as Prometheus metrics by a {@link MetricsServer}.
 *
 * <p>Run (from the repository root; the flags are Agrona's and Aeron's, see README "Aeron and Agrona counters"):
 * {@code mvn -q -pl integrations/agrona -am install -DskipTests && mvn -q -pl integrations/agrona exec:exec},
 * then {@code curl http://127.0.0.1:9464/metrics}. One instance per process; not thread-safe.
 */
public final class AeronCountersExample implements AutoCloseable {
    /** Type id of the example's application counter (Aeron reserves ids below 1000 for its own). */
    public static final int MESSAGES_TYPE_ID = 1001;
    /** Stream id of the example's publication and subscription. */
    public static final int STREAM_ID = 1001;

    private final MediaDriver driver;
    private final Aeron aeron;
    private final Publication publication;
    private final Subscription subscription;
    private final AtomicCounter messages;
    private final Registry registry = new Registry();
    private final MetricsServer server;

    /** Starts a driver in {@code aeronDir}, a client, a publication/subscription, and the server on {@code port}. */
    public AeronCountersExample(Path aeronDir, int port) throws IOException {
        driver = MediaDriver.launch(new MediaDriver.Context()
                .aeronDirectoryName(aeronDir.toString())
                .threadingMode(ThreadingMode.SHARED)
                .sharedIdleStrategy(new SleepingMillisIdleStrategy(1))
                .dirDeleteOnStart(true)
                .dirDeleteOnShutdown(true));
        aeron = Aeron.connect(new Aeron.Context().aeronDirectoryName(driver.aeronDirectoryName()));
        subscription = aeron.addSubscription("aeron:ipc", STREAM_ID);
        publication = aeron.addPublication("aeron:ipc", STREAM_ID);
        messages = aeron.addCounter(MESSAGES_TYPE_ID, "example-messages-received");
        // the one line a user adds: every driver and client counter, by name
        AeronMetrics.register(registry, aeron.countersReader());
        server = MetricsServer.builder().registry(registry).host("127.0.0.1").port(port).start();
    }

    /** Offers {@code count} messages and polls until each arrived; returns how many arrived. */
    public int exchange(int count) {
        UnsafeBuffer message = new UnsafeBuffer(new byte[64]);
        int received = 0;
        for (int i = 0; i < count; i++) {
            message.putLong(0, i);
            long deadline = System.nanoTime() + 5_000_000_000L;
            while (publication.offer(message, 0, 64) < 0 && System.nanoTime() < deadline) {
                Thread.onSpinWait();
            }
            int[] got = {0};
            while (got[0] == 0 && System.nanoTime() < deadline) {
                subscription.poll((buffer, offset, length, header) -> got[0]++, 10);
            }
            received += got[0];
            messages.increment();
        }
        return received;
    }

    /** The registry the server serves. */
    public Registry registry() {
        return registry;
    }

    /** The running server. */
    public MetricsServer server() {
        return server;
    }

    /** The Aeron client. */
    public Aeron aeron() {
        return aeron;
    }

    /** The application counter the example increments per message. */
    public AtomicCounter messages() {
        return messages;
    }

    /** The driver's directory (its CnC file is there). */
    public File aeronDirectory() {
        return new File(driver.aeronDirectoryName());
    }

    @Override
    public void close() {
        server.stop();
        messages.close();
        publication.close();
        subscription.close();
        aeron.close();
        driver.close();
    }

    /** Runs until killed: exchanges a message a second; metrics on port 9464 (or the first argument). */
    public static void main(String[] args) throws Exception {
        int port = args.length > 0 ? Integer.parseInt(args[0]) : 9464;
        Path dir = Files.createTempDirectory("promptly-aeron-");
        try (AeronCountersExample example = new AeronCountersExample(dir, port)) {
            System.out.println("serving Aeron counters at " + example.server().metricsUrl());
            while (!Thread.currentThread().isInterrupted()) {
                example.exchange(1);
                Thread.sleep(1000);
            }
        }
    }
}
