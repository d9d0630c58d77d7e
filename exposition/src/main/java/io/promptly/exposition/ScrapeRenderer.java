package io.promptly.exposition;

import io.promptly.core.MetricMetadata;
import io.promptly.core.Registry;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.util.function.Predicate;

/**
 * Renders scrapes again and again with one buffer and the three format writers, so that a scrape in steady
 * state allocates nothing: keep one per serving thread (e.g. in a {@code ThreadLocal} or per connection).
 * Either render into its buffer ({@link #render}, then {@link #array()}/{@link #length()} or
 * {@link #writeTo}), or stream straight to an {@link OutputStream} ({@link #write}) in chunks of the buffer's
 * capacity.
 *
 * <p>Not thread-safe. The cost of a scrape is the byte copying of the families it writes: O(output size).
 */
public final class ScrapeRenderer {
    private static final Predicate<MetricMetadata> ALL = family -> true;

    private final ExpositionBuffer buffer;
    private final PrometheusTextWriter text;
    private final OpenMetricsWriter openMetrics;
    private final ProtobufWriter protobuf;
    private ExpositionFormat format = ExpositionFormat.TEXT;

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
     * Renders the families of {@code registry} accepted by {@code filter} (see {@link NameFilter}) in
     * {@code format} into this renderer's buffer, replacing what it held.
     *
     * @return this renderer, to read the body from
     * @throws IllegalArgumentException when an argument is null
     */
    public ScrapeRenderer render(Registry registry, ExpositionFormat format, Predicate<MetricMetadata> filter) {
        check(registry, format, filter);
        buffer.detach();
        collect(registry, format, filter);
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
        check(registry, format, filter);
        if (out == null) {
            throw new IllegalArgumentException("output stream must not be null");
        }
        buffer.attach(out);
        try {
            collect(registry, format, filter);
            buffer.flush();
        } catch (UncheckedIOException e) {
            throw e.getCause();
        } finally {
            buffer.detach();
            buffer.reset();
        }
    }

    private void collect(Registry registry, ExpositionFormat format, Predicate<MetricMetadata> filter) {
        this.format = format;
        FormatWriter writer = writer(format);
        buffer.reset();
        writer.start();
        if (filter == ALL) {
            registry.collect(writer);
        } else {
            registry.collect(writer, filter);
        }
        writer.finish();
    }

    private FormatWriter writer(ExpositionFormat format) {
        switch (format) {
            case OPENMETRICS:
                return openMetrics;
            case PROTOBUF:
                return protobuf;
            default:
                return text;
        }
    }

    private static void check(Registry registry, ExpositionFormat format, Predicate<MetricMetadata> filter) {
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
