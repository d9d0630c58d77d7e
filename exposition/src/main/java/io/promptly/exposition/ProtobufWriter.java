package io.promptly.exposition;

import static io.promptly.exposition.ExpositionBuffer.WIRE_FIXED64;
import static io.promptly.exposition.ExpositionBuffer.WIRE_LENGTH_DELIMITED;
import static io.promptly.exposition.ExpositionBuffer.WIRE_VARINT;

import io.promptly.core.EncodedLabel;
import io.promptly.core.MetricMetadata;
import io.promptly.core.MetricType;
import io.promptly.core.SeriesLabels;

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

    // MetricType enum values
    private static final int TYPE_COUNTER = 0;
    private static final int TYPE_GAUGE = 1;
    private static final int TYPE_SUMMARY = 2;
    private static final int TYPE_UNTYPED = 3;
    private static final int TYPE_HISTOGRAM = 4;

    /** One tag byte (fields below 16) plus eight value bytes. */
    private static final int DOUBLE_FIELD_BYTES = 9;
    /** A whole simple value message: tag, length 9, {@link #DOUBLE_FIELD_BYTES}. */
    private static final int VALUE_MESSAGE_BYTES = 2 + DOUBLE_FIELD_BYTES;
    /** Length bytes reserved before a family: fits bodies below 16 KiB without a shift. */
    private static final int FAMILY_LENGTH_RESERVE = 2;
    /** Length bytes reserved before a histogram or summary metric and its inner message. */
    private static final int METRIC_LENGTH_RESERVE = 2;

    private final ExpositionBuffer buffer;
    private int familySlot = -1;
    private int metricsWritten;
    private byte[] unit = TextSamples.NONE;
    private int valueField;
    private int metricSlot;
    private int innerSlot;

    ProtobufWriter(ExpositionBuffer buffer) {
        this.buffer = buffer;
    }

    @Override
    public ExpositionFormat format() {
        return ExpositionFormat.PROTOBUF;
    }

    @Override
    public void start() {
        familySlot = -1;
        metricsWritten = 0;
        buffer.unpin();
    }

    @Override
    public void finish() {
        // delimited messages need no end marker
    }

    @Override
    public void family(MetricMetadata family) {
        buffer.pin();
        familySlot = buffer.beginLengthPrefixed(FAMILY_LENGTH_RESERVE);
        metricsWritten = 0;
        MetricType type = family.type();
        byte[] name = family.nameAscii();
        byte[] suffix = type == MetricType.COUNTER ? TextSamples.TOTAL
                : type == MetricType.INFO ? TextSamples.INFO : TextSamples.NONE;
        buffer.putTag(FAMILY_NAME, WIRE_LENGTH_DELIMITED);
        buffer.putVarint(name.length + suffix.length);
        buffer.putBytes(name);
        buffer.putBytes(suffix);
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
            case SUMMARY:
                return TYPE_SUMMARY;
            case UNKNOWN:
                return TYPE_UNTYPED;
            default:
                return TYPE_GAUGE; // gauge, info, state set
        }
    }

    @Override
    public void endFamily() {
        if (metricsWritten == 0) {
            buffer.truncate(familySlot);
        } else {
            if (unit.length != 0) {
                bytesField(FAMILY_UNIT, unit);
            }
            buffer.endLengthPrefixed(familySlot, FAMILY_LENGTH_RESERVE);
        }
        familySlot = -1;
        unit = TextSamples.NONE;
        buffer.unpin();
    }

    @Override
    public void counter(SeriesLabels series, long whole, double fraction) {
        simpleMetric(series, null, Unsigned.toDouble(whole) + fraction);
    }

    @Override
    public void gauge(SeriesLabels series, double value) {
        simpleMetric(series, null, value);
    }

    @Override
    public void stateSetState(SeriesLabels series, EncodedLabel state, boolean enabled) {
        simpleMetric(series, state, enabled ? 1 : 0);
    }

    /** A Metric holding labels (plus {@code extra} when not null) and one Gauge/Counter/Untyped value. */
    private void simpleMetric(SeriesLabels series, EncodedLabel extra, double value) {
        int length = labelsSize(series) + VALUE_MESSAGE_BYTES;
        if (extra != null) {
            length += labelSize(extra.nameUtf8(), extra.valueUtf8());
        }
        buffer.putTag(FAMILY_METRIC, WIRE_LENGTH_DELIMITED);
        buffer.putVarint(length);
        labels(series);
        if (extra != null) {
            label(extra.nameUtf8(), extra.valueUtf8());
        }
        buffer.putTag(valueField, WIRE_LENGTH_DELIMITED);
        buffer.putVarint(DOUBLE_FIELD_BYTES);
        buffer.putTag(SIMPLE_VALUE, WIRE_FIXED64);
        buffer.putFixed64Double(value);
        metricsWritten++;
    }

    @Override
    public void histogramStart(SeriesLabels series) {
        openMetric(series, METRIC_HISTOGRAM);
    }

    @Override
    public void histogramBucket(SeriesLabels series, EncodedLabel le, long cumulativeCount) {
        double bound = le.number();
        if (bound == Double.POSITIVE_INFINITY) {
            return; // sample_count is the +Inf bucket's count
        }
        buffer.putTag(HISTOGRAM_BUCKET, WIRE_LENGTH_DELIMITED);
        buffer.putVarint(1 + TempNumbers.varintSize(cumulativeCount) + DOUBLE_FIELD_BYTES);
        buffer.putTag(BUCKET_CUMULATIVE_COUNT, WIRE_VARINT);
        buffer.putVarint(cumulativeCount);
        buffer.putTag(BUCKET_UPPER_BOUND, WIRE_FIXED64);
        buffer.putFixed64Double(bound);
    }

    @Override
    public void histogramEnd(SeriesLabels series, long count, double sum) {
        closeMetric(count, sum);
    }

    @Override
    public void summaryStart(SeriesLabels series) {
        openMetric(series, METRIC_SUMMARY);
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
        buffer.putTag(FAMILY_METRIC, WIRE_LENGTH_DELIMITED);
        metricSlot = buffer.beginLengthPrefixed(METRIC_LENGTH_RESERVE);
        labels(series);
        buffer.putTag(field, WIRE_LENGTH_DELIMITED);
        innerSlot = buffer.beginLengthPrefixed(METRIC_LENGTH_RESERVE);
    }

    /** Writes sample_count and sample_sum (after the buckets or quantiles: field order is free) and closes. */
    private void closeMetric(long count, double sum) {
        buffer.putTag(SAMPLE_COUNT, WIRE_VARINT);
        buffer.putVarint(count);
        buffer.putTag(SAMPLE_SUM, WIRE_FIXED64);
        buffer.putFixed64Double(sum);
        // inner first: its shift (if any) moves bytes that the metric's length then counts
        buffer.endLengthPrefixed(innerSlot, METRIC_LENGTH_RESERVE);
        buffer.endLengthPrefixed(metricSlot, METRIC_LENGTH_RESERVE);
        metricsWritten++;
    }

    private void bytesField(int field, byte[] value) {
        buffer.putTag(field, WIRE_LENGTH_DELIMITED);
        buffer.putVarint(value.length);
        buffer.putBytes(value);
    }

    private void labels(SeriesLabels series) {
        for (int i = 0, n = series.size(); i < n; i++) {
            label(series.nameUtf8(i), series.valueUtf8(i));
        }
    }

    private void label(byte[] name, byte[] value) {
        buffer.putTag(METRIC_LABEL, WIRE_LENGTH_DELIMITED);
        buffer.putVarint(labelBodySize(name, value));
        bytesField(LABEL_NAME, name);
        bytesField(LABEL_VALUE, value);
    }

    private static int labelsSize(SeriesLabels series) {
        int size = 0;
        for (int i = 0, n = series.size(); i < n; i++) {
            size += labelSize(series.nameUtf8(i), series.valueUtf8(i));
        }
        return size;
    }

    /** Size of a LabelPair field inside a Metric: tag, length, body. */
    private static int labelSize(byte[] name, byte[] value) {
        int body = labelBodySize(name, value);
        return 1 + TempNumbers.varintSize(body) + body;
    }

    private static int labelBodySize(byte[] name, byte[] value) {
        return 1 + TempNumbers.varintSize(name.length) + name.length
                + 1 + TempNumbers.varintSize(value.length) + value.length;
    }
}
