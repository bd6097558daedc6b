package dev.colimaproof.cli;

import dev.colimaproof.cli.commands.BenchCommand;
import dev.colimaproof.cli.commands.DemoCommand;
import dev.colimaproof.cli.commands.ExportCommand;
import dev.colimaproof.cli.commands.IncidentCommand;
import dev.colimaproof.cli.commands.CompareCommand;
import dev.colimaproof.cli.commands.GateCommand;
import dev.colimaproof.cli.commands.IncidentsCommand;
import dev.colimaproof.cli.commands.InterveneCommand;
import dev.colimaproof.cli.commands.InvariantsCommand;
import dev.colimaproof.cli.commands.RecoverUsernetCommand;
import dev.colimaproof.cli.commands.ReplayCommand;
import dev.colimaproof.cli.commands.ScoreboardCommand;
import dev.colimaproof.cli.commands.LabCommand;
import dev.colimaproof.cli.commands.SnapshotCommand;
import dev.colimaproof.cli.commands.OtelCommand;
import dev.colimaproof.cli.commands.RecordCommand;
import dev.colimaproof.cli.commands.TimelineCommand;
import dev.colimaproof.cli.commands.VerifyCommand;
import dev.colimaproof.ledger.InvalidInputException;
import dev.colimaproof.ledger.StorageException;
import dev.colimaproof.probes.lab.LabException;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ScopeType;

import java.io.PrintStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Map;

/** The {@code colima-proof} command: global options, the subcommands, and the mapping of failures to exit codes. */
@Command(name = "colima-proof",
        mixinStandardHelpOptions = true,
        versionProvider = Main.Version.class,
        description = "Evidence-first proof ledger for Colima/Lima substrate failures.",
        subcommands = {IncidentCommand.class, RecordCommand.class, IncidentsCommand.class, TimelineCommand.class,
                VerifyCommand.class, ExportCommand.class, SnapshotCommand.class, InterveneCommand.class,
                RecoverUsernetCommand.class, InvariantsCommand.class, GateCommand.class, ScoreboardCommand.class,
                CompareCommand.class, ReplayCommand.class, OtelCommand.class, LabCommand.class, DemoCommand.class,
                BenchCommand.class},
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:done", "1:a check said no (verify failed, gate refused, invariants failed)",
                "2:bad usage or bad input (nothing recorded)", "3:the evidence could not be recorded or read"})
public final class Main {

    @Option(names = "--home", scope = ScopeType.INHERIT,
            description = "Ledger home (default: $COLIMA_PROOF_HOME or ~/.local/share/colima-proof).")
    Path home;

    @Option(names = "--config", scope = ScopeType.INHERIT,
            description = "Config file (Java properties; default: $COLIMA_PROOF_CONFIG).")
    Path config;

    @Option(names = "--json", scope = ScopeType.INHERIT, description = "Machine-readable output on stdout.")
    boolean json;

    private Map<String, String> env = Map.of();

    /** When this command started: the process's start for a real invocation (JVM start-up included). */
    private java.time.Instant startedAt = java.time.Instant.now();

    /** The settings of this invocation; read once, on first use. */
    private Settings settings;

    public Settings settings() {
        if (settings == null) {
            settings = Settings.load(home, config, env);
        }
        return settings;
    }

    public Map<String, String> env() {
        return env;
    }

    private static java.time.Instant processStart;

    public java.time.Instant startedAt() {
        return startedAt;
    }

    /** The {@code --home} given on the command line, or null. */
    public Path homeOption() {
        return home;
    }

    /** For commands whose output is JSON by contract (recover-usernet prints the verdict JSON). */
    public void forceJson() {
        this.json = true;
    }

    public boolean json() {
        return json;
    }

    public static void main(String[] args) {
        processStart = ProcessHandle.current().info().startInstant().orElse(null);
        int code = execute(args, System.getenv(), System.out, System.err);
        System.out.flush();
        System.exit(code);
    }

    /** Runs one command line; the entry point for the launcher and for in-process tests. */
    public static int execute(String[] args, Map<String, String> env, PrintStream out, PrintStream err) {
        return execute(args, env, new PrintWriter(out, true, StandardCharsets.UTF_8),
                new PrintWriter(err, true, StandardCharsets.UTF_8));
    }

    /** Runs one command line with fresh options (a command may run another, as {@code demo} does). */
    public static int execute(String[] args, Map<String, String> env, PrintWriter out, PrintWriter err) {
        Main main = new Main();
        main.env = env;
        if (processStart != null) {
            main.startedAt = processStart;
            processStart = null; // only the first command of a process starts with it
        }
        CommandLine commandLine = new CommandLine(main);
        commandLine.setOut(out);
        commandLine.setErr(err);
        commandLine.setParameterExceptionHandler(Main::badUsage);
        commandLine.setExecutionExceptionHandler(Main::failure);
        return commandLine.execute(args);
    }

    private static int badUsage(CommandLine.ParameterException e, String[] args) {
        Throwable cause = e.getCause();
        String message = cause instanceof InvalidInputException invalid ? invalid.getMessage() : e.getMessage();
        e.getCommandLine().getErr().println("colima-proof: " + oneLine(message)
                + " (try: " + e.getCommandLine().getCommandSpec().qualifiedName() + " --help)");
        return ExitCode.BAD_INPUT;
    }

    private static int failure(Exception e, CommandLine commandLine, CommandLine.ParseResult parseResult) {
        PrintWriter err = commandLine.getErr();
        if (e instanceof InvalidInputException) {
            err.println("colima-proof: " + oneLine(e.getMessage()));
            return ExitCode.BAD_INPUT;
        }
        if (e instanceof InterruptedException) {
            err.println("colima-proof: interrupted");
            return ExitCode.STORAGE;
        }
        if (e instanceof LabException lab) {
            err.println("colima-proof: lab: " + oneLine(e.getMessage()));
            return lab.refused() ? ExitCode.BAD_INPUT : ExitCode.STORAGE;
        }
        if (e instanceof StorageException) {
            err.println("colima-proof: evidence not recorded: " + oneLine(e.getMessage()));
            return ExitCode.STORAGE;
        }
        err.println("colima-proof: internal error: " + oneLine(String.valueOf(e)));
        if (System.getenv("COLIMA_PROOF_DEBUG") != null) {
            e.printStackTrace(err);
        }
        return ExitCode.STORAGE;
    }

    static String oneLine(String message) {
        if (message == null) {
            return "(no message)";
        }
        return message.replace('\n', ' ').replace('\r', ' ');
    }

    /** The version from the jar's manifest (the build stamps it), or {@code development}. */
    public static String version() {
        String version = Main.class.getPackage().getImplementationVersion();
        return version == null ? "development" : version;
    }

    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            return new String[] {"colima-proof " + version()};
        }
    }
}
