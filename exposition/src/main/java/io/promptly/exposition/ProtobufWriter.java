package io.promptly.exposition;

import static io.promptly.exposition.ExpositionBuffer.WIRE_FIXED64;
import static io.promptly.exposition.ExpositionBuffer.WIRE_LENGTH_DELIMITED;
import static io.promptly.exposition.ExpositionBuffer.WIRE_VARINT;

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
 * Writes length-delimited {@code io.prometheus.client.MetricFamily} messages (varint length, then the message),
 * hand-encoded. Counter families are named {@code x_total} and info families {@code x_info} (Prometheus takes
 * the protobuf name as the sample name); info and state sets are {@code GAUGE}, unknown {@code UNTYPED}.
 * Histograms carry {@code cumulative_count} + {@code upper_bound} per finite bound: the {@code +Inf} bucket is
 * left out, as client_golang does, because {@code sample_count} already is its count and Prometheus derives the
 * {@code le="+Inf"} series from it. A family without series is not written (Prometheus' parser expects metrics
 * in every family). HELP is written when not empty, the unit when set (field 5).
 *
 * <p>Lengths of labels and simple metrics are computed before writing; histogram, summary and family lengths
 * are back-patched: a family stays in the buffer (pinned, not flushed) until its length is known, then its
 * body is shifted when the length varint needs other than the reserved bytes — no second pass, no allocation.
 *
 * <p>Bounded memory for huge families. A family longer than the {@linkplain #familyHoldLimit hold limit} is not
 * held: the rest of it is skipped and its name noted ({@link #oversizedCount()}); after the scrape's single
 * pass the renderer replays each such family twice — once {@linkplain #beginCount counting} its exact length
 * (holding one metric at a time), once {@linkplain #beginBudget writing} it behind that length plus a small
 * slack ({@link #slack}), streaming as it goes. Values may change between the two passes (a bucket count
 * crossing a varint size, a new series, an exemplar): a metric that no longer fits the announced length is
 * dropped from this scrape and counted ({@link #droppedSamples()}), and the unused rest is filled with one
 * field the parsers skip (field {@value #FILLER_FIELD}, unknown to {@code metrics.proto}; every protobuf parser
 * skips unknown fields), so the framing is always exact. Only families above the limit pay the two extra
 * passes; their order in the body changes (protobuf families are unordered).
 *
 * <p>Not thread-safe: one writer per scraping thread, reused.
 */
final class ProtobufWriter implements FormatWriter {
    // field numbers, from io.prometheus.client's metrics.proto
    private static final int FAMILY_NAME = 1;
    private static final int FAMILY_HELP = 2;
    private static final int FAMILY_TYPE = 3;
    private static final int FAMILY_METRIC = 4;
    private static final int FAMILY_UNIT = 5;
    private static final int METRIC_LABEL = 1;
    private static final int METRIC_GAUGE = 2;
    private static final int METRIC_COUNTER = 3;
    private static final int METRIC_SUMMARY = 4;
    private static final int METRIC_UNTYPED = 5;
    private static final int METRIC_HISTOGRAM = 7;
    private static final int LABEL_NAME = 1;
    private static final int LABEL_VALUE = 2;
    /** Gauge.value, Counter.value and Untyped.value are all field 1. */
    private static final int SIMPLE_VALUE = 1;
    private static final int SAMPLE_COUNT = 1;
    private static final int SAMPLE_SUM = 2;
    private static final int HISTOGRAM_BUCKET = 3;
    private static final int SUMMARY_QUANTILE = 3;
    private static final int BUCKET_CUMULATIVE_COUNT = 1;
    private static final int BUCKET_UPPER_BOUND = 2;
    private static final int QUANTILE_QUANTILE = 1;
    private static final int QUANTILE_VALUE = 2;
    private static final int COUNTER_EXEMPLAR = 2;
    private static final int COUNTER_CREATED = 3;
    private static final int SUMMARY_CREATED = 4;
    private static final int HISTOGRAM_CREATED = 15;
    private static final int METRIC_TIMESTAMP_MS = 6;
    private static final int BUCKET_EXEMPLAR = 3;
    private static final int HISTOGRAM_SCHEMA = 5;
    private static final int HISTOGRAM_ZERO_THRESHOLD = 6;
    private static final int HISTOGRAM_ZERO_COUNT = 7;
    private static final int HISTOGRAM_NEGATIVE_SPAN = 9;
    private static final int HISTOGRAM_NEGATIVE_DELTA = 10;
    private static final int HISTOGRAM_POSITIVE_SPAN = 12;
    private static final int HISTOGRAM_POSITIVE_DELTA = 13;
    private static final int HISTOGRAM_EXEMPLARS = 16;
    private static final int SPAN_OFFSET = 1;
    private static final int SPAN_LENGTH = 2;
    private static final int EXEMPLAR_VALUE = 2;
    private static final int EXEMPLAR_TIMESTAMP = 3;
    private static final int TIMESTAMP_SECONDS = 1;
    private static final int TIMESTAMP_NANOS = 2;
    /** Empty buckets between two populated ones that are still written inside one span (as zero counts). */
    private static final int MAX_GAP_IN_SPAN = 2;
    private static final int MILLIS_PER_SECOND = 1000;
    private static final int NANOS_PER_MILLI = 1_000_000;

    // MetricType enum values
    private static final int TYPE_COUNTER = 0;
    private static final int TYPE_GAUGE = 1;
    private static final int TYPE_SUMMARY = 2;
    private static final int TYPE_UNTYPED = 3;
    private static final int TYPE_HISTOGRAM = 4;
    private static final int TYPE_GAUGE_HISTOGRAM = 5;

    /** One tag byte (fields below 16) plus eight value bytes. */
    private static final int DOUBLE_FIELD_BYTES = 9;
    /** A Bucket field up to its upper bound: tag, length varint, count tag and varint, bound field. */
    private static final int BUCKET_BYTES_BEFORE_EXEMPLAR = 1 + AsciiNumbers.MAX_VARINT_BYTES + 1
            + AsciiNumbers.MAX_VARINT_BYTES + DOUBLE_FIELD_BYTES;
    /** sample_count and sample_sum fields: tag and varint, tag and eight bytes. */
    private static final int COUNT_AND_SUM_BYTES = 1 + AsciiNumbers.MAX_VARINT_BYTES + DOUBLE_FIELD_BYTES;
    /** Length bytes reserved before a family: fits bodies below 16 KiB without a shift. */
    private static final int FAMILY_LENGTH_RESERVE = 2;
    /** Length bytes reserved before a histogram or summary metric and its inner message. */
    private static final int METRIC_LENGTH_RESERVE = 2;

    /** The filler's field number: not in metrics.proto's MetricFamily, so parsers skip it. */
    static final int FILLER_FIELD = 1000;
    /** Smallest filler: a two-byte tag and a one-byte zero length. */
    static final int MIN_FILLER = 3;

    /** Writing families whole, back-patching each length. */
    private static final int WHOLE = 0;
    /** Skipping the rest of a family that passed the hold limit (it is replayed after the scrape). */
    private static final int SKIP = 1;
    /** Replaying a family to count its length, holding one metric at a time. */
    private static final int COUNT = 2;
    /** Replaying a family behind a length already written, holding one metric at a time. */
    private static final int BUDGET = 3;

    private final ExpositionBuffer buffer;
    private String[] oversized = new String[4];
    private int oversizedCount;
    private long familyHoldLimit = Long.MAX_VALUE;
    private int mode = WHOLE;
    private String familyName;
    /** COUNT: where the family began in the buffer; bytes before it are not the family's. */
    private int countStart;
    private long counted = -1;
    /** BUDGET: the announced body length, and the buffer's total when the body began. */
    private long budget;
    private long budgetStart;
    private int metricStart;
    private long droppedSamples;
    private int familySlot = -1;
    private int metricsWritten;
    private byte[] unit = TextSamples.NONE;
    private int valueField;
    private int metricSlot;
    private int innerSlot;
    /** The native count of the open histogram, or -1 when it has no native part. */
    private long nativeCount = -1;
    /** The +Inf bucket's exemplar of the open histogram (written as Histogram.exemplars when native). */
    private Exemplar infExemplar;
    /** How this scrape writes metric and label names. */
    private NameEscaping escaping = NameEscaping.DEFAULT;
    /** The start time of the series being written ({@link MetricSink#created}), or none. */
    private long created = MetricSink.NO_TIMESTAMP;
    /** The timestamp of the samples being written ({@link MetricSink#sampleTimestamp}), or none. */
    private long timestamp = MetricSink.NO_TIMESTAMP;
    /** The Metric field of the open histogram or summary ({@link #openMetric}). */
    private int openField;

    ProtobufWriter(ExpositionBuffer buffer) {
        this.buffer = buffer;
    }

    @Override
    public ExpositionFormat format() {
        return ExpositionFormat.PROTOBUF;
    }

    @Override
    public void start(NameEscaping escaping) {
        this.escaping = escaping;
        created = MetricSink.NO_TIMESTAMP;
        timestamp = MetricSink.NO_TIMESTAMP;
        familySlot = -1;
        metricsWritten = 0;
        mode = WHOLE;
        oversizedCount = 0;
        droppedSamples = 0;
        buffer.unpin();
    }

    /**
     * Sets the most bytes of one family held in the buffer before the family is left for a two-pass replay
     * (default: no limit, every family held whole).
     */
    void familyHoldLimit(long bytes) {
        this.familyHoldLimit = bytes;
    }

    /** Number of families the last pass left for replay. */
    int oversizedCount() {
        return oversizedCount;
    }

    /** The name of the {@code i}-th family left for replay. */
    String oversized(int i) {
        return oversized[i];
    }

    @Override
    public long droppedSamples() {
        return droppedSamples;
    }

    @Override
    public void sampleDropped(MetricMetadata family, String cause) {
        // a family left for replay is collected up to three times: count its drops once, in the pass that writes
        if (mode == WHOLE || mode == BUDGET) {
            droppedSamples++;
        }
    }

    /** Starts a counting replay: the next family is measured, not kept; read it with {@link #countedBody()}. */
    void beginCount() {
        mode = COUNT;
        counted = -1;
    }

    /** The body length the counting replay measured, or -1 when the family was not seen or had no metrics. */
    long countedBody() {
        return counted;
    }

    /** Slack added to a counted length so that a few bytes of growth between the passes drop nothing. */
    static long slack(long countedBody) {
        return MIN_FILLER + countedBody / 128;
    }

    /** Starts a writing replay: the next family is written behind a length of exactly {@code bodyLength}. */
    void beginBudget(long bodyLength) {
        mode = BUDGET;
        budget = bodyLength;
    }

    /** Ends a replay; the writer writes whole families again. */
    void endReplay() {
        mode = WHOLE;
        buffer.unpin();
    }

    @Override
    public void finish() {
        // delimited messages need no end marker
    }

    @Override
    public void family(MetricMetadata family) {
        metricsWritten = 0;
        familyName = family.name();
        if (mode == BUDGET) {
            buffer.checkpoint();
            buffer.putVarint(budget);
            budgetStart = buffer.totalBytes();
        } else if (mode == COUNT) {
            buffer.pin();
            countStart = buffer.position();
            counted = 0;
        } else {
            // the last chance to flush before the family is pinned (it cannot be flushed until its length is known)
            buffer.checkpoint();
            buffer.pin();
            familySlot = buffer.beginLengthPrefixed(FAMILY_LENGTH_RESERVE);
        }
        MetricType type = family.type();
        // the family name with its type suffix (x_total, x_info), escaped as one name
        byte[] name = family.typedNameProtobuf(escaping);
        buffer.putTag(FAMILY_NAME, WIRE_LENGTH_DELIMITED);
        buffer.putVarint(name.length);
        buffer.putBytes(name);
        byte[] help = family.helpUtf8();
        if (help.length != 0) {
            bytesField(FAMILY_HELP, help);
        }
        buffer.putTag(FAMILY_TYPE, WIRE_VARINT);
        buffer.putVarint(protobufType(type));
        unit = family.unitAscii();
        valueField = type == MetricType.COUNTER ? METRIC_COUNTER
                : type == MetricType.UNKNOWN ? METRIC_UNTYPED : METRIC_GAUGE;
    }

    private static int protobufType(MetricType type) {
        switch (type) {
            case COUNTER:
                return TYPE_COUNTER;
            case HISTOGRAM:
                return TYPE_HISTOGRAM;
            case GAUGE_HISTOGRAM:
                return TYPE_GAUGE_HISTOGRAM;
            case SUMMARY:
                return TYPE_SUMMARY;
            case UNKNOWN:
                return TYPE_UNTYPED;
            default:
                return TYPE_GAUGE; // gauge, info, state set
        }
    }

    @Override
    public void created(long epochMillis) {
        created = epochMillis;
    }

    @Override
    public void sampleTimestamp(long epochMillis) {
        timestamp = epochMillis;
    }

    @Override
    public void endFamily() {
        created = MetricSink.NO_TIMESTAMP;
        timestamp = MetricSink.NO_TIMESTAMP;
        switch (mode) {
            case BUDGET:
                if (unit.length != 0) {
                    bytesField(FAMILY_UNIT, unit);
                }
                filler(budget - (buffer.totalBytes() - budgetStart));
                break;
            case COUNT:
                if (unit.length != 0) {
                    bytesField(FAMILY_UNIT, unit);
                }
                counted = metricsWritten == 0 ? -1 : counted + buffer.position() - countStart;
                buffer.truncate(countStart);
                break;
            case SKIP:
                buffer.truncate(familySlot);
                mode = WHOLE;
                break;
            default:
                if (metricsWritten == 0) {
                    buffer.truncate(familySlot);
                } else {
                    if (unit.length != 0) {
                        bytesField(FAMILY_UNIT, unit);
                    }
                    buffer.endLengthPrefixed(familySlot, FAMILY_LENGTH_RESERVE);
                }
        }
        familySlot = -1;
        unit = TextSamples.NONE;
        buffer.unpin();
    }

    /** Marks where a metric begins: in a writing replay it is held (pinned) until {@link #metricEnd}. */
    private void metricBegin() {
        if (mode == BUDGET) {
            buffer.pin();
            metricStart = buffer.position();
        }
    }

    /**
     * After each metric: in a whole family, checks the hold limit; in a skipped family, drops the metric; in
     * a counting replay, counts and drops it; in a writing replay, keeps it if it fits the announced length.
     */
    private void metricEnd() {
        switch (mode) {
            case WHOLE:
                if (buffer.position() - familySlot > familyHoldLimit) {
                    noteOversized();
                    buffer.truncate(familySlot);
                    mode = SKIP;
                }
                break;
            case SKIP:
                buffer.truncate(familySlot);
                break;
            case COUNT:
                counted += buffer.position() - countStart;
                buffer.truncate(countStart);
                break;
            default: // BUDGET
                long unitField = unit.length == 0 ? 0 : 1 + AsciiNumbers.varintSize(unit.length) + unit.length;
                long left = budget - unitField - (buffer.totalBytes() - budgetStart);
                if (left < 0 || (left > 0 && left < MIN_FILLER)) {
                    buffer.truncate(metricStart);
                    metricsWritten--;
                    droppedSamples++;
                }
                buffer.unpin();
                buffer.checkpoint();
        }
    }

    private void noteOversized() {
        if (oversizedCount == oversized.length) {
            oversized = Arrays.copyOf(oversized, 2 * oversized.length);
        }
        oversized[oversizedCount++] = familyName;
    }

    /**
     * Writes exactly {@code bytes} bytes (0 or at least {@link #MIN_FILLER}) as one length-delimited field
     * {@value #FILLER_FIELD}: a two-byte tag, a length varint (padded to five bytes past 127, which protobuf
     * parsers accept) and zeros.
     */
    private void filler(long bytes) {
        if (bytes <= 0) {
            return;
        }
        buffer.putTag(FILLER_FIELD, WIRE_LENGTH_DELIMITED);
        long content;
        if (bytes - MIN_FILLER < 128) {
            content = bytes - MIN_FILLER;
            buffer.putVarint(content);
        } else {
            content = bytes - 7;
            long v = content;
            for (int i = 0; i < 4; i++) {
                buffer.putByte((byte) ((v & 0x7F) | 0x80));
                v >>>= 7;
            }
            buffer.putByte((byte) v);
        }
        buffer.putZeros(content);
    }

    @Override
    public void counter(SeriesLabels series, long whole, double fraction) {
        simpleMetric(series, null, Unsigned.toDouble(whole) + fraction, null);
    }

    @Override
    public void counter(SeriesLabels series, long whole, double fraction, Exemplar exemplar) {
        simpleMetric(series, null, Unsigned.toDouble(whole) + fraction, exemplar);
    }

    @Override
    public void gauge(SeriesLabels series, double value) {
        simpleMetric(series, null, value, null);
    }

    @Override
    public void stateSetState(SeriesLabels series, EncodedLabel state, boolean enabled) {
        simpleMetric(series, state, enabled ? 1 : 0, null);
    }

    /**
     * A Metric holding labels (plus {@code extra} when not null) and one Gauge/Counter/Untyped value, plus the
     * counter's exemplar when not null.
     */
    private void simpleMetric(SeriesLabels series, EncodedLabel extra, double value, Exemplar exemplar) {
        metricBegin();
        boolean hasCreated = valueField == METRIC_COUNTER && created != MetricSink.NO_TIMESTAMP;
        int valueBody = DOUBLE_FIELD_BYTES + (exemplar == null ? 0 : exemplarFieldSize(exemplar))
                + (hasCreated ? timestampFieldSize(created) : 0);
        int labelsSize = labelsSize(series);
        if (extra != null) {
            labelsSize += labelSize(extra.nameUtf8(), extra.valueUtf8());
        }
        int length = labelsSize + 1 + AsciiNumbers.varintSize(valueBody) + valueBody + timestampMsSize();
        // one capacity check for the Metric up to its value (the exemplar, if any, is written checked after it)
        buffer.ensureRemaining(1 + AsciiNumbers.MAX_VARINT_BYTES + length);
        buffer.putByteReserved(tag(FAMILY_METRIC, WIRE_LENGTH_DELIMITED));
        buffer.putVarintReserved(length);
        labelsReserved(series);
        if (extra != null) {
            labelReserved(extra.nameUtf8(), extra.valueUtf8());
        }
        buffer.putByteReserved(tag(valueField, WIRE_LENGTH_DELIMITED));
        buffer.putVarintReserved(valueBody);
        buffer.putByteReserved(tag(SIMPLE_VALUE, WIRE_FIXED64));
        buffer.putFixed64DoubleReserved(value);
        if (exemplar != null) {
            exemplarField(COUNTER_EXEMPLAR, exemplar);
        }
        if (hasCreated) {
            timestampField(COUNTER_CREATED, created);
        }
        timestampMs();
        metricsWritten++;
        metricEnd();
    }

    /** A one-byte tag (every field written through it is below 16). */
    private static byte tag(int field, int wireType) {
        return (byte) ((field << 3) | wireType);
    }

    @Override
    public void histogramStart(SeriesLabels series) {
        nativeCount = -1;
        infExemplar = null;
        openMetric(series, METRIC_HISTOGRAM);
    }

    @Override
    public void histogramBucket(SeriesLabels series, EncodedLabel le, long cumulativeCount) {
        histogramBucket(series, le, cumulativeCount, null);
    }

    @Override
    public void histogramBucket(SeriesLabels series, EncodedLabel le, long cumulativeCount, Exemplar exemplar) {
        double bound = le.number();
        if (bound == Double.POSITIVE_INFINITY) {
            infExemplar = exemplar; // sample_count is the +Inf bucket's count
            return;
        }
        int exemplarSize = exemplar == null ? 0 : exemplarFieldSize(exemplar);
        // one capacity check for the bucket up to its bound (an exemplar is written checked after it)
        buffer.ensureRemaining(BUCKET_BYTES_BEFORE_EXEMPLAR);
        buffer.putByteReserved(tag(HISTOGRAM_BUCKET, WIRE_LENGTH_DELIMITED));
        buffer.putVarintReserved(1 + AsciiNumbers.varintSize(cumulativeCount) + DOUBLE_FIELD_BYTES + exemplarSize);
        buffer.putByteReserved(tag(BUCKET_CUMULATIVE_COUNT, WIRE_VARINT));
        buffer.putVarintReserved(cumulativeCount);
        buffer.putByteReserved(tag(BUCKET_UPPER_BOUND, WIRE_FIXED64));
        buffer.putFixed64DoubleReserved(bound);
        if (exemplar != null) {
            exemplarField(BUCKET_EXEMPLAR, exemplar);
        }
    }

    @Override
    public void histogramNative(SeriesLabels series, NativeHistogramView view) {
        buffer.putTag(HISTOGRAM_SCHEMA, WIRE_VARINT);
        buffer.putVarint(zigZag32(view.schema()));
        buffer.putTag(HISTOGRAM_ZERO_THRESHOLD, WIRE_FIXED64);
        buffer.putFixed64Double(view.zeroThreshold());
        buffer.putTag(HISTOGRAM_ZERO_COUNT, WIRE_VARINT);
        buffer.putVarint(view.zeroCount());
        int negatives = view.negativeBuckets();
        int positives = view.positiveBuckets();
        if (negatives > 0) {
            spans(view, false, negatives, HISTOGRAM_NEGATIVE_SPAN);
            deltas(view, false, negatives, HISTOGRAM_NEGATIVE_DELTA);
        }
        if (positives > 0) {
            spans(view, true, positives, HISTOGRAM_POSITIVE_SPAN);
            deltas(view, true, positives, HISTOGRAM_POSITIVE_DELTA);
        } else if (negatives == 0 && view.zeroThreshold() == 0) {
            span(HISTOGRAM_POSITIVE_SPAN, 0, 0);
        }
        nativeCount = view.count();
    }

    /** Writes the spans of one sign: a new span wherever more than {@link #MAX_GAP_IN_SPAN} buckets are empty. */
    private void spans(NativeHistogramView view, boolean positive, int n, int field) {
        int spanStart = bucketIndex(view, positive, 0);
        int offset = spanStart;  // the first span's offset is the absolute index of its first bucket
        int last = spanStart;
        for (int k = 1; k < n; k++) {
            int index = bucketIndex(view, positive, k);
            if (index - last - 1 > MAX_GAP_IN_SPAN) {
                span(field, offset, last - spanStart + 1);
                offset = index - (last + 1);  // later offsets: the gap since the previous span's end
                spanStart = index;
            }
            last = index;
        }
        span(field, offset, last - spanStart + 1);
    }

    private void span(int field, int offset, int length) {
        long zigZagOffset = zigZag32(offset);
        buffer.putTag(field, WIRE_LENGTH_DELIMITED);
        buffer.putVarint(2 + AsciiNumbers.varintSize(zigZagOffset) + AsciiNumbers.varintSize(length));
        buffer.putTag(SPAN_OFFSET, WIRE_VARINT);
        buffer.putVarint(zigZagOffset);
        buffer.putTag(SPAN_LENGTH, WIRE_VARINT);
        buffer.putVarint(length);
    }

    /** Writes one delta per bucket of the spans {@link #spans} wrote, zero-count gap buckets included. */
    private void deltas(NativeHistogramView view, boolean positive, int n, int field) {
        long previous = 0;
        int last = bucketIndex(view, positive, 0);
        for (int k = 0; k < n; k++) {
            int index = bucketIndex(view, positive, k);
            int gap = index - last - 1;
            if (k > 0 && gap <= MAX_GAP_IN_SPAN) {
                for (int g = 0; g < gap; g++) {
                    delta(field, -previous);
                    previous = 0;
                }
            }
            long count = positive ? view.positiveCount(k) : view.negativeCount(k);
            delta(field, count - previous);
            previous = count;
            last = index;
        }
    }

    private void delta(int field, long delta) {
        buffer.putTag(field, WIRE_VARINT);
        buffer.putVarint((delta << 1) ^ (delta >> 63));
    }

    private static int bucketIndex(NativeHistogramView view, boolean positive, int k) {
        return positive ? view.positiveIndex(k) : view.negativeIndex(k);
    }

    private static long zigZag32(int n) {
        return ((n << 1) ^ (n >> 31)) & 0xFFFFFFFFL;
    }

    @Override
    public void histogramEnd(SeriesLabels series, long count, double sum) {
        if (nativeCount >= 0 && infExemplar != null) {
            exemplarField(HISTOGRAM_EXEMPLARS, infExemplar);
        }
        closeMetric(nativeCount >= 0 ? nativeCount : count, sum);
        nativeCount = -1;
        infExemplar = null;
    }

    @Override
    public void summaryStart(SeriesLabels series) {
        openMetric(series, METRIC_SUMMARY);
    }

    @Override
    public double[] quantileScratch(int length) {
        return buffer.scratchDoubles(length);
    }

    @Override
    public void summaryQuantile(SeriesLabels series, EncodedLabel quantile, double value) {
        buffer.putTag(SUMMARY_QUANTILE, WIRE_LENGTH_DELIMITED);
        buffer.putVarint(2 * DOUBLE_FIELD_BYTES);
        buffer.putTag(QUANTILE_QUANTILE, WIRE_FIXED64);
        buffer.putFixed64Double(quantile.number());
        buffer.putTag(QUANTILE_VALUE, WIRE_FIXED64);
        buffer.putFixed64Double(value);
    }

    @Override
    public void summaryEnd(SeriesLabels series, long count, double sum) {
        closeMetric(count, sum);
    }

    /** Opens a Metric and its Histogram/Summary message; both lengths are patched by {@link #closeMetric}. */
    private void openMetric(SeriesLabels series, int field) {
        openField = field;
        metricBegin();
        buffer.putTag(FAMILY_METRIC, WIRE_LENGTH_DELIMITED);
        metricSlot = buffer.beginLengthPrefixed(METRIC_LENGTH_RESERVE);
        buffer.ensureRemaining(labelsSize(series));
        labelsReserved(series);
        buffer.putTag(field, WIRE_LENGTH_DELIMITED);
        innerSlot = buffer.beginLengthPrefixed(METRIC_LENGTH_RESERVE);
    }

    /** Writes sample_count and sample_sum (after the buckets or quantiles: field order is free) and closes. */
    private void closeMetric(long count, double sum) {
        buffer.ensureRemaining(COUNT_AND_SUM_BYTES);
        buffer.putByteReserved(tag(SAMPLE_COUNT, WIRE_VARINT));
        buffer.putVarintReserved(count);
        buffer.putByteReserved(tag(SAMPLE_SUM, WIRE_FIXED64));
        buffer.putFixed64DoubleReserved(sum);
        if (created != MetricSink.NO_TIMESTAMP) {
            timestampField(openField == METRIC_SUMMARY ? SUMMARY_CREATED : HISTOGRAM_CREATED, created);
        }
        // inner first: its shift (if any) moves bytes that the metric's length then counts
        buffer.endLengthPrefixed(innerSlot, METRIC_LENGTH_RESERVE);
        timestampMs();
        buffer.endLengthPrefixed(metricSlot, METRIC_LENGTH_RESERVE);
        metricsWritten++;
        metricEnd();
    }

    /** Size of an Exemplar field inside its parent: tag, length, body. */
    private static int exemplarFieldSize(Exemplar exemplar) {
        int body = exemplarBodySize(exemplar);
        return 1 + AsciiNumbers.varintSize(body) + body;
    }

    private static int exemplarBodySize(Exemplar exemplar) {
        int timestamp = timestampBodySize(exemplar.timestampMillis());
        return exemplar.labels().protobufLength() + DOUBLE_FIELD_BYTES + 1 + AsciiNumbers.varintSize(timestamp) + timestamp;
    }

    private static int timestampBodySize(long millis) {
        return 2 + AsciiNumbers.varintSize(Math.floorDiv(millis, MILLIS_PER_SECOND))
                + AsciiNumbers.varintSize((long) Math.floorMod(millis, MILLIS_PER_SECOND) * NANOS_PER_MILLI);
    }

    private void exemplarField(int field, Exemplar exemplar) {
        buffer.putTag(field, WIRE_LENGTH_DELIMITED);
        buffer.putVarint(exemplarBodySize(exemplar));
        // Exemplar.label is field 1 as Metric.label is: the pre-encoded pairs copy as they are
        SeriesLabels labels = exemplar.labels();
        buffer.putBytes(labels.encoded(), labels.textLength(), labels.protobufLength());
        buffer.putTag(EXEMPLAR_VALUE, WIRE_FIXED64);
        buffer.putFixed64Double(exemplar.value());
        timestampField(EXEMPLAR_TIMESTAMP, exemplar.timestampMillis());
    }

    /** Writes a {@code google.protobuf.Timestamp} field (checked puts). */
    private void timestampField(int field, long millis) {
        buffer.putTag(field, WIRE_LENGTH_DELIMITED);
        buffer.putVarint(timestampBodySize(millis));
        buffer.putTag(TIMESTAMP_SECONDS, WIRE_VARINT);
        buffer.putVarint(Math.floorDiv(millis, MILLIS_PER_SECOND));
        buffer.putTag(TIMESTAMP_NANOS, WIRE_VARINT);
        buffer.putVarint((long) Math.floorMod(millis, MILLIS_PER_SECOND) * NANOS_PER_MILLI);
    }

    /** Size of a {@code google.protobuf.Timestamp} field: tag, length, body. */
    private static int timestampFieldSize(long millis) {
        int body = timestampBodySize(millis);
        return 1 + AsciiNumbers.varintSize(body) + body;
    }

    /** Size of the Metric's {@code timestamp_ms} field (0 when the samples have no timestamp). */
    private int timestampMsSize() {
        return timestamp == MetricSink.NO_TIMESTAMP ? 0 : 1 + AsciiNumbers.varintSize(timestamp);
    }

    /** Writes the Metric's {@code timestamp_ms} when the samples have one (checked puts). */
    private void timestampMs() {
        if (timestamp != MetricSink.NO_TIMESTAMP) {
            buffer.putTag(METRIC_TIMESTAMP_MS, WIRE_VARINT);
            buffer.putVarint(timestamp);
        }
    }

    private void bytesField(int field, byte[] value) {
        buffer.putTag(field, WIRE_LENGTH_DELIMITED);
        buffer.putVarint(value.length);
        buffer.putBytes(value);
    }

    /**
     * Writes every LabelPair field of {@code series} into room reserved for {@link #labelsSize} bytes: one copy
     * of the bytes the series encoded at its creation.
     */
    private void labelsReserved(SeriesLabels series) {
        byte[] encoded = series.encoded(escaping);
        int textLength = series.textLength(escaping);
        buffer.putBytesReserved(encoded, textLength, encoded.length - textLength);
    }

    /** Writes one LabelPair field into room reserved for {@link #labelSize} bytes. */
    private void labelReserved(byte[] name, byte[] value) {
        buffer.putByteReserved(tag(METRIC_LABEL, WIRE_LENGTH_DELIMITED));
        buffer.putVarintReserved(labelBodySize(name, value));
        buffer.putByteReserved(tag(LABEL_NAME, WIRE_LENGTH_DELIMITED));
        buffer.putVarintReserved(name.length);
        buffer.putBytesReserved(name, name.length);
        buffer.putByteReserved(tag(LABEL_VALUE, WIRE_LENGTH_DELIMITED));
        buffer.putVarintReserved(value.length);
        buffer.putBytesReserved(value, value.length);
    }

    /** Size of the LabelPair fields of {@code series} (also of an Exemplar's labels: same field number, 1). */
    private int labelsSize(SeriesLabels series) {
        return series.encoded(escaping).length - series.textLength(escaping);
    }

    /** Size of a LabelPair field inside a Metric: tag, length, body. */
    private static int labelSize(byte[] name, byte[] value) {
        int body = labelBodySize(name, value);
        return 1 + AsciiNumbers.varintSize(body) + body;
    }

    private static int labelBodySize(byte[] name, byte[] value) {
        return 1 + AsciiNumbers.varintSize(name.length) + name.length
                + 1 + AsciiNumbers.varintSize(value.length) + value.length;
    }
}
