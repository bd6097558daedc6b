package dev.colimaproof.probes.run;

import dev.colimaproof.probes.text.Utf8;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Runs a command from an argument list (never through a shell) with a timeout and a cap on what it may print.
 * A command that does not finish is killed with its descendants, and what it printed so far is returned.
 */
public final class CommandRunner {

    public static final int DEFAULT_OUTPUT_CAP = 256 * 1024;

    private final Map<String, String> environment;
    private final int outputCap;

    /** @param environment variables to set for the command, on top of this process's own */
    public CommandRunner(Map<String, String> environment, int outputCap) {
        this.environment = Map.copyOf(environment);
        this.outputCap = outputCap;
    }

    public CommandResult run(List<String> argv, Duration timeout) {
        long start = System.nanoTime();
        Process process;
        try {
            List<String> resolved = new java.util.ArrayList<>(argv);
            resolved.set(0, resolve(argv.get(0)));
            ProcessBuilder builder = new ProcessBuilder(resolved);
            builder.environment().putAll(environment);
            builder.redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")));
            process = builder.start();
        } catch (IOException e) {
            return new CommandResult(argv, null, "", "", false, false, elapsed(start),
                    "cannot start " + argv.get(0) + ": " + e.getMessage());
        }
        Capture out = new Capture(process.getInputStream(), outputCap);
        Capture err = new Capture(process.getErrorStream(), outputCap);
        out.start();
        err.start();
        boolean exited;
        try {
            exited = process.waitFor(Math.max(1, timeout.toMillis()), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            exited = false;
        }
        if (!exited) {
            kill(process);
        }
        // give the readers a moment to drain what the pipes still hold
        out.finish(exited ? 2000 : 100);
        err.finish(exited ? 2000 : 100);
        return new CommandResult(argv, exited ? process.exitValue() : null, out.text(), err.text(), !exited,
                out.truncated() || err.truncated(), elapsed(start), null);
    }

    /**
     * The program's path, looked up in the PATH this runner was given: the JDK would search its own process's PATH,
     * not the one set for the child.
     */
    private String resolve(String program) {
        String path = environment.get("PATH");
        if (program.contains("/") || path == null) {
            return program;
        }
        for (String dir : path.split(":")) {
            java.nio.file.Path candidate = java.nio.file.Path.of(dir.isEmpty() ? "." : dir, program);
            if (java.nio.file.Files.isRegularFile(candidate) && java.nio.file.Files.isExecutable(candidate)) {
                return candidate.toString();
            }
        }
        return program;
    }

    private static void kill(Process process) {
        process.descendants().forEach(ProcessHandle::destroyForcibly);
        process.destroyForcibly();
    }

    private static long elapsed(long start) {
        return TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
    }

    /** Reads one stream into a bounded buffer on its own thread. */
    private static final class Capture extends Thread {
        private final InputStream in;
        private final int cap;
        private final ByteArrayOutputStream buffer = new ByteArrayOutputStream();
        private volatile boolean truncated;

        Capture(InputStream in, int cap) {
            super("command-output");
            setDaemon(true);
            this.in = in;
            this.cap = cap;
        }

        @Override
        public void run() {
            byte[] chunk = new byte[8192];
            try {
                int read;
                while ((read = in.read(chunk)) > 0) {
                    synchronized (buffer) {
                        int room = cap - buffer.size();
                        if (room > 0) {
                            buffer.write(chunk, 0, Math.min(room, read));
                        }
                        if (read > room) {
                            truncated = true;
                        }
                    }
                }
            } catch (IOException ignored) {
                // the process was killed or closed its end
            }
        }

        void finish(long waitMs) {
            try {
                join(waitMs);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }

        String text() {
            synchronized (buffer) {
                return Utf8.visible(buffer.toByteArray());
            }
        }

        boolean truncated() {
            return truncated;
        }
    }
}
