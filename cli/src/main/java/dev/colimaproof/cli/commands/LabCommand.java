package dev.colimaproof.cli.commands;

import dev.colimaproof.cli.ExitCode;
import dev.colimaproof.ledger.InvalidInputException;
import dev.colimaproof.probes.lab.Lab;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.nio.file.Path;

/** {@code lab up|inject|down}: a simulated Colima/Lima substrate for tests, benchmarks and healer rehearsals. */
@Command(name = "lab", description = "A simulated Colima/Lima substrate (docs/lab.md).",
        subcommands = {LabCommand.Up.class, LabCommand.Inject.class, LabCommand.Down.class})
public final class LabCommand {

    abstract static class LabRootCommand extends LedgerCommand {
        @Option(names = "--root", paramLabel = "DIR", description = "The lab's folder (default: $COLIMA_PROOF_LAB_ROOT).")
        Path root;

        Lab lab() {
            Path chosen = root != null ? root : settings().env().containsKey("COLIMA_PROOF_LAB_ROOT")
                    ? Path.of(settings().env().get("COLIMA_PROOF_LAB_ROOT")) : null;
            if (chosen == null) {
                throw new InvalidInputException("no lab folder: give --root DIR (or set COLIMA_PROOF_LAB_ROOT)");
            }
            return labAt(chosen, settings().env());
        }
    }

    /** A lab whose daemons run on this JVM's class path (or $COLIMA_PROOF_LAB_CLASSPATH). */
    static Lab labAt(Path root, java.util.Map<String, String> env) {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        return new Lab(root, java, env.getOrDefault("COLIMA_PROOF_LAB_CLASSPATH",
                System.getProperty("java.class.path")));
    }

    @Command(name = "up", description = {"Build a lab and start it with a scenario; print the export lines.",
            "Scenarios: healthy, usernet-leak, usernet-stale-socket, hostagent-stall, guest-runtime, healer-induced."})
    static final class Up extends LabRootCommand {
        @Option(names = "--scenario", required = true)
        String scenario;

        @Override
        public Integer call() {
            if (!Lab.FAULTS.contains(scenario)) {
                throw new InvalidInputException("unknown scenario '" + scenario + "': use "
                        + String.join(", ", Lab.FAULTS));
            }
            lab().up(scenario).forEach(out()::println);
            return ExitCode.OK;
        }
    }

    @Command(name = "inject", description = "Inject a fault into a running lab (healthy: clear every fault).")
    static final class Inject extends LabRootCommand {
        @Parameters(index = "0", paramLabel = "FAULT")
        String fault;

        @Override
        public Integer call() {
            if (!Lab.FAULTS.contains(fault)) {
                throw new InvalidInputException("unknown fault '" + fault + "': use " + String.join(", ", Lab.FAULTS));
            }
            lab().inject(fault);
            err().println("injected " + fault);
            return ExitCode.OK;
        }
    }

    @Command(name = "down", description = "Stop every lab process; remove its sockets and pid files.")
    static final class Down extends LabRootCommand {
        @Override
        public Integer call() {
            lab().down();
            err().println("lab down");
            return ExitCode.OK;
        }
    }
}
