package io.promptly.exposition;

import io.promptly.core.MetricMetadata;
import io.promptly.core.MetricType;
import io.promptly.core.NameEscaping;

/**
 * The current family's sample names for a text writer, as the scrape's {@link NameEscaping} writes them, built
 * once per family ({@link SamplePrefix}): {@code x_total}, {@code x} or {@code x_info}, {@code x_bucket},
 * {@code x}, {@code x_sum}, {@code x_count}, {@code x_created}, {@code x_gcount}, {@code x_gsum} — each {@code {"..."} when the name is UTF-8 and
 * the scraper allows it.
 *
 * <p>Not thread-safe: one per writer. Allocates only when a longer name than any before arrives.
 */
final class TextFamilyNames {
    private static final byte[] CREATED = TextSamples.ascii("_created");
    private static final byte[] GCOUNT = TextSamples.ascii("_gcount");
    private static final byte[] GSUM = TextSamples.ascii("_gsum");

    final SamplePrefix total = new SamplePrefix();
    final SamplePrefix gauge = new SamplePrefix();
    final SamplePrefix bucket = new SamplePrefix();
    final SamplePrefix plain = new SamplePrefix();
    final SamplePrefix sum = new SamplePrefix();
    final SamplePrefix count = new SamplePrefix();
    final SamplePrefix created = new SamplePrefix();
    final SamplePrefix gcount = new SamplePrefix();
    final SamplePrefix gsum = new SamplePrefix();
    /** How this scrape writes names. */
    NameEscaping escaping = NameEscaping.DEFAULT;
    /** The family name as written (without quotes). */
    byte[] name = TextSamples.NONE;
    /** Whether the family name is quoted. */
    boolean quoted;

    /** Begins a scrape whose names are written by {@code escaping}. */
    void start(NameEscaping escaping) {
        this.escaping = escaping;
        clear();
    }

    /**
     * Builds the names of {@code family}. With {@code typedFamilyName} (text 0.0.4/1.0.0) a counter's and an
     * info's samples carry the family name with its type suffix escaped as one name
     * ({@link MetricMetadata#typedNameText}); without (OpenMetrics) the escaped family name followed by
     * {@code _total} / {@code _info}.
     */
    void set(MetricMetadata family, boolean typedFamilyName) {
        name = family.nameText(escaping);
        quoted = family.quotedIn(escaping);
        byte[] typed = family.typedNameText(escaping);
        boolean info = family.type() == MetricType.INFO;
        if (typedFamilyName) {
            total.set(typed, TextSamples.NONE, quoted);
            gauge.set(info ? typed : name, TextSamples.NONE, quoted);
        } else {
            total.set(name, TextSamples.TOTAL, quoted);
            gauge.set(name, info ? TextSamples.INFO : TextSamples.NONE, quoted);
        }
        bucket.set(name, TextSamples.BUCKET, quoted);
        plain.set(name, TextSamples.NONE, quoted);
        sum.set(name, TextSamples.SUM, quoted);
        count.set(name, TextSamples.COUNT, quoted);
        created.set(name, CREATED, quoted);
        gcount.set(name, GCOUNT, quoted);
        gsum.set(name, GSUM, quoted);
    }

    /** Forgets the family. */
    void clear() {
        name = TextSamples.NONE;
        quoted = false;
        total.clear();
        gauge.clear();
        bucket.clear();
        plain.clear();
        sum.clear();
        count.clear();
        created.clear();
        gcount.clear();
        gsum.clear();
    }
}
