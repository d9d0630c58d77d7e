package io.promptly.core;

/**
 * Which metric and label names a registry (or the process, by default) accepts.
 * <ul>
 *   <li>{@link #LEGACY} (the default): metric names {@code [a-zA-Z_:][a-zA-Z0-9_:]*}, label names
 *       {@code [a-zA-Z_][a-zA-Z0-9_]*} — what every Prometheus version ingests;</li>
 *   <li>{@link #UTF_8}: any non-empty name of valid Unicode (no unpaired surrogate), as Prometheus 3 accepts
 *       ({@code http.server.request.duration}); user label names still may not start with {@code __}. A scraper
 *       that does not ask for {@code escaping=allow-utf-8} sees such names escaped ({@link NameEscaping}).</li>
 * </ul>
 * Choose per registry ({@link Registry#Registry(NameValidation)}) or for the whole process: the system property
 * {@code promptly.nameValidation=utf-8}, or {@link #setDefault} before metrics are built. A metric registered
 * with {@code register(registry)} is validated by that registry's rule; {@code build()} alone uses the default.
 *
 * <p>Thread-safe: the default is a volatile read, taken when a metric or registry is built, never while recording.
 */
public enum NameValidation {
    /** Legacy Prometheus names only. */
    LEGACY,
    /** Any valid UTF-8 name. */
    UTF_8;

    /** System property naming the process-wide default: {@code legacy} or {@code utf-8}. */
    public static final String PROPERTY = "promptly.nameValidation";

    private static volatile NameValidation processDefault = fromProperty(System.getProperty(PROPERTY));

    private static NameValidation fromProperty(String value) {
        if (value == null || value.isBlank() || value.trim().equalsIgnoreCase("legacy")) {
            return LEGACY;
        }
        String v = value.trim();
        if (v.equalsIgnoreCase("utf-8") || v.equalsIgnoreCase("utf8") || v.equalsIgnoreCase("utf_8")) {
            return UTF_8;
        }
        throw new IllegalArgumentException("system property " + PROPERTY + "=\"" + value
                + "\" is not a name validation (use \"legacy\" or \"utf-8\")");
    }

    /** The process-wide default (initially from {@link #PROPERTY}, else {@link #LEGACY}). */
    public static NameValidation defaultValidation() {
        return processDefault;
    }

    /**
     * Sets the process-wide default, for registries built without a rule of their own ({@link Registry#DEFAULT}
     * among them) and for metrics built without a registry. Metrics already built keep the names they have.
     *
     * @throws IllegalArgumentException when {@code validation} is null
     */
    public static void setDefault(NameValidation validation) {
        Names.requireNonNull(validation, "name validation");
        processDefault = validation;
    }
}
