package io.promptly.core.instrument;

import io.promptly.core.NanoClock;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.time.Duration;

/**
 * A cheap, coarse monotonic clock for timing where a resolution of about a millisecond is acceptable: a daemon
 * ticker thread stores {@link System#nanoTime()} into a field once per resolution, and {@link #nanoTime()} is one
 * acquire read of that field (about 1 ns, against about 24 ns for {@code System.nanoTime()} on a KVM guest). Opt in
 * per {@link Timing} with {@link Timing#withClock(NanoClock)}.
 *
 * <p>Resolution: a reading lags the system clock by up to one resolution plus the ticker's scheduling delay (more
 * when the machine is overloaded or the JVM is paused), so a duration measured with two readings is off by up to
 * about one resolution either way, and anything shorter than the resolution reads as 0 or one tick. Readings never
 * decrease. Good for request latencies of many milliseconds; not for microsecond work.
 *
 * <p>Cost: one platform daemon thread per clock, waking once per resolution (1 ms: about 1,000 wake-ups a second,
 * a few microseconds of CPU each); {@link #shared()} is one such clock for the whole JVM, started on first use and
 * never stopped. Thread-safe: any thread may read; {@link #close()} stops a clock made by {@link #start}.
 */
public final class CoarseClock implements NanoClock, AutoCloseable {
    /** Resolution of {@link #shared()}. */
    public static final Duration SHARED_RESOLUTION = Duration.ofMillis(1);
    /** Finest resolution {@link #start} accepts: below it the ticker costs more than the reads it saves. */
    public static final Duration MIN_RESOLUTION = Duration.ofNanos(100_000);

    private static final VarHandle NOW;

    static {
        try {
            NOW = MethodHandles.lookup().findVarHandle(CoarseClock.class, "now", long.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    private final NanoClock source;
    private final long resolutionNanos;
    /** The ticker thread, or null for a clock ticked by hand. */
    private volatile Thread ticker;
    /** True for {@link #shared()}, which {@link #close()} leaves running. */
    private final boolean shared;
    /** The last reading of the source; written by the ticker (release), read with acquire. */
    @SuppressWarnings("unused") // through NOW
    private long now;
    private volatile boolean closed;

    /** A clock read from {@code source}, ticked by hand ({@link #tick()}) until a ticker is started. */
    CoarseClock(NanoClock source, long resolutionNanos) {
        this(source, resolutionNanos, false);
    }

    private CoarseClock(NanoClock source, long resolutionNanos, boolean shared) {
        this.source = source;
        this.resolutionNanos = resolutionNanos;
        this.shared = shared;
        this.now = source.nanoTime();
    }

    private static CoarseClock ticking(long resolutionNanos, String threadName, boolean shared) {
        CoarseClock clock = new CoarseClock(NanoClock.SYSTEM, resolutionNanos, shared);
        Thread thread = new Thread(clock::tickUntilClosed, threadName);
        thread.setDaemon(true);
        clock.ticker = thread;
        thread.start();
        return clock;
    }

    /**
     * Starts a clock with its own daemon ticker thread that advances it every {@code resolution}.
     *
     * @throws IllegalArgumentException when {@code resolution} is null or below {@link #MIN_RESOLUTION}
     */
    public static CoarseClock start(Duration resolution) {
        if (resolution == null || resolution.compareTo(MIN_RESOLUTION) < 0) {
            throw new IllegalArgumentException("resolution " + resolution + " is below " + MIN_RESOLUTION);
        }
        return ticking(resolution.toNanos(), "promptly-coarse-clock", false);
    }

    /** The JVM-wide clock of {@link #SHARED_RESOLUTION}, started on the first call; {@link #close()} is a no-op. */
    public static CoarseClock shared() {
        return Shared.CLOCK;
    }

    /** The last tick's reading of {@link System#nanoTime()}: one memory read. */
    @Override
    public long nanoTime() {
        return (long) NOW.getAcquire(this);
    }

    /** How often the clock advances. */
    public Duration resolution() {
        return Duration.ofNanos(resolutionNanos);
    }

    /** Whether {@link #close()} stopped this clock (its reading then stays where it was). */
    public boolean isClosed() {
        return closed;
    }

    /** Stops the ticker thread (the reading freezes); does nothing for {@link #shared()}. */
    @Override
    public void close() {
        Thread thread = ticker;
        if (shared || thread == null) {
            return;
        }
        closed = true;
        thread.interrupt();
    }

    /** Whether the ticker thread is still running (tests). */
    boolean tickerAlive() {
        Thread thread = ticker;
        return thread != null && thread.isAlive();
    }

    /** Advances the reading to the source's current one, never backwards. */
    void tick() {
        long reading = source.nanoTime();
        long previous = (long) NOW.getOpaque(this);
        if (reading - previous > 0) {
            NOW.setRelease(this, reading);
        }
    }

    private void tickUntilClosed() {
        long millis = resolutionNanos / 1_000_000;
        int nanos = (int) (resolutionNanos % 1_000_000);
        while (!closed) {
            try {
                Thread.sleep(millis, nanos);
            } catch (InterruptedException e) {
                if (closed) {
                    return;
                }
            }
            tick();
        }
    }

    /** Holder: the shared clock starts when first asked for. */
    private static final class Shared {
        static final CoarseClock CLOCK = ticking(SHARED_RESOLUTION.toNanos(),
                "promptly-coarse-clock-shared", true);
    }
}
