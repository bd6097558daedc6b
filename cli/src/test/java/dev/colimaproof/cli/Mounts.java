package dev.colimaproof.cli;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Small tmpfs mounts for storage-failure tests; only root can make them (CI runs as root). */
final class Mounts {

    private Mounts() {
    }

    static boolean available() {
        return "root".equals(System.getProperty("user.name")) && Path.of("/bin/mount").toFile().exists();
    }

    static void tmpfs(Path at, String options) throws Exception {
        run("mount", "-t", "tmpfs", "-o", options, "tmpfs", at.toString());
    }

    static void remount(Path at, String options) throws Exception {
        run("mount", "-o", "remount," + options, at.toString());
    }

    static void unmount(Path at) throws Exception {
        run("umount", "-l", at.toString());
    }

    private static void run(String... command) throws Exception {
        Process process = new ProcessBuilder(new ArrayList<>(List.of(command))).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes());
        if (!process.waitFor(30, TimeUnit.SECONDS) || process.exitValue() != 0) {
            throw new IllegalStateException(String.join(" ", command) + " failed: " + output);
        }
    }
}
