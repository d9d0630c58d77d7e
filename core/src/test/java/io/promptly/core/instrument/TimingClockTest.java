package io.promptly.core.instrument;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.promptly.core.Histogram;
import io.promptly.core.HistogramHandle;
import io.promptly.core.NanoClock;
import io.promptly.core.Registry;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * The one-read timing forms and the coarse clock, judged against a hand-driven clock that counts its reads:
 * durations are exact binary fractions of a second, so recorded sums compare exactly.
 */
@SuppressWarnings("try")
class TimingClockTest {
    private static final long SECOND = 1_000_000_000L;

    /** A manual clock that counts how often it was read. */
    private static final class CountingClock implements NanoClock {
        long now = 7 * SECOND;
        int reads;

        @Override
        public long nanoTime() {
            reads++;
            return now;
        }
    }

    private final HistogramHandle latency = Histogram.builder("op_seconds").register(new Registry()).labels();
    private final CountingClock clock = new CountingClock();
    private final Timing timing = Timing.of(latency).withClock(clock);

    @Test
    void observeSinceRecordsTheTimeFromTheCallersStartWithOneClockRead() {
        long start = clock.now;
        clock.now += 5 * SECOND / 2;
        assertEquals(2.5, timing.observeSince(start));
        assertEquals(1, clock.reads);
        assertEquals(1, latency.count());
        assertEquals(2.5, latency.sum());
    }

    @Test
    void observeNanosRecordsWithoutReadingTheClock() {
        assertEquals(0.25, timing.observeNanos(SECOND / 4));
        assertEquals(0, clock.reads);
        assertEquals(0.25, latency.sum());
    }

    @Test
    void lapsReadTheClockOncePerStageAndStartEachStageWhereThePreviousEnded() {
        Laps laps = timing.laps();
        clock.now += SECOND;
        assertEquals(1.0, laps.lap());
        clock.now += SECOND / 2;
        assertEquals(0.5, laps.lap());
        clock.now += SECOND / 8;
        assertEquals(0.125, laps.lap());
        assertEquals(4, clock.reads, "one read to start, one per lap");
        assertEquals(3, latency.count());
        assertEquals(1.625, latency.sum(), "stages tile the time: nothing counted twice or lost");
        assertEquals(clock.now, laps.startNanos());
    }

    @Test
    void restartSkipsTheTimeBetweenStages() {
        Laps laps = timing.laps();
        clock.now += 3 * SECOND;
        laps.restart();
        clock.now += SECOND / 4;
        assertEquals(0.25, laps.lap());
        assertEquals(0.25, latency.sum());
    }

    @Test
    void everyFormMeasuresWithTheChosenClock() throws Exception {
        timing.run(() -> clock.now += SECOND);
        assertEquals(1.0, latency.sum());
        assertEquals("x", timing.get(() -> {
            clock.now += SECOND / 2;
            return "x";
        }));
        assertEquals(1.5, latency.sum());
        try (Timer t = timing.start()) {
            clock.now += SECOND / 4;
            assertEquals(0.25, t.elapsedSeconds());
        }
        assertEquals(1.75, latency.sum());
        assertEquals(3, latency.count());
        assertEquals(clock.now, timing.nanoTime());
    }

    @Test
    void withSystemClockGoesBackToNanoTime() {
        Timing system = timing.withClock(NanoClock.SYSTEM);
        long before = System.nanoTime();
        long reading = system.nanoTime();
        assertTrue(reading - before >= 0, "a System.nanoTime reading, not the manual clock's " + reading);
        assertEquals(0, clock.reads);
        assertThrows(IllegalArgumentException.class, () -> timing.withClock(null));
    }

    @Test
    void coarseClockHoldsItsReadingUntilTickedAndNeverGoesBack() {
        CoarseClock coarse = new CoarseClock(clock, SECOND / 1000);
        long first = coarse.nanoTime();
        clock.now += SECOND;
        assertEquals(first, coarse.nanoTime(), "no tick, no change");
        coarse.tick();
        assertEquals(clock.now, coarse.nanoTime());
        clock.now -= SECOND / 2; // a source that stepped back is not followed
        coarse.tick();
        assertEquals(first + SECOND, coarse.nanoTime());
    }

    @Test
    void timingWithACoarseClockRecordsWholeTicks() {
        CoarseClock coarse = new CoarseClock(clock, SECOND / 1000);
        Timing cheap = Timing.of(latency).withClock(coarse);
        long start = cheap.nanoTime();
        clock.now += SECOND / 4;
        assertEquals(0.0, cheap.observeSince(start), "shorter than the last tick: nothing seen yet");
        coarse.tick();
        assertEquals(0.25, cheap.observeSince(start));
    }

    @Test
    void startedCoarseClockAdvancesByItselfAndStopsWhenClosed() throws InterruptedException {
        try (CoarseClock coarse = CoarseClock.start(Duration.ofMillis(1))) {
            long first = coarse.nanoTime();
            long deadline = System.nanoTime() + 10 * SECOND; // generous: only progress is asserted
            while (coarse.nanoTime() == first && System.nanoTime() - deadline < 0) {
                Thread.sleep(1);
            }
            assertTrue(coarse.nanoTime() - first > 0, "the ticker never advanced the clock");
            assertTrue(coarse.nanoTime() - System.nanoTime() <= 0, "a coarse reading is never ahead of nanoTime");
            assertEquals(Duration.ofMillis(1), coarse.resolution());
            coarse.close();
            assertTrue(coarse.isClosed());
            long stopDeadline = System.nanoTime() + 10 * SECOND;
            while (coarse.tickerAlive() && System.nanoTime() - stopDeadline < 0) {
                Thread.sleep(1);
            }
            assertFalse(coarse.tickerAlive(), "the ticker thread still runs after close");
        }
    }

    @Test
    void sharedClockIsOneAndCannotBeClosed() {
        CoarseClock shared = CoarseClock.shared();
        assertSame(shared, CoarseClock.shared());
        shared.close();
        assertFalse(shared.isClosed());
        assertEquals(CoarseClock.SHARED_RESOLUTION, shared.resolution());
    }

    @Test
    void coarseClockRejectsResolutionsBelowTheMinimum() {
        assertThrows(IllegalArgumentException.class, () -> CoarseClock.start(null));
        assertThrows(IllegalArgumentException.class, () -> CoarseClock.start(Duration.ofNanos(99_999)));
    }
}
