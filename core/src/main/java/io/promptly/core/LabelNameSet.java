package io.promptly.core;

import java.nio.charset.StandardCharsets;

/**
 * The label names of a metric's series (const labels first), validated elsewhere and encoded once per metric for
 * every {@link NameEscaping}: shared by all its series' {@link SeriesLabels}, so a series holds its values only.
 * {@link #changedBy} says which escapings write some name differently from the {@link NameEscaping#ALLOW_UTF8}
 * form that a series encodes up front: none for legacy names, but {@link NameEscaping#DOTS} as soon as a name
 * holds an underscore.
 *
 * <p>Immutable; safe from any thread.
 */
final class LabelNameSet {
    static final LabelNameSet EMPTY = new LabelNameSet(new String[0]);

    final String[] names;
    /** Raw UTF-8 of each name. */
    final byte[][] utf8;
    /** {@code [escaping][i]}: name {@code i} in the text form (under ALLOW_UTF8 quoted when not legacy). */
    final byte[][][] text;
    /** {@code [escaping][i]}: name {@code i} in protobuf. */
    final byte[][][] protobuf;
    /** Bit {@code 1 << escaping.ordinal()} set when that escaping writes some name differently. */
    final int changedBy;

    LabelNameSet(String[] names) {
        this.names = names;
        NameEscaping[] schemes = NameEscaping.values();
        this.utf8 = new byte[names.length][];
        this.text = new byte[schemes.length][names.length][];
        this.protobuf = new byte[schemes.length][names.length][];
        int changed = 0;
        for (int i = 0; i < names.length; i++) {
            boolean legacy = NameEscaping.isLegacyLabelName(names[i]);
            utf8[i] = legacy ? names[i].getBytes(StandardCharsets.US_ASCII) : Utf8.encode(names[i]);
            for (NameEscaping e : schemes) {
                String escaped = e.escapeLabelName(names[i]);
                byte[] bytes = escaped.equals(names[i]) ? utf8[i] : Utf8.encode(escaped);
                protobuf[e.ordinal()][i] = bytes;
                text[e.ordinal()][i] = bytes;
                if (!escaped.equals(names[i])) {
                    changed |= 1 << e.ordinal();
                }
            }
            if (!legacy) {
                byte[] escaped = Utf8.escapeLabelValue(names[i]);
                byte[] quoted = new byte[escaped.length + 2];
                quoted[0] = '"';
                System.arraycopy(escaped, 0, quoted, 1, escaped.length);
                quoted[quoted.length - 1] = '"';
                text[NameEscaping.ALLOW_UTF8.ordinal()][i] = quoted;
            }
        }
        this.changedBy = changed;
    }

    /** Whether {@code escaping} writes these names as the ALLOW_UTF8 form does (a series' up-front encoding). */
    boolean unchangedBy(NameEscaping escaping) {
        return (changedBy & (1 << escaping.ordinal())) == 0;
    }
}
