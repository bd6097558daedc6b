package dev.colimaproof.probes.probe;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFileAttributes;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Facts of the instance and network folders' entries: type, size, mtime, mode. Links are described, not followed. */
public final class FilesProbe implements Probe {

    private static final int MAX_ENTRIES = 200;

    @Override
    public String name() {
        return "files";
    }

    @Override
    public Duration timeout() {
        return Duration.ofSeconds(2);
    }

    @Override
    public Map<String, Object> collect(ProbeContext context, Duration budget) {
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("instance", list(context.substrate().instanceDir()));
        data.put("network", list(context.substrate().networkDir()));
        return data;
    }

    static Map<String, Object> list(Path dir) {
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("path", dir.toString());
        if (!Files.isDirectory(dir, LinkOption.NOFOLLOW_LINKS)) {
            data.put("exists", Files.exists(dir, LinkOption.NOFOLLOW_LINKS));
            return data;
        }
        data.put("exists", true);
        List<Map<String, Object>> entries = new ArrayList<>();
        try (DirectoryStream<Path> stream = Files.newDirectoryStream(dir)) {
            for (Path entry : stream) {
                if (entries.size() >= MAX_ENTRIES) {
                    data.put("truncated", true);
                    break;
                }
                entries.add(describe(entry));
            }
        } catch (IOException e) {
            data.put("error", e.getMessage());
        }
        entries.sort((a, b) -> String.valueOf(a.get("name")).compareTo(String.valueOf(b.get("name"))));
        data.put("entries", entries);
        return data;
    }

    static Map<String, Object> describe(Path entry) {
        Map<String, Object> row = new LinkedHashMap<>();
        row.put("name", entry.getFileName().toString());
        try {
            PosixFileAttributes attributes = Files.readAttributes(entry, PosixFileAttributes.class,
                    LinkOption.NOFOLLOW_LINKS);
            row.put("type", attributes.isSymbolicLink() ? "symlink" : attributes.isDirectory() ? "dir"
                    : attributes.isRegularFile() ? "file" : SocketsProbe.isSocket(entry) ? "socket" : "other");
            row.put("size", attributes.size());
            row.put("mtime", attributes.lastModifiedTime().toString());
            row.put("mode", PosixFilePermissions.toString(attributes.permissions()));
            if (attributes.isSymbolicLink()) {
                row.put("target", Files.readSymbolicLink(entry).toString());
            }
        } catch (IOException | UnsupportedOperationException e) {
            row.put("error", e.getMessage());
        }
        return row;
    }
}
