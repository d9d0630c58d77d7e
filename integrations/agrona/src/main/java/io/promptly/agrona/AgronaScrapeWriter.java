package io.promptly.agrona;

import io.promptly.core.MetricMetadata;
import io.promptly.core.Registry;
import io.promptly.exposition.ExpositionFormat;
import io.promptly.exposition.ScrapeRenderer;
import org.agrona.MutableDirectBuffer;
import org.agrona.concurrent.UnsafeBuffer;
import org.agrona.io.ExpandableDirectBufferOutputStream;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.function.Predicate;

/**
 * Renders a scrape into an Agrona buffer, to send it over the user's own transport (an Aeron publication):
 * {@link #write} streams the body into any {@link MutableDirectBuffer} at an offset (an expandable one grows;
 * a fixed one must be large enough), {@link #render} renders into the writer's own array and wraps it in an
 * {@link UnsafeBuffer} without copying.
 *
 * <p>Not thread-safe: one writer per scraping thread, reused scrape after scrape (it then allocates nothing in
 * steady state beyond what the collectables do).
 */
public final class AgronaScrapeWriter {
    private static final Predicate<MetricMetadata> ALL = family -> true;

    private final ScrapeRenderer renderer = new ScrapeRenderer();
    private final ExpandableDirectBufferOutputStream stream = new ExpandableDirectBufferOutputStream();
    private final UnsafeBuffer view = new UnsafeBuffer(new byte[0]);

    /** Creates a writer with its own {@link ScrapeRenderer}. */
    public AgronaScrapeWriter() {
    }

    /**
     * Writes the families of {@code registry} in {@code format} into {@code buffer} from {@code offset}.
     *
     * @return the number of bytes written
     * @throws IllegalArgumentException when an argument is null
     * @throws IndexOutOfBoundsException when a fixed-size buffer is too small
     */
    public int write(Registry registry, ExpositionFormat format, MutableDirectBuffer buffer, int offset) {
        if (buffer == null) {
            throw new IllegalArgumentException("buffer must not be null");
        }
        stream.wrap(buffer, offset);
        try {
            renderer.write(registry, format, ALL, stream);
        } catch (IOException e) {
            throw new UncheckedIOException(e); // the stream never throws one
        }
        return stream.position();
    }

    /**
     * Renders the families of {@code registry} in {@code format} and returns a view of the body (no copy):
     * valid until the next call on this writer.
     *
     * @throws IllegalArgumentException when an argument is null
     */
    public UnsafeBuffer render(Registry registry, ExpositionFormat format) {
        renderer.render(registry, format);
        view.wrap(renderer.array(), 0, renderer.length());
        return view;
    }

    /** The {@code Content-Type} of the last {@link #render} or {@link #write} format. */
    public String contentType() {
        return renderer.contentType();
    }
}
