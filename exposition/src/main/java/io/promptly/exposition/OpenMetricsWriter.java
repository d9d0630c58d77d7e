package io.promptly.exposition;

import io.promptly.core.EncodedLabel;
import io.promptly.core.Exemplar;
import io.promptly.core.MetricMetadata;
import io.promptly.core.MetricSink;
import io.promptly.core.MetricType;
import io.promptly.core.NameEscaping;
import io.promptly.core.SeriesLabels;

/**
 * Writes OpenMetrics text 1.0.0. Metadata lines name the family (a counter without {@code _total}): {@code # HELP}
 * (escaping {@code \\}, {@code \"}, {@code \n}; omitted when the help is empty), {@code # TYPE} with the
 * OpenMetrics type ({@code unknown}, {@code info}, {@code stateset}, ...), {@code # UNIT} when a unit is set.
 * Samples: counters {@code _total}, info {@code _info}; histograms buckets, {@code _count} then {@code _sum}
 * (both omitted when any bucket bound is negative: the spec forbids {@code _sum} then, and {@code _count} appears
 * if and only if {@code _sum} does; the {@code +Inf} bucket still carries the count); summaries quantiles,
 * {@code _count}, {@code _sum}; gauge histograms buckets, {@code _gcount}, {@code _gsum} (both omitted when the
 * sum is NaN, or negative without a negative bound: the spec's rules for a gauge histogram's sum). Counts are
 * integers. Every scrape ends with {@code # EOF}, an empty one included.
 * Exemplars follow counter {@code _total} and histogram {@code _bucket} samples only:
 * {@code  # {trace_id="..."} value timestamp}, the timestamp in seconds with millisecond digits, sign and
 * magnitude ({@code -1500} ms before the epoch is {@code -1.500}).
 *
 * <p>Not thread-safe: one writer per scraping thread, reused. Copies pre-encoded bytes; allocates nothing.
 */
final class OpenMetricsWriter implements FormatWriter {
    private static final byte[] EOF = TextSamples.ascii("# EOF\n");
    private static final byte[] EXEMPLAR_START = TextSamples.ascii(" # {");

    private final ExpositionBuffer buffer;
    /** The current family's sample names, built once per family. */
    private final TextFamilyNames names = new TextFamilyNames();
    /** The timestamp of the samples being written ({@link MetricSink#sampleTimestamp}), or none. */
    private long timestamp = MetricSink.NO_TIMESTAMP;
    /** The start time of the series being written ({@link MetricSink#created}), or none. */
    private long created = MetricSink.NO_TIMESTAMP;
    /** Whether {@code _created} samples are written (opt-in: off by default, as most clients do). */
    private boolean createdSamples;
    /** Whether the current family is a gauge histogram ({@code _gcount}/{@code _gsum}). */
    private boolean gaugeHistogram;
    /** Whether the current histogram series has a bucket bound below zero (then no {@code _sum}). */
    private boolean negativeBound;
    /** Samples left out of this scrape (see {@link FormatWriter#droppedSamples}). */
    private long droppedSamples;

    OpenMetricsWriter(ExpositionBuffer buffer) {
        this.buffer = buffer;
    }

    @Override
    public ExpositionFormat format() {
        return ExpositionFormat.OPENMETRICS;
    }

    @Override
    public void start(NameEscaping escaping) {
        names.start(escaping);
        timestamp = MetricSink.NO_TIMESTAMP;
        created = MetricSink.NO_TIMESTAMP;
        negativeBound = false;
        droppedSamples = 0;
    }

    @Override
    public void finish() {
        buffer.putBytes(EOF);
    }

    @Override
    public void family(MetricMetadata family) {
        MetricType type = family.type();
        gaugeHistogram = type == MetricType.GAUGE_HISTOGRAM;
        names.set(family, false);
        byte[] name = names.name;
        TextSamples.openMetricsMetadata(buffer, family, name, names.quoted, false);
    }

    @Override
    public void endFamily() {
        names.clear();
        timestamp = MetricSink.NO_TIMESTAMP;
        created = MetricSink.NO_TIMESTAMP;
    }

    /** Turns {@code _created} samples on or off for the scrapes that follow. */
    void createdSamples(boolean on) {
        this.createdSamples = on;
    }

    @Override
    public void sampleTimestamp(long epochMillis) {
        timestamp = epochMillis;
    }

    @Override
    public void created(long epochMillis) {
        created = epochMillis;
    }

    /** Writes {@code name_created{labels} seconds} when {@code _created} samples are on and the series has one. */
    private void createdSample(SeriesLabels series) {
        if (!createdSamples || created == MetricSink.NO_TIMESTAMP) {
            return;
        }
        TextSamples.name(buffer, names.created, series, names.escaping);
        TextSamples.seconds(buffer, created);
        TextSamples.endLine(buffer, timestamp, true);
    }

    @Override
    public void counter(SeriesLabels series, long whole, double fraction) {
        counter(series, whole, fraction, null);
    }

    @Override
    public void counter(SeriesLabels series, long whole, double fraction, Exemplar exemplar) {
        TextSamples.name(buffer, names.total, series, names.escaping);
        TextSamples.counterValue(buffer, whole, fraction);
        exemplarAndNewline(exemplar);
        createdSample(series);
    }

    /**
     * Ends a sample line: {@code  # {labels} value timestamp} when {@code exemplar} is not null, then the newline.
     * Without an exemplar the newline goes into the room {@link TextSamples#name} reserved; an exemplar is longer
     * than that room, so its bytes and the newline after it are checked puts.
     */
    private void exemplarAndNewline(Exemplar exemplar) {
        if (exemplar == null) {
            TextSamples.endLine(buffer, timestamp, true);
            return;
        }
        if (timestamp != MetricSink.NO_TIMESTAMP) {
            buffer.putByte((byte) ' ');
            TextSamples.seconds(buffer, timestamp);
        }
        buffer.putBytes(EXEMPLAR_START);
        SeriesLabels exemplarLabels = exemplar.labels();
        buffer.putBytes(exemplarLabels.encoded(), 0, exemplarLabels.textLength());
        buffer.putByte((byte) '}');
        buffer.putByte((byte) ' ');
        buffer.putDouble(exemplar.value());
        buffer.putByte((byte) ' ');
        TextSamples.seconds(buffer, exemplar.timestampMillis());
        buffer.putByte((byte) '\n');
    }

    @Override
    public void gauge(SeriesLabels series, double value) {
        TextSamples.doubleSample(buffer, names.gauge, series, names.escaping, value);
        TextSamples.endLine(buffer, timestamp, true);
    }

    @Override
    public void stateSetState(SeriesLabels series, EncodedLabel state, boolean enabled) {
        TextSamples.stateSample(buffer, names.plain, series, state, names.escaping, enabled);
        TextSamples.endLine(buffer, timestamp, true);
    }

    @Override
    public void histogramStart(SeriesLabels series) {
        negativeBound = false;
    }

    @Override
    public void histogramBucket(SeriesLabels series, EncodedLabel le, long cumulativeCount) {
        histogramBucket(series, le, cumulativeCount, null);
    }

    @Override
    public void histogramBucket(SeriesLabels series, EncodedLabel le, long cumulativeCount, Exemplar exemplar) {
        if (le.number() < 0) {
            negativeBound = true;
        }
        TextSamples.name(buffer, names.bucket, series, le, names.escaping);
        buffer.putUnsignedLongReserved(cumulativeCount);
        exemplarAndNewline(exemplar);
    }

    @Override
    public void histogramEnd(SeriesLabels series, long count, double sum) {
        // a custom collectable says nothing about its history: judge by the sum it reports now
        histogramEnd(series, count, sum, sum >= 0);
    }

    @Override
    public void histogramEnd(SeriesLabels series, long count, double sum, boolean sumIsCounter) {
        if (gaugeHistogram) {
            // a gauge: _gsum may fall, but is never NaN and negative only when a bucket bound is; _gcount goes
            // with it (the +Inf bucket always carries the count)
            if (!Double.isNaN(sum) && (sum >= 0 || negativeBound)) {
                TextSamples.name(buffer, names.gcount, series, names.escaping);
                buffer.putUnsignedLongReserved(count);
                TextSamples.endLine(buffer, timestamp, true);
                TextSamples.name(buffer, names.gsum, series, names.escaping);
                buffer.putDoubleReserved(sum);
                TextSamples.endLine(buffer, timestamp, true);
            }
            negativeBound = false;
            return;
        }
        // the spec ties them: _count appears if and only if _sum does; a negative bound forbids _sum, and a sum
        // that a negative value, -Inf or NaN went into is no counter (never negative, never NaN) any more
        if (!negativeBound && sumIsCounter && sum >= 0) {
            writeCount(series, count);
            writeSum(series, sum);
        }
        createdSample(series);
        negativeBound = false;
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
        // OpenMetrics quantile values are never negative (NaN, an empty window, is allowed): a negative estimate
        // is left out of this format
        if (value < 0) {
            droppedSamples++;
            return;
        }
        TextSamples.doubleSample(buffer, names.plain, series, quantile, names.escaping, value);
        TextSamples.endLine(buffer, timestamp, true);
    }

    @Override
    public void summaryEnd(SeriesLabels series, long count, double sum) {
        summaryEnd(series, count, sum, sum >= 0);
    }

    @Override
    public void summaryEnd(SeriesLabels series, long count, double sum, boolean sumIsCounter) {
        // count and sum are counters: left out (both) once a negative value, -Inf or NaN went into the sum
        if (sumIsCounter && sum >= 0) {
            writeCount(series, count);
            writeSum(series, sum);
        }
        createdSample(series);
    }

    @Override
    public void sampleDropped(MetricMetadata family, String cause) {
        droppedSamples++;
    }

    @Override
    public long droppedSamples() {
        return droppedSamples;
    }

    private void writeCount(SeriesLabels series, long count) {
        TextSamples.name(buffer, names.count, series, names.escaping);
        buffer.putUnsignedLongReserved(count);
        TextSamples.endLine(buffer, timestamp, true);
    }

    private void writeSum(SeriesLabels series, double sum) {
        TextSamples.name(buffer, names.sum, series, names.escaping);
        buffer.putDoubleReserved(sum);
        TextSamples.endLine(buffer, timestamp, true);
    }
}
