/**
 * Promptly core: metrics, pre-bound label handles, registries and collection. Depends on nothing but the JDK.
 */
module io.promptly.core {
    exports io.promptly.core;
    exports io.promptly.core.instrument;
}
