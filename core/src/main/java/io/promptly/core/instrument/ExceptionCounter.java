package io.promptly.core.instrument;

import io.promptly.core.Counter;
import io.promptly.core.CounterHandle;
import java.util.concurrent.Callable;
import java.util.function.Supplier;

/**
 * Counts the exceptions code throws, then rethrows them unchanged (aioprometheus's {@code count_exceptions}
 * decorator): either into one counter series, or into a counter with a single label that takes the exception's
 * simple class name ({@code IOException}; the full name for anonymous classes).
 *
 * <pre>{@code
 * ExceptionCounter failures = ExceptionCounter.byType(
 *         Counter.builder("jobs_failed").help("Jobs that threw.").labelNames("exception").register());
 * failures.run(() -> job.execute());
 * }</pre>
 *
 * <p>Immutable and thread-safe. A call that returns normally costs nothing beyond the try block; a throwing call
 * increments the counter (by type: one series lookup, a new series the first time a type is seen). Every
 * {@link Throwable} is counted, {@link Error}s included.
 */
public final class ExceptionCounter {
    private final CounterHandle handle;
    private final Counter byType;

    private ExceptionCounter(CounterHandle handle, Counter byType) {
        this.handle = handle;
        this.byType = byType;
    }

    /**
     * Counts every exception into one counter series.
     *
     * @throws IllegalArgumentException when {@code handle} is null
     */
    public static ExceptionCounter of(CounterHandle handle) {
        if (handle == null) {
            throw new IllegalArgumentException("exception counter handle must not be null");
        }
        return new ExceptionCounter(handle, null);
    }

    /**
     * Counts every exception into {@code counter}, labelled by the exception's simple class name.
     *
     * @throws IllegalArgumentException when {@code counter} is null or does not have exactly one label name
     */
    public static ExceptionCounter byType(Counter counter) {
        if (counter == null) {
            throw new IllegalArgumentException("exception counter must not be null");
        }
        if (counter.labelNames().size() != 1) {
            throw new IllegalArgumentException("counter \"" + counter.metadata().name() + "\" has label names "
                    + counter.labelNames() + ": counting exceptions by type needs exactly one label name");
        }
        return new ExceptionCounter(null, counter);
    }

    /**
     * Runs {@code task}; when it throws, counts the exception and rethrows it.
     *
     * @throws IllegalArgumentException when {@code task} is null
     */
    public void run(Runnable task) {
        requireTask(task);
        try {
            task.run();
        } catch (RuntimeException | Error e) {
            count(e);
            throw e;
        }
    }

    /**
     * Calls {@code task} and returns its result; when it throws, counts the exception and rethrows it.
     *
     * @throws Exception what {@code task} throws
     * @throws IllegalArgumentException when {@code task} is null
     */
    public <T> T call(Callable<T> task) throws Exception {
        requireTask(task);
        try {
            return task.call();
        } catch (Exception | Error e) {
            count(e);
            throw e;
        }
    }

    /**
     * Gets {@code task}'s result; when it throws, counts the exception and rethrows it.
     *
     * @throws IllegalArgumentException when {@code task} is null
     */
    public <T> T get(Supplier<T> task) {
        requireTask(task);
        try {
            return task.get();
        } catch (RuntimeException | Error e) {
            count(e);
            throw e;
        }
    }

    /**
     * Counts {@code thrown} (for code that catches exceptions itself).
     *
     * @throws IllegalArgumentException when {@code thrown} is null
     */
    public void count(Throwable thrown) {
        if (thrown == null) {
            throw new IllegalArgumentException("exception to count must not be null");
        }
        if (handle != null) {
            handle.inc();
        } else {
            byType.labels(typeName(thrown)).inc();
        }
    }

    /** The label value for {@code thrown}: its simple class name, or the full name when it has none. */
    static String typeName(Throwable thrown) {
        Class<?> type = thrown.getClass();
        String simple = type.getSimpleName();
        return simple.isEmpty() ? type.getName() : simple;
    }

    private static void requireTask(Object task) {
        if (task == null) {
            throw new IllegalArgumentException("task must not be null");
        }
    }
}
