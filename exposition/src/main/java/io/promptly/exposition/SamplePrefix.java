package io.promptly.exposition;

/**
 * A text writer's scratch copy of the current family's most frequent sample name, {@code name + suffix}
 * ({@code x_total}, {@code x_bucket}, ...), built once per family so that a sample line starts with one copy
 * instead of two. A quoted (UTF-8) name is kept as {@code {"name suffix"}: the line's labels then follow a comma
 * inside those braces.
 *
 * <p>Not thread-safe: one per writer. {@link #set} allocates only when a name longer than any before arrives,
 * so a steady-state scrape allocates nothing.
 */
final class SamplePrefix {
    private static final int INITIAL_CAPACITY = 64;

    private byte[] bytes = new byte[INITIAL_CAPACITY];
    private int length;
    private boolean quoted;

    /** Makes the prefix {@code name} followed by {@code suffix}. */
    void set(byte[] name, byte[] suffix) {
        set(name, suffix, false);
    }

    /** Makes the prefix {@code name suffix}, or {@code {"name suffix"} when {@code quoted}. */
    void set(byte[] name, byte[] suffix, boolean quoted) {
        int extra = quoted ? 3 : 0;
        int total = name.length + suffix.length + extra;
        if (total > bytes.length) {
            bytes = new byte[Math.max(total, 2 * bytes.length)];
        }
        int at = 0;
        if (quoted) {
            bytes[at++] = '{';
            bytes[at++] = '"';
        }
        System.arraycopy(name, 0, bytes, at, name.length);
        at += name.length;
        System.arraycopy(suffix, 0, bytes, at, suffix.length);
        at += suffix.length;
        if (quoted) {
            bytes[at++] = '"';
        }
        length = at;
        this.quoted = quoted;
    }

    /** Forgets the prefix (between scrapes). */
    void clear() {
        length = 0;
        quoted = false;
    }

    /** Whether the prefix is a quoted name inside an opened brace. */
    boolean quoted() {
        return quoted;
    }

    /** The prefix bytes are {@code bytes()[0, length())}. */
    byte[] bytes() {
        return bytes;
    }

    /** Number of prefix bytes. */
    int length() {
        return length;
    }
}
