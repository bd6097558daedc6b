package dev.colimaproof.probes.probe;

import dev.colimaproof.probes.Substrate;
import dev.colimaproof.probes.text.Logrus;
import dev.colimaproof.probes.text.Tail;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Bounded tails (the last lines and bytes, never the whole file) of the hostagent's logs, the serial logs, the
 * usernet log, colima's daemon log and configured extra files, with secrets masked. ha.stderr.log is parsed as
 * logrus JSON, ha.stdout.log as status events; lines that do not parse are kept as they are.
 */
public final class LogsProbe implements Probe {

    public static final int MAX_LINES = 200;
    public static final int MAX_BYTES = 64 * 1024;

    @Override
    public String name() {
        return "logs";
    }

    @Override
    public Duration timeout() {
        return Duration.ofSeconds(3);
    }

    @Override
    public Map<String, Object> collect(ProbeContext context, Duration budget) {
        Substrate substrate = context.substrate();
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("ha_stderr", tail(context, substrate.instanceDir().resolve("ha.stderr.log"), Format.LOGRUS_JSON));
        data.put("ha_stdout", tail(context, substrate.instanceDir().resolve("ha.stdout.log"), Format.STATUS_EVENTS));
        data.put("usernet_stderr", tail(context, substrate.networkDir().resolve("usernet." + Substrate.NETWORK
                + ".stderr.log"), Format.LOGRUS_TEXT));
        for (Path serial : serialLogs(substrate.instanceDir())) {
            data.put(serial.getFileName().toString(), tail(context, serial, Format.PLAIN));
        }
        data.put("colima_daemon", tail(context, substrate.colimaHome().resolve(substrate.profile())
                .resolve("daemon").resolve("daemon.log"), Format.LOGRUS_TEXT));
        int n = 0;
        for (Path extra : substrate.extraFiles()) {
            data.put("extra_" + (n++), tail(context, extra, Format.PLAIN));
        }
        return data;
    }

    enum Format { PLAIN, LOGRUS_JSON, LOGRUS_TEXT, STATUS_EVENTS }

    static Map<String, Object> tail(ProbeContext context, Path file, Format format) {
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("path", file.toString());
        if (!Files.exists(file, LinkOption.NOFOLLOW_LINKS)) {
            data.put("exists", false);
            return data;
        }
        data.put("exists", true);
        if (!Tail.tailable(file)) {
            data.put("error", Files.isSymbolicLink(file) ? "a symbolic link (not followed)" : "not a regular file");
            return data;
        }
        Tail.Result tail;
        try {
            tail = Tail.read(file, MAX_LINES, MAX_BYTES);
        } catch (IOException e) {
            data.put("error", e.getClass().getSimpleName() + ": " + e.getMessage());
            return data;
        }
        List<String> lines = new ArrayList<>(tail.lines().size());
        for (String line : tail.lines()) {
            lines.add(context.mask(line));
        }
        data.put("file_bytes", tail.fileBytes());
        data.put("read_bytes", tail.readBytes());
        data.put("cut", tail.cut());
        data.put("lines", lines);
        if (format == Format.LOGRUS_JSON || format == Format.LOGRUS_TEXT) {
            List<Map<String, String>> entries = new ArrayList<>();
            int unparsed = 0;
            for (String line : lines) {
                var entry = format == Format.LOGRUS_JSON ? Logrus.parseJson(line) : Logrus.parseText(line);
                if (entry.isPresent()) {
                    entries.add(Map.of("level", entry.get().level(), "msg", entry.get().msg(),
                            "time", entry.get().time()));
                } else if (!line.isBlank()) {
                    unparsed++;
                }
            }
            data.put("entries", entries);
            data.put("unparsed_lines", unparsed);
        }
        if (format == Format.STATUS_EVENTS) {
            data.put("events", StatusEvents.parse(lines));
        }
        return data;
    }

    private static List<Path> serialLogs(Path instanceDir) {
        List<Path> logs = new ArrayList<>();
        try (DirectoryStream<Path> stream = Files.newDirectoryStream(instanceDir, "serial*.log")) {
            stream.forEach(logs::add);
        } catch (IOException e) {
            // no instance folder
        }
        logs.sort(null);
        return logs;
    }

    /** ha.stdout.log: {@code {"time":...,"status":{"running":true,"degraded":...,"exiting":...}}} per line. */
    static final class StatusEvents {
        private static final com.fasterxml.jackson.databind.ObjectMapper JSON =
                new com.fasterxml.jackson.databind.ObjectMapper();

        private StatusEvents() {
        }

        static List<Map<String, Object>> parse(List<String> lines) {
            List<Map<String, Object>> events = new ArrayList<>();
            for (String line : lines) {
                try {
                    var node = JSON.readTree(line);
                    if (node != null && node.has("status")) {
                        Map<String, Object> event = new LinkedHashMap<>();
                        event.put("time", node.path("time").asText(""));
                        var status = node.get("status");
                        event.put("running", status.path("running").asBoolean(false));
                        event.put("degraded", status.path("degraded").asBoolean(false));
                        event.put("exiting", status.path("exiting").asBoolean(false));
                        if (status.has("errors")) {
                            event.put("errors", status.get("errors").toString());
                        }
                        events.add(event);
                    }
                } catch (IOException e) {
                    // not an event line
                }
            }
            return events;
        }
    }
}
