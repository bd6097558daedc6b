package dev.colimaproof.cli;

import dev.colimaproof.ledger.InvalidInputException;
import dev.colimaproof.ledger.LedgerOptions;
import dev.colimaproof.ledger.event.Origin;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.UUID;

/**
 * What a command needs from its surroundings: the ledger home, the writer's origin, and the settings of the
 * optional config file (a Java properties file, see docs/cli.md). Environment and file are read once, here.
 */
public record Settings(Path home, Origin origin, Duration reuseWindow, Duration lockTimeout, long minFreeBytes,
                       String profile, Duration telemetryBudget, Map<String, String> otelConfig,
                       Map<String, String> env, Duration snapshotDeadline, List<Integer> ports,
                       List<Path> extraFiles, Path healerStateFile, Path catalogFile) {

    private static final Set<String> KEYS = Set.of("incident.reuse-window", "ledger.lock-timeout",
            "ledger.min-free-bytes", "profile", "telemetry.inline-budget", "probe.deadline", "probe.ports",
            "probe.extra-files", "healer.state-file", "catalog.file");
    static final Duration DEFAULT_TELEMETRY_BUDGET = Duration.ofSeconds(1);
    static final Duration DEFAULT_REUSE_WINDOW = Duration.ofMinutes(30);

    public static Settings load(Path homeOption, Path configFile, Map<String, String> env) {
        Properties config = read(configFile == null ? pathOrNull(env.get("COLIMA_PROOF_CONFIG")) : configFile);
        Path home = homeOption != null ? homeOption : defaultHome(env);
        String host = firstNonBlank(env.get("COLIMA_PROOF_HOST"), env.get("HOSTNAME"), Hostname.read());
        Origin origin = new Origin(host,
                firstNonBlank(env.get("SLOG_SESSION_ID"), UUID.randomUUID().toString()),
                firstNonBlank(env.get("SLOG_SYSTEM_ID"), host));
        return new Settings(home, origin,
                duration(config, "incident.reuse-window", DEFAULT_REUSE_WINDOW),
                duration(config, "ledger.lock-timeout", LedgerOptions.DEFAULT_LOCK_TIMEOUT),
                bytes(config, "ledger.min-free-bytes", LedgerOptions.DEFAULT_MIN_FREE_BYTES),
                firstNonBlank(config.getProperty("profile"), env.get("COLIMA_PROFILE"), "default"),
                duration(config, "telemetry.inline-budget", DEFAULT_TELEMETRY_BUDGET),
                otelKeys(config), Map.copyOf(env),
                duration(config, "probe.deadline", Duration.ofSeconds(10)),
                ports(java.util.Objects.requireNonNullElse(firstNonBlank(env.get("COLIMA_PROOF_PORTS"),
                        config.getProperty("probe.ports")), "")),
                paths(config.getProperty("probe.extra-files", "")),
                Path.of(firstNonBlank(env.get("COLIMA_PROOF_HEALER_STATE"), config.getProperty("healer.state-file"),
                        Path.of(firstNonBlank(env.get("HOME"), System.getProperty("user.home")), ".local", "state",
                                "k8s-reboot-heal.env").toString())),
                pathOrNull(firstNonBlank(env.get("COLIMA_PROOF_CATALOG"), config.getProperty("catalog.file"))));
    }

    /** Ports as {@code 6379,8108}: loopback ports the VM forwards, probed in every snapshot. */
    static List<Integer> ports(String text) {
        List<Integer> ports = new java.util.ArrayList<>();
        for (String part : text.split(",")) {
            if (part.isBlank()) {
                continue;
            }
            try {
                int port = Integer.parseInt(part.trim());
                if (port >= 1 && port <= 65535) {
                    ports.add(port);
                    continue;
                }
            } catch (NumberFormatException ignored) {
                // reported below
            }
            throw new InvalidInputException("invalid port '" + part.trim() + "' in the probe ports (use 1-65535, "
                    + "comma separated)");
        }
        return List.copyOf(ports);
    }

    private static List<Path> paths(String text) {
        return java.util.Arrays.stream(text.split(",")).map(String::trim).filter(s -> !s.isEmpty()).map(Path::of)
                .toList();
    }

    /** The standard OpenTelemetry keys of the config file ({@code otel.*}), handed to the SDK as they are. */
    private static Map<String, String> otelKeys(Properties config) {
        Map<String, String> keys = new java.util.TreeMap<>();
        for (String key : config.stringPropertyNames()) {
            if (key.startsWith("otel.")) {
                keys.put(key, config.getProperty(key));
            }
        }
        return keys;
    }

    public LedgerOptions ledgerOptions() {
        LedgerOptions defaults = LedgerOptions.defaults(home, origin);
        return new LedgerOptions(home, origin, lockTimeout, defaults.chronicleTimeout(), minFreeBytes,
                defaults.clock());
    }

    private static Path defaultHome(Map<String, String> env) {
        String explicit = env.get("COLIMA_PROOF_HOME");
        if (explicit != null && !explicit.isBlank()) {
            return Path.of(explicit);
        }
        String data = env.get("XDG_DATA_HOME");
        if (data != null && !data.isBlank()) {
            return Path.of(data, "colima-proof");
        }
        String userHome = firstNonBlank(env.get("HOME"), System.getProperty("user.home"));
        return Path.of(userHome, ".local", "share", "colima-proof");
    }

    private static Properties read(Path file) {
        Properties properties = new Properties();
        if (file == null) {
            return properties;
        }
        try (Reader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            properties.load(reader);
        } catch (IOException | IllegalArgumentException e) {
            throw new InvalidInputException("cannot read config file " + file + ": " + e.getMessage());
        }
        for (String key : properties.stringPropertyNames()) {
            if (!KEYS.contains(key) && !key.startsWith("otel.")) {
                throw new InvalidInputException("config file " + file + ": unknown key '" + key + "' (known: "
                        + String.join(", ", KEYS.stream().sorted().toList()) + ")");
            }
        }
        return properties;
    }

    private static Duration duration(Properties config, String key, Duration fallback) {
        String value = config.getProperty(key);
        return value == null ? fallback : Durations.parse(value);
    }

    private static long bytes(Properties config, String key, long fallback) {
        String value = config.getProperty(key);
        if (value == null) {
            return fallback;
        }
        try {
            long parsed = Long.parseLong(value.trim());
            if (parsed >= 0) {
                return parsed;
            }
        } catch (NumberFormatException ignored) {
            // reported below
        }
        throw new InvalidInputException("config key " + key + ": not a byte count: " + value);
    }

    private static Path pathOrNull(String value) {
        return value == null || value.isBlank() ? null : Path.of(value);
    }

    private static String firstNonBlank(String... values) {
        for (String value : values) {
            if (value != null && !value.isBlank()) {
                return value.trim();
            }
        }
        return null;
    }

    /** The host name without a DNS lookup, which can stall for seconds on a machine whose network is failing. */
    static final class Hostname {
        private Hostname() {
        }

        static String read() {
            for (String file : new String[] {"/etc/hostname", "/proc/sys/kernel/hostname"}) {
                try {
                    String name = Files.readString(Path.of(file)).trim();
                    if (!name.isEmpty()) {
                        return name;
                    }
                } catch (IOException | RuntimeException ignored) {
                    // not on this platform
                }
            }
            return fromCommand();
        }

        /** macOS has neither file; {@code hostname} answers without asking DNS. */
        private static String fromCommand() {
            try {
                Process process = new ProcessBuilder("hostname").redirectErrorStream(true).start();
                if (process.waitFor(1, java.util.concurrent.TimeUnit.SECONDS) && process.exitValue() == 0) {
                    String name = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
                    if (!name.isEmpty() && name.length() < 256) {
                        return name;
                    }
                }
                process.destroyForcibly();
            } catch (IOException e) {
                // no hostname command
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return "localhost";
        }
    }
}
