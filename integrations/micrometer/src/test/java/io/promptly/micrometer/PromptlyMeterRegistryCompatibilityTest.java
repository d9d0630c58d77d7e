package io.promptly.micrometer;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.MockClock;
import io.micrometer.core.tck.MeterRegistryCompatibilityKit;
import io.promptly.core.Registry;
import java.time.Duration;

/**
 * Micrometer's own compatibility kit (micrometer-test), the suite every Micrometer registry runs, against
 * {@link PromptlyMeterRegistry} on a {@link MockClock} the kit steps.
 */
class PromptlyMeterRegistryCompatibilityTest extends MeterRegistryCompatibilityKit {
    @Override
    public MeterRegistry registry() {
        return new PromptlyMeterRegistry(new Registry(), new MockClock(), step());
    }

    @Override
    public Duration step() {
        return Duration.ofMinutes(1);
    }
}
