package dev.colimaproof.ledger;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/** Starts a real second JVM on the test class path, with the JVM options Chronicle needs. */
public final class ChildJvm {

    private ChildJvm() {
    }

    public static ProcessBuilder builder(Class<?> mainClass, String... args) {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        String options = System.getProperty("colimaproof.test.jvmOptions", "");
        Arrays.stream(options.trim().split("\\s+")).filter(s -> !s.isEmpty()).forEach(command::add);
        command.add("-cp");
        command.add(System.getProperty("surefire.test.class.path", System.getProperty("java.class.path")));
        command.add(mainClass.getName());
        command.addAll(Arrays.asList(args));
        return new ProcessBuilder(command);
    }

    public static Process start(Class<?> mainClass, Map<String, String> env, String... args) throws IOException {
        ProcessBuilder builder = builder(mainClass, args).redirectError(ProcessBuilder.Redirect.INHERIT);
        builder.environment().putAll(env);
        return builder.start();
    }
}
