package dev.colimaproof.ledger.journal;

import dev.colimaproof.ledger.StorageException;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;

/**
 * The derived index on disk: a header, then fixed-size records in journal order. Only lock holders write it;
 * readers take whole records and ignore a torn tail. Deleting it is always safe: it is rebuilt from the journal.
 */
final class IndexFile {

    private static final byte[] MAGIC = "CPIDX001".getBytes(StandardCharsets.US_ASCII);
    static final int HEADER = 16;

    private final Path path;

    IndexFile(Path path) {
        this.path = path;
    }

    Path path() {
        return path;
    }

    /** Records from byte {@code offset} on, or null when the file is missing or not an index of this version. */
    Chunk readFrom(long offset) {
        try (FileChannel channel = FileChannel.open(path, StandardOpenOption.READ)) {
            long size = channel.size();
            if (size < HEADER || !hasMagic(channel)) {
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
        } catch (NoSuchFileException e) {
            return null;
        } catch (IOException | IllegalArgumentException e) {
            return null;
        }
    }

    /** Records read and the offset just after them. */
    record Chunk(List<IndexRecord> records, long end) {
    }

    /** Appends at {@code offset} (dropping any torn tail beyond it). Lock holders only. */
    void append(long offset, List<IndexRecord> records) {
        ByteBuffer buffer = ByteBuffer.allocate(records.size() * IndexRecord.SIZE);
        records.forEach(record -> record.writeTo(buffer));
        buffer.flip();
        try (FileChannel channel = FileChannel.open(path, StandardOpenOption.WRITE)) {
            if (channel.size() > offset) {
                channel.truncate(offset);
            }
            while (buffer.hasRemaining()) {
                channel.write(buffer, offset + buffer.position());
            }
        } catch (IOException e) {
            throw new StorageException("cannot write the index " + path + ": " + Journal.describe(e), e);
        }
    }

    /** Replaces the whole file atomically. Lock holders only. Returns the offset after the last record. */
    long rewrite(List<IndexRecord> records) {
        Path temp = path.resolveSibling(path.getFileName() + ".tmp");
        ByteBuffer buffer = ByteBuffer.allocate(HEADER + records.size() * IndexRecord.SIZE);
        buffer.put(MAGIC).position(HEADER);
        records.forEach(record -> record.writeTo(buffer));
        buffer.flip();
        try (FileChannel channel = FileChannel.open(temp, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.TRUNCATE_EXISTING)) {
            while (buffer.hasRemaining()) {
                channel.write(buffer);
            }
            channel.force(true);
        } catch (IOException e) {
            throw new StorageException("cannot write the index " + temp + ": " + Journal.describe(e), e);
        }
        try {
            Files.move(temp, path, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new StorageException("cannot replace the index " + path + ": " + Journal.describe(e), e);
        }
        return HEADER + (long) records.size() * IndexRecord.SIZE;
    }

    private static boolean hasMagic(FileChannel channel) throws IOException {
        ByteBuffer header = ByteBuffer.allocate(MAGIC.length);
        channel.read(header, 0);
        return java.util.Arrays.equals(header.array(), MAGIC);
    }
}
