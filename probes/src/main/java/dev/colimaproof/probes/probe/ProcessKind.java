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

    private static int indexOfProgram(List<String> argv, String program) {
        for (int i = 0; i < argv.size(); i++) {
            if (basename(argv.get(i)).equals(program)) {
                return i;
            }
        }
        return -1;
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
