package io.promptly.exposition;

import io.promptly.core.MetricMetadata;
import io.promptly.core.Registry;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.util.function.Predicate;

/**
 * Renders scrapes again and again with one buffer and the format writers (text, OpenMetrics 1.0, protobuf, and
 * the experimental OpenMetrics 2.0), so that a scrape in steady
 * state allocates nothing: keep one per serving thread (e.g. in a {@code ThreadLocal} or per connection).
 * Either render into its buffer ({@link #render}, then {@link #array()}/{@link #length()} or
 * {@link #writeTo}), or stream straight to an {@link OutputStream} ({@link #write}) in chunks of the buffer's
 * capacity, or hold up to a bound and stream only past it ({@link #renderOrStream}, what an HTTP server needs to
 * choose between {@code Content-Length} and chunked encoding).
 *
 * <p>Memory while streaming is bounded whatever the registry's size: the buffer's hold limit, plus (protobuf)
 * one family up to {@link #DEFAULT_FAMILY_HOLD_LIMIT} — a longer family is written in two more passes behind a
 * computed length (see {@code ProtobufWriter}), and a metric that grew between those passes is dropped from that
 * scrape and counted in {@link #droppedSamples()}.
 *
 * <p>Not thread-safe. The cost of a scrape is the byte copying of the families it writes: O(output size); a
 * protobuf family above the family hold limit costs three renders of it.
 */
public final class ScrapeRenderer {
    /** Most bytes of one protobuf family held while streaming before it is written in two passes instead. */
    public static final int DEFAULT_FAMILY_HOLD_LIMIT = 1 << 20;

    private static final Predicate<MetricMetadata> ALL = family -> true;

    private final ExpositionBuffer buffer;
    private final PrometheusTextWriter text;
    private final OpenMetricsWriter openMetrics;
    private final OpenMetrics2Writer openMetrics2;
    private final ProtobufWriter protobuf;
    private final SameName replayed = new SameName();
    private ScrapeFormat format = ScrapeFormat.of(ExpositionFormat.TEXT);
    private int familyHoldLimit = DEFAULT_FAMILY_HOLD_LIMIT;

    /** Creates a renderer whose buffer starts at {@link ExpositionBuffer#DEFAULT_CAPACITY} bytes. */
    public ScrapeRenderer() {
        this(ExpositionBuffer.DEFAULT_CAPACITY);
    }

    /**
     * Creates a renderer whose buffer starts at {@code initialCapacity} bytes (also the streaming chunk size).
     *
     * @throws IllegalArgumentException when {@code initialCapacity} is below 64
     */
    public ScrapeRenderer(int initialCapacity) {
        this.buffer = new ExpositionBuffer(initialCapacity);
        this.text = new PrometheusTextWriter(buffer);
        this.openMetrics = new OpenMetricsWriter(buffer);
        this.openMetrics2 = new OpenMetrics2Writer(buffer);
        this.protobuf = new ProtobufWriter(buffer);
    }

    /**
     * Renders every family of {@code registry} in {@code format} into this renderer's buffer.
     *
     * @return this renderer, to read the body from
     * @throws IllegalArgumentException when an argument is null
     */
    public ScrapeRenderer render(Registry registry, ExpositionFormat format) {
        return render(registry, format, ALL);
    }

    /**
     * Renders every family of {@code registry} as {@code format} says (format and name escaping, e.g. from
     * {@link ScrapeFormat#negotiate}) into this renderer's buffer.
     *
     * @return this renderer, to read the body from
     * @throws IllegalArgumentException when an argument is null
     */
    public ScrapeRenderer render(Registry registry, ScrapeFormat format) {
        return render(registry, format, ALL);
    }

    /**
     * Renders the families of {@code registry} accepted by {@code filter} (see {@link NameFilter}) in
     * {@code format} into this renderer's buffer, replacing what it held.
     *
     * @return this renderer, to read the body from
     * @throws IllegalArgumentException when an argument is null
     */
    public ScrapeRenderer render(Registry registry, ExpositionFormat format, Predicate<MetricMetadata> filter) {
        return render(registry, scrapeFormat(format), filter);
    }

    /**
     * As {@link #render(Registry, ExpositionFormat, Predicate)}, with the name escaping {@code format} names.
     *
     * @return this renderer, to read the body from
     * @throws IllegalArgumentException when an argument is null
     */
    public ScrapeRenderer render(Registry registry, ScrapeFormat format, Predicate<MetricMetadata> filter) {
        check(registry, format, filter);
        buffer.detach();
        collect(registry, format, filter, Long.MAX_VALUE);
        return this;
    }

    /**
     * Streams the families of {@code registry} accepted by {@code filter} in {@code format} to {@code out}, in
     * chunks of the buffer's capacity (a protobuf family is held whole until its length is known), and flushes
     * nothing beyond writing: the caller owns {@code out}. The buffer is empty afterwards.
     *
     * @throws IOException when {@code out} fails
     * @throws IllegalArgumentException when an argument is null
     */
    public void write(Registry registry, ExpositionFormat format, Predicate<MetricMetadata> filter,
            OutputStream out) throws IOException {
        write(registry, scrapeFormat(format), filter, out);
    }

    /**
     * As {@link #write(Registry, ExpositionFormat, Predicate, OutputStream)}, with the name escaping
     * {@code format} names.
     *
     * @throws IOException when {@code out} fails
     * @throws IllegalArgumentException when an argument is null
     */
    public void write(Registry registry, ScrapeFormat format, Predicate<MetricMetadata> filter,
            OutputStream out) throws IOException {
        check(registry, format, filter);
        if (out == null) {
            throw new IllegalArgumentException("output stream must not be null");
        }
        buffer.attach(out);
        try {
            collect(registry, format, filter, familyHoldLimit);
            buffer.flush();
        } catch (UncheckedIOException e) {
            throw e.getCause();
        } finally {
            buffer.detach();
            buffer.reset();
        }
    }

    /**
     * Renders the families of {@code registry} accepted by {@code filter} in {@code format}, holding up to
     * {@code holdBytes} in the buffer: when the body ends within them, nothing is written to {@code out} and the
     * body is in {@link #array()}/{@link #length()} (return true: send it with its length); past them, the body
     * is streamed to {@code out} in pieces of at most about {@code holdBytes} and the return is false (the
     * whole body was written; the buffer is empty). The first write to {@code out} is the moment to commit to an
     * unknown length.
     *
     * @return true when the body is held, false when it was streamed
     * @throws IOException when {@code out} fails (the body is then incomplete: abort the response)
     * @throws IllegalArgumentException when an argument is null or {@code holdBytes} is below 64
     */
    public boolean renderOrStream(Registry registry, ExpositionFormat format, Predicate<MetricMetadata> filter,
            OutputStream out, int holdBytes) throws IOException {
        return renderOrStream(registry, scrapeFormat(format), filter, out, holdBytes);
    }

    /**
     * As {@link #renderOrStream(Registry, ExpositionFormat, Predicate, OutputStream, int)}, with the name
     * escaping {@code format} names.
     *
     * @return true when the body is held, false when it was streamed
     * @throws IOException when {@code out} fails (the body is then incomplete: abort the response)
     * @throws IllegalArgumentException when an argument is null or {@code holdBytes} is below 64
     */
    public boolean renderOrStream(Registry registry, ScrapeFormat format, Predicate<MetricMetadata> filter,
            OutputStream out, int holdBytes) throws IOException {
        check(registry, format, filter);
        if (out == null) {
            throw new IllegalArgumentException("output stream must not be null");
        }
        buffer.attach(out, holdBytes);
        try {
            collect(registry, format, filter, Math.min(familyHoldLimit, holdBytes));
            if (buffer.totalBytes() == buffer.position()) {
                return true; // nothing went out: the caller sends the held body with its length
            }
            buffer.flush();
            buffer.reset();
            return false;
        } catch (UncheckedIOException e) {
            buffer.reset();
            throw e.getCause();
        } finally {
            buffer.detach();
        }
    }

    /**
     * Turns OpenMetrics {@code _created} samples on or off (default off): each counter, histogram and summary
     * series then also writes {@code <name>_created{labels} <seconds>}, its start time. Protobuf always carries
     * the start time ({@code created_timestamp}); text 0.0.4 never does.
     */
    public void openMetricsCreated(boolean on) {
        openMetrics.createdSamples(on);
    }

    /**
     * Sets the most bytes of one protobuf family held while streaming (default
     * {@link #DEFAULT_FAMILY_HOLD_LIMIT}); a longer family is written in two more passes instead.
     *
     * @throws IllegalArgumentException when {@code bytes} is below 64
     */
    public void familyHoldLimit(int bytes) {
        if (bytes < 64) {
            throw new IllegalArgumentException("family hold limit " + bytes + " is below 64 bytes");
        }
        this.familyHoldLimit = bytes;
    }

    /**
     * Samples the last render left out: those a collectable dropped (a callback that threw or returned a value its
     * type cannot carry), OpenMetrics quantile estimates below zero (that format forbids them), and protobuf
     * metrics of a family above the hold limit that grew between the pass that measured its length and the pass
     * that wrote it (they appear again in the next scrape).
     */
    public long droppedSamples() {
        return writer(format.format()).droppedSamples();
    }

    private void collect(Registry registry, ScrapeFormat format, Predicate<MetricMetadata> filter,
            long protobufFamilyHold) {
        this.format = format;
        FormatWriter writer = writer(format.format());
        buffer.reset();
        protobuf.familyHoldLimit(buffer.attached() ? protobufFamilyHold : Long.MAX_VALUE);
        writer.start(format.escaping());
        if (filter == ALL) {
            registry.collect(writer);
        } else {
            registry.collect(writer, filter);
        }
        if (writer == protobuf) {
            replayOversized(registry);
        }
        writer.finish();
    }

    /** Writes each protobuf family the single pass left out: one pass counting its length, one writing it. */
    private void replayOversized(Registry registry) {
        try {
            for (int i = 0, n = protobuf.oversizedCount(); i < n; i++) {
                replayed.name = protobuf.oversized(i);
                protobuf.beginCount();
                registry.collect(protobuf, replayed);
                long body = protobuf.countedBody();
                if (body >= 0) {
                    protobuf.beginBudget(body + ProtobufWriter.slack(body));
                    registry.collect(protobuf, replayed);
                }
            }
        } finally {
            protobuf.endReplay();
            replayed.name = null;
        }
    }

    /** Accepts the family of one name (names are unique in a registry); reused, so replays allocate nothing. */
    private static final class SameName implements Predicate<MetricMetadata> {
        String name;

        @Override
        public boolean test(MetricMetadata family) {
            return family.name().equals(name);
        }
    }

    private FormatWriter writer(ExpositionFormat format) {
        switch (format) {
            case OPENMETRICS:
                return openMetrics;
            case OPENMETRICS_2_0:
                return openMetrics2;
            case PROTOBUF:
                return protobuf;
            default:
                return text;
        }
    }

    private static ScrapeFormat scrapeFormat(ExpositionFormat format) {
        return format == null ? null : ScrapeFormat.of(format);
    }

    private static void check(Registry registry, ScrapeFormat format, Predicate<MetricMetadata> filter) {
        if (registry == null) {
            throw new IllegalArgumentException("registry must not be null");
        }
        if (format == null) {
            throw new IllegalArgumentException("format must not be null");
        }
        if (filter == null) {
            throw new IllegalArgumentException("filter must not be null (pass family -> true to keep all)");
        }
    }

    /** The format of the last render. */
    public ExpositionFormat format() {
        return format.format();
    }

    /** The format and name escaping of the last render. */
    public ScrapeFormat scrapeFormat() {
        return format;
    }

    /** The {@code Content-Type} of the last render. */
    public String contentType() {
        return format.contentType();
    }

    /** The buffer's array; bytes {@code [0, length())} are the last render's body. Valid until the next render. */
    public byte[] array() {
        return buffer.array();
    }

    /** Length of the last render's body. */
    public int length() {
        return buffer.position();
    }

    /** A copy of the last render's body. Allocates. */
    public byte[] toByteArray() {
        return buffer.toByteArray();
    }

    /**
     * Writes the last render's body to {@code out}.
     *
     * @throws IOException when {@code out} fails
     * @throws IllegalArgumentException when {@code out} is null
     */
    public void writeTo(OutputStream out) throws IOException {
        buffer.writeTo(out);
    }
}
