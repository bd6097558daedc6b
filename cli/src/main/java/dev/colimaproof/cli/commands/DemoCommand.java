package dev.colimaproof.cli.commands;

import com.fasterxml.jackson.databind.JsonNode;
import dev.colimaproof.cli.ExitCode;
import dev.colimaproof.cli.Main;
import dev.colimaproof.ledger.StorageException;
import dev.colimaproof.probes.lab.Lab;
import picocli.CommandLine.Command;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code demo}: a series of simulated incidents end to end, on a lab in a fresh folder: two usernet leaks cured by
 * a usernet-only reset, a guest runtime failure cured by restarting the runtime. It shows a timeline, the
 * scoreboard and the verification, and leaves the folder for exploring (the lab itself is taken down).
 */
@Command(name = "demo", description = {"Run simulated incidents end to end on a lab; show a timeline, the "
        + "scoreboard and verify.", "Takes about a minute; leaves the ledger in a fresh folder (or --home)."})
public final class DemoCommand extends LedgerCommand {

    private static final String[] WINDOW = {"--passes", "2", "--interval", "1s"};

    private Map<String, String> env;

    @Override
    public Integer call() throws IOException {
        Path root = Files.createTempDirectory("colima-proof-demo-");
        Lab lab = LabCommand.labAt(root.resolve("lab"), settings().env());
        err().println("demo: starting a simulated Colima/Lima substrate in " + root.resolve("lab") + " ...");
        lab.up("healthy");
        env = new HashMap<>(settings().env());
        env.putAll(lab.environment());
        if (main().homeOption() != null) {
            env.put("COLIMA_PROOF_HOME", settings().home().toString());
        }
        String home = env.get("COLIMA_PROOF_HOME");
        List<String> incidents = new ArrayList<>();
        try {
            incidents.add(incident(lab, "usernet-leak", "recover-usernet", "--restart-mode", "none",
                    "--verify-wait-secs", "2"));
            incidents.add(incident(lab, "usernet-leak", "recover-usernet", "--restart-mode", "none",
                    "--verify-wait-secs", "2"));
            incidents.add(incident(lab, "guest-runtime", "intervene", "--mode", "guest-restart"));
        } finally {
            lab.down();
        }
        out().println();
        int timeline = run(out(), "--home", home, "timeline", incidents.get(0));
        out().println();
        int scoreboard = run(out(), "--home", home, "scoreboard");
        out().println();
        int verify = run(out(), "--home", home, "verify");
        err().println("demo ledger: " + home + "   (explore it: export COLIMA_PROOF_HOME=" + home + ")");
        return timeline == ExitCode.OK && scoreboard == ExitCode.OK && verify == ExitCode.OK
                ? ExitCode.OK : ExitCode.CHECK_FAILED;
    }

    /** One incident: the fault, its failure-edge snapshot, the experiment, the close. Returns its id. */
    private String incident(Lab lab, String fault, String... experiment) {
        lab.inject(fault);
        String id = capture("incident", "open").trim();
        capture("snapshot", "--incident", id, "--phase", "failure-detected", "--deadline", "5s");
        List<String> args = new ArrayList<>(List.of(experiment));
        args.addAll(List.of("--incident", id, "--json"));
        args.addAll(List.of(WINDOW));
        JsonNode result;
        try {
            result = new com.fasterxml.jackson.databind.ObjectMapper().readTree(capture(args.toArray(String[]::new)));
        } catch (IOException e) {
            throw new StorageException("the demo's experiment printed no JSON", e);
        }
        for (JsonNode verdict : result.get("verdicts")) {
            out().printf("incident %s  fault %-14s -> %-14s %s: %s%n", id, fault, result.get("mode").asText(),
                    verdict.get("hypothesis_id").asText(), verdict.get("verdict").asText());
        }
        capture("incident", "close", id, "--outcome", "recovered");
        return id;
    }

    /** Runs a command of this tool against the lab and returns what it printed. */
    private String capture(String... args) {
        StringWriter buffer = new StringWriter();
        int code = run(new PrintWriter(buffer, true), args);
        if (code != ExitCode.OK && code != ExitCode.CHECK_FAILED) {
            throw new StorageException("demo step failed: " + String.join(" ", args));
        }
        return buffer.toString();
    }

    private int run(PrintWriter out, String... args) {
        return Main.execute(args, env, out, new PrintWriter(new StringWriter(), true));
    }
}
