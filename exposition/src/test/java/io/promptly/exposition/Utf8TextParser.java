package io.promptly.exposition;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A strict reader of the text formats with UTF-8 names, written from the Prometheus text format 1.0.0 /
 * OpenMetrics UTF-8 grammar: a metric name is a legacy name ({@code [a-zA-Z_:][a-zA-Z0-9_:]*}) or a double-quoted
 * string (escapes {@code \\}, {@code \"}, {@code \n}) that then stands first inside the braces
 * ({@code {"a.b",x="1"} 2}); a label name is a legacy label name or a quoted string; metadata lines name the
 * family the same way ({@code # TYPE "a.b" counter}). Any other byte sequence is an error. Test code: independent
 * of the writers.
 */
final class Utf8TextParser {
    /** One sample: its metric name (unquoted, unescaped), labels in order, the value text. */
    record Point(String name, Map<String, String> labels, String value) {
    }

    /** The metadata names ({@code # HELP}/{@code # TYPE}/{@code # UNIT}) and samples of a body. */
    record Body(List<String> metadataNames, List<Point> points) {
    }

    private final String s;
    private int i;

    private Utf8TextParser(String s) {
        this.s = s;
    }

    static Body parse(String body) {
        List<String> metadata = new ArrayList<>();
        List<Point> points = new ArrayList<>();
        for (String line : body.split("\n", -1)) {
            if (line.isEmpty() || line.equals("# EOF")) {
                continue;
            }
            Utf8TextParser p = new Utf8TextParser(line);
            if (line.startsWith("# HELP ") || line.startsWith("# TYPE ") || line.startsWith("# UNIT ")) {
                p.i = 7;
                metadata.add(p.name(true));
                p.expect(' ');
            } else if (line.startsWith("#")) {
                throw new AssertionError("unknown comment line: " + line);
            } else {
                points.add(p.sample());
            }
        }
        return new Body(metadata, points);
    }

    private Point sample() {
        String name = null;
        Map<String, String> labels = new LinkedHashMap<>();
        if (peek() != '{') {
            name = name(true);
        }
        if (peek() == '{') {
            i++;
            boolean first = true;
            while (peek() != '}') {
                if (!first) {
                    expect(',');
                }
                if (first && name == null && peek() == '"') {
                    name = quoted();
                    first = false;
                    continue;
                }
                first = false;
                String labelName = name(false);
                expect('=');
                if (labels.put(labelName, quoted()) != null) {
                    throw new AssertionError("label " + labelName + " twice in " + s);
                }
            }
            i++;
        }
        if (name == null) {
            throw new AssertionError("no metric name in " + s);
        }
        expect(' ');
        String value = s.substring(i);
        if (value.isEmpty() || value.contains(" #")) {
            throw new AssertionError("bad value in " + s);
        }
        return new Point(name, labels, value);
    }

    private String name(boolean metric) {
        if (peek() == '"') {
            return quoted();
        }
        int start = i;
        while (i < s.length()) {
            char c = s.charAt(i);
            boolean ok = c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c == '_' || metric && c == ':'
                    || i > start && c >= '0' && c <= '9';
            if (!ok) {
                break;
            }
            i++;
        }
        if (i == start) {
            throw new AssertionError("expected a name at " + start + " in " + s);
        }
        return s.substring(start, i);
    }

    private String quoted() {
        expect('"');
        StringBuilder out = new StringBuilder();
        while (true) {
            if (i >= s.length()) {
                throw new AssertionError("unterminated string in " + s);
            }
            char c = s.charAt(i++);
            if (c == '"') {
                return out.toString();
            }
            if (c == '\\') {
                char e = s.charAt(i++);
                if (e == 'n') {
                    out.append('\n');
                } else if (e == '\\' || e == '"') {
                    out.append(e);
                } else {
                    throw new AssertionError("bad escape \\" + e + " in " + s);
                }
            } else {
                out.append(c);
            }
        }
    }

    private char peek() {
        return i < s.length() ? s.charAt(i) : '\0';
    }

    private void expect(char c) {
        if (peek() != c) {
            throw new AssertionError("expected '" + c + "' at " + i + " in " + s);
        }
        i++;
    }
}
