package dev.colimaproof.ledger.artifact;

import dev.colimaproof.ledger.StorageException;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Set;

/** File-system helpers for evidence: folders only the owner can enter, files no one can change by accident. */
public final class Private {

    private static final Set<PosixFilePermission> OWNER_ONLY = PosixFilePermissions.fromString("rwx------");
    private static final Set<PosixFilePermission> READ_ONLY = PosixFilePermissions.fromString("r--------");

    private Private() {
    }

    /** Creates a folder and any missing parents, each new one 0700. */
    public static void createDirectories(Path dir) {
        if (Files.isDirectory(dir)) {
            return;
        }
        Path parent = dir.toAbsolutePath().getParent();
        if (parent != null) {
            createDirectories(parent);
        }
        try {
            Files.createDirectory(dir);
            Files.setPosixFilePermissions(dir, OWNER_ONLY);
        } catch (java.nio.file.FileAlreadyExistsException e) {
            if (!Files.isDirectory(dir)) {
                throw new StorageException("cannot create folder " + dir + ": a file of that name is in the way");
            }
        } catch (FileSystemException e) {
            throw new StorageException("cannot create folder " + dir + ": " + describe(e), e);
        } catch (IOException | UnsupportedOperationException e) {
            throw new StorageException("cannot create folder " + dir + ": " + e.getMessage(), e);
        }
    }

    public static void makeReadOnly(Path file) throws IOException {
        try {
            Files.setPosixFilePermissions(file, READ_ONLY);
        } catch (UnsupportedOperationException e) {
            file.toFile().setReadOnly();
        }
    }

    public static void makeOwnerOnly(Path file) {
        try {
            Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
        } catch (IOException | UnsupportedOperationException ignored) {
            // the folder around it is 0700 already
        }
    }

    /** fsync of a folder, so a rename or link in it survives a power loss; not every platform allows it. */
    public static void syncDirectory(Path dir) {
        try (FileChannel channel = FileChannel.open(dir, StandardOpenOption.READ)) {
            channel.force(true);
        } catch (IOException ignored) {
            // macOS and some file systems refuse fsync on a folder; the data files themselves were fsynced
        }
    }

    private static String describe(FileSystemException e) {
        String reason = e.getReason();
        return reason == null ? e.getClass().getSimpleName() : reason;
    }
}
