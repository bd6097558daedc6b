package dev.colimaproof.probes.probe;

import dev.colimaproof.probes.run.CommandResult;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The host: operating system, boot time and uptime, free disk in the Colima home's file system. */
public final class HostProbe implements Probe {

    private static final Pattern MAC_BOOT = Pattern.compile("sec = (\\d+)");

    @Override
    public String name() {
        return "host";
    }

    @Override
    public Duration timeout() {
        return Duration.ofSeconds(2);
    }

    @Override
    public Map<String, Object> collect(ProbeContext context, Duration budget) {
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("os", System.getProperty("os.name"));
        data.put("os_version", System.getProperty("os.version"));
        data.put("arch", System.getProperty("os.arch"));
        Long uptime = uptimeSeconds(context, budget);
        data.put("uptime_s", uptime);
        data.put("boot_epoch", uptime == null ? null : Instant.now().getEpochSecond() - uptime);
        Path home = context.substrate().colimaHome();
        Path existing = home;
        while (existing != null && !Files.exists(existing)) {
            existing = existing.getParent();
        }
        try {
            data.put("disk_free_bytes", existing == null ? null : Files.getFileStore(existing).getUsableSpace());
        } catch (IOException e) {
            data.put("disk_error", e.getMessage());
        }
        return data;
    }

    private static Long uptimeSeconds(ProbeContext context, Duration budget) {
        Path proc = Path.of("/proc/uptime");
        try {
            if (Files.isReadable(proc)) {
                return (long) Double.parseDouble(Files.readString(proc).trim().split("\\s+")[0]);
            }
        } catch (IOException | RuntimeException e) {
            return null;
        }
        CommandResult boot = context.runner().run(List.of("sysctl", "-n", "kern.boottime"), budget);
        Matcher matcher = MAC_BOOT.matcher(boot.stdout());
        return matcher.find() ? Instant.now().getEpochSecond() - Long.parseLong(matcher.group(1)) : null;
    }
}
