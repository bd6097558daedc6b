package dev.colimaproof.ledger.journal;

import dev.colimaproof.ledger.StorageException;
import net.openhft.chronicle.bytes.Bytes;
import net.openhft.chronicle.queue.ExcerptAppender;
import net.openhft.chronicle.queue.ExcerptTailer;
import net.openhft.chronicle.queue.impl.single.SingleChronicleQueue;
import net.openhft.chronicle.queue.impl.single.SingleChronicleQueueBuilder;
import net.openhft.chronicle.wire.DocumentContext;

import java.nio.file.Path;
import java.time.Duration;

/**
 * The Chronicle Queue that holds every entry as opaque bytes, addressed by Chronicle's index. It knows nothing of
 * events or hashes; callers serialise appends with {@link LockFile}, so Chronicle's own write lock is never
 * contended, and its timeout only bounds the wait behind a writer that died holding it.
 */
public final class Journal implements AutoCloseable {

    /** Visits one entry; returning false stops the walk. */
    @FunctionalInterface
    public interface EntryVisitor {
        boolean visit(long index, byte[] bytes);
    }

    private final Path dir;
    private final SingleChronicleQueue queue;
    private ExcerptAppender appender;
    private ExcerptTailer reader;

    private Journal(Path dir, SingleChronicleQueue queue) {
        this.dir = dir;
        this.queue = queue;
    }

    public static Journal open(Path dir, Duration writeLockTimeout) {
        refuseForeignFiles(dir);
        try {
            SingleChronicleQueue queue = SingleChronicleQueueBuilder.single(dir.toFile())
                    .timeoutMS(writeLockTimeout.toMillis())
                    .build();
            return new Journal(dir, queue);
        } catch (RuntimeException | Error e) {
            throw new StorageException("cannot open the journal in " + dir + ": " + describe(e), e);
        }
    }

    public Path dir() {
        return dir;
    }

    /** Appends one entry; the caller holds the journal lock. Returns the entry's index. */
    public long append(byte[] entry) {
        try {
            if (appender == null) {
                appender = queue.createAppender();
                // appends are serialised by LockFile, possibly from different threads
                appender.singleThreadedCheckDisabled(true);
            }
            try (DocumentContext document = appender.writingDocument()) {
                document.wire().bytes().write(entry);
                return document.index();
            }
        } catch (RuntimeException | Error e) {
            throw new StorageException("cannot append to the journal in " + dir + ": " + describe(e), e);
        }
    }

    /** The entry at {@code index}, or null when there is none. */
    public synchronized byte[] read(long index) {
        try {
            if (reader == null) {
                reader = queue.createTailer();
                reader.singleThreadedCheckDisabled(true);
            }
            if (!reader.moveToIndex(index)) {
                return null;
            }
            try (DocumentContext document = reader.readingDocument()) {
                return document.isPresent() && document.index() == index ? bytesOf(document) : null;
            }
        } catch (RuntimeException | Error e) {
            throw new StorageException("cannot read the journal in " + dir + ": " + describe(e), e);
        }
    }

    /** Walks the entries after {@code index} in order ({@code -1}: from the first entry). */
    public void forEachAfter(long index, EntryVisitor visitor) {
        try (Follower follower = follower()) {
            follower.readAfter(index, visitor);
        }
    }

    /**
     * A reader that keeps its place: reading on from where it stopped costs nothing but the new entries, which is
     * what the index does before every append. One thread at a time.
     */
    public Follower follower() {
        return new Follower();
    }

    public final class Follower implements AutoCloseable {
        private ExcerptTailer tailer;
        private long last = Long.MIN_VALUE;

        private Follower() {
        }

        /** Visits the entries after {@code index} ({@code -1}: all); repositions only when it must. */
        public void readAfter(long index, EntryVisitor visitor) {
            try {
                if (tailer == null) {
                    tailer = queue.createTailer();
                    tailer.singleThreadedCheckDisabled(true);
                }
                // reading on past a few known entries is cheaper than moveToIndex
                if (last == Long.MIN_VALUE || index < last) {
                    position(index);
                }
                while (true) {
                    try (DocumentContext document = tailer.readingDocument()) {
                        if (!document.isPresent()) {
                            return;
                        }
                        last = document.index();
                        if (last > index && !visitor.visit(last, bytesOf(document))) {
                            return;
                        }
                    }
                }
            } catch (StorageException e) {
                throw e;
            } catch (RuntimeException | Error e) {
                last = Long.MIN_VALUE;
                throw new StorageException("cannot read the journal in " + dir + ": " + describe(e), e);
            }
        }

        private void position(long index) {
            last = index;
            if (index < 0) {
                tailer.toStart();
                return;
            }
            if (!tailer.moveToIndex(index)) {
                last = Long.MIN_VALUE;
                throw new StorageException("journal in " + dir + " has no entry at index " + index
                        + " (the derived index is stale)");
            }
            try (DocumentContext skipped = tailer.readingDocument()) {
                // moveToIndex leaves the tailer before the entry at index, which the caller has seen
            }
        }

        @Override
        public void close() {
            if (tailer != null) {
                tailer.close();
            }
        }
    }

    /**
     * Chronicle renames a segment file it cannot read to {@code *.discard} and carries on, so the entries in it
     * would silently drop out of every read. A file with a queue file's name but not its header is refused
     * instead. Files with other names are left alone (Chronicle ignores them).
     */
    private static void refuseForeignFiles(Path dir) {
        try (var files = java.nio.file.Files.newDirectoryStream(dir, "*.{cq4,cq4t}")) {
            for (Path file : files) {
                if (!looksLikeQueueFile(file)) {
                    throw new StorageException("the journal folder " + dir + " holds " + file.getFileName()
                            + ", which is not a Chronicle Queue file: move it away (nothing was recorded)");
                }
            }
        } catch (java.nio.file.NoSuchFileException e) {
            // a new journal
        } catch (java.io.IOException e) {
            throw new StorageException("cannot read the journal folder " + dir + ": " + describe(e), e);
        }
    }

    private static boolean looksLikeQueueFile(Path file) throws java.io.IOException {
        byte[] head = new byte[16];
        int read;
        try (var in = java.nio.file.Files.newInputStream(file)) {
            read = in.readNBytes(head, 0, head.length);
        }
        if (read == 0) {
            return true; // being created by another process
        }
        boolean blank = true;
        for (int i = 0; i < read; i++) {
            blank &= head[i] == 0;
        }
        // a header still being written is all zeros; a written one names itself "header" after its length word
        return blank || (read == head.length
                && new String(head, 6, 6, java.nio.charset.StandardCharsets.US_ASCII).equals("header"));
    }

    private static byte[] bytesOf(DocumentContext document) {
        Bytes<?> bytes = document.wire().bytes();
        byte[] data = new byte[Math.toIntExact(bytes.readRemaining())];
        bytes.read(data);
        return data;
    }

    static String describe(Throwable e) {
        String message = e.getMessage();
        return (message == null || message.isBlank() ? e.getClass().getSimpleName() : message.lines().findFirst()
                .orElse(message));
    }

    @Override
    public synchronized void close() {
        if (appender != null) {
            appender.close();
        }
        if (reader != null) {
            reader.close();
        }
        queue.close();
    }
}
