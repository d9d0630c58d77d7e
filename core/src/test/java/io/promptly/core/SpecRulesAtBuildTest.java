package io.promptly.core;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** Issue 14: spec rules a metric breaks by construction are refused when it is built. */
class SpecRulesAtBuildTest {
    @Test
    void infoRefusesAUnitNamingTheMetricAndTheRule() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Info.builder("build_seconds").unit("seconds").build());
        assertTrue(e.getMessage().contains("\"build_seconds\"") && e.getMessage().contains("empty unit"),
                e.getMessage());
    }

    @Test
    void stateSetRefusesAUnitNamingTheMetricAndTheRule() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> StateSet.builder("mode_seconds").states("a").unit("seconds").build());
        assertTrue(e.getMessage().contains("\"mode_seconds\"") && e.getMessage().contains("empty unit"),
                e.getMessage());
    }

    @Test
    void infoAndStateSetWithoutUnitStillBuild() {
        Info.builder("build").labelNames("v").build();
        StateSet.builder("mode").states("a", "b").build();
    }

    @Test
    void histogramRefusesBucketsWithoutAFiniteBound() {
        for (double[] bounds : new double[][] {{}, {Double.POSITIVE_INFINITY}}) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> Histogram.builder("latency_seconds").buckets(bounds).build());
            assertTrue(e.getMessage().contains("\"latency_seconds\"") && e.getMessage().contains("no finite bucket"),
                    e.getMessage());
        }
        Histogram.builder("one_bound").buckets(1).build();
        Histogram.builder("native_only").nativeOnly().build();
    }
}
