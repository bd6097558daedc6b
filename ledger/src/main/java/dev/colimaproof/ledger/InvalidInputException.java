package dev.colimaproof.ledger;

/** The caller asked for something malformed or impossible; nothing was written. */
public final class InvalidInputException extends LedgerException {

    public InvalidInputException(String message) {
        super(message, null);
    }

    public InvalidInputException(String message, Throwable cause) {
        super(message, cause);
    }
}
