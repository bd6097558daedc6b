package dev.colimaproof.ledger.journal;

import dev.colimaproof.ledger.StorageException;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The derived index on disk: a header, then fixed-size records in journal order. Only lock holders write it;
 * readers take whole records and ignore a torn tail. It stays open for the life of the ledger (an open per append
 * cost more than the append), so it is rebuilt in place, never replaced by a rename that would leave other
 * processes reading a deleted file. Deleting it is always safe: it is rebuilt from the journal.
 */
final class IndexFile implements AutoCloseable {

    private static final byte[] MAGIC = "CPIDX001".getBytes(StandardCharsets.US_ASCII);
    static final int HEADER = 16;

    private final Path path;
    private final FileChannel channel;

    IndexFile(Path path) {
        this.path = path;
        try {
            this.channel = FileChannel.open(path, StandardOpenOption.CREATE, StandardOpenOption.READ,
                    StandardOpenOption.WRITE);
        } catch (IOException e) {
            throw new StorageException("cannot open the index " + path + ": " + Journal.describe(e), e);
        }
        dev.colimaproof.ledger.artifact.Private.makeOwnerOnly(path);
    }

    /** Records from byte {@code offset} on, or null when the file is not an index of this version. */
    Chunk readFrom(long offset) {
        try {
            long size = channel.size();
            if (size < HEADER || !hasMagic()) {
                return null;
            }
            long start = Math.max(offset, HEADER);
            long whole = (size - HEADER) / IndexRecord.SIZE * IndexRecord.SIZE + HEADER;
            if (whole <= start) {
                return new Chunk(List.of(), start);
            }
            ByteBuffer buffer = ByteBuffer.allocate(Math.toIntExact(whole - start));
            while (buffer.hasRemaining()) {
                if (channel.read(buffer, start + buffer.position()) < 0) {
                    break;
                }
            }
            buffer.flip();
            List<IndexRecord> records = new ArrayList<>(buffer.remaining() / IndexRecord.SIZE);
            while (buffer.remaining() >= IndexRecord.SIZE) {
                records.add(IndexRecord.readFrom(buffer));
            }
            return new Chunk(records, start + (long) records.size() * IndexRecord.SIZE);
        } catch (IOException | IllegalArgumentException e) {
            return null;
        }
    }

    /** Records read and the offset just after them. */
    record Chunk(List<IndexRecord> records, long end) {
    }

    /** Writes {@code records} at {@code offset} and drops anything beyond them (a torn tail). Lock holders only. */
    void append(long offset, List<IndexRecord> records) {
        ByteBuffer buffer = ByteBuffer.allocate(records.size() * IndexRecord.SIZE);
        records.forEach(record -> record.writeTo(buffer));
        buffer.flip();
        try {
            while (buffer.hasRemaining()) {
                channel.write(buffer, offset + buffer.position());
            }
            long end = offset + (long) records.size() * IndexRecord.SIZE;
            if (channel.size() > end) {
                channel.truncate(end);
            }
        } catch (IOException e) {
            throw new StorageException("cannot write the index " + path + ": " + Journal.describe(e), e);
        }
    }

    /** Replaces the whole content, in place. Lock holders only. */
    void rewrite(List<IndexRecord> records) {
        try {
            channel.truncate(0);
            channel.write(ByteBuffer.wrap(Arrays.copyOf(MAGIC, HEADER)), 0);
        } catch (IOException e) {
            throw new StorageException("cannot write the index " + path + ": " + Journal.describe(e), e);
        }
        append(HEADER, records);
    }

    private boolean hasMagic() throws IOException {
        ByteBuffer header = ByteBuffer.allocate(MAGIC.length);
        channel.read(header, 0);
        return Arrays.equals(header.array(), MAGIC);
    }

    @Override
    public void close() {
        try {
            channel.close();
        } catch (IOException ignored) {
            // derived data; nothing to flush
        }
    }
}
