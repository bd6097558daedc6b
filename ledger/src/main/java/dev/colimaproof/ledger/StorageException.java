package dev.colimaproof.ledger;

/** The journal or artifact store could not be written or read; whatever was recorded before is untouched. */
public final class StorageException extends LedgerException {

    public StorageException(String message) {
        super(message, null);
    }

    public StorageException(String message, Throwable cause) {
        super(message, cause);
    }
}
