package dev.colimaproof.cli.commands;

import dev.colimaproof.cli.Main;
import dev.colimaproof.cli.Settings;
import dev.colimaproof.ledger.Ledger;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.util.concurrent.Callable;

/** What every command shares: the global options, the output streams, and opening the ledger. */
abstract class LedgerCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    Main main() {
        return (Main) spec.root().userObject();
    }

    Settings settings() {
        return main().settings();
    }

    boolean json() {
        return main().json();
    }

    PrintWriter out() {
        return spec.commandLine().getOut();
    }

    PrintWriter err() {
        return spec.commandLine().getErr();
    }

    /** For commands that record: creates the home when needed. */
    Ledger openForWriting() {
        return Ledger.open(settings().ledgerOptions());
    }

    /** For commands that only read: a missing home is the caller's mistake, not an empty ledger. */
    Ledger openForReading() {
        return Ledger.openExisting(settings().ledgerOptions());
    }
}
