package dev.colimaproof.probes.probe;

import java.time.Duration;
import java.util.Map;

/**
 * One collector of substrate evidence. Each has a name (its key in the snapshot), its own timeout, and returns
 * plain data; a snapshot runs them all at once under one deadline.
 */
public interface Probe {

    String name();

    Duration timeout();

    /**
     * Collects; may take at most {@code budget}. A probe that can tell it timed out says so in its data
     * ({@code timed_out}) and returns what it had.
     */
    Map<String, Object> collect(ProbeContext context, Duration budget) throws Exception;
}
