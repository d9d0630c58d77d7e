/**
 * Promptly core: metrics, pre-bound label handles, registries and collection. Depends on nothing but the JDK.
 */
module io.promptly.core {
    requires java.management;
    /* Optional: process CPU time and file descriptor counts (com.sun.management); skipped when absent. */
    requires static jdk.management;

    exports io.promptly.core;
    exports io.promptly.core.instrument;
    exports io.promptly.core.jvm;
}
