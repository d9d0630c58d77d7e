package io.promptly.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/**
 * A summary scrape reuses the last scrape's quantiles only while no observation completed in between: checked
 * through the handle's own collect path, single-threaded and against concurrent writers.
 */
class SummaryQuantileReuseTest {
    /** Rank n - 1 for every window below a million values: the window's maximum, reported exactly. */
    private static final double TOP = 0.999999;
    private static final String TOP_SAMPLE = "latency{quantile=\"0.999999\"}";

    @Test
    void aScrapeAfterAnObservationSeesItAndAnIdleSeriesKeepsItsQuantiles() {
        Summary s = Summary.builder("latency").quantiles(0.5, TOP).build();
        for (int i = 1; i <= 100; i++) {
            s.observe(i);
        }
        RecordingSink first = RecordingSink.collect(s);
        RecordingSink idle = RecordingSink.collect(s);
        assertEquals(first.value(TOP_SAMPLE), idle.value(TOP_SAMPLE));
        assertEquals(first.value("latency{quantile=\"0.5\"}"), idle.value("latency{quantile=\"0.5\"}"));
        assertEquals(100, idle.value(TOP_SAMPLE));
        s.observe(1e6);
        RecordingSink after = RecordingSink.collect(s);
        assertEquals(1e6, after.value(TOP_SAMPLE));
        assertEquals(101, after.value("latency_count"));
    }

    @Test
    void everyScrapeSeesEveryObservationThatCompletedBeforeItStarted() throws Exception {
        Summary s = Summary.builder("latency").quantiles(TOP).build();
        SummaryHandle handle = s.labels(new String[0]);
        AtomicLong completed = new AtomicLong();
        AtomicReference<Throwable> failure = new AtomicReference<>();
        int observations = 100_000;
        // one writer that pauses after each observation, so that scrapes often find nothing new since the last
        // one (the case that reuses quantiles) right after an observation's count and sketch writes
        Thread writer = new Thread(() -> {
            for (int k = 1; k <= observations; k++) {
                handle.observe(k);
                completed.set(k);
                long until = System.nanoTime() + 2_000;
                while (System.nanoTime() < until) {
                    Thread.onSpinWait();
                }
            }
        });
        writer.setUncaughtExceptionHandler((th, e) -> failure.set(e));
        // a second scraper: the kept result is written by one scrape while another reads it without the lock
        Thread otherScraper = new Thread(() -> {
            while (writer.isAlive()) {
                assertScrapeSeesCompleted(s, completed, -1);
            }
        });
        otherScraper.setUncaughtExceptionHandler((th, e) -> failure.set(e));
        writer.start();
        otherScraper.start();
        int scrapes = 0;
        while (writer.isAlive()) {
            assertScrapeSeesCompleted(s, completed, scrapes);
            scrapes++;
        }
        writer.join();
        otherScraper.join();
        assertEquals(null, failure.get());
        RecordingSink last = RecordingSink.collect(s);
        assertEquals(observations, last.value(TOP_SAMPLE));
        assertEquals(observations, last.value("latency_count"));
        assertTrue(scrapes > 10, "scrapes " + scrapes);
    }

    private static void assertScrapeSeesCompleted(Summary s, AtomicLong completed, int scrape) {
        long before = completed.get();
        double max = RecordingSink.collect(s).value(TOP_SAMPLE);
        if (before > 0) {
            assertTrue(max >= before, "scrape " + scrape + " reported max " + max + " after value " + before
                    + " had been observed");
        }
    }
}
