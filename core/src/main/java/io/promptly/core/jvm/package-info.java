/**
 * JVM and process metrics (memory, buffer pools, garbage collection, threads, classes, JIT, CPU, file
 * descriptors, resident memory, runtime info) under the names Prometheus users already query: see
 * {@link io.promptly.core.jvm.JvmMetrics}.
 */
package io.promptly.core.jvm;
