package io.promptly.core.instrument;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.promptly.core.Counter;
import io.promptly.core.CounterHandle;
import io.promptly.core.Registry;
import java.io.IOException;
import java.io.UncheckedIOException;
import org.junit.jupiter.api.Test;

class ExceptionCounterTest {
    private final Registry registry = new Registry();

    @Test
    void countsThrownExceptionsAndRethrowsTheSameObject() {
        CounterHandle failures = Counter.builder("failures").labelNames("k").register(registry).labels("v");
        ExceptionCounter counter = ExceptionCounter.of(failures);
        IllegalStateException boom = new IllegalStateException("boom");
        IllegalStateException seen = assertThrows(IllegalStateException.class, () -> counter.run(() -> {
            throw boom;
        }));
        assertSame(boom, seen);
        counter.run(() -> { });
        assertEquals("ok", counter.get(() -> "ok"));
        assertEquals(1.0, failures.get());
    }

    @Test
    void byTypeLabelsWithSimpleClassName() throws Exception {
        Counter failures = Counter.builder("failures").labelNames("exception").register(registry);
        ExceptionCounter counter = ExceptionCounter.byType(failures);
        assertThrows(IOException.class, () -> counter.call(() -> {
            throw new IOException("a");
        }));
        assertThrows(IOException.class, () -> counter.call(() -> {
            throw new IOException("b");
        }));
        assertThrows(UncheckedIOException.class, () -> counter.get(() -> {
            throw new UncheckedIOException(new IOException("c"));
        }));
        assertThrows(StackOverflowError.class, () -> counter.run(() -> {
            throw new StackOverflowError();
        }));
        assertEquals(2.0, failures.labels("IOException").get());
        assertEquals(1.0, failures.labels("UncheckedIOException").get());
        assertEquals(1.0, failures.labels("StackOverflowError").get());
        assertEquals(3, failures.seriesCount());
        assertEquals(4, counter.call(() -> 4));
    }

    @Test
    void anonymousExceptionClassUsesFullName() {
        RuntimeException anonymous = new RuntimeException() {
            private static final long serialVersionUID = 1L;
        };
        String name = ExceptionCounter.typeName(anonymous);
        assertEquals(anonymous.getClass().getName(), name);
        assertTrue(!name.isEmpty());
    }

    @Test
    void byTypeRejectsCounterWithoutExactlyOneLabel() {
        Counter none = Counter.builder("c0").register(registry);
        Counter two = Counter.builder("c2").labelNames("a", "b").register(registry);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> ExceptionCounter.byType(none));
        assertTrue(e.getMessage().contains("c0"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> ExceptionCounter.byType(two));
    }
}
