package dev.colimaproof.ledger.event;

import dev.colimaproof.ledger.InvalidInputException;

import java.nio.file.Path;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * Raw evidence to store with an event: either bytes the caller produced (a snapshot) or a file to copy.
 * {@code name} becomes the artifact's file name after the event's sequence number.
 */
public sealed interface Attachment {

    String role();

    String name();

    record Content(String role, String name, byte[] bytes) implements Attachment {
        public Content {
            Objects.requireNonNull(bytes, "bytes");
            bytes = bytes.clone();
            Names.check(role, name);
        }

        @Override
        public byte[] bytes() {
            return bytes.clone();
        }
    }

    record CopyOf(String role, String name, Path source) implements Attachment {
        public CopyOf {
            Objects.requireNonNull(source, "source");
            Names.check(role, name);
        }
    }

    /** The file name an attachment gets from a path the user gave: its last part, made safe for a folder. */
    static String safeName(Path source) {
        Path last = source.getFileName();
        String raw = last == null ? "attachment" : last.toString();
        String cleaned = raw.replaceAll("[^A-Za-z0-9._-]", "_").replaceAll("^[._-]+", "");
        return cleaned.isEmpty() ? "attachment" : cleaned.substring(0, Math.min(cleaned.length(), 100));
    }

    final class Names {
        private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,119}");
        private static final Pattern ROLE = Pattern.compile("[a-z][a-z0-9_-]{0,31}");

        private Names() {
        }

        static void check(String role, String name) {
            if (role == null || !ROLE.matcher(role).matches()) {
                throw new InvalidInputException("invalid artifact role " + Printable.quote(role));
            }
            if (name == null || !NAME.matcher(name).matches()) {
                throw new InvalidInputException("invalid artifact name " + Printable.quote(name)
                        + ": use 1-120 of [A-Za-z0-9._-], starting with a letter or digit");
            }
        }
    }
}
