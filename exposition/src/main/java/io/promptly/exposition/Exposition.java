package io.promptly.exposition;

import io.promptly.core.MetricMetadata;
import io.promptly.core.Registry;
import java.io.IOException;
import java.io.OutputStream;
import java.util.List;
import java.util.function.Predicate;

/**
 * One-call rendering of a registry, as aioprometheus's {@code render(registry, accept)}: pick the format from the
 * {@code Accept} header(s), render, return body and {@code Content-Type}; or stream to an {@link OutputStream}.
 *
 * <p>Stateless; safe from any thread. Each call creates a {@link ScrapeRenderer}. {@code render} costs about three
 * times the body in garbage: the buffer doubles from 64 KiB up to the body's size (at most twice the body,
 * summed over its growth) and the returned array is one more copy — about 48 MB for a 16 MB body. {@code write}
 * streams in 64 KiB pieces (plus one protobuf family up to 1 MiB): bounded, whatever the registry's size. For
 * repeated scrapes without allocation keep a {@link ScrapeRenderer} per thread instead.
 */
public final class Exposition {
    private Exposition() {
    }

    /**
     * Renders every family of {@code registry} in the format and name escaping {@code accept} asks for (see
     * {@link ScrapeFormat#negotiate(String)}).
     *
     * @param accept the {@code Accept} header value, or null when absent
     * @throws IllegalArgumentException when {@code registry} is null
     */
    public static Rendered render(Registry registry, String accept) {
        return render(registry, ScrapeFormat.negotiate(accept));
    }

    /**
     * Renders every family of {@code registry} in the format asked for by a request's {@code Accept} headers.
     *
     * @param accepts every {@code Accept} header value in order, or null / empty when absent
     * @throws IllegalArgumentException when {@code registry} is null
     */
    public static Rendered render(Registry registry, List<String> accepts) {
        return render(registry, ScrapeFormat.negotiate(accepts));
    }

    /**
     * Renders every family of {@code registry} in {@code format}.
     *
     * @throws IllegalArgumentException when an argument is null
     */
    public static Rendered render(Registry registry, ExpositionFormat format) {
        if (format == null) {
            throw new IllegalArgumentException("format must not be null");
        }
        return render(registry, ScrapeFormat.of(format));
    }

    /**
     * Renders every family of {@code registry} in {@code format} (format and name escaping).
     *
     * @throws IllegalArgumentException when an argument is null
     */
    public static Rendered render(Registry registry, ScrapeFormat format) {
        ScrapeRenderer renderer = new ScrapeRenderer();
        renderer.render(registry, format);
        return new Rendered(format, renderer.toByteArray());
    }

    /**
     * Streams the families of {@code registry} that {@code filter} accepts to {@code out} in {@code format},
     * without building the whole body in memory.
     *
     * @throws IOException when {@code out} fails
     * @throws IllegalArgumentException when an argument is null
     */
    public static void write(Registry registry, ExpositionFormat format, OutputStream out,
            Predicate<MetricMetadata> filter) throws IOException {
        new ScrapeRenderer().write(registry, format, filter, out);
    }
}
