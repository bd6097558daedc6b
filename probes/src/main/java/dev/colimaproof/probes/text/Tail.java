package dev.colimaproof.probes.text;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The end of a file, bounded by lines and bytes: only the last {@code maxBytes} are ever read, so a 2 GB log costs
 * what a 64 KB one does. A first line cut by the byte bound is dropped rather than shown half.
 */
public final class Tail {

    /** What was read: the lines (oldest first), the file size, and whether older content was left out. */
    public record Result(List<String> lines, long fileBytes, long readBytes, boolean cut) {
    }

    private Tail() {
    }

    public static Result read(Path file, int maxLines, int maxBytes) throws IOException {
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ, LinkOption.NOFOLLOW_LINKS)) {
            long size = channel.size();
            long start = Math.max(0, size - maxBytes);
            ByteBuffer buffer = ByteBuffer.allocate((int) (size - start));
            while (buffer.hasRemaining() && channel.read(buffer, start + buffer.position()) > 0) {
                // read the window
            }
            byte[] bytes = Arrays.copyOf(buffer.array(), buffer.position());
            List<String> lines = new ArrayList<>();
            int lineStart = 0;
            for (int i = 0; i < bytes.length; i++) {
                if (bytes[i] == '\n') {
                    lines.add(line(bytes, lineStart, i));
                    lineStart = i + 1;
                }
            }
            if (lineStart < bytes.length) {
                lines.add(line(bytes, lineStart, bytes.length));
            }
            if (start > 0 && !lines.isEmpty()) {
                lines.remove(0); // cut by the byte bound
            }
            boolean cut = start > 0 || lines.size() > maxLines;
            if (lines.size() > maxLines) {
                lines = new ArrayList<>(lines.subList(lines.size() - maxLines, lines.size()));
            }
            return new Result(lines, size, bytes.length, cut);
        }
    }

    private static String line(byte[] bytes, int from, int to) {
        int end = to > from && bytes[to - 1] == '\r' ? to - 1 : to;
        return Utf8.visible(bytes, from, end - from);
    }

    /** Whether a path can be tailed: a regular file reached without following a link. */
    public static boolean tailable(Path file) {
        return Files.isRegularFile(file, LinkOption.NOFOLLOW_LINKS);
    }
}
