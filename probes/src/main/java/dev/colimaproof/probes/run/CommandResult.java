package dev.colimaproof.probes.run;

import java.util.List;

/**
 * What a command did: its exit code (null when it did not exit in time or could not start), what it printed
 * (capped, and kept even when it timed out: a hang is evidence), and how long it took.
 */
public record CommandResult(List<String> argv, Integer exitCode, String stdout, String stderr, boolean timedOut,
                            boolean truncated, long durationMs, String error) {

    public CommandResult {
        argv = List.copyOf(argv);
    }

    public boolean succeeded() {
        return exitCode != null && exitCode == 0 && !timedOut;
    }
}
