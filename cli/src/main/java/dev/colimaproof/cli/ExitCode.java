package dev.colimaproof.cli;

/** The documented exit codes (docs/cli.md). */
public final class ExitCode {

    /** Done. */
    public static final int OK = 0;
    /** A check said no: a gate refused, verify found a problem, invariants failed. */
    public static final int CHECK_FAILED = 1;
    /** Bad usage or bad input; nothing was recorded. */
    public static final int BAD_INPUT = 2;
    /** The evidence could not be recorded or read (storage failure). */
    public static final int STORAGE = 3;

    private ExitCode() {
    }
}
