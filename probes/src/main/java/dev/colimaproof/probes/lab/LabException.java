package dev.colimaproof.probes.lab;

/** The lab could not be built, changed or torn down; {@code refused} when the request itself was wrong. */
public final class LabException extends RuntimeException {

    private final boolean refused;

    public LabException(String message) {
        this(message, false, null);
    }

    public LabException(String message, Throwable cause) {
        this(message, false, cause);
    }

    private LabException(String message, boolean refused, Throwable cause) {
        super(message, cause);
        this.refused = refused;
    }

    /** A request the lab refuses (unknown scenario, no lab there, a lab already up). */
    public static LabException refused(String message) {
        return new LabException(message, true, null);
    }

    public boolean refused() {
        return refused;
    }
}
