package dev.colimaproof.ledger;

/**
 * Everything the ledger refuses or cannot do. The two kinds matter to callers: bad input is the caller's to fix,
 * a storage failure means evidence could not be recorded or read back.
 */
public abstract sealed class LedgerException extends RuntimeException
        permits InvalidInputException, StorageException {

    protected LedgerException(String message, Throwable cause) {
        super(message, cause);
    }
}
