package io.promptly.exposition;

import io.promptly.core.EncodedLabel;
import io.promptly.core.Exemplar;
import io.promptly.core.MetricMetadata;
import io.promptly.core.MetricSink;
import io.promptly.core.MetricType;
import io.promptly.core.NameEscaping;
import io.promptly.core.SeriesLabels;

/**
 * Writes the Prometheus text format 0.0.4. The family name on {@code # HELP}/{@code # TYPE} lines is the sample
 * name ({@code x_total} for counters, {@code x_info} for info); info and state sets are typed {@code gauge},
 * unknown {@code untyped}; HELP uses the 0.0.4 escaping ({@code \\} and {@code \n}, quotes raw); no HELP line
 * when the help is empty; {@code le}/{@code quantile} last. Histograms: buckets, {@code _sum}, {@code _count}.
 *
 * <p>Not thread-safe: one writer per scraping thread, reused. Copies pre-encoded bytes; allocates nothing.
 */
final class PrometheusTextWriter implements FormatWriter {
    private static final byte[] COUNTER = TextSamples.ascii("counter");
    private static final byte[] GAUGE = TextSamples.ascii("gauge");
    private static final byte[] HISTOGRAM = TextSamples.ascii("histogram");
    private static final byte[] SUMMARY = TextSamples.ascii("summary");
    private static final byte[] UNTYPED = TextSamples.ascii("untyped");

    private final ExpositionBuffer buffer;
    /** Samples left out of this scrape (see {@link FormatWriter#droppedSamples}). */
    private long droppedSamples;
    /** The current family's sample names, built once per family. */
    private final TextFamilyNames names = new TextFamilyNames();
    /** The timestamp of the samples being written ({@link MetricSink#sampleTimestamp}), or none. */
    private long timestamp = MetricSink.NO_TIMESTAMP;

    PrometheusTextWriter(ExpositionBuffer buffer) {
        this.buffer = buffer;
    }

    @Override
    public ExpositionFormat format() {
        return ExpositionFormat.TEXT;
    }

    @Override
    public void start(NameEscaping escaping) {
        names.start(escaping);
        timestamp = MetricSink.NO_TIMESTAMP;
        droppedSamples = 0;
    }

    @Override
    public void sampleDropped(MetricMetadata family, String cause) {
        droppedSamples++;
    }

    @Override
    public long droppedSamples() {
        return droppedSamples;
    }

    @Override
    public void finish() {
        // text 0.0.4 has no end marker
    }

    @Override
    public void family(MetricMetadata family) {
        MetricType type = family.type();
        names.set(family, true);
        byte[] typed = family.typedNameText(names.escaping);
        byte[] help = family.helpEscapedText();
        if (help.length != 0) {
            TextSamples.metadata(buffer, TextSamples.HELP, typed, TextSamples.NONE, names.quoted, help);
        }
        TextSamples.metadata(buffer, TextSamples.TYPE, typed, TextSamples.NONE, names.quoted, typeName(type));
    }

    private static byte[] typeName(MetricType type) {
        switch (type) {
            case COUNTER:
                return COUNTER;
            case HISTOGRAM:
            case GAUGE_HISTOGRAM: // text 0.0.4 has no gauge histogram: written as a histogram
                return HISTOGRAM;
            case SUMMARY:
                return SUMMARY;
            case UNKNOWN:
                return UNTYPED;
            default:
                return GAUGE; // gauge, info, state set
        }
    }

    @Override
    public void endFamily() {
        names.clear();
        timestamp = MetricSink.NO_TIMESTAMP;
    }

    @Override
    public void sampleTimestamp(long epochMillis) {
        timestamp = epochMillis;
    }

    @Override
    public void counter(SeriesLabels series, long whole, double fraction, Exemplar exemplar) {
        // text 0.0.4 has no exemplars; overridden so the scrape's call reaches the writer without the default hop
        counter(series, whole, fraction);
    }

    @Override
    public void counter(SeriesLabels series, long whole, double fraction) {
        TextSamples.name(buffer, names.total, series, names.escaping);
        TextSamples.counterValue(buffer, whole, fraction);
        TextSamples.endLine(buffer, timestamp, false);
    }

    @Override
    public void gauge(SeriesLabels series, double value) {
        // an info family's samples are gauges here too, named <name>_info
        TextSamples.doubleSample(buffer, names.gauge, series, names.escaping, value);
        TextSamples.endLine(buffer, timestamp, false);
    }

    @Override
    public void stateSetState(SeriesLabels series, EncodedLabel state, boolean enabled) {
        TextSamples.stateSample(buffer, names.plain, series, state, names.escaping, enabled);
        TextSamples.endLine(buffer, timestamp, false);
    }

    @Override
    public void histogramStart(SeriesLabels series) {
        // nothing before the buckets
    }

    @Override
    public void histogramBucket(SeriesLabels series, EncodedLabel le, long cumulativeCount, Exemplar exemplar) {
        histogramBucket(series, le, cumulativeCount); // no exemplars in text 0.0.4 (see counter)
    }

    @Override
    public void histogramBucket(SeriesLabels series, EncodedLabel le, long cumulativeCount) {
        TextSamples.name(buffer, names.bucket, series, le, names.escaping);
        buffer.putUnsignedLongReserved(cumulativeCount);
        TextSamples.endLine(buffer, timestamp, false);
    }

    @Override
    public void histogramEnd(SeriesLabels series, long count, double sum) {
        sumAndCount(series, count, sum);
    }

    @Override
    public void summaryStart(SeriesLabels series) {
        // nothing before the quantiles
    }

    @Override
    public double[] quantileScratch(int length) {
        return buffer.scratchDoubles(length);
    }

    @Override
    public void summaryQuantile(SeriesLabels series, EncodedLabel quantile, double value) {
        TextSamples.doubleSample(buffer, names.plain, series, quantile, names.escaping, value);
        TextSamples.endLine(buffer, timestamp, false);
    }

    @Override
    public void summaryEnd(SeriesLabels series, long count, double sum) {
        sumAndCount(series, count, sum);
    }

    private void sumAndCount(SeriesLabels series, long count, double sum) {
        TextSamples.name(buffer, names.sum, series, names.escaping);
        buffer.putDoubleReserved(sum);
        TextSamples.endLine(buffer, timestamp, false);
        TextSamples.name(buffer, names.count, series, names.escaping);
        buffer.putUnsignedLongReserved(count);
        TextSamples.endLine(buffer, timestamp, false);
    }
}
