package io.promptly.servlet;

import jakarta.servlet.Filter;
import jakarta.servlet.Servlet;

/** An embedded servlet container a test class starts once on 127.0.0.1 and an ephemeral port. */
interface Container {
    /** Maps {@code servlet} (async supported) at {@code pattern} in the root context; before {@link #start}. */
    void addServlet(String name, Servlet servlet, String pattern);

    /** Maps {@code filter} (async supported) at {@code /*} for REQUEST dispatches; before {@link #start}. */
    void addFilter(String name, Filter filter);

    /** Starts the container and returns its port. */
    int start() throws Exception;

    /** Stops the container. */
    void stop() throws Exception;
}
