package io.promptly.exposition;

import io.prometheus.client.Metrics;
import java.math.BigInteger;
import java.util.List;
import java.util.TreeMap;

/**
 * Native histogram facts computed from the spec, independently of the code under test: the bucket index of a
 * value (exact integer arithmetic) and the decoding of metrics.proto spans + deltas back into bucket counts.
 */
final class SpecBuckets {
    private SpecBuckets() {
    }

    /** The smallest i with |x| ≤ 2^(i / 2^schema). */
    static int index(double x, int schema) {
        double magnitude = Math.abs(x);
        int i = (int) Math.ceil(Math.log(magnitude) / Math.log(2) * Math.pow(2, schema)) - 2;
        while (!atMostBound(magnitude, i, schema)) {
            i++;
        }
        while (atMostBound(magnitude, i - 1, schema)) {
            i--;
        }
        return i;
    }

    /** magnitude = M·2^E: schema s ≥ 0 asks M^(2^s) ≤ 2^(i − E·2^s); schema −d asks M ≤ 2^(i·2^d − E). */
    static boolean atMostBound(double magnitude, int i, int schema) {
        int e = magnitude < Double.MIN_NORMAL ? -1074 : Math.getExponent(magnitude) - 52;
        BigInteger m = BigInteger.valueOf((long) Math.scalb(magnitude, -e));
        long power;
        BigInteger left;
        if (schema >= 0) {
            int n = 1 << schema;
            left = m.pow(n);
            power = i - (long) e * n;
        } else {
            left = m;
            power = ((long) i << -schema) - e;
        }
        return power >= 0 && left.compareTo(BigInteger.ONE.shiftLeft((int) power)) <= 0;
    }

    /**
     * Decodes spans and deltas as metrics.proto defines them: the first span starts at its offset, each later
     * span {@code offset} buckets after the previous one's end; each delta adds to the previous bucket's count.
     * Returns the populated buckets; fails on a negative count or a delta count that does not match the spans.
     */
    static TreeMap<Integer, Long> decode(List<Metrics.BucketSpan> spans, List<Long> deltas) {
        TreeMap<Integer, Long> buckets = new TreeMap<>();
        int index = 0;
        int d = 0;
        long count = 0;
        for (int s = 0; s < spans.size(); s++) {
            index += spans.get(s).getOffset();
            for (int k = 0; k < spans.get(s).getLength(); k++) {
                count += deltas.get(d++);
                if (count < 0) {
                    throw new AssertionError("negative bucket count " + count + " at index " + index);
                }
                if (count != 0) {
                    buckets.put(index, count);
                }
                index++;
            }
        }
        if (d != deltas.size()) {
            throw new AssertionError(deltas.size() + " deltas for " + d + " buckets in spans " + spans);
        }
        return buckets;
    }
}
