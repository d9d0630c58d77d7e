package io.promptly.core;

/**
 * One generation of a native histogram sign's bucket counts: a dense window of {@code counts.length} buckets
 * starting at bucket index {@code offset}, at one schema. Immutable apart from the counts themselves.
 *
 * <p>Thread-safety: observers add to the counts with {@code getAndAdd} (see {@link NativeSign}); readers load them
 * opaque. A window stays readable (and writable by a racing observer) after a newer generation replaces it, so
 * readers sum every generation.
 */
final class NativeWindow {
    /** The generation of a sign that has seen no value yet: no bucket, so the first value makes a real one. */
    static NativeWindow empty(int schema) {
        return new NativeWindow(NativeIndex.forSchema(schema), 0, 0);
    }

    final NativeIndex index;
    final int schema;
    final int offset;
    final long[] counts;

    NativeWindow(NativeIndex index, int offset, int length) {
        this.index = index;
        this.schema = index.schema();
        this.offset = offset;
        this.counts = new long[length];
    }

    /** The last bucket index covered (offset - 1 when empty). */
    int last() {
        return offset + counts.length - 1;
    }
}
