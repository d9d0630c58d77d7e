package io.promptly.exposition;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A strict, independent reader of sample lines in text 0.0.4 and OpenMetrics, written from the format
 * documents: {@code name{label="value",...} value}, label values unescaped ({@code \\}, {@code \"},
 * {@code \n} only; any other escape is an error), numbers {@code NaN}, {@code +Inf}, {@code -Inf} or a Go
 * float. Comment lines are skipped. Throws IllegalArgumentException on anything malformed.
 */
public final class TextFormatParser {
    private TextFormatParser() {
    }

    public static List<Sample> parse(String body) {
        List<Sample> samples = new ArrayList<>();
        if (body.isEmpty()) {
            return samples;
        }
        if (!body.endsWith("\n")) {
            throw new IllegalArgumentException("body does not end with a newline");
        }
        for (String line : body.substring(0, body.length() - 1).split("\n", -1)) {
            if (line.startsWith("#")) {
                continue;
            }
            samples.add(parseLine(line));
        }
        return samples;
    }

    static Sample parseLine(String line) {
        int i = 0;
        while (i < line.length() && line.charAt(i) != '{' && line.charAt(i) != ' ') {
            i++;
        }
        String name = line.substring(0, i);
        if (name.isEmpty()) {
            throw new IllegalArgumentException("no metric name in: " + line);
        }
        Map<String, String> labels = new LinkedHashMap<>();
        if (i < line.length() && line.charAt(i) == '{') {
            i++;
            while (true) {
                int eq = line.indexOf('=', i);
                if (eq < 0) {
                    throw new IllegalArgumentException("no '=' in labels of: " + line);
                }
                String labelName = line.substring(i, eq);
                if (eq + 1 >= line.length() || line.charAt(eq + 1) != '"') {
                    throw new IllegalArgumentException("label value not quoted in: " + line);
                }
                StringBuilder value = new StringBuilder();
                int j = eq + 2;
                while (true) {
                    if (j >= line.length()) {
                        throw new IllegalArgumentException("unterminated label value in: " + line);
                    }
                    char c = line.charAt(j);
                    if (c == '"') {
                        break;
                    }
                    if (c == '\\') {
                        char next = j + 1 < line.length() ? line.charAt(j + 1) : '?';
                        if (next == '\\') {
                            value.append('\\');
                        } else if (next == '"') {
                            value.append('"');
                        } else if (next == 'n') {
                            value.append('\n');
                        } else {
                            throw new IllegalArgumentException("invalid escape \\" + next + " in: " + line);
                        }
                        j += 2;
                    } else {
                        value.append(c);
                        j++;
                    }
                }
                if (labels.put(labelName, value.toString()) != null) {
                    throw new IllegalArgumentException("duplicate label " + labelName + " in: " + line);
                }
                j++;
                if (j < line.length() && line.charAt(j) == ',') {
                    i = j + 1;
                } else if (j < line.length() && line.charAt(j) == '}') {
                    i = j + 1;
                    break;
                } else {
                    throw new IllegalArgumentException("expected ',' or '}' in: " + line);
                }
            }
        }
        if (i >= line.length() || line.charAt(i) != ' ') {
            throw new IllegalArgumentException("expected one space before the value in: " + line);
        }
        String value = line.substring(i + 1);
        if (value.contains(" ")) {
            throw new IllegalArgumentException("unexpected timestamp or space in: " + line);
        }
        return new Sample(name, labels, parseValue(value));
    }

    public static double parseValue(String value) {
        switch (value) {
            case "NaN":
                return Double.NaN;
            case "+Inf":
                return Double.POSITIVE_INFINITY;
            case "-Inf":
                return Double.NEGATIVE_INFINITY;
            default:
                if (value.isEmpty() || value.contains("Infinity") || value.contains("N")) {
                    throw new IllegalArgumentException("not a Prometheus number: " + value);
                }
                return Double.parseDouble(value);
        }
    }
}
