package dev.colimaproof.probes.lab;

import dev.colimaproof.probes.Substrate;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Map;

/**
 * The lab's layout under its root and the control files the lab processes and fake executables read:
 * {@code colima/} is COLIMA_HOME, {@code colima/_lima/} LIMA_HOME, {@code bin/} the fake {@code colima} and
 * {@code limactl}, {@code lab/} the control state, {@code ledger/} a colima-proof home for rehearsals.
 */
public record LabFiles(Path root) {

    public static final String PROFILE = "default";

    public LabFiles {
        root = root.toAbsolutePath().normalize();
    }

    public Path colimaHome() {
        return root.resolve("colima");
    }

    public Path limaHome() {
        return colimaHome().resolve("_lima");
    }

    public Path bin() {
        return root.resolve("bin");
    }

    public Path control() {
        return root.resolve("lab");
    }

    public Path ledgerHome() {
        return root.resolve("ledger");
    }

    public Path healerState() {
        return control().resolve("healer-state.env");
    }

    /** hostagent behaviour: healthy, stall, booting, guest-down */
    public Path modeFile() {
        return control().resolve("hostagent.mode");
    }

    public Path hangStatusFlag() {
        return control().resolve("hang-colima-status");
    }

    public Path hangListFlag() {
        return control().resolve("hang-limactl-list");
    }

    public Path scenarioFile() {
        return control().resolve("scenario");
    }

    /** the pid of the usernet daemon that closes its fd and qemu listeners (the leak's stale sockets) */
    public Path dropListenersFile() {
        return control().resolve("usernet.drop-listeners");
    }

    public Path portsFile() {
        return control().resolve("ports");
    }

    public Substrate substrate() {
        return new Substrate(colimaHome(), limaHome(), PROFILE, healerState(), ports(), List.of());
    }

    public List<Integer> ports() {
        try {
            String text = Files.readString(portsFile()).trim();
            return text.isEmpty() ? List.of()
                    : java.util.Arrays.stream(text.split(",")).map(Integer::parseInt).toList();
        } catch (IOException | NumberFormatException e) {
            return List.of();
        }
    }

    public boolean exists() {
        return Files.isDirectory(control()) && Files.exists(bin().resolve("colima"));
    }

    public String read(Path file, String fallback) {
        try {
            return Files.readString(file).trim();
        } catch (IOException e) {
            return fallback;
        }
    }

    public void write(Path file, String text) {
        try {
            Files.createDirectories(file.getParent());
            Path temp = file.resolveSibling(file.getFileName() + ".tmp");
            Files.writeString(temp, text, StandardCharsets.UTF_8);
            Files.move(temp, file, java.nio.file.StandardCopyOption.REPLACE_EXISTING,
                    java.nio.file.StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new LabException("cannot write " + file + ": " + e.getMessage(), e);
        }
    }

    /** Appends a line, as a daemon writes its log. */
    public static void appendLine(Path file, String line) {
        try {
            Files.writeString(file, line + "\n", StandardCharsets.UTF_8, StandardOpenOption.CREATE,
                    StandardOpenOption.APPEND);
        } catch (IOException ignored) {
            // a log line lost in the lab is not worth dying for
        }
    }

    public static void deleteQuietly(Path file) {
        try {
            Files.deleteIfExists(file);
        } catch (IOException ignored) {
            // already gone or not ours
        }
    }

    /** logrus's JSON form, as the hostagent writes ha.stderr.log (keys sorted, local time in seconds). */
    public static String logrusJson(String level, String msg) {
        return "{\"level\":\"" + level + "\",\"msg\":" + quote(msg) + ",\"time\":\"" + now() + "\"}";
    }

    /** logrus's text form, as limactl usernet and colima write to stderr. */
    public static String logrusText(String level, String msg) {
        return "time=\"" + now() + "\" level=" + level + " msg=" + quote(msg);
    }

    static String now() {
        return OffsetDateTime.now(ZoneOffset.UTC).format(DateTimeFormatter.ISO_OFFSET_DATE_TIME
                .withZone(ZoneOffset.UTC)).replaceAll("\\.\\d+", "");
    }

    static String quote(String text) {
        try {
            return new com.fasterxml.jackson.databind.ObjectMapper().writeValueAsString(text)
                    .replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026");
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    public Map<String, String> environment() {
        return Map.of("COLIMA_HOME", colimaHome().toString(), "LIMA_HOME", limaHome().toString(),
                "COLIMA_PROOF_LAB_ROOT", root.toString());
    }
}
