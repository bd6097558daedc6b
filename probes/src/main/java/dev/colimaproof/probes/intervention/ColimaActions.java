package dev.colimaproof.probes.intervention;

import dev.colimaproof.probes.Substrate;
import dev.colimaproof.probes.run.CommandResult;
import dev.colimaproof.probes.run.CommandRunner;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/** The interventions that go through Colima itself, as argument lists: start, force-cycle, guest runtime restart. */
public final class ColimaActions {

    public static final Duration STOP_TIMEOUT = Duration.ofSeconds(60);
    public static final Duration START_TIMEOUT = Duration.ofMinutes(10);

    private ColimaActions() {
    }

    public static List<CommandResult> start(CommandRunner runner, Substrate substrate) {
        return List.of(runner.run(profiled(substrate, "start"), START_TIMEOUT));
    }

    /** {@code colima stop --force}, then {@code colima start}. */
    public static List<CommandResult> forceCycle(CommandRunner runner, Substrate substrate) {
        List<String> stop = profiled(substrate, "stop");
        stop.add("--force");
        List<CommandResult> results = new ArrayList<>();
        results.add(runner.run(stop, STOP_TIMEOUT));
        results.add(runner.run(profiled(substrate, "start"), START_TIMEOUT));
        return results;
    }

    /** Restarts only the guest's container runtime: {@code colima ssh -- sudo systemctl restart docker}. */
    public static List<CommandResult> guestRestart(CommandRunner runner, Substrate substrate) {
        List<String> argv = profiled(substrate, "ssh");
        argv.addAll(List.of("--", "sudo", "systemctl", "restart", "docker"));
        return List.of(runner.run(argv, STOP_TIMEOUT));
    }

    private static List<String> profiled(Substrate substrate, String command) {
        List<String> argv = new ArrayList<>(List.of("colima", command));
        if (!substrate.profile().equals("default")) {
            argv.addAll(List.of("--profile", substrate.profile()));
        }
        return argv;
    }
}
