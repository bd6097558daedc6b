package dev.colimaproof.probes;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Where one Colima profile's substrate lives: {@code COLIMA_HOME} (default ~/.colima), {@code LIMA_HOME} (default
 * {@code $COLIMA_HOME/_lima}), the Lima instance ({@code colima} for profile {@code default}, else
 * {@code colima-<profile>}), its folder, the user-v2 network folder and the docker socket.
 */
public record Substrate(Path colimaHome, Path limaHome, String profile, Path healerStateFile, List<Integer> ports,
                        List<Path> extraFiles) {

    private static final Pattern PROFILE = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,63}");
    public static final String NETWORK = "user-v2";

    public Substrate {
        if (!PROFILE.matcher(profile).matches()) {
            throw new IllegalArgumentException("invalid profile '" + profile + "'");
        }
        ports = List.copyOf(ports);
        extraFiles = List.copyOf(extraFiles);
    }

    /** Paths from the environment as Colima and Lima read it. */
    public static Substrate fromEnvironment(Map<String, String> env, String profile, Path healerStateFile,
                                           List<Integer> ports, List<Path> extraFiles) {
        Path userHome = Path.of(env.getOrDefault("HOME", System.getProperty("user.home")));
        Path colimaHome = env.containsKey("COLIMA_HOME") ? Path.of(env.get("COLIMA_HOME"))
                : userHome.resolve(".colima");
        Path limaHome = env.containsKey("LIMA_HOME") ? Path.of(env.get("LIMA_HOME")) : colimaHome.resolve("_lima");
        return new Substrate(colimaHome.toAbsolutePath().normalize(), limaHome.toAbsolutePath().normalize(), profile,
                healerStateFile, ports, extraFiles);
    }

    public String instance() {
        return profile.equals("default") ? "colima" : "colima-" + profile;
    }

    public Path instanceDir() {
        return limaHome.resolve(instance());
    }

    public Path networkDir() {
        return limaHome.resolve("_networks").resolve(NETWORK);
    }

    public Path dockerSocket() {
        return colimaHome.resolve(profile).resolve("docker.sock");
    }

    public Path usernetPidFile() {
        return networkDir().resolve("usernet_" + NETWORK + ".pid");
    }

    /** The user-v2 control sockets, by short name. */
    public Map<String, Path> usernetSockets() {
        return Map.of("ep", networkDir().resolve(NETWORK + "_ep.sock"),
                "fd", networkDir().resolve(NETWORK + "_fd.sock"),
                "qemu", networkDir().resolve(NETWORK + "_qemu.sock"));
    }
}
