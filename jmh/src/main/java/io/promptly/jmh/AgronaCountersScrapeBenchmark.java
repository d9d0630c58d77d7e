package io.promptly.jmh;

import io.promptly.agrona.AgronaCounters;
import io.promptly.agrona.CounterFamily;
import io.promptly.core.Registry;
import io.promptly.exposition.ExpositionFormat;
import io.promptly.exposition.ScrapeRenderer;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;
import org.agrona.concurrent.UnsafeBuffer;
import org.agrona.concurrent.status.CountersManager;
import org.agrona.concurrent.status.CountersReader;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Scrape of 10,000 Agrona counters (one type, labels like {@code order-flow-123}, Aeron-like registration ids)
 * as Prometheus text: through Promptly ({@code AgronaCounters} + {@code ScrapeRenderer}, labels cached per counter,
 * nothing allocated in steady state) vs the hand-written loop users write today ({@code CountersReader.forEach}
 * formatting into a reused {@code StringBuilder}, then UTF-8 bytes).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 2, time = 1)
@Measurement(iterations = 3, time = 1)
@Fork(value = 1, jvmArgsAppend = BenchmarkData.AGRONA_EXPORTS)
public class AgronaCountersScrapeBenchmark {
    static final int COUNTERS = 10_000;
    static final int TYPE_ID = 1001;

    private CountersManager counters;
    private Registry registry;
    private ScrapeRenderer renderer;
    private StringBuilder text;

    @Setup
    public void setUp() {
        counters = new CountersManager(
                new UnsafeBuffer(ByteBuffer.allocateDirect(COUNTERS * CountersReader.METADATA_LENGTH)),
                new UnsafeBuffer(ByteBuffer.allocateDirect(COUNTERS * CountersReader.COUNTER_LENGTH)),
                StandardCharsets.US_ASCII);
        for (int i = 0; i < COUNTERS; i++) {
            int id = counters.allocate("order-flow-" + i, TYPE_ID);
            counters.setCounterRegistrationId(id, 1_000_000L + i);
            counters.setCounterValue(id, 31L * i * i);
        }
        registry = new Registry();
        AgronaCounters.register(registry, counters, CounterFamily.counter("agrona_orders", "Orders per flow.",
                new String[] {"flow"}, (id, type, registrationId, label) -> new String[] {label}, TYPE_ID));
        renderer = new ScrapeRenderer();
        text = new StringBuilder(1 << 20);
    }

    @Benchmark
    public int promptly() {
        return renderer.render(registry, ExpositionFormat.TEXT).length();
    }

    @Benchmark
    public int handWrittenForEachStringBuilder() {
        StringBuilder sb = text;
        sb.setLength(0);
        sb.append("# HELP agrona_orders_total Orders per flow.\n# TYPE agrona_orders_total counter\n");
        counters.forEach((value, id, label) -> {
            if (counters.getCounterTypeId(id) == TYPE_ID) {
                sb.append("agrona_orders_total{flow=\"").append(label).append("\"} ").append(value).append('\n');
            }
        });
        return sb.toString().getBytes(StandardCharsets.UTF_8).length;
    }
}
