package dev.colimaproof.probes.probe;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.colimaproof.probes.run.CommandResult;
import dev.colimaproof.probes.text.Logrus;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code limactl list --json <instance>} with this LIMA_HOME. A Broken instance prints {@code "errors":[{}]} on
 * stdout: the error text is only in the stderr warnings, which are parsed here.
 */
public final class LimaListProbe implements Probe {

    private static final ObjectMapper JSON = new ObjectMapper();

    @Override
    public String name() {
        return "lima_list";
    }

    @Override
    public Duration timeout() {
        return Duration.ofSeconds(8);
    }

    @Override
    public Map<String, Object> collect(ProbeContext context, Duration budget) {
        CommandResult result = context.runner().run(
                List.of("limactl", "list", "--json", context.substrate().instance()), budget);
        Map<String, Object> data = CommandData.describe(context, result);
        List<Map<String, Object>> instances = new ArrayList<>();
        List<String> unparsed = new ArrayList<>();
        for (String line : result.stdout().split("\n")) {
            if (line.isBlank()) {
                continue;
            }
            try {
                JsonNode node = JSON.readTree(line);
                if (node != null && node.isObject()) {
                    Map<String, Object> instance = new LinkedHashMap<>();
                    instance.put("name", node.path("name").asText(null));
                    instance.put("status", node.path("status").asText(null));
                    instance.put("dir", node.path("dir").asText(null));
                    instance.put("vm_type", node.path("vmType").asText(null));
                    instance.put("host_agent_pid", node.has("hostAgentPID") ? node.get("hostAgentPID").asLong() : null);
                    instance.put("driver_pid", node.has("driverPID") ? node.get("driverPID").asLong() : null);
                    instance.put("ssh_local_port", node.has("sshLocalPort") ? node.get("sshLocalPort").asInt() : null);
                    instance.put("errors_count", node.path("errors").size());
                    instances.add(instance);
                    continue;
                }
            } catch (java.io.IOException e) {
                // not JSON (truncated, or a message): kept below
            }
            unparsed.add(context.mask(line.length() > 2000 ? line.substring(0, 2000) + "..." : line));
        }
        List<Map<String, Object>> warnings = new ArrayList<>();
        for (String line : result.stderr().split("\n")) {
            Logrus.parseText(line).ifPresent(entry -> {
                Map<String, Object> warning = new LinkedHashMap<>();
                warning.put("level", entry.level());
                warning.put("msg", context.mask(entry.msg()));
                if (entry.fields().containsKey("errors")) {
                    warning.put("errors", context.mask(entry.fields().get("errors")));
                }
                warnings.add(warning);
            });
        }
        data.put("instances", instances);
        data.put("unparsed_lines", unparsed);
        data.put("warnings", warnings);
        return data;
    }
}
