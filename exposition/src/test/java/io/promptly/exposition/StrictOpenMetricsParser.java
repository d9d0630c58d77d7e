package io.promptly.exposition;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * A strict OpenMetrics 1.0 text parser written from the specification (its ABNF and the rules of each metric
 * type), independent of our writers. Throws {@link IllegalArgumentException} naming the line and the rule on
 * the first violation. Checked:
 * <ul>
 *   <li>syntax: valid UTF-8; every line a descriptor ({@code # HELP|TYPE|UNIT}) or a sample, no blank line, no
 *       other comment, last line {@code # EOF} (an optional LF after it, nothing else); metric and label name
 *       grammars; label values with the escapes {@code \\}, {@code \"}, {@code \n} only; no duplicate label
 *       names; numbers per the ABNF ({@code realnumber}, {@code [+-]Inf}/{@code infinity}, {@code NaN}, case
 *       insensitive; no hex, no Java suffixes); optional timestamp; exemplars
 *       {@code  # {labels} number [timestamp]};</li>
 *   <li>families: descriptors at most once each and before the family's samples, families not interleaved nor
 *       repeated, known types only, sample names the family name plus the suffixes its type allows, a unit only
 *       when the family name ends in {@code _<unit>} and never on info or stateset; no two samples with the same
 *       name and label set; a series' samples contiguous;</li>
 *   <li>counters: {@code _total} not NaN and not negative; info: value 1; stateset: a label named like the
 *       family, value 0 or 1; exemplars only on counter {@code _total} and histogram {@code _bucket} samples,
 *       their label names and values together at most 128 code points;</li>
 *   <li>histograms: {@code le} on every bucket, canonical, ascending and unique, last {@code +Inf}; bucket and
 *       {@code _count} values integers (no decimal point) and not negative; buckets cumulative; {@code _count}
 *       present if and only if {@code _sum} is, equal to the {@code +Inf} bucket; {@code _sum} not NaN and not
 *       negative, and absent when a bucket bound is negative;</li>
 *   <li>summaries: {@code quantile} canonical and within [0, 1]; quantile values not negative (NaN allowed);
 *       {@code _count} an integer, not negative; {@code _sum} not NaN and not negative;</li>
 *   <li>canonical numbers ({@code le}, {@code quantile}): parse back to the same double, use the fewest
 *       significant digits that do, an integral value without exponent has {@code .0}, infinity is
 *       {@code +Inf}, never {@code -0}.</li>
 * </ul>
 */
public final class StrictOpenMetricsParser {
    private static final Pattern METRIC_NAME = Pattern.compile("[a-zA-Z_:][a-zA-Z0-9_:]*");
    private static final Pattern LABEL_NAME = Pattern.compile("[a-zA-Z_][a-zA-Z0-9_]*");
    private static final Pattern REAL_NUMBER = Pattern.compile("[+-]?([0-9]+(\\.[0-9]*)?|\\.[0-9]+)([eE][+-]?[0-9]+)?");
    private static final Pattern INTEGER = Pattern.compile("[0-9]+");
    private static final Set<String> TYPES = Set.of("counter", "gauge", "histogram", "gaugehistogram", "stateset",
            "info", "summary", "unknown");
    private static final int MAX_EXEMPLAR_CODE_POINTS = 128;

    private StrictOpenMetricsParser() {
    }

    /** An exemplar: labels, value, timestamp in seconds (null when absent). */
    public record Exemplar(Map<String, String> labels, double value, Double timestamp) {
    }

    /** One sample line: name, labels in order, value (and its text), timestamp (or null), exemplar (or null). */
    public record Point(String name, Map<String, String> labels, double value, String text, Double timestamp,
            Exemplar exemplar) {
        /** As a format-neutral {@link Sample}. */
        public Sample sample() {
            return new Sample(name, labels, value);
        }
    }

    /** One metric family with its metadata and samples in body order. */
    public record Family(String name, String type, String unit, String help, List<Point> points) {
    }

    /** Parses and checks a body given as bytes (strict UTF-8). */
    public static List<Family> parse(byte[] body) {
        try {
            String text = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(body)).toString();
            return parse(text);
        } catch (CharacterCodingException e) {
            throw new IllegalArgumentException("body is not valid UTF-8", e);
        }
    }

    /** Parses and checks a body; returns its families in order. */
    public static List<Family> parse(String body) {
        String content;
        if (body.endsWith("# EOF\n")) {
            content = body.substring(0, body.length() - "# EOF\n".length());
        } else if (body.endsWith("# EOF")) {
            content = body.substring(0, body.length() - "# EOF".length());
        } else {
            throw new IllegalArgumentException("body does not end with # EOF");
        }
        if (!content.isEmpty() && !content.endsWith("\n")) {
            throw new IllegalArgumentException("# EOF is not on a line of its own");
        }
        List<Family> families = new ArrayList<>();
        Set<String> seenFamilies = new HashSet<>();
        FamilyBuilder current = null;
        String[] lines = content.isEmpty() ? new String[0] : content.substring(0, content.length() - 1).split("\n", -1);
        for (int n = 0; n < lines.length; n++) {
            String line = lines[n];
            try {
                if (line.startsWith("#")) {
                    String[] parts = descriptor(line);
                    String keyword = parts[0];
                    String name = parts[1];
                    if (current == null || !current.name.equals(name)) {
                        if (current != null) {
                            families.add(current.finish());
                        }
                        if (!seenFamilies.add(name)) {
                            throw new IllegalArgumentException("family " + name + " appears twice (interleaved)");
                        }
                        current = new FamilyBuilder(name);
                    }
                    current.descriptor(keyword, parts[2]);
                } else {
                    Point p = sampleLine(line);
                    if (current == null || !current.accepts(p.name())) {
                        if (current != null) {
                            families.add(current.finish());
                        }
                        // a sample without descriptors: an unknown family named like the sample
                        if (!seenFamilies.add(p.name())) {
                            throw new IllegalArgumentException("family " + p.name() + " appears twice (interleaved)");
                        }
                        current = new FamilyBuilder(p.name());
                    }
                    current.add(p);
                }
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("line " + (n + 1) + " \"" + line + "\": " + e.getMessage(), e);
            }
        }
        if (current != null) {
            families.add(current.finish());
        }
        return families;
    }

    /** All samples of a body, checked, in order. */
    public static List<Sample> samples(String body) {
        List<Sample> out = new ArrayList<>();
        for (Family f : parse(body)) {
            for (Point p : f.points()) {
                out.add(p.sample());
            }
        }
        return out;
    }

    private static String[] descriptor(String line) {
        String rest;
        String keyword;
        if (line.startsWith("# HELP ")) {
            keyword = "HELP";
        } else if (line.startsWith("# TYPE ")) {
            keyword = "TYPE";
        } else if (line.startsWith("# UNIT ")) {
            keyword = "UNIT";
        } else {
            throw new IllegalArgumentException("comment lines other than HELP, TYPE, UNIT, EOF are not allowed");
        }
        rest = line.substring(7);
        int space = rest.indexOf(' ');
        if (space < 0) {
            throw new IllegalArgumentException("descriptor without a value (needs 'name SP value')");
        }
        String name = rest.substring(0, space);
        checkMetricName(name);
        String value = rest.substring(space + 1);
        if (keyword.equals("HELP")) {
            checkEscapes(value, true);
        } else if (keyword.equals("TYPE") && !TYPES.contains(value)) {
            throw new IllegalArgumentException("unknown type " + value);
        } else if (keyword.equals("UNIT") && !value.isEmpty() && !Pattern.matches("[a-zA-Z0-9_:]+", value)) {
            throw new IllegalArgumentException("bad unit " + value);
        }
        return new String[] {keyword, name, value};
    }

    private static void checkEscapes(String s, boolean help) {
        for (int i = 0; i < s.length(); i++) {
            if (s.charAt(i) == '\\') {
                char next = i + 1 < s.length() ? s.charAt(i + 1) : ' ';
                if (next != '\\' && next != '"' && next != 'n') {
                    throw new IllegalArgumentException("invalid escape \\" + next + (help ? " in HELP" : ""));
                }
                i++;
            }
        }
    }

    static void checkMetricName(String name) {
        if (!METRIC_NAME.matcher(name).matches()) {
            throw new IllegalArgumentException("invalid metric name \"" + name + "\"");
        }
    }

    /** Parses one sample line: {@code name [labels] SP number [SP timestamp] [exemplar]}. */
    static Point sampleLine(String line) {
        Cursor c = new Cursor(line);
        int start = c.i;
        while (c.i < line.length() && line.charAt(c.i) != '{' && line.charAt(c.i) != ' ') {
            c.i++;
        }
        String name = line.substring(start, c.i);
        checkMetricName(name);
        Map<String, String> labels = c.peek('{') ? c.labels() : new LinkedHashMap<>();
        c.expect(' ');
        String valueText = c.token();
        double value = number(valueText);
        Double timestamp = null;
        Exemplar exemplar = null;
        if (c.i < line.length()) {
            c.expect(' ');
            if (c.peek('#')) {
                exemplar = c.exemplar();
            } else {
                timestamp = realNumber(c.token());
                if (c.i < line.length()) {
                    c.expect(' ');
                    exemplar = c.exemplar();
                }
            }
        }
        if (c.i != line.length()) {
            throw new IllegalArgumentException("unexpected characters at column " + c.i);
        }
        return new Point(name, labels, value, valueText, timestamp, exemplar);
    }

    /** A number per the ABNF: realnumber, [+-]inf/infinity or nan, case insensitive. */
    public static double number(String s) {
        String lower = s.toLowerCase(Locale.ROOT);
        switch (lower) {
            case "nan":
                return Double.NaN;
            case "inf": case "+inf": case "infinity": case "+infinity":
                return Double.POSITIVE_INFINITY;
            case "-inf": case "-infinity":
                return Double.NEGATIVE_INFINITY;
            default:
                return realNumber(s);
        }
    }

    private static double realNumber(String s) {
        if (!REAL_NUMBER.matcher(s).matches()) {
            throw new IllegalArgumentException("not an OpenMetrics number: \"" + s + "\"");
        }
        return Double.parseDouble(s);
    }

    /**
     * Checks a canonical {@code le}/{@code quantile} value: round-trips, fewest significant digits, integral
     * values without exponent end in {@code .0}, {@code +Inf} for infinity, no negative zero.
     */
    public static double canonical(String s) {
        if (s.equals("+Inf")) {
            return Double.POSITIVE_INFINITY;
        }
        if (s.equals("-Inf")) {
            return Double.NEGATIVE_INFINITY;
        }
        double x = realNumber(s);
        if (x == 0 && s.startsWith("-")) {
            throw new IllegalArgumentException("canonical number \"" + s + "\" is a negative zero");
        }
        String mantissa = s.replaceFirst("^[+-]", "").replaceFirst("[eE].*$", "");
        boolean exponent = s.indexOf('e') >= 0 || s.indexOf('E') >= 0;
        if (!exponent && x == Math.rint(x) && !mantissa.contains(".")) {
            throw new IllegalArgumentException("canonical integral number \"" + s + "\" lacks .0");
        }
        int dot = mantissa.indexOf('.');
        if (dot >= 0) {
            String fraction = mantissa.substring(dot + 1);
            if (fraction.length() > 1 && fraction.endsWith("0") || fraction.isEmpty()) {
                throw new IllegalArgumentException("canonical number \"" + s + "\" has superfluous fraction digits");
            }
        }
        if (x != 0) {
            String digits = mantissa.replace(".", "").replaceFirst("^0+", "");
            digits = digits.replaceFirst("0+$", "");
            int shortest = shortestDigits(x);
            if (digits.length() != shortest) {
                throw new IllegalArgumentException("canonical number \"" + s + "\" has " + digits.length()
                        + " significant digits, the shortest round-trip form has " + shortest);
            }
        }
        return x;
    }

    private static int shortestDigits(double x) {
        for (int p = 1; p <= 17; p++) {
            String candidate = String.format(Locale.ROOT, "%." + (p - 1) + "e", x);
            if (Double.parseDouble(candidate) == x) {
                return p;
            }
        }
        return 17;
    }

    private static final class Cursor {
        final String s;
        int i;

        Cursor(String s) {
            this.s = s;
        }

        boolean peek(char ch) {
            return i < s.length() && s.charAt(i) == ch;
        }

        void expect(char ch) {
            if (!peek(ch)) {
                throw new IllegalArgumentException("expected '" + ch + "' at column " + i);
            }
            i++;
        }

        String token() {
            int start = i;
            while (i < s.length() && s.charAt(i) != ' ') {
                i++;
            }
            if (i == start) {
                throw new IllegalArgumentException("empty token at column " + start);
            }
            return s.substring(start, i);
        }

        Map<String, String> labels() {
            Map<String, String> labels = new LinkedHashMap<>();
            expect('{');
            if (peek('}')) {
                i++;
                return labels;
            }
            while (true) {
                int start = i;
                while (i < s.length() && s.charAt(i) != '=') {
                    i++;
                }
                String name = s.substring(start, i);
                if (!LABEL_NAME.matcher(name).matches()) {
                    throw new IllegalArgumentException("invalid label name \"" + name + "\"");
                }
                expect('=');
                expect('"');
                StringBuilder value = new StringBuilder();
                while (true) {
                    if (i >= s.length()) {
                        throw new IllegalArgumentException("unterminated label value");
                    }
                    char ch = s.charAt(i);
                    if (ch == '"') {
                        i++;
                        break;
                    }
                    if (ch == '\\') {
                        char next = i + 1 < s.length() ? s.charAt(i + 1) : ' ';
                        if (next == '\\' || next == '"') {
                            value.append(next);
                        } else if (next == 'n') {
                            value.append('\n');
                        } else {
                            throw new IllegalArgumentException("invalid escape \\" + next + " in a label value");
                        }
                        i += 2;
                    } else {
                        value.append(ch);
                        i++;
                    }
                }
                if (labels.put(name, value.toString()) != null) {
                    throw new IllegalArgumentException("duplicate label name " + name);
                }
                if (peek(',')) {
                    i++;
                } else {
                    expect('}');
                    return labels;
                }
            }
        }

        Exemplar exemplar() {
            expect('#');
            expect(' ');
            Map<String, String> labels = labels();
            int codePoints = 0;
            for (Map.Entry<String, String> e : labels.entrySet()) {
                codePoints += e.getKey().codePointCount(0, e.getKey().length())
                        + e.getValue().codePointCount(0, e.getValue().length());
            }
            if (codePoints > MAX_EXEMPLAR_CODE_POINTS) {
                throw new IllegalArgumentException("exemplar labels have " + codePoints + " code points (max 128)");
            }
            expect(' ');
            double value = number(token());
            Double timestamp = null;
            if (peek(' ')) {
                i++;
                timestamp = realNumber(token());
            }
            return new Exemplar(labels, value, timestamp);
        }
    }

    /** Collects one family and checks its rules when finished. */
    private static final class FamilyBuilder {
        final String name;
        String type;
        String unit;
        String help;
        final List<Point> points = new ArrayList<>();
        final Set<String> keys = new HashSet<>();
        /** Series keys (labels without le/quantile) already closed: their samples must be contiguous. */
        final Set<String> closedSeries = new HashSet<>();
        String openSeries;

        FamilyBuilder(String name) {
            this.name = name;
        }

        void descriptor(String keyword, String value) {
            if (!points.isEmpty()) {
                throw new IllegalArgumentException(keyword + " of " + name + " after its samples");
            }
            switch (keyword) {
                case "HELP":
                    if (help != null) {
                        throw new IllegalArgumentException("second HELP for " + name);
                    }
                    help = value;
                    break;
                case "TYPE":
                    if (type != null) {
                        throw new IllegalArgumentException("second TYPE for " + name);
                    }
                    type = value;
                    break;
                default:
                    if (unit != null) {
                        throw new IllegalArgumentException("second UNIT for " + name);
                    }
                    unit = value;
            }
        }

        String type() {
            return type == null ? "unknown" : type;
        }

        boolean accepts(String sampleName) {
            for (String suffix : suffixes(type())) {
                if (sampleName.equals(name + suffix)) {
                    return true;
                }
            }
            return false;
        }

        private static String[] suffixes(String type) {
            switch (type) {
                case "counter":
                    return new String[] {"_total", "_created"};
                case "info":
                    return new String[] {"_info"};
                case "histogram":
                    return new String[] {"_bucket", "_count", "_sum", "_created"};
                case "gaugehistogram":
                    return new String[] {"_bucket", "_gcount", "_gsum"};
                case "summary":
                    return new String[] {"", "_count", "_sum", "_created"};
                default:
                    return new String[] {""};
            }
        }

        void add(Point p) {
            String key = p.name() + new TreeMap<>(p.labels());
            if (!keys.add(key)) {
                throw new IllegalArgumentException("duplicate sample " + key);
            }
            Map<String, String> seriesLabels = new TreeMap<>(p.labels());
            String t = type();
            if (t.equals("histogram") || t.equals("gaugehistogram")) {
                seriesLabels.remove("le");
            } else if (t.equals("summary")) {
                seriesLabels.remove("quantile");
            } else if (t.equals("stateset")) {
                seriesLabels.remove(name);
            }
            String series = seriesLabels.toString();
            if (!series.equals(openSeries)) {
                if (closedSeries.contains(series)) {
                    throw new IllegalArgumentException("samples of series " + series + " are not contiguous");
                }
                if (openSeries != null) {
                    closedSeries.add(openSeries);
                }
                openSeries = series;
            }
            if (p.exemplar() != null && !(t.equals("counter") && p.name().endsWith("_total"))
                    && !((t.equals("histogram") || t.equals("gaugehistogram")) && p.name().endsWith("_bucket"))) {
                throw new IllegalArgumentException("exemplar on " + p.name() + " of a " + t);
            }
            points.add(p);
        }

        Family finish() {
            String t = type();
            if (unit != null && !unit.isEmpty()) {
                if (t.equals("info") || t.equals("stateset")) {
                    throw new IllegalArgumentException(t + " " + name + " must have an empty unit, has " + unit);
                }
                if (!name.endsWith("_" + unit)) {
                    throw new IllegalArgumentException("family " + name + " does not end with its unit _" + unit);
                }
            }
            switch (t) {
                case "counter":
                    for (Point p : points) {
                        if (p.name().endsWith("_total") && (Double.isNaN(p.value()) || p.value() < 0)) {
                            throw new IllegalArgumentException("counter " + p.name() + p.labels()
                                    + " is NaN or negative: " + p.text());
                        }
                    }
                    break;
                case "info":
                    for (Point p : points) {
                        if (p.value() != 1) {
                            throw new IllegalArgumentException("info " + p.name() + " has value " + p.text());
                        }
                    }
                    break;
                case "stateset":
                    for (Point p : points) {
                        if (!p.labels().containsKey(name) || (p.value() != 0 && p.value() != 1)) {
                            throw new IllegalArgumentException("stateset sample " + p.labels() + " " + p.text());
                        }
                    }
                    break;
                case "histogram":
                    checkHistograms(false);
                    break;
                case "gaugehistogram":
                    checkHistograms(true);
                    break;
                case "summary":
                    checkSummaries();
                    break;
                default:
                    break;
            }
            return new Family(name, t, unit, help, List.copyOf(points));
        }

        private Map<String, List<Point>> bySeries(String numericLabel) {
            Map<String, List<Point>> series = new LinkedHashMap<>();
            for (Point p : points) {
                Map<String, String> rest = new TreeMap<>(p.labels());
                rest.remove(numericLabel);
                series.computeIfAbsent(rest.toString(), k -> new ArrayList<>()).add(p);
            }
            return series;
        }

        /**
         * Histogram rules; for a gauge histogram ({@code gauge}) the count and sum are {@code _gcount} and
         * {@code _gsum}, the sum is a gauge: never NaN, negative only when a bucket bound is negative.
         */
        private void checkHistograms(boolean gauge) {
            String countName = name + (gauge ? "_gcount" : "_count");
            String sumName = name + (gauge ? "_gsum" : "_sum");
            for (Map.Entry<String, List<Point>> e : bySeries("le").entrySet()) {
                String where = name + e.getKey();
                double lastBound = Double.NEGATIVE_INFINITY;
                boolean anyBucket = false;
                boolean negativeBound = false;
                long lastCount = -1;
                Point count = null;
                Point sum = null;
                double infCount = Double.NaN;
                for (Point p : e.getValue()) {
                    if (p.name().equals(name + "_bucket")) {
                        String le = p.labels().get("le");
                        if (le == null) {
                            throw new IllegalArgumentException("bucket without le in " + where);
                        }
                        double bound = canonical(le);
                        if (anyBucket && !(bound > lastBound)) {
                            throw new IllegalArgumentException("le " + le + " not ascending in " + where);
                        }
                        negativeBound |= bound < 0;
                        long c = integerCount(p, where);
                        if (c < lastCount) {
                            throw new IllegalArgumentException("buckets not cumulative in " + where + " at le " + le);
                        }
                        lastCount = c;
                        lastBound = bound;
                        anyBucket = true;
                        if (bound == Double.POSITIVE_INFINITY) {
                            infCount = p.value();
                        }
                    } else if (p.name().equals(countName)) {
                        if (p.labels().containsKey("le")) {
                            throw new IllegalArgumentException("_count with an le label in " + where);
                        }
                        integerCount(p, where);
                        count = p;
                    } else if (p.name().equals(sumName)) {
                        if (p.labels().containsKey("le")) {
                            throw new IllegalArgumentException("_sum with an le label in " + where);
                        }
                        sum = p;
                    }
                }
                if (!anyBucket || lastBound != Double.POSITIVE_INFINITY) {
                    throw new IllegalArgumentException("histogram " + where + " has no +Inf bucket last");
                }
                if ((count == null) != (sum == null)) {
                    throw new IllegalArgumentException("histogram " + where + " has " + (count == null ? "_sum" : "_count")
                            + " without " + (count == null ? "_count" : "_sum"));
                }
                if (count != null && count.value() != infCount) {
                    throw new IllegalArgumentException("_count " + count.text() + " differs from the +Inf bucket in "
                            + where);
                }
                if (sum != null && gauge) {
                    if (Double.isNaN(sum.value()) || sum.value() < 0 && !negativeBound) {
                        throw new IllegalArgumentException("gauge histogram _gsum is NaN, or negative without a "
                                + "negative bound, in " + where + ": " + sum.text());
                    }
                } else if (sum != null) {
                    if (negativeBound) {
                        throw new IllegalArgumentException("histogram " + where + " has a negative bound and a _sum");
                    }
                    if (Double.isNaN(sum.value()) || sum.value() < 0) {
                        throw new IllegalArgumentException("histogram _sum is NaN or negative in " + where + ": "
                                + sum.text());
                    }
                }
            }
        }

        private void checkSummaries() {
            for (Map.Entry<String, List<Point>> e : bySeries("quantile").entrySet()) {
                String where = name + e.getKey();
                for (Point p : e.getValue()) {
                    if (p.name().equals(name)) {
                        String q = p.labels().get("quantile");
                        if (q == null) {
                            throw new IllegalArgumentException("summary sample without quantile in " + where);
                        }
                        double rank = canonical(q);
                        if (!(rank >= 0 && rank <= 1)) {
                            throw new IllegalArgumentException("quantile " + q + " outside [0, 1] in " + where);
                        }
                        if (p.value() < 0) {
                            throw new IllegalArgumentException("negative quantile value " + p.text() + " in " + where);
                        }
                    } else if (p.name().equals(name + "_count")) {
                        integerCount(p, where);
                    } else if (p.name().equals(name + "_sum")) {
                        if (Double.isNaN(p.value()) || p.value() < 0) {
                            throw new IllegalArgumentException("summary _sum is NaN or negative in " + where + ": "
                                    + p.text());
                        }
                    }
                }
            }
        }

        private static long integerCount(Point p, String where) {
            if (!INTEGER.matcher(p.text()).matches()) {
                throw new IllegalArgumentException(p.name() + " in " + where + " is not a non-negative integer: "
                        + p.text());
            }
            return new java.math.BigInteger(p.text()).min(java.math.BigInteger.valueOf(Long.MAX_VALUE)).longValue();
        }
    }

    /** Indexes parsed families by name. */
    public static Map<String, Family> byName(List<Family> families) {
        Map<String, Family> out = new HashMap<>();
        for (Family f : families) {
            out.put(f.name(), f);
        }
        return out;
    }
}
