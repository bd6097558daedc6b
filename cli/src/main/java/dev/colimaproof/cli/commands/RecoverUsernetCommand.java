package dev.colimaproof.cli.commands;

import dev.colimaproof.cli.Durations;
import dev.colimaproof.ledger.InvalidInputException;
import dev.colimaproof.ledger.event.RecoveryMode;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.time.Duration;

/**
 * {@code recover-usernet}: the usernet-only experiment with the original harness's flags
 * ({@code --hypothesis-id}, {@code --restart-mode}, {@code --verify-wait-secs}), printing the verdict JSON.
 */
@Command(name = "recover-usernet", description = {"Reset Lima's user-v2 usernet state and judge H1-usernet "
        + "(intervene --mode usernet-only).", "Prints the verdict JSON; exit 0 when the window passed, 1 otherwise."})
public final class RecoverUsernetCommand extends InterveneCommand {

    @Option(names = "--verify-wait-secs", description = "Seconds to wait before the post snapshot (default 5).")
    Integer verifyWaitSecs;

    @Override
    RecoveryMode mode() {
        if (mode != null) {
            throw new InvalidInputException("recover-usernet is always --mode usernet-only");
        }
        return RecoveryMode.USERNET_ONLY;
    }

    @Override
    Duration verifyWait() {
        if (verifyWait != null) {
            return Durations.parse(verifyWait);
        }
        int secs = verifyWaitSecs == null ? 5 : verifyWaitSecs;
        if (secs < 0 || secs > 3600) {
            throw new InvalidInputException("--verify-wait-secs must be 0 to 3600");
        }
        return Duration.ofSeconds(secs);
    }

    @Override
    public Integer call() throws InterruptedException {
        if (hypothesis == null) {
            hypothesis = "H1-usernet";
        }
        main().forceJson();
        return super.call();
    }
}
