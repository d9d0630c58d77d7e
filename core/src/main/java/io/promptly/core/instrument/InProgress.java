package io.promptly.core.instrument;

import io.promptly.core.Gauge;
import io.promptly.core.GaugeHandle;
import java.util.concurrent.Callable;
import java.util.function.Supplier;

/**
 * Tracks how many calls are in progress in a gauge (aioprometheus's {@code inprogress} decorator): the gauge goes
 * up by one when a call starts and down by one when it ends, normally or by an exception.
 *
 * <pre>{@code
 * InProgress active = InProgress.of(inFlight.labels("upload"));   // build once, keep it
 * active.run(() -> upload(file));
 * try (InProgress.Scope s = active.enter()) { ... }
 * }</pre>
 *
 * <p>Immutable and thread-safe. Each call costs two gauge updates; {@link #enter()} allocates one
 * {@link Scope}, the {@code run}/{@code call}/{@code get} forms nothing of their own.
 */
public final class InProgress {
    private final GaugeHandle handle;
    private final Gauge gauge;

    private InProgress(GaugeHandle handle, Gauge gauge) {
        this.handle = handle;
        this.gauge = gauge;
    }

    /**
     * Tracks calls in a gauge series.
     *
     * @throws IllegalArgumentException when {@code handle} is null
     */
    public static InProgress of(GaugeHandle handle) {
        if (handle == null) {
            throw new IllegalArgumentException("in-progress gauge handle must not be null");
        }
        return new InProgress(handle, null);
    }

    /**
     * Tracks calls in a gauge without label names.
     *
     * @throws IllegalArgumentException when {@code gauge} is null
     */
    public static InProgress of(Gauge gauge) {
        if (gauge == null) {
            throw new IllegalArgumentException("in-progress gauge must not be null");
        }
        return new InProgress(null, gauge);
    }

    /** Increments the gauge; closing the returned scope decrements it (once). */
    public Scope enter() {
        inc();
        return new Scope(this);
    }

    /**
     * Runs {@code task} with the gauge incremented for its duration.
     *
     * @throws IllegalArgumentException when {@code task} is null
     */
    public void run(Runnable task) {
        requireTask(task);
        inc();
        try {
            task.run();
        } finally {
            dec();
        }
    }

    /**
     * Calls {@code task} with the gauge incremented for its duration, and returns its result.
     *
     * @throws Exception what {@code task} throws
     * @throws IllegalArgumentException when {@code task} is null
     */
    public <T> T call(Callable<T> task) throws Exception {
        requireTask(task);
        inc();
        try {
            return task.call();
        } finally {
            dec();
        }
    }

    /**
     * Gets {@code task}'s result with the gauge incremented for its duration.
     *
     * @throws IllegalArgumentException when {@code task} is null
     */
    public <T> T get(Supplier<T> task) {
        requireTask(task);
        inc();
        try {
            return task.get();
        } finally {
            dec();
        }
    }

    private void inc() {
        if (handle != null) {
            handle.inc();
        } else {
            gauge.inc();
        }
    }

    private void dec() {
        if (handle != null) {
            handle.dec();
        } else {
            gauge.dec();
        }
    }

    private static void requireTask(Object task) {
        if (task == null) {
            throw new IllegalArgumentException("task to track must not be null");
        }
    }

    /**
     * One call in progress: {@link #close()} decrements the gauge the first time only. Meant for the thread that
     * entered it.
     */
    public static final class Scope implements AutoCloseable {
        private final InProgress owner;
        private boolean closed;

        private Scope(InProgress owner) {
            this.owner = owner;
        }

        /** Decrements the gauge unless this scope was already closed. */
        @Override
        public void close() {
            if (!closed) {
                closed = true;
                owner.dec();
            }
        }
    }
}
