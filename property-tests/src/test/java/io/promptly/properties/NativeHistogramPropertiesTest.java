package io.promptly.properties;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.doubles;
import static org.quicktheories.generators.SourceDSL.integers;
import static org.quicktheories.generators.SourceDSL.lists;

import io.promptly.core.EncodedLabel;
import io.promptly.core.Histogram;
import io.promptly.core.MetricMetadata;
import io.promptly.core.MetricSink;
import io.promptly.core.NativeHistogramView;
import io.promptly.core.SeriesLabels;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Native histogram properties against the spec: bucket i at schema s holds magnitudes in (base^(i−1), base^i],
 * base = 2^(2^−s), checked with exact integer arithmetic (boundaries included); and quantiles estimated from the
 * buckets are within the schema's relative error of the exact quantile.
 */
class NativeHistogramPropertiesTest {
    /** One collected native series: (index, count) pairs in value order, negatives first. */
    private static final class Buckets implements MetricSink {
        int schema;
        final List<double[]> ordered = new ArrayList<>();   // {signedIndexKind, index, count}
        long zeroCount;

        @Override
        public void histogramNative(SeriesLabels series, NativeHistogramView view) {
            schema = view.schema();
            zeroCount = view.zeroCount();
            for (int k = view.negativeBuckets() - 1; k >= 0; k--) {
                ordered.add(new double[] {-1, view.negativeIndex(k), view.negativeCount(k)});
            }
            if (view.zeroCount() > 0) {
                ordered.add(new double[] {0, 0, view.zeroCount()});
            }
            for (int k = 0; k < view.positiveBuckets(); k++) {
                ordered.add(new double[] {1, view.positiveIndex(k), view.positiveCount(k)});
            }
        }

        @Override
        public void family(MetricMetadata family) {
        }

        @Override
        public void endFamily() {
        }

        @Override
        public void counter(SeriesLabels series, long whole, double fraction) {
        }

        @Override
        public void gauge(SeriesLabels series, double value) {
        }

        @Override
        public void stateSetState(SeriesLabels series, EncodedLabel state, boolean enabled) {
        }

        @Override
        public void histogramStart(SeriesLabels series) {
        }

        @Override
        public void histogramBucket(SeriesLabels series, EncodedLabel le, long cumulativeCount) {
        }

        @Override
        public void histogramEnd(SeriesLabels series, long count, double sum) {
        }

        @Override
        public void summaryStart(SeriesLabels series) {
        }

        @Override
        public void summaryQuantile(SeriesLabels series, EncodedLabel quantile, double value) {
        }

        @Override
        public void summaryEnd(SeriesLabels series, long count, double sum) {
        }
    }

    private static Buckets collect(Histogram h) {
        Buckets b = new Buckets();
        h.collect(b);
        return b;
    }

    /** Whether magnitude ≤ 2^(i / 2^schema), exactly: magnitude = M·2^E, compare M^(2^s) with 2^(i − E·2^s). */
    static boolean atMostBound(double magnitude, long i, int schema) {
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
            power = (i << -schema) - e;
        }
        return power >= 0 && left.compareTo(BigInteger.ONE.shiftLeft((int) power)) <= 0;
    }

    /** The single bucket one observation of {@code x} lands in, at {@code schema} (no room for a reduction). */
    private static boolean landsInItsSpecBucket(double x, int schema) {
        Histogram h = Histogram.builder("x").nativeOnly().nativeSchema(schema).nativeZeroThreshold(0).build();
        h.observe(x);
        Buckets b = collect(h);
        if (b.ordered.size() != 1 || b.schema != schema || b.ordered.get(0)[0] != Math.signum(x)) {
            return false;
        }
        long i = (long) b.ordered.get(0)[1];
        double magnitude = Math.abs(x);
        return atMostBound(magnitude, i, schema) && !atMostBound(magnitude, i - 1, schema);
    }

    @Test
    void everyFiniteNonZeroDoubleLandsInTheBucketTheSpecNames() {
        qt().withExamples(3_000)
                .forAll(integers().between(-4, 8), doubles().any())
                .assuming((schema, x) -> Double.isFinite(x) && x != 0)
                .check((schema, x) -> landsInItsSpecBucket(x, schema));
    }

    @Test
    void valuesOnAndBesideBucketBoundariesLandInTheBucketTheSpecNames() {
        // 2^(k / 2^s) rounded to a double, and its neighbours one ulp away: the boundary belongs to the lower bucket
        qt().withExamples(3_000)
                .forAll(integers().between(-4, 8), integers().between(-20_000, 20_000), integers().between(-1, 1))
                .check((schema, k, nudge) -> {
                    double b = Math.pow(2, k / Math.pow(2, schema));
                    double x = nudge < 0 ? Math.nextDown(b) : nudge > 0 ? Math.nextUp(b) : b;
                    return !Double.isFinite(x) || x == 0 || landsInItsSpecBucket(x, schema);
                });
    }

    /**
     * The rank-⌈q·n⌉ value lies in the bucket where the cumulative count reaches that rank; the harmonic midpoint
     * 2LU/(L+U) of that bucket (L, U] is within (γ−1)/(γ+1) of every value in it, γ = U/L = 2^(2^−schema).
     */
    @Test
    void quantileEstimatesAreWithinTheSchemasRelativeError() {
        qt().withExamples(300)
                .forAll(lists().of(doubles().between(-30, 30)).ofSizeBetween(1, 400), integers().between(-4, 8),
                        doubles().between(0.0, 1.0))
                .checkAssert((exponents, schema, q) -> {
                    Histogram h = Histogram.builder("x").nativeOnly().nativeSchema(schema).build();
                    double[] values = new double[exponents.size()];
                    for (int i = 0; i < values.length; i++) {
                        double u = exponents.get(i);
                        values[i] = Math.copySign(Math.exp(Math.abs(u) - 15), u);   // e^-15 .. e^15, both signs
                        h.observe(values[i]);
                    }
                    Arrays.sort(values);
                    int rank = Math.max(1, (int) Math.ceil(q * values.length));
                    double exact = values[rank - 1];
                    Buckets b = collect(h);
                    assertEquals(0, b.zeroCount);
                    double gamma = Math.pow(2, Math.pow(2, -b.schema));
                    double bound = (gamma - 1) / (gamma + 1);
                    long cumulative = 0;
                    double estimate = Double.NaN;
                    for (double[] bucket : b.ordered) {
                        cumulative += (long) bucket[2];
                        if (cumulative >= rank) {
                            double upper = Math.pow(gamma, bucket[1]);
                            double lower = upper / gamma;
                            estimate = bucket[0] * 2 * lower * upper / (lower + upper);
                            break;
                        }
                    }
                    assertTrue(Math.abs(estimate - exact) <= bound * Math.abs(exact) * (1 + 1e-9),
                            "q=" + q + " exact " + exact + " estimate " + estimate + " schema " + b.schema
                                    + " bound " + bound);
                });
    }
}
