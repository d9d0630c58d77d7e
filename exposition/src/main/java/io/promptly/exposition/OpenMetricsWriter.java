package io.promptly.exposition;

import io.promptly.core.EncodedLabel;
import io.promptly.core.MetricMetadata;
import io.promptly.core.MetricType;
import io.promptly.core.SeriesLabels;

/**
 * Writes OpenMetrics text 1.0.0. Metadata lines name the family (a counter without {@code _total}): {@code # HELP}
 * (escaping {@code \\}, {@code \"}, {@code \n}; omitted when the help is empty), {@code # TYPE} with the
 * OpenMetrics type ({@code unknown}, {@code info}, {@code stateset}, ...), {@code # UNIT} when a unit is set.
 * Samples: counters {@code _total}, info {@code _info}; histograms buckets, {@code _count} then {@code _sum}
 * (omitted when any bucket bound is negative, as the spec requires); summaries quantiles, {@code _count},
 * {@code _sum}. Counts are integers. Every scrape ends with {@code # EOF}, an empty one included.
 *
 * <p>Not thread-safe: one writer per scraping thread, reused. Copies pre-encoded bytes; allocates nothing.
 */
final class OpenMetricsWriter implements FormatWriter {
    private static final byte[] UNIT = TextSamples.ascii("# UNIT ");
    private static final byte[] EOF = TextSamples.ascii("# EOF\n");
    private static final byte[][] TYPE_NAMES = typeNames();

    private final ExpositionBuffer buffer;
    private byte[] name = TextSamples.NONE;
    /** {@code _info} while writing an info family, else empty. */
    private byte[] gaugeSuffix = TextSamples.NONE;
    /** Whether the current histogram series has a bucket bound below zero (then no {@code _sum}). */
    private boolean negativeBound;

    OpenMetricsWriter(ExpositionBuffer buffer) {
        this.buffer = buffer;
    }

    private static byte[][] typeNames() {
        MetricType[] types = MetricType.values();
        byte[][] names = new byte[types.length][];
        for (MetricType type : types) {
            names[type.ordinal()] = TextSamples.ascii(type.openMetricsName());
        }
        return names;
    }

    @Override
    public ExpositionFormat format() {
        return ExpositionFormat.OPENMETRICS;
    }

    @Override
    public void start() {
        name = TextSamples.NONE;
        gaugeSuffix = TextSamples.NONE;
        negativeBound = false;
    }

    @Override
    public void finish() {
        buffer.putBytes(EOF);
    }

    @Override
    public void family(MetricMetadata family) {
        name = family.nameAscii();
        MetricType type = family.type();
        gaugeSuffix = type == MetricType.INFO ? TextSamples.INFO : TextSamples.NONE;
        byte[] help = family.helpEscapedOpenMetrics();
        if (help.length != 0) {
            TextSamples.metadata(buffer, TextSamples.HELP, name, TextSamples.NONE, help);
        }
        TextSamples.metadata(buffer, TextSamples.TYPE, name, TextSamples.NONE, TYPE_NAMES[type.ordinal()]);
        byte[] unit = family.unitAscii();
        if (unit.length != 0) {
            TextSamples.metadata(buffer, UNIT, name, TextSamples.NONE, unit);
        }
    }

    @Override
    public void endFamily() {
        name = TextSamples.NONE;
        gaugeSuffix = TextSamples.NONE;
    }

    @Override
    public void counter(SeriesLabels series, long whole, double fraction) {
        TextSamples.name(buffer, name, TextSamples.TOTAL, series);
        TextSamples.counterValue(buffer, whole, fraction);
        buffer.putByte((byte) '\n');
    }

    @Override
    public void gauge(SeriesLabels series, double value) {
        TextSamples.name(buffer, name, gaugeSuffix, series);
        buffer.putDouble(value);
        buffer.putByte((byte) '\n');
    }

    @Override
    public void stateSetState(SeriesLabels series, EncodedLabel state, boolean enabled) {
        TextSamples.name(buffer, name, TextSamples.NONE, series, state);
        buffer.putByte(enabled ? (byte) '1' : (byte) '0');
        buffer.putByte((byte) '\n');
    }

    @Override
    public void histogramStart(SeriesLabels series) {
        negativeBound = false;
    }

    @Override
    public void histogramBucket(SeriesLabels series, EncodedLabel le, long cumulativeCount) {
        if (le.number() < 0) {
            negativeBound = true;
        }
        TextSamples.name(buffer, name, TextSamples.BUCKET, series, le);
        buffer.putUnsignedLong(cumulativeCount);
        buffer.putByte((byte) '\n');
    }

    @Override
    public void histogramEnd(SeriesLabels series, long count, double sum) {
        writeCount(series, count);
        if (!negativeBound) {
            writeSum(series, sum);
        }
        negativeBound = false;
    }

    @Override
    public void summaryStart(SeriesLabels series) {
        // nothing before the quantiles
    }

    @Override
    public void summaryQuantile(SeriesLabels series, EncodedLabel quantile, double value) {
        TextSamples.name(buffer, name, TextSamples.NONE, series, quantile);
        buffer.putDouble(value);
        buffer.putByte((byte) '\n');
    }

    @Override
    public void summaryEnd(SeriesLabels series, long count, double sum) {
        writeCount(series, count);
        writeSum(series, sum);
    }

    private void writeCount(SeriesLabels series, long count) {
        TextSamples.name(buffer, name, TextSamples.COUNT, series);
        buffer.putUnsignedLong(count);
        buffer.putByte((byte) '\n');
    }

    private void writeSum(SeriesLabels series, double sum) {
        TextSamples.name(buffer, name, TextSamples.SUM, series);
        buffer.putDouble(sum);
        buffer.putByte((byte) '\n');
    }
}
