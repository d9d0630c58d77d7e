package io.promptly.exposition;

/**
 * A text writer's scratch copy of the current family's most frequent sample name, {@code name + suffix}
 * ({@code x_total}, {@code x_bucket}, ...), built once per family so that a sample line starts with one copy
 * instead of two.
 *
 * <p>Not thread-safe: one per writer. {@link #set} allocates only when a name longer than any before arrives,
 * so a steady-state scrape allocates nothing.
 */
final class SamplePrefix {
    private static final int INITIAL_CAPACITY = 64;

    private byte[] bytes = new byte[INITIAL_CAPACITY];
    private int length;

    /** Makes the prefix {@code name} followed by {@code suffix}. */
    void set(byte[] name, byte[] suffix) {
        int total = name.length + suffix.length;
        if (total > bytes.length) {
            bytes = new byte[Math.max(total, 2 * bytes.length)];
        }
        System.arraycopy(name, 0, bytes, 0, name.length);
        System.arraycopy(suffix, 0, bytes, name.length, suffix.length);
        length = total;
    }

    /** Forgets the prefix (between scrapes). */
    void clear() {
        length = 0;
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
