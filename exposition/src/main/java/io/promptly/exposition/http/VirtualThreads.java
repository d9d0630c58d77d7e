package io.promptly.exposition.http;

import java.lang.reflect.Method;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * A virtual-thread-per-task executor for the JDK HTTP server, on JDKs where that is safe: from JDK 24
 * (JEP 491), a virtual thread blocked inside {@code synchronized} no longer pins its carrier, and the JDK
 * server reads request headers through synchronized streams — on JDK 21–23 a few slow clients could pin every
 * carrier and stall the server, so there (and on 17) the caller keeps its platform pool.
 *
 * <p>Stateless; safe from any thread. Looked up reflectively because the code compiles for Java 17.
 */
final class VirtualThreads {
    /** First JDK feature release whose virtual threads do not pin in {@code synchronized}. */
    static final int FIRST_SAFE_FEATURE = 24;

    private VirtualThreads() {
    }

    /** A new virtual-thread-per-task executor, or null on a JDK before {@value #FIRST_SAFE_FEATURE}. */
    static ExecutorService perTaskExecutor() {
        if (Runtime.version().feature() < FIRST_SAFE_FEATURE) {
            return null;
        }
        try {
            Method factory = Executors.class.getMethod("newVirtualThreadPerTaskExecutor");
            return (ExecutorService) factory.invoke(null);
        } catch (ReflectiveOperationException | RuntimeException unavailable) {
            return null;
        }
    }
}
