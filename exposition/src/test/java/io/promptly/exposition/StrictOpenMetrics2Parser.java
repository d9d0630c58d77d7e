package io.promptly.exposition;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * A strict OpenMetrics 2.0 text parser written in test code from the specification "OpenMetrics 2.0, Version:
 * 2.0.0-rc0" (prometheus/docs {@code docs/specs/om/open_metrics_spec_2_0.md}): a recursive-descent reading of its
 * ABNF, rule by rule, then the MUST rules of its data model. Independent of our writers. Throws
 * {@link IllegalArgumentException} naming the line and the rule on the first violation.
 *
 * <p>Syntax (ABNF): valid UTF-8 without BOM, no line ending in CR; {@code exposition = metricset HASH SP eof [LF]};
 * descriptors {@code # TYPE|HELP|UNIT} with a plain or quoted name; {@code metric = metricname-and-labels SP
 * sample}, {@code sample = value [SP timestamp] [SP start-timestamp] *exemplar LF}; number forms
 * ({@code realnumber}, {@code [SIGN] inf|infinity}, {@code nan}, quoted literals case-insensitive, {@code %d}
 * literals exact); escaped strings ({@code \n}, {@code \"}, {@code \\}, backslash before a normal char); the
 * composite values of histograms ({@code count}, {@code sum}, native fields in order, {@code bucket:[...,+Inf:v]}),
 * gauge histograms ({@code gcount}, {@code gsum}) and summaries ({@code quantile:[...]}); exemplars
 * {@code  # {labels} number timestamp} (the timestamp is required).
 *
 * <p>Data model (MUST rules): a family's name unique in the set, its samples all named exactly the family name,
 * descriptors at most once each and before its samples, families and metrics not interleaved, label names
 * unique in a label set and none starting with {@code _}, family names not starting with {@code _}; per type:
 * counter a non-NaN, non-negative number; info name ends {@code _info}, value 1, no unit; stateset a label named
 * like the family, 0 or 1, no unit; histogram a histogram composite, no {@code le} label, count not negative nor
 * NaN and equal to the {@code +Inf} bucket, thresholds unique ascending, bucket values non-negative and
 * cumulative, native schema -4..8, zero threshold ≥ 0, span lengths summing to the bucket count, only the first
 * span offset negative, native counts non-negative and not above the count; gauge histogram a gauge histogram
 * composite with the same bucket shape ({@code gcount} equal to {@code +Inf}) and no start timestamp; summary a
 * summary composite, no {@code quantile} label, count an integer, count and sum neither negative nor NaN,
 * quantiles ascending within [0, 1], values not negative; state set MetricGroups not interleaved; start timestamps only on counters, histograms,
 * summaries and unknown; exemplars only on counters, histograms, gauge histograms and unknown; several samples of
 * one metric only with increasing timestamps.
 */
public final class StrictOpenMetrics2Parser {
    private static final Set<String> TYPES = Set.of("counter", "gauge", "histogram", "gaugehistogram", "stateset",
            "info", "summary", "unknown");

    /** An exemplar: labels, value, timestamp (seconds). */
    public record Exemplar(Map<String, String> labels, double value, double timestamp) {
    }

    /** A composite value's parts (absent parts are null / NaN); {@code kind} is histogram, gaugehistogram or summary. */
    public record Composite(String kind, double count, double sum, List<double[]> buckets, Integer schema,
            double zeroThreshold, double zeroCount, List<long[]> negativeSpans, List<Double> negativeBuckets,
            List<long[]> positiveSpans, List<Double> positiveBuckets, List<double[]> quantiles) {
    }

    /** One sample line: value is the number, or NaN with {@code composite} set. */
    public record Line(String name, Map<String, String> labels, double value, Composite composite, Double timestamp,
            Double startTimestamp, List<Exemplar> exemplars, String text) {
    }

    /** A family with its metadata (absent: null) and lines in order. */
    public record Family(String name, String type, String unit, String help, List<Line> lines) {
    }

    private final String body;
    private int pos;
    private int lineStart;

    private StrictOpenMetrics2Parser(String body) {
        this.body = body;
    }

    public static List<Family> parse(byte[] body) {
        try {
            String text = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(body)).toString();
            return parse(text);
        } catch (CharacterCodingException e) {
            throw new IllegalArgumentException("body is not valid UTF-8", e);
        }
    }

    public static List<Family> parse(String body) {
        return new StrictOpenMetrics2Parser(body).exposition();
    }

    /** Every line of every family, in order. */
    public static List<Line> lines(String body) {
        List<Line> all = new ArrayList<>();
        for (Family f : parse(body)) {
            all.addAll(f.lines());
        }
        return all;
    }

    /**
     * The body's values as flat samples: a number line as it is, a composite as {@code <name>_count} and
     * {@code <name>_sum} (for tests that look values up across formats).
     */
    public static List<Sample> samples(String body) {
        List<Sample> samples = new ArrayList<>();
        for (Line l : lines(body)) {
            if (l.composite() == null) {
                samples.add(new Sample(l.name(), l.labels(), l.value()));
            } else {
                samples.add(new Sample(l.name() + "_count", l.labels(), l.composite().count()));
                samples.add(new Sample(l.name() + "_sum", l.labels(), l.composite().sum()));
            }
        }
        return samples;
    }

    // ---- syntax ----

    private IllegalArgumentException fail(String rule) {
        int end = body.indexOf('\n', lineStart);
        String line = body.substring(lineStart, end < 0 ? body.length() : end);
        return new IllegalArgumentException(rule + " at column " + (pos - lineStart) + " of line: " + line);
    }

    private boolean at(String literal) {
        return body.startsWith(literal, pos);
    }

    private boolean atIgnoreCase(String literal) {
        return body.regionMatches(true, pos, literal, 0, literal.length());
    }

    private void expect(String literal, String rule) {
        if (!at(literal)) {
            throw fail("expected '" + literal + "' (" + rule + ")");
        }
        pos += literal.length();
    }

    private int peek() {
        return pos < body.length() ? body.charAt(pos) : -1;
    }

    private List<Family> exposition() {
        if (body.startsWith("\uFEFF")) {
            throw new IllegalArgumentException("a byte order mark is not allowed");
        }
        if (body.contains("\r\n")) {
            // the ABNF lets a CR stand inside strings (normal-char), but no line ends in one
            throw new IllegalArgumentException("line endings must not contain carriage returns");
        }
        Model model = new Model(this);
        while (true) {
            lineStart = pos;
            if (pos >= body.length()) {
                throw new IllegalArgumentException("exposition does not end with # EOF");
            }
            if (at("# EOF")) {
                pos += 5;
                if (pos == body.length() || pos == body.length() - 1 && body.charAt(pos) == '\n') {
                    return model.finish();
                }
                throw fail("nothing may follow # EOF but one LF");
            }
            if (at("#")) {
                descriptor(model);
            } else {
                model.line(metric());
            }
        }
    }

    private void descriptor(Model model) {
        expect("# ", "HASH SP");
        String kind;
        if (at("TYPE ")) {
            kind = "TYPE";
        } else if (at("HELP ")) {
            kind = "HELP";
        } else if (at("UNIT ")) {
            kind = "UNIT";
        } else {
            throw fail("a comment line must be # TYPE, # HELP, # UNIT or # EOF");
        }
        pos += 5;
        String name = peek() == '"' ? quoted(true) : metricName();
        expect(" ", "SP after the name");
        String value;
        if (kind.equals("TYPE")) {
            int start = pos;
            while (pos < body.length() && body.charAt(pos) >= 'a' && body.charAt(pos) <= 'z') {
                pos++;
            }
            value = body.substring(start, pos);
            if (!TYPES.contains(value)) {
                throw fail("unknown metric-type '" + value + "'");
            }
        } else if (kind.equals("HELP")) {
            value = escapedString('\n', false);
        } else {
            int start = pos;
            while (pos < body.length() && isMetricNameChar(body.charAt(pos))) {
                pos++;
            }
            value = body.substring(start, pos);
        }
        expect("\n", "LF ending the descriptor");
        model.descriptor(kind, name, value);
    }

    private Line metric() {
        String name;
        Map<String, String> labels = new LinkedHashMap<>();
        int start = pos;
        if (peek() == '{') {
            pos++;
            if (peek() != '"') {
                throw fail("name-and-labels-in-braces must start with the quoted metric name");
            }
            name = quoted(true);
            while (at(",")) {
                pos++;
                label(labels);
            }
            expect("}", "closing brace");
        } else {
            name = metricName();
            if (peek() == '{') {
                labelsInBraces(labels);
            }
        }
        expect(" ", "SP before the value");
        double value = Double.NaN;
        Composite composite = null;
        if (peek() == '{') {
            pos++;
            composite = compositeValue();
            expect("}", "end of the composite value");
        } else {
            value = number();
        }
        Double timestamp = null;
        Double startTimestamp = null;
        if (at(" ") && !at(" #") && !at(" st@")) {
            pos++;
            timestamp = realNumber();
        }
        if (at(" st@")) {
            pos += 4;
            startTimestamp = realNumber();
        }
        List<Exemplar> exemplars = new ArrayList<>();
        while (at(" # ")) {
            pos += 3;
            Map<String, String> exemplarLabels = new LinkedHashMap<>();
            labelsInBraces(exemplarLabels);
            expect(" ", "SP before the exemplar value");
            double v = number();
            expect(" ", "SP before the exemplar timestamp (required)");
            double ts = realNumber();
            exemplars.add(new Exemplar(exemplarLabels, v, ts));
        }
        String text = body.substring(start, pos);
        expect("\n", "LF ending the sample");
        return new Line(name, labels, value, composite, timestamp, startTimestamp, exemplars, text);
    }

    private void labelsInBraces(Map<String, String> labels) {
        expect("{", "labels-in-braces");
        if (at("}")) {
            pos++;
            return;
        }
        label(labels);
        while (at(",")) {
            pos++;
            label(labels);
        }
        expect("}", "closing brace of the labels");
    }

    private void label(Map<String, String> labels) {
        String key;
        if (peek() == '"') {
            key = quoted(true);
        } else {
            int start = pos;
            if (!(pos < body.length() && isLabelInitial(body.charAt(pos)))) {
                throw fail("label-name expected");
            }
            while (pos < body.length() && (isLabelInitial(body.charAt(pos)) || isDigit(body.charAt(pos)))) {
                pos++;
            }
            key = body.substring(start, pos);
        }
        expect("=", "EQ");
        String value = quoted(false);
        if (labels.put(key, value) != null) {
            throw fail("label name '" + key + "' twice in one label set");
        }
    }

    private String metricName() {
        int start = pos;
        if (!(pos < body.length() && isMetricInitial(body.charAt(pos)))) {
            throw fail("metricname expected");
        }
        while (pos < body.length() && isMetricNameChar(body.charAt(pos))) {
            pos++;
        }
        return body.substring(start, pos);
    }

    /** {@code DQUOTE escaped-string DQUOTE} (non-empty when {@code nonEmpty}). */
    private String quoted(boolean nonEmpty) {
        expect("\"", "DQUOTE");
        String s = escapedString('"', true);
        expect("\"", "closing DQUOTE");
        if (nonEmpty && s.isEmpty()) {
            throw fail("a quoted name must not be empty");
        }
        return s;
    }

    /** {@code *escaped-char} up to {@code end} (not consumed); in a quoted string a raw DQUOTE ends it. */
    private String escapedString(char end, boolean inQuotes) {
        StringBuilder sb = new StringBuilder();
        while (pos < body.length()) {
            int cp = body.codePointAt(pos);
            if (cp == end) {
                return sb.toString();
            }
            if (cp == '\\') {
                pos++;
                if (pos >= body.length()) {
                    throw fail("backslash at the end");
                }
                int next = body.codePointAt(pos);
                if (next == 'n') {
                    sb.append('\n');
                } else if (next == '"' || next == '\\') {
                    sb.append((char) next);
                } else if (isNormalChar(next)) {
                    sb.appendCodePoint(next); // BS normal-char: allowed (SHOULD NOT), stands for the char
                } else {
                    throw fail("a backslash before a character that is not escapable");
                }
                pos += Character.charCount(next);
                continue;
            }
            if (!isNormalChar(cp)) {
                throw fail(cp == '"' ? "a raw double quote must be escaped as \\\""
                        : "character U+" + Integer.toHexString(cp) + " not allowed in an escaped-string");
            }
            sb.appendCodePoint(cp);
            pos += Character.charCount(cp);
        }
        throw fail("unterminated string");
    }

    private static boolean isNormalChar(int cp) {
        return cp != '\n' && cp != '"' && cp != '\\' && !(cp >= 0xD800 && cp <= 0xDFFF) && cp <= 0x10FFFF;
    }

    /** {@code number = realnumber / [SIGN] ("inf" / "infinity") / "nan"}, quoted literals case-insensitive. */
    private double number() {
        int save = pos;
        int sign = 1;
        if (peek() == '+' || peek() == '-') {
            sign = peek() == '-' ? -1 : 1;
            pos++;
        }
        if (atIgnoreCase("infinity")) {
            pos += 8;
            return sign * Double.POSITIVE_INFINITY;
        }
        if (atIgnoreCase("inf")) {
            pos += 3;
            return sign * Double.POSITIVE_INFINITY;
        }
        pos = save;
        if (atIgnoreCase("nan")) {
            pos += 3;
            return Double.NaN;
        }
        return realNumber();
    }

    /** {@code realnumber}: [SIGN] digits [. digits] [e [SIGN] digits] with at least one mantissa digit. */
    private double realNumber() {
        int start = pos;
        if (peek() == '+' || peek() == '-') {
            pos++;
        }
        int intDigits = digits();
        int fracDigits = 0;
        if (at(".")) {
            pos++;
            fracDigits = digits();
            if (intDigits == 0 && fracDigits == 0) {
                throw fail("realnumber needs a digit");
            }
        } else if (intDigits == 0) {
            throw fail("realnumber expected");
        }
        if (peek() == 'e' || peek() == 'E') {
            pos++;
            if (peek() == '+' || peek() == '-') {
                pos++;
            }
            if (digits() == 0) {
                throw fail("exponent needs a digit");
            }
        }
        double v = Double.parseDouble(body.substring(start, pos));
        if (Double.isInfinite(v)) {
            throw fail("realnumber beyond the range of a 64-bit float");
        }
        return v;
    }

    private int digits() {
        int n = 0;
        while (pos < body.length() && isDigit(body.charAt(pos))) {
            pos++;
            n++;
        }
        return n;
    }

    /** {@code integer = [SIGN] 1*DIGIT}; {@code nonNegative}: {@code ["+"] 1*DIGIT}. */
    private long integer(boolean nonNegative) {
        int start = pos;
        if (peek() == '+' || !nonNegative && peek() == '-') {
            pos++;
        }
        if (digits() == 0) {
            throw fail(nonNegative ? "non-negative-integer expected" : "integer expected");
        }
        return Long.parseLong(body.substring(body.charAt(start) == '+' ? start + 1 : start, pos));
    }

    /** {@code positive-integer = *"0" positive-digit *DIGIT}. */
    private long positiveInteger() {
        int start = pos;
        if (digits() == 0) {
            throw fail("positive-integer expected");
        }
        long v = Long.parseLong(body.substring(start, pos));
        if (v == 0) {
            throw fail("positive-integer must not be zero");
        }
        return v;
    }

    private Composite compositeValue() {
        if (at("gcount:")) {
            pos += 7;
            double count = number();
            expect(",gsum:", "gh-sum");
            double sum = number();
            expect(",", "comma before the buckets");
            return histogramBuckets("gaugehistogram", count, sum);
        }
        expect("count:", "h-count / cs-count");
        double count = number();
        expect(",sum:", "h-sum / cs-sum");
        double sum = number();
        expect(",", "comma after the sum");
        if (at("quantile:[")) {
            pos += 10;
            List<double[]> quantiles = new ArrayList<>();
            if (!at("]")) {
                quantiles.add(pair());
                while (at(",")) {
                    pos++;
                    quantiles.add(pair());
                }
            }
            expect("]", "end of the quantiles");
            return new Composite("summary", count, sum, null, null, Double.NaN, Double.NaN, null, null, null, null,
                    quantiles);
        }
        return histogramBuckets("histogram", count, sum);
    }

    private double[] pair() {
        double q = realNumber();
        expect(":", "colon in a quantile");
        return new double[] {q, number()};
    }

    /** {@code histogram-buckets = classic-buckets / native-buckets [ "," classic-buckets ]}. */
    private Composite histogramBuckets(String kind, double count, double sum) {
        if (at("bucket:[")) {
            return new Composite(kind, count, sum, classicBuckets(), null, Double.NaN, Double.NaN, null, null, null,
                    null, null);
        }
        expect("schema:", "nh-schema (or bucket:)");
        int schema = (int) integer(false);
        expect(",zero_threshold:", "nh-zero-threshold");
        double zeroThreshold = realNumber();
        expect(",zero_count:", "nh-zero-count");
        double zeroCount = number();
        List<long[]> negativeSpans = null;
        List<Double> negativeBuckets = null;
        List<long[]> positiveSpans = null;
        List<Double> positiveBuckets = null;
        if (at(",negative_spans:[")) {
            pos += 17;
            negativeSpans = spans();
            expect(",negative_buckets:[", "nh-negative-buckets after nh-negative-spans");
            negativeBuckets = nativeCounts();
        }
        if (at(",positive_spans:[")) {
            pos += 17;
            positiveSpans = spans();
            expect(",positive_buckets:[", "nh-positive-buckets after nh-positive-spans");
            positiveBuckets = nativeCounts();
        }
        List<double[]> classic = null;
        if (at(",bucket:[")) {
            pos++;
            classic = classicBuckets();
        }
        return new Composite(kind, count, sum, classic, schema, zeroThreshold, zeroCount, negativeSpans,
                negativeBuckets, positiveSpans, positiveBuckets, null);
    }

    /** {@code "bucket:[" [ ch-le-counts "," ] ch-pos-inf-bucket "]"}: pairs (threshold, value). */
    private List<double[]> classicBuckets() {
        expect("bucket:[", "classic-buckets");
        List<double[]> buckets = new ArrayList<>();
        while (true) {
            if (at("+Inf:")) {
                pos += 5;
                buckets.add(new double[] {Double.POSITIVE_INFINITY, number()});
                expect("]", "the +Inf bucket is the last");
                return buckets;
            }
            double le;
            if (at("-Inf:")) {
                if (!buckets.isEmpty()) {
                    throw fail("a -Inf bucket may only come first");
                }
                pos += 4;
                le = Double.NEGATIVE_INFINITY;
            } else {
                le = realNumber();
            }
            expect(":", "colon in a bucket");
            buckets.add(new double[] {le, number()});
            expect(",", "comma between buckets (the +Inf bucket is required)");
        }
    }

    /** {@code [nh-spans] "]"}: (offset, length) pairs. */
    private List<long[]> spans() {
        List<long[]> spans = new ArrayList<>();
        if (!at("]")) {
            long offset = integer(false);
            expect(":", "colon in a span");
            spans.add(new long[] {offset, positiveInteger()});
            while (at(",")) {
                pos++;
                long o = integer(true);
                expect(":", "colon in a span");
                spans.add(new long[] {o, positiveInteger()});
            }
        }
        expect("]", "end of the spans");
        return spans;
    }

    private List<Double> nativeCounts() {
        List<Double> counts = new ArrayList<>();
        if (!at("]")) {
            counts.add(number());
            while (at(",")) {
                pos++;
                counts.add(number());
            }
        }
        expect("]", "end of the native buckets");
        return counts;
    }

    private static boolean isDigit(char c) {
        return c >= '0' && c <= '9';
    }

    private static boolean isAlpha(char c) {
        return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z';
    }

    private static boolean isMetricInitial(char c) {
        return isAlpha(c) || c == '_' || c == ':';
    }

    private static boolean isMetricNameChar(char c) {
        return isMetricInitial(c) || isDigit(c);
    }

    private static boolean isLabelInitial(char c) {
        return isAlpha(c) || c == '_';
    }

    // ---- data model ----

    /** Families as they are read, and the rules across lines. */
    private static final class Model {
        final StrictOpenMetrics2Parser p;
        final List<Family> done = new ArrayList<>();
        final Set<String> names = new HashSet<>();
        String name;
        String type;
        String unit;
        String help;
        final Set<String> seenDescriptors = new HashSet<>();
        List<Line> lines = new ArrayList<>();
        final Set<String> closedMetrics = new HashSet<>();
        String openMetric;
        Double lastTimestamp;
        /** State set MetricGroups (labels but the state label) closed, and the open one. */
        final Set<String> closedGroups = new HashSet<>();
        String openGroup;

        Model(StrictOpenMetrics2Parser p) {
            this.p = p;
        }

        void descriptor(String kind, String descriptorName, String value) {
            if (name == null || !name.equals(descriptorName) || !lines.isEmpty()) {
                start(descriptorName);
            }
            if (!seenDescriptors.add(kind)) {
                throw p.fail("a second # " + kind + " for " + descriptorName);
            }
            switch (kind) {
                case "TYPE":
                    type = value;
                    break;
                case "UNIT":
                    unit = value;
                    break;
                default:
                    help = value;
                    break;
            }
        }

        void start(String newName) {
            close();
            if (!names.add(newName)) {
                throw p.fail("family " + newName + " appears twice (families must not be interleaved)");
            }
            if (newName.startsWith("_")) {
                throw p.fail("family names beginning with an underscore are reserved");
            }
            name = newName;
            type = null;
            unit = null;
            help = null;
            seenDescriptors.clear();
            lines = new ArrayList<>();
            closedMetrics.clear();
            openMetric = null;
            closedGroups.clear();
            openGroup = null;
            lastTimestamp = null;
        }

        void line(Line l) {
            if (name == null || !name.equals(l.name())) {
                if (name != null && names.contains(l.name())) {
                    throw new IllegalArgumentException("sample " + l.text() + " is not named like its family "
                            + name + " (or its family is interleaved)");
                }
                start(l.name());
            }
            for (String label : l.labels().keySet()) {
                if (label.startsWith("_")) {
                    throw new IllegalArgumentException("label names beginning with an underscore are reserved: "
                            + l.text());
                }
            }
            String metric = new TreeMap<>(l.labels()).toString();
            if (metric.equals(openMetric)) {
                if (lastTimestamp == null || l.timestamp() == null || !(l.timestamp() > lastTimestamp)) {
                    throw new IllegalArgumentException("a second sample of one metric needs increasing timestamps: "
                            + l.text());
                }
            } else {
                if (closedMetrics.contains(metric)) {
                    throw new IllegalArgumentException("metric " + name + metric + " is interleaved: " + l.text());
                }
                if (openMetric != null) {
                    closedMetrics.add(openMetric);
                }
                openMetric = metric;
            }
            lastTimestamp = l.timestamp();
            if ("stateset".equals(type)) {
                Map<String, String> rest = new TreeMap<>(l.labels());
                rest.remove(name);
                String group = rest.toString();
                if (!group.equals(openGroup)) {
                    if (closedGroups.contains(group)) {
                        throw new IllegalArgumentException("stateset MetricGroup " + group + " is interleaved: "
                                + l.text());
                    }
                    if (openGroup != null) {
                        closedGroups.add(openGroup);
                    }
                    openGroup = group;
                }
            }
            lines.add(l);
        }

        void close() {
            if (name == null) {
                return;
            }
            String t = type == null ? "unknown" : type;
            if ((t.equals("info") || t.equals("stateset")) && unit != null && !unit.isEmpty()) {
                throw new IllegalArgumentException(t + " " + name + " must have an empty unit");
            }
            if (t.equals("info") && !name.endsWith("_info")) {
                throw new IllegalArgumentException("info family " + name + " must end in _info");
            }
            for (Line l : lines) {
                checkLine(t, l);
            }
            done.add(new Family(name, type, unit, help, List.copyOf(lines)));
            name = null;
        }

        List<Family> finish() {
            close();
            return done;
        }

        private void checkLine(String t, Line l) {
            Composite c = l.composite();
            boolean composite = c != null;
            boolean wantsComposite = t.equals("histogram") || t.equals("gaugehistogram") || t.equals("summary");
            if (!t.equals("unknown") && composite != wantsComposite) {
                throw new IllegalArgumentException("a " + t + " sample must have a "
                        + (wantsComposite ? "composite value" : "number") + ": " + l.text());
            }
            if (composite && !t.equals("unknown") && !c.kind().equals(t)) {
                throw new IllegalArgumentException("a " + t + " with a " + c.kind() + " value: " + l.text());
            }
            if (l.startTimestamp() != null && !(t.equals("counter") || t.equals("histogram") || t.equals("summary")
                    || t.equals("unknown"))) {
                throw new IllegalArgumentException("a " + t + " sample has no start timestamp: " + l.text());
            }
            if (!l.exemplars().isEmpty() && !(t.equals("counter") || t.equals("histogram")
                    || t.equals("gaugehistogram") || t.equals("unknown"))) {
                throw new IllegalArgumentException("a " + t + " sample carries no exemplars: " + l.text());
            }
            switch (t) {
                case "counter":
                    if (Double.isNaN(l.value()) || l.value() < 0) {
                        throw new IllegalArgumentException("a counter is never NaN or negative: " + l.text());
                    }
                    break;
                case "info":
                    if (l.value() != 1) {
                        throw new IllegalArgumentException("an info's value is 1: " + l.text());
                    }
                    break;
                case "stateset":
                    if (!l.labels().containsKey(name) || l.value() != 0 && l.value() != 1) {
                        throw new IllegalArgumentException("a stateset sample has a label named like the family "
                                + "and the value 0 or 1: " + l.text());
                    }
                    break;
                default:
                    break;
            }
            if (composite) {
                checkComposite(c, l);
            }
        }

        private void checkComposite(Composite c, Line l) {
            String where = l.text();
            boolean gauge = c.kind().equals("gaugehistogram");
            if (c.kind().equals("summary")) {
                if (l.labels().containsKey("quantile")) {
                    throw new IllegalArgumentException("a summary has no quantile label: " + where);
                }
                if (!(c.count() >= 0) || !(c.sum() >= 0) || c.count() != Math.rint(c.count())) {
                    throw new IllegalArgumentException("summary count and sum are counters, the count an integer: "
                            + where);
                }
                double last = -1;
                for (double[] q : c.quantiles()) {
                    if (!(q[0] >= 0 && q[0] <= 1) || !(q[0] > last)) {
                        throw new IllegalArgumentException("quantiles within [0, 1] and ascending: " + where);
                    }
                    if (q[1] < 0) {
                        throw new IllegalArgumentException("quantile values are not negative: " + where);
                    }
                    last = q[0];
                }
                return;
            }
            if (!gauge && (!(c.count() >= 0))) {
                throw new IllegalArgumentException("a histogram's count is never negative or NaN: " + where);
            }
            if (c.buckets() != null) {
                if (l.labels().containsKey("le")) {
                    throw new IllegalArgumentException("a histogram with classic buckets has no le label: " + where);
                }
                double lastLe = Double.NaN;
                double lastValue = Double.NEGATIVE_INFINITY;
                for (double[] b : c.buckets()) {
                    if (!Double.isNaN(lastLe) && !(b[0] > lastLe)) {
                        throw new IllegalArgumentException("bucket thresholds unique and ascending: " + where);
                    }
                    if (!gauge && (!(b[1] >= 0) || b[1] < lastValue)) {
                        throw new IllegalArgumentException("bucket values non-negative and cumulative: " + where);
                    }
                    lastLe = b[0];
                    lastValue = b[1];
                }
                if (Double.compare(lastValue, c.count()) != 0) {
                    throw new IllegalArgumentException("the count equals the +Inf bucket: " + where);
                }
            }
            if (c.schema() != null) {
                if (c.schema() < -4 || c.schema() > 8) {
                    throw new IllegalArgumentException("schema within -4..8: " + where);
                }
                if (!(c.zeroThreshold() >= 0)) {
                    throw new IllegalArgumentException("zero threshold not negative: " + where);
                }
                double total = c.zeroCount();
                total += checkSpans(c.negativeSpans(), c.negativeBuckets(), gauge, where);
                total += checkSpans(c.positiveSpans(), c.positiveBuckets(), gauge, where);
                if (!gauge && (!(c.zeroCount() >= 0) || total > c.count())) {
                    throw new IllegalArgumentException("native buckets non-negative, together not above the count: "
                            + where);
                }
            }
        }

        private static double checkSpans(List<long[]> spans, List<Double> buckets, boolean gauge, String where) {
            if (spans == null) {
                return 0;
            }
            long length = 0;
            for (long[] s : spans) {
                length += s[1];
            }
            if (length != buckets.size()) {
                throw new IllegalArgumentException("span lengths sum to the number of buckets: " + where);
            }
            double sum = 0;
            for (double b : buckets) {
                if (!gauge && !(b >= 0)) {
                    throw new IllegalArgumentException("native bucket values are not negative: " + where);
                }
                sum += b;
            }
            return sum;
        }
    }
}
