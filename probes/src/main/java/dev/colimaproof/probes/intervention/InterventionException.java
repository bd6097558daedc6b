package dev.colimaproof.probes.intervention;

/** An intervention refused to act (unsafe paths) or could not. Nothing outside its scope was touched. */
public final class InterventionException extends RuntimeException {

    public InterventionException(String message) {
        super(message);
    }
}
