package dev.colimaproof.ledger;

import dev.colimaproof.ledger.event.Origin;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Objects;

/**
 * How a ledger is opened.
 *
 * @param home            the ledger home ({@code COLIMA_PROOF_HOME})
 * @param origin          stamped on every event this process writes
 * @param lockTimeout     the longest an append waits for another writer before failing
 * @param chronicleTimeout Chronicle's own write-lock timeout: bounds the wait behind a writer that died holding it
 * @param minFreeBytes    appends are refused when the journal's file system has less free space than this:
 *                        Chronicle writes through memory-mapped files, and touching a page the file system cannot
 *                        back kills the process (SIGBUS) instead of failing the write
 * @param clock           the time source for incident windows
 */
public record LedgerOptions(Path home, Origin origin, Duration lockTimeout, Duration chronicleTimeout,
                            long minFreeBytes, Clock clock) {

    public static final Duration DEFAULT_LOCK_TIMEOUT = Duration.ofSeconds(5);
    public static final Duration DEFAULT_CHRONICLE_TIMEOUT = Duration.ofSeconds(2);
    public static final long DEFAULT_MIN_FREE_BYTES = 8L << 20;

    public LedgerOptions {
        Objects.requireNonNull(home, "home");
        Objects.requireNonNull(origin, "origin");
        Objects.requireNonNull(lockTimeout, "lockTimeout");
        Objects.requireNonNull(chronicleTimeout, "chronicleTimeout");
        Objects.requireNonNull(clock, "clock");
        home = home.toAbsolutePath().normalize();
    }

    public static LedgerOptions defaults(Path home, Origin origin) {
        return new LedgerOptions(home, origin, DEFAULT_LOCK_TIMEOUT, DEFAULT_CHRONICLE_TIMEOUT,
                DEFAULT_MIN_FREE_BYTES, Clock.systemUTC());
    }

    public LedgerOptions withMinFreeBytes(long bytes) {
        return new LedgerOptions(home, origin, lockTimeout, chronicleTimeout, bytes, clock);
    }

    public LedgerOptions withClock(Clock newClock) {
        return new LedgerOptions(home, origin, lockTimeout, chronicleTimeout, minFreeBytes, newClock);
    }
}
