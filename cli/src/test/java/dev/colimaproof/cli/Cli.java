package dev.colimaproof.cli;

import dev.colimaproof.ledger.ChildJvm;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** Runs colima-proof command lines against one home, in this JVM or as a real child process. */
final class Cli {

    record Result(int code, String out, String err) {
        List<String> errLines() {
            return err.lines().toList();
        }

        String line() {
            return out.lines().findFirst().orElse("");
        }
    }

    private final Map<String, String> env = new HashMap<>();

    Cli(Path home) {
        env.put("COLIMA_PROOF_HOME", home.toString());
        env.put("HOME", home.resolveSibling("user-home").toString());
        env.put("SLOG_SESSION_ID", "test-session");
    }

    Cli env(String key, String value) {
        env.put(key, value);
        return this;
    }

    Result run(String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code = Main.execute(args, env, new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
        return new Result(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    Process start(String... args) throws java.io.IOException {
        ProcessBuilder builder = ChildJvm.builder(Main.class, args);
        builder.environment().putAll(env);
        return builder.start();
    }

    Result runProcess(String... args) throws Exception {
        Process process = start(args);
        process.getOutputStream().close();
        var err = java.util.concurrent.CompletableFuture.supplyAsync(() -> {
            try {
                return process.getErrorStream().readAllBytes();
            } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        });
        var out = process.getInputStream().readAllBytes();
        if (!process.waitFor(60, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new AssertionError("colima-proof " + String.join(" ", args) + " did not finish");
        }
        return new Result(process.exitValue(), new String(out, StandardCharsets.UTF_8),
                new String(err.join(), StandardCharsets.UTF_8));
    }
}
