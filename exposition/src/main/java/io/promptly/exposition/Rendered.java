package io.promptly.exposition;

/**
 * A rendered scrape: the body bytes and the format (hence the {@code Content-Type}) they are in.
 *
 * <p>Immutable once returned (the body array belongs to this object: do not modify it); safe from any thread.
 */
public final class Rendered {
    private final ScrapeFormat format;
    private final byte[] body;

    Rendered(ScrapeFormat format, byte[] body) {
        this.format = format;
        this.body = body;
    }

    /** The format of {@link #body()}. */
    public ExpositionFormat format() {
        return format.format();
    }

    /** The format and name escaping of {@link #body()}. */
    public ScrapeFormat scrapeFormat() {
        return format;
    }

    /** The {@code Content-Type} header to send with {@link #body()}. */
    public String contentType() {
        return format.contentType();
    }

    /** The body; shared, do not modify. */
    public byte[] body() {
        return body;
    }
}
