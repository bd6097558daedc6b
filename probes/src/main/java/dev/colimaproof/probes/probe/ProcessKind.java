package dev.colimaproof.probes.probe;

import dev.colimaproof.probes.Substrate;

import java.nio.file.Path;
import java.util.List;

/**
 * The substrate's processes, recognised by their argument lists as Lima and Colima start them. A process belongs
 * to this substrate only when its arguments name this LIMA_HOME's paths: a {@code limactl usernet} of another
 * LIMA_HOME is not ours.
 */
public enum ProcessKind {
    /** {@code limactl usernet -p <LIMA_HOME>/_networks/user-v2/usernet_user-v2.pid ...} */
    USERNET("usernet"),
    /** {@code limactl hostagent --pidfile <instance>/ha.pid --socket <instance>/ha.sock ... <instance>} */
    HOSTAGENT("hostagent"),
    /** {@code colima daemon start <profile> ...} */
    COLIMA_DAEMON("colima_daemon"),
    /** {@code ssh: <instance>/ssh.sock [mux]} */
    SSH_MUX("ssh_mux"),
    /** {@code qemu-system-*} naming the instance folder (VZ runs inside the hostagent) */
    VM("vm");

    private final String key;

    ProcessKind(String key) {
        this.key = key;
    }

    public String key() {
        return key;
    }

    /** The kind of a process of this substrate, or null when it is not one. */
    public static ProcessKind of(List<String> argv, Substrate substrate) {
        if (argv.isEmpty()) {
            return null;
        }
        int limactl = indexOfProgram(argv, "limactl");
        if (limactl >= 0 && limactl + 1 < argv.size()) {
            String sub = argv.get(limactl + 1);
            if (sub.equals("usernet") && samePath(optionValue(argv, "-p"), substrate.usernetPidFile())) {
                return USERNET;
            }
            if (sub.equals("hostagent")
                    && samePath(optionValue(argv, "--pidfile"), substrate.instanceDir().resolve("ha.pid"))) {
                return HOSTAGENT;
            }
            return null;
        }
        int colima = indexOfProgram(argv, "colima");
        if (colima >= 0 && colima + 1 < argv.size() && argv.get(colima + 1).equals("daemon")) {
            return argv.contains(substrate.profile()) ? COLIMA_DAEMON : null;
        }
        if (argv.get(0).equals("ssh:") && argv.size() > 1
                && samePath(argv.get(1), substrate.instanceDir().resolve("ssh.sock"))) {
            return SSH_MUX;
        }
        if (basename(argv.get(0)).startsWith("qemu-system-")
                && argv.stream().anyMatch(arg -> arg.contains(substrate.instanceDir().toString()))) {
            return VM;
        }
        return null;
    }

    /** The value after {@code option} in an argument list, or null. */
    public static String optionValue(List<String> argv, String option) {
        int at = argv.indexOf(option);
        return at >= 0 && at + 1 < argv.size() ? argv.get(at + 1) : null;
    }

    private static final java.util.Set<String> INTERPRETERS = java.util.Set.of("java", "bash", "sh");
    private static final java.util.Set<String> OPTIONS_WITH_VALUE = java.util.Set.of("-cp", "-classpath",
            "--class-path", "-c");

    /**
     * Where {@code program} stands as the program being run: the first word, or the first word after an
     * interpreter's options (and, for java, its main class), as when the lab's launcher runs it. An editor or a
     * grep whose arguments mention the program does not count.
     */
    private static int indexOfProgram(List<String> argv, String program) {
        int at = 0;
        String first = basename(argv.get(0));
        if (INTERPRETERS.contains(first)) {
            at = 1;
            while (at < argv.size() && argv.get(at).startsWith("-")) {
                at += OPTIONS_WITH_VALUE.contains(argv.get(at)) ? 2 : 1;
            }
            if (first.equals("java")) {
                at++; // the main class, which runs the program named next
            }
        }
        return at < argv.size() && basename(argv.get(at)).equals(program) ? at : -1;
    }

    private static String basename(String path) {
        int slash = path.lastIndexOf('/');
        return slash < 0 ? path : path.substring(slash + 1);
    }

    private static boolean samePath(String value, Path expected) {
        if (value == null) {
            return false;
        }
        try {
            return Path.of(value).toAbsolutePath().normalize().equals(expected.toAbsolutePath().normalize());
        } catch (java.nio.file.InvalidPathException e) {
            return false;
        }
    }
}
