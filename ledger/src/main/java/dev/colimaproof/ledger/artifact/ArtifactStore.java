package dev.colimaproof.ledger.artifact;

import dev.colimaproof.ledger.InvalidInputException;
import dev.colimaproof.ledger.Sha256;
import dev.colimaproof.ledger.StorageException;
import dev.colimaproof.ledger.event.ArtifactRef;
import dev.colimaproof.ledger.event.Attachment;
import dev.colimaproof.ledger.event.IncidentId;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.util.UUID;

/**
 * Raw evidence as files under {@code incidents/<incident>/}. A file is written in two steps: staged (copied to a
 * temporary file and fsynced, hashing as it goes) before the journal lock is taken, then committed under the lock
 * once the event's sequence number is known: hard-linked to its final name, which fails instead of overwriting,
 * and made read-only.
 */
public final class ArtifactStore {

    private static final String INCIDENTS = "incidents";
    private static final String STAGING_PREFIX = ".staging-";

    private final Path home;

    public ArtifactStore(Path home) {
        this.home = home;
    }

    /** An attachment copied and hashed, waiting for its name. */
    public record Staged(Path temp, String role, String name, String sha256, long bytes) {
    }

    /** What re-hashing a recorded artifact found. */
    public enum Status { OK, CHANGED, MISSING }

    public record Check(ArtifactRef artifact, Status status, String actualSha256) {
    }

    public Staged stage(IncidentId incident, Attachment attachment) {
        Path dir = incidentDir(incident);
        Private.createDirectories(dir);
        Path temp = dir.resolve(STAGING_PREFIX + UUID.randomUUID());
        MessageDigest digest = Sha256.digest();
        long size;
        try (InputStream in = open(attachment);
             DigestInputStream hashing = new DigestInputStream(in, digest);
             FileChannel out = FileChannel.open(temp, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
            size = copy(hashing, out);
            out.force(true);
        } catch (InvalidInputException e) {
            deleteQuietly(temp);
            throw e;
        } catch (IOException e) {
            deleteQuietly(temp);
            throw new StorageException("cannot store artifact " + attachment.name() + " in " + dir + ": "
                    + reason(e), e);
        }
        return new Staged(temp, attachment.role(), attachment.name(), Sha256.hex(digest), size);
    }

    /** Gives a staged file its final name {@code NNNN-name} (NNNN = the event's sequence number). */
    public ArtifactRef commit(IncidentId incident, long seq, Staged staged) {
        Path dir = incidentDir(incident);
        for (int attempt = 1; ; attempt++) {
            Path target = dir.resolve(String.format("%04d-%s", seq, numbered(staged.name(), attempt)));
            try {
                Files.createLink(target, staged.temp());
                Private.makeReadOnly(target);
                Files.delete(staged.temp());
                return new ArtifactRef(staged.role(), home.relativize(target).toString(), staged.sha256(),
                        staged.bytes());
            } catch (FileAlreadyExistsException e) {
                // left by a writer that died before recording its event, or a second attachment of that name
                if (attempt >= 1000) {
                    throw new StorageException("cannot find a free name for " + staged.name() + " in " + dir, e);
                }
            } catch (IOException e) {
                throw new StorageException("cannot store artifact " + target + ": " + reason(e), e);
            }
        }
    }

    /** Makes the incident folder's new entries durable. */
    public void sync(IncidentId incident) {
        Private.syncDirectory(incidentDir(incident));
    }

    /** Removes a committed artifact whose event could not be recorded. */
    public void discard(ArtifactRef artifact) {
        deleteQuietly(resolve(artifact));
    }

    public void discard(Staged staged) {
        deleteQuietly(staged.temp());
    }

    public Check check(ArtifactRef artifact) {
        Path file = resolve(artifact);
        if (!Files.isRegularFile(file, LinkOption.NOFOLLOW_LINKS)) {
            return new Check(artifact, Status.MISSING, null);
        }
        MessageDigest digest = Sha256.digest();
        try (InputStream in = new DigestInputStream(Files.newInputStream(file), digest)) {
            in.transferTo(java.io.OutputStream.nullOutputStream());
        } catch (IOException e) {
            return new Check(artifact, Status.MISSING, null);
        }
        String actual = Sha256.hex(digest);
        return new Check(artifact, actual.equals(artifact.sha256()) ? Status.OK : Status.CHANGED, actual);
    }

    /** The file an artifact reference names; refuses references that would lead outside the home. */
    public Path resolve(ArtifactRef artifact) {
        Path file = home.resolve(artifact.path()).normalize();
        if (!file.startsWith(home.resolve(INCIDENTS))) {
            throw new InvalidInputException("artifact path leaves the ledger home: " + artifact.path());
        }
        return file;
    }

    public Path incidentDir(IncidentId incident) {
        return home.resolve(INCIDENTS).resolve(incident.value());
    }

    private static InputStream open(Attachment attachment) throws IOException {
        if (attachment instanceof Attachment.Content content) {
            return new java.io.ByteArrayInputStream(content.bytes());
        }
        Path source = ((Attachment.CopyOf) attachment).source();
        if (!Files.isRegularFile(source)) {
            throw new InvalidInputException("cannot attach " + source + ": " + (Files.exists(source)
                    ? "not a regular file" : "no such file"));
        }
        try {
            return Files.newInputStream(source);
        } catch (AccessDeniedException e) {
            throw new InvalidInputException("cannot attach " + source + ": permission denied");
        } catch (IOException e) {
            throw new InvalidInputException("cannot attach " + source + ": " + reason(e));
        }
    }

    private static long copy(InputStream in, FileChannel out) throws IOException {
        byte[] buffer = new byte[64 * 1024];
        long total = 0;
        int read;
        while ((read = in.read(buffer)) > 0) {
            ByteBuffer chunk = ByteBuffer.wrap(buffer, 0, read);
            while (chunk.hasRemaining()) {
                out.write(chunk);
            }
            total += read;
        }
        return total;
    }

    /** {@code name} for the first attempt, then {@code stem-2.ext}, {@code stem-3.ext}, ... */
    private static String numbered(String name, int attempt) {
        if (attempt == 1) {
            return name;
        }
        int dot = name.indexOf('.');
        return dot < 0 ? name + "-" + attempt : name.substring(0, dot) + "-" + attempt + name.substring(dot);
    }

    private static void deleteQuietly(Path file) {
        try {
            Files.deleteIfExists(file);
        } catch (IOException ignored) {
            // a leftover staging file is never referenced by an event
        }
    }

    static String reason(IOException e) {
        if (e instanceof NoSuchFileException) {
            return "no such file or directory";
        }
        if (e instanceof AccessDeniedException) {
            return "permission denied";
        }
        String message = e.getMessage();
        return message == null ? e.getClass().getSimpleName() : message;
    }
}
