package io.promptly.exposition;

import io.promptly.core.EncodedLabel;
import io.promptly.core.Exemplar;
import io.promptly.core.MetricMetadata;
import io.promptly.core.MetricSink;
import io.promptly.core.MetricType;
import io.promptly.core.NameEscaping;
import io.promptly.core.NativeHistogramView;
import io.promptly.core.SeriesLabels;
import java.util.Arrays;

/**
 * Writes OpenMetrics text 2.0 — <b>experimental</b>, following the specification's release candidate
 * "OpenMetrics 2.0, Version: 2.0.0-rc0" (prometheus/docs {@code docs/specs/om/open_metrics_spec_2_0.md}), served
 * only to a scraper that asks for {@code application/openmetrics-text;version=2.0.0}. What differs from 1.0:
 * <ul>
 *   <li>every sample's name is its family's name: a counter is written under the name it was given
 *       ({@code requests_total} if built so, {@code requests} if not — no {@code _total} is forced), an info
 *       under {@code <name>_info}; metadata in the order TYPE, UNIT, HELP;</li>
 *   <li>histograms, gauge histograms and summaries are one line per series with a composite value:
 *       {@code {count:..,sum:..[,schema:..,zero_threshold:..,zero_count:..,negative_spans:[..],
 *       negative_buckets:[..],positive_spans:[..],positive_buckets:[..]][,bucket:[le:count,..,+Inf:count]]}},
 *       {@code {gcount:..,gsum:..,bucket:[..]}}, {@code {count:..,sum:..,quantile:[rank:value,..]}}; native
 *       buckets are written in text (absolute counts), the classic {@code bucket} list after them — left out
 *       for a native-only histogram, whose only classic bucket would repeat the count;</li>
 *   <li>start timestamps inline: {@code value [timestamp] st@<seconds>} for counters, histograms and summaries
 *       (none for gauge histograms); no {@code _created} lines;</li>
 *   <li>exemplars, each with its timestamp, after the start timestamp: a counter's one, a histogram's one per
 *       classic bucket that has one, on the series' single line.</li>
 * </ul>
 * A summary whose sum is no longer a counter (a negative value or NaN went into it) is left out of this format
 * (the spec requires count and sum and forbids them negative or NaN), as is a negative quantile estimate; both
 * are counted in {@link #droppedSamples}.
 *
 * <p>Not thread-safe: one writer per scraping thread, reused. A histogram series' buckets, exemplars and native
 * buckets are held in arrays the writer keeps until the series' line is written (count and sum come first on the
 * line, last from the sink); they grow to the largest series seen and are reused, so a scrape in steady state
 * allocates nothing.
 */
final class OpenMetrics2Writer implements FormatWriter {
    private static final byte[] EOF = TextSamples.ascii("# EOF\n");
    private static final byte[] EXEMPLAR_START = TextSamples.ascii(" # {");
    private static final byte[] START_TIMESTAMP = TextSamples.ascii(" st@");
    private static final byte[] COUNT = TextSamples.ascii("{count:");
    private static final byte[] GCOUNT = TextSamples.ascii("{gcount:");
    private static final byte[] SUM = TextSamples.ascii(",sum:");
    private static final byte[] GSUM = TextSamples.ascii(",gsum:");
    private static final byte[] BUCKET = TextSamples.ascii(",bucket:[");
    private static final byte[] QUANTILE = TextSamples.ascii(",quantile:[");
    private static final byte[] SCHEMA = TextSamples.ascii(",schema:");
    private static final byte[] ZERO_THRESHOLD = TextSamples.ascii(",zero_threshold:");
    private static final byte[] ZERO_COUNT = TextSamples.ascii(",zero_count:");
    private static final byte[] NEGATIVE_SPANS = TextSamples.ascii(",negative_spans:[");
    private static final byte[] NEGATIVE_BUCKETS = TextSamples.ascii("],negative_buckets:[");
    private static final byte[] POSITIVE_SPANS = TextSamples.ascii(",positive_spans:[");
    private static final byte[] POSITIVE_BUCKETS = TextSamples.ascii("],positive_buckets:[");
    private static final int INITIAL_BUCKETS = 16;
    /** Room for {@code {gcount:<count>,gsum:<sum>} and the closing brace. */
    private static final int COUNT_SUM_ROOM = GCOUNT.length + AsciiNumbers.MAX_UNSIGNED_LONG_CHARS + GSUM.length
            + AsciiNumbers.MAX_DOUBLE_CHARS + 1;
    /** Room per classic bucket past its bound: the colon, the count, a comma. */
    private static final int BUCKET_ROOM = 1 + AsciiNumbers.MAX_UNSIGNED_LONG_CHARS + 1;
    /** Room for {@code  <seconds>.<millis>}, or {@code  st@}, a sign, seconds and millis. */
    private static final int TIMESTAMP_ROOM = START_TIMESTAMP.length + 1 + AsciiNumbers.MAX_UNSIGNED_LONG_CHARS + 4;
    private static final int MILLIS_PER_SECOND = 1000;

    private final ExpositionBuffer buffer;
    /** The current family's sample name (every sample of a family carries it). */
    private final SamplePrefix sampleName = new SamplePrefix();
    private NameEscaping escaping = NameEscaping.DEFAULT;
    private MetricType type = MetricType.UNKNOWN;
    private long timestamp = MetricSink.NO_TIMESTAMP;
    private long created = MetricSink.NO_TIMESTAMP;
    private long droppedSamples;
    /**
     * The last start time written and its text {@code  st@<seconds>.<millis>}: series created in the same
     * millisecond (most are created at start-up) reuse it, one copy instead of formatting thirteen digits.
     */
    private long startTextMillis = MetricSink.NO_TIMESTAMP;
    private final byte[] startText = new byte[TIMESTAMP_ROOM];
    private int startTextLength;

    // the histogram series being gathered
    private int bucketCount;
    private EncodedLabel[] bucketLe = new EncodedLabel[INITIAL_BUCKETS];
    private long[] bucketCounts = new long[INITIAL_BUCKETS];
    private Exemplar[] bucketExemplars = new Exemplar[INITIAL_BUCKETS];
    private boolean hasNative;
    private int nativeSchema;
    private double nativeZeroThreshold;
    private long nativeZeroCount;
    private final NativeSign positive = new NativeSign();
    private final NativeSign negative = new NativeSign();

    // the summary series being gathered
    private int quantileCount;
    /** Negative quantile estimates left out of the current summary series. */
    private int quantilesDropped;
    private EncodedLabel[] quantileRanks = new EncodedLabel[INITIAL_BUCKETS];
    private double[] quantileValues = new double[INITIAL_BUCKETS];

    OpenMetrics2Writer(ExpositionBuffer buffer) {
        this.buffer = buffer;
    }

    @Override
    public ExpositionFormat format() {
        return ExpositionFormat.OPENMETRICS_2_0;
    }

    @Override
    public void start(NameEscaping escaping) {
        this.escaping = escaping;
        sampleName.clear();
        timestamp = MetricSink.NO_TIMESTAMP;
        created = MetricSink.NO_TIMESTAMP;
        droppedSamples = 0;
        startTextMillis = MetricSink.NO_TIMESTAMP;
        clearSeries();
    }

    @Override
    public void finish() {
        buffer.putBytes(EOF);
    }

    @Override
    public void family(MetricMetadata family) {
        type = family.type();
        // a counter as it was named; an info always ends in _info (the spec requires it); others their name
        boolean typed = type == MetricType.INFO || type == MetricType.COUNTER && family.typeSuffixWritten();
        byte[] name = typed ? family.typedNameText(escaping) : family.nameText(escaping);
        boolean quoted = family.quotedIn(escaping);
        sampleName.set(name, TextSamples.NONE, quoted);
        TextSamples.openMetricsMetadata(buffer, family, name, quoted, true);
    }

    @Override
    public void endFamily() {
        sampleName.clear();
        timestamp = MetricSink.NO_TIMESTAMP;
        created = MetricSink.NO_TIMESTAMP;
        clearSeries();
    }

    @Override
    public void sampleTimestamp(long epochMillis) {
        timestamp = epochMillis;
    }

    @Override
    public void created(long epochMillis) {
        created = epochMillis;
    }

    @Override
    public void counter(SeriesLabels series, long whole, double fraction) {
        counter(series, whole, fraction, null);
    }

    @Override
    public void counter(SeriesLabels series, long whole, double fraction, Exemplar exemplar) {
        TextSamples.name(buffer, sampleName, series, escaping);
        TextSamples.counterValue(buffer, whole, fraction);
        timestamps(true);
        if (exemplar != null) {
            exemplar(exemplar);
        }
        buffer.putByte((byte) '\n');
    }

    @Override
    public void gauge(SeriesLabels series, double value) {
        TextSamples.doubleSample(buffer, sampleName, series, escaping, value);
        timestamps(false);
        buffer.putByte((byte) '\n');
    }

    @Override
    public void stateSetState(SeriesLabels series, EncodedLabel state, boolean enabled) {
        TextSamples.stateSample(buffer, sampleName, series, state, escaping, enabled);
        timestamps(false);
        buffer.putByte((byte) '\n');
    }

    @Override
    public void histogramStart(SeriesLabels series) {
        clearSeries();
    }

    @Override
    public void histogramBucket(SeriesLabels series, EncodedLabel le, long cumulativeCount) {
        histogramBucket(series, le, cumulativeCount, null);
    }

    @Override
    public void histogramBucket(SeriesLabels series, EncodedLabel le, long cumulativeCount, Exemplar exemplar) {
        if (bucketCount == bucketLe.length) {
            int n = 2 * bucketCount;
            bucketLe = Arrays.copyOf(bucketLe, n);
            bucketCounts = Arrays.copyOf(bucketCounts, n);
            bucketExemplars = Arrays.copyOf(bucketExemplars, n);
        }
        bucketLe[bucketCount] = le;
        bucketCounts[bucketCount] = cumulativeCount;
        bucketExemplars[bucketCount++] = exemplar;
    }

    @Override
    public void histogramNative(SeriesLabels series, NativeHistogramView view) {
        if (type == MetricType.GAUGE_HISTOGRAM) {
            return; // gauge histograms carry classic buckets only
        }
        hasNative = true;
        nativeSchema = view.schema();
        nativeZeroThreshold = view.zeroThreshold();
        nativeZeroCount = view.zeroCount();
        positive.clear();
        for (int k = 0, n = view.positiveBuckets(); k < n; k++) {
            positive.add(view.positiveIndex(k), view.positiveCount(k));
        }
        negative.clear();
        for (int k = 0, n = view.negativeBuckets(); k < n; k++) {
            negative.add(view.negativeIndex(k), view.negativeCount(k));
        }
    }

    @Override
    public void histogramEnd(SeriesLabels series, long count, double sum) {
        histogramEnd(series, count, sum, true);
    }

    @Override
    public void histogramEnd(SeriesLabels series, long count, double sum, boolean sumIsCounter) {
        // the spec: count and sum always (a sum may be negative or NaN once such values went in)
        boolean gauge = type == MetricType.GAUGE_HISTOGRAM;
        TextSamples.name(buffer, sampleName, series, escaping);
        // one capacity check for count, sum and the bucket list, then unchecked writes
        boolean classic = !hasNative || bucketCount > 1; // native-only: its lone +Inf bucket repeats the count
        int room = COUNT_SUM_ROOM;
        if (classic) {
            room += BUCKET.length + 1;
            for (int i = 0; i < bucketCount; i++) {
                room += bucketLe[i].valueUtf8().length + BUCKET_ROOM;
            }
        }
        buffer.ensureRemaining(room);
        byte[] countField = gauge ? GCOUNT : COUNT;
        buffer.putBytesReserved(countField, countField.length);
        buffer.putUnsignedLongReserved(count);
        byte[] sumField = gauge ? GSUM : SUM;
        buffer.putBytesReserved(sumField, sumField.length);
        buffer.putDoubleReserved(sum);
        if (hasNative) {
            nativeFields();
            buffer.ensureRemaining(room);
        }
        if (classic) {
            buffer.putBytesReserved(BUCKET, BUCKET.length);
            for (int i = 0; i < bucketCount; i++) {
                if (i > 0) {
                    buffer.putByteReserved((byte) ',');
                }
                byte[] le = bucketLe[i].valueUtf8();
                buffer.putBytesReserved(le, le.length);
                buffer.putByteReserved((byte) ':');
                buffer.putUnsignedLongReserved(bucketCounts[i]);
            }
            buffer.putByteReserved((byte) ']');
        }
        buffer.putByteReserved((byte) '}');
        timestamps(!gauge);
        if (!gauge) {
            for (int i = 0; i < bucketCount; i++) {
                if (bucketExemplars[i] != null) {
                    exemplar(bucketExemplars[i]);
                }
            }
        }
        buffer.putByte((byte) '\n');
        clearSeries();
    }

    private void nativeFields() {
        buffer.putBytes(SCHEMA);
        buffer.putLong(nativeSchema);
        buffer.putBytes(ZERO_THRESHOLD);
        buffer.putDouble(nativeZeroThreshold);
        buffer.putBytes(ZERO_COUNT);
        buffer.putUnsignedLong(nativeZeroCount);
        if (negative.size != 0) {
            buffer.putBytes(NEGATIVE_SPANS);
            negative.writeSpans(buffer);
            buffer.putBytes(NEGATIVE_BUCKETS);
            negative.writeCounts(buffer);
            buffer.putByte((byte) ']');
        }
        if (positive.size != 0) {
            buffer.putBytes(POSITIVE_SPANS);
            positive.writeSpans(buffer);
            buffer.putBytes(POSITIVE_BUCKETS);
            positive.writeCounts(buffer);
            buffer.putByte((byte) ']');
        }
    }

    @Override
    public void summaryStart(SeriesLabels series) {
        quantileCount = 0;
        quantilesDropped = 0;
    }

    @Override
    public double[] quantileScratch(int length) {
        return buffer.scratchDoubles(length);
    }

    @Override
    public void summaryQuantile(SeriesLabels series, EncodedLabel quantile, double value) {
        if (value < 0) {
            droppedSamples++; // the spec forbids negative quantile values (NaN, an empty window, is allowed)
            quantilesDropped++;
            return;
        }
        if (quantileCount == quantileRanks.length) {
            quantileRanks = Arrays.copyOf(quantileRanks, 2 * quantileCount);
            quantileValues = Arrays.copyOf(quantileValues, 2 * quantileCount);
        }
        quantileRanks[quantileCount] = quantile;
        quantileValues[quantileCount++] = value;
    }

    @Override
    public void summaryEnd(SeriesLabels series, long count, double sum) {
        summaryEnd(series, count, sum, sum >= 0);
    }

    @Override
    public void summaryEnd(SeriesLabels series, long count, double sum, boolean sumIsCounter) {
        if (!sumIsCounter || !(sum >= 0)) {
            // count and sum are counters: never negative, never NaN. The series is one dropped sample, its
            // negative quantiles included
            droppedSamples += 1 - quantilesDropped;
            quantileCount = 0;
            return;
        }
        TextSamples.name(buffer, sampleName, series, escaping);
        buffer.putBytes(COUNT);
        buffer.putUnsignedLong(count);
        buffer.putBytes(SUM);
        buffer.putDouble(sum);
        buffer.putBytes(QUANTILE);
        for (int i = 0; i < quantileCount; i++) {
            if (i > 0) {
                buffer.putByte((byte) ',');
            }
            buffer.putBytes(quantileRanks[i].valueUtf8());
            buffer.putByte((byte) ':');
            buffer.putDouble(quantileValues[i]);
        }
        buffer.putByte((byte) ']');
        buffer.putByte((byte) '}');
        timestamps(true);
        buffer.putByte((byte) '\n');
        quantileCount = 0;
    }

    @Override
    public void sampleDropped(MetricMetadata family, String cause) {
        droppedSamples++;
    }

    @Override
    public long droppedSamples() {
        return droppedSamples;
    }

    /** Writes {@code  timestamp} when the sample has one, then {@code  st@start} when asked and known. */
    private void timestamps(boolean startTimestamp) {
        if (timestamp != MetricSink.NO_TIMESTAMP) {
            buffer.ensureRemaining(TIMESTAMP_ROOM);
            buffer.putByteReserved((byte) ' ');
            secondsReserved(timestamp);
        }
        if (startTimestamp && created != MetricSink.NO_TIMESTAMP) {
            if (created != startTextMillis) {
                startTextLength = startText(created);
                startTextMillis = created;
            }
            buffer.putBytes(startText, 0, startTextLength);
        }
    }

    /** Formats {@code  st@<seconds>.<millis>} of {@code millis} into {@link #startText}; returns its length. */
    private int startText(long millis) {
        byte[] t = startText;
        System.arraycopy(START_TIMESTAMP, 0, t, 0, START_TIMESTAMP.length);
        int at = START_TIMESTAMP.length;
        long seconds = millis / MILLIS_PER_SECOND;
        int fraction = (int) Math.abs(millis % MILLIS_PER_SECOND);
        if (millis < 0) {
            t[at++] = '-';
            seconds = -seconds; // |seconds| <= 2^63 / 1000: cannot overflow
        }
        int digits = 1;
        for (long rest = seconds / 10; rest != 0; rest /= 10) {
            digits++;
        }
        for (int i = at + digits - 1; i >= at; i--) {
            t[i] = (byte) ('0' + seconds % 10);
            seconds /= 10;
        }
        at += digits;
        t[at++] = '.';
        t[at++] = (byte) ('0' + fraction / 100);
        t[at++] = (byte) ('0' + fraction / 10 % 10);
        t[at++] = (byte) ('0' + fraction % 10);
        return at;
    }

    /**
     * Writes {@code millis} as seconds with three decimals, sign and magnitude, into room reserved by the caller
     * ({@link #TIMESTAMP_ROOM}); the same digits as {@link TextSamples#seconds}.
     */
    private void secondsReserved(long millis) {
        // truncating division keeps |seconds| <= 2^63 / 1000, so negating it cannot overflow
        long seconds = millis / MILLIS_PER_SECOND;
        int fraction = (int) Math.abs(millis % MILLIS_PER_SECOND);
        if (millis < 0) {
            buffer.putByteReserved((byte) '-');
            seconds = -seconds;
        }
        buffer.putUnsignedLongReserved(seconds);
        buffer.putByteReserved((byte) '.');
        buffer.putByteReserved((byte) ('0' + fraction / 100));
        buffer.putByteReserved((byte) ('0' + fraction / 10 % 10));
        buffer.putByteReserved((byte) ('0' + fraction % 10));
    }

    /** Writes {@code  # {labels} value timestamp} (the spec requires the exemplar's timestamp). */
    private void exemplar(Exemplar exemplar) {
        buffer.putBytes(EXEMPLAR_START);
        SeriesLabels labels = exemplar.labels();
        buffer.putBytes(labels.encoded(), 0, labels.textLength());
        buffer.putByte((byte) '}');
        buffer.putByte((byte) ' ');
        buffer.putDouble(exemplar.value());
        buffer.putByte((byte) ' ');
        TextSamples.seconds(buffer, exemplar.timestampMillis());
    }

    private void clearSeries() {
        Arrays.fill(bucketExemplars, 0, bucketCount, null); // keep no exemplar alive past its scrape
        Arrays.fill(bucketLe, 0, bucketCount, null);
        bucketCount = 0;
        hasNative = false;
        quantileCount = 0;
    }

    /** One sign's populated native buckets of the series being gathered: ascending indexes and their counts. */
    private static final class NativeSign {
        int size;
        int[] indexes = new int[INITIAL_BUCKETS];
        long[] counts = new long[INITIAL_BUCKETS];

        void clear() {
            size = 0;
        }

        void add(int index, long count) {
            if (size == indexes.length) {
                indexes = Arrays.copyOf(indexes, 2 * size);
                counts = Arrays.copyOf(counts, 2 * size);
            }
            indexes[size] = index;
            counts[size++] = count;
        }

        /**
         * Spans {@code offset:length}: the first offset is the first index, each later one the number of indexes
         * skipped since the previous span; a span runs over consecutive indexes.
         */
        void writeSpans(ExpositionBuffer b) {
            int spanStart = 0;
            int previousEnd = 0;
            for (int k = 1; k <= size; k++) {
                if (k == size || indexes[k] != indexes[k - 1] + 1) {
                    if (spanStart > 0) {
                        b.putByte((byte) ',');
                    }
                    b.putLong(spanStart == 0 ? indexes[0] : indexes[spanStart] - previousEnd - 1);
                    b.putByte((byte) ':');
                    b.putLong(k - spanStart);
                    previousEnd = indexes[k - 1];
                    spanStart = k;
                }
            }
        }

        void writeCounts(ExpositionBuffer b) {
            for (int k = 0; k < size; k++) {
                if (k > 0) {
                    b.putByte((byte) ',');
                }
                b.putUnsignedLong(counts[k]);
            }
        }
    }
}
