package dev.colimaproof.ledger.journal;

import dev.colimaproof.ledger.StorageException;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;

/**
 * A lock file that serialises work across processes and threads (appends to the journal; OTLP delivery). The operating system releases the file lock when its holder
 * dies, so a writer killed with SIGKILL never blocks the next one; a live holder that stalls makes others give up
 * after the timeout instead of hanging the healer.
 */
public final class LockFile implements AutoCloseable {

    // Java file locks belong to the process: threads of one process must also queue on a lock of their own.
    private static final Map<Path, ReentrantLock> IN_PROCESS = new ConcurrentHashMap<>();

    private final Path file;
    private final FileChannel channel;
    private final ReentrantLock threads;

    private LockFile(Path file, FileChannel channel, ReentrantLock threads) {
        this.file = file;
        this.channel = channel;
        this.threads = threads;
    }

    public static LockFile open(Path file) {
        try {
            FileChannel channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
            dev.colimaproof.ledger.artifact.Private.makeOwnerOnly(file);
            Path key = file.toRealPath();
            return new LockFile(file, channel, IN_PROCESS.computeIfAbsent(key, k -> new ReentrantLock()));
        } catch (IOException e) {
            throw new StorageException("cannot open the lock file " + file + ": " + Journal.describe(e), e);
        }
    }

    /** A held lock; closing it releases it. */
    public interface Held extends AutoCloseable {
        @Override
        void close();
    }

    /** Takes the lock only if it is free right now. */
    public java.util.Optional<Held> tryAcquire() {
        if (!threads.tryLock()) {
            return java.util.Optional.empty();
        }
        try {
            FileLock lock = channel.tryLock();
            if (lock == null) {
                threads.unlock();
                return java.util.Optional.empty();
            }
            return java.util.Optional.of(() -> release(lock));
        } catch (IOException e) {
            threads.unlock();
            throw new StorageException("cannot lock " + file + ": " + Journal.describe(e), e);
        }
    }

    public Held acquire(Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        try {
            if (!threads.tryLock(timeout.toNanos(), TimeUnit.NANOSECONDS)) {
                throw busy(timeout);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new StorageException("interrupted while waiting for the journal lock " + file, e);
        }
        try {
            long pause = 1;
            while (true) {
                FileLock lock = channel.tryLock();
                if (lock != null) {
                    return () -> release(lock);
                }
                if (System.nanoTime() >= deadline) {
                    throw busy(timeout);
                }
                Thread.sleep(pause);
                pause = Math.min(pause * 2, 20);
            }
        } catch (IOException e) {
            threads.unlock();
            throw new StorageException("cannot lock " + file + ": " + Journal.describe(e), e);
        } catch (InterruptedException e) {
            threads.unlock();
            Thread.currentThread().interrupt();
            throw new StorageException("interrupted while waiting for the journal lock " + file, e);
        } catch (RuntimeException e) {
            threads.unlock();
            throw e;
        }
    }

    private void release(FileLock lock) {
        try {
            lock.release();
        } catch (IOException ignored) {
            // the channel stays open; the lock goes with it at close or process exit
        } finally {
            threads.unlock();
        }
    }

    private StorageException busy(Duration timeout) {
        return new StorageException(file.getFileName() + " is held by another process for more than "
                + timeout.toMillis() + " ms (" + file + ")");
    }

    @Override
    public void close() {
        try {
            channel.close();
        } catch (IOException ignored) {
            // nothing was written through this channel
        }
    }
}
