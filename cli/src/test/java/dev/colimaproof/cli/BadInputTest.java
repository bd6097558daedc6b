package dev.colimaproof.cli;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * What a tired operator or an attacker might type: each gets one line on stderr, exit code 2, nothing on stdout,
 * and the ledger keeps exactly what it had.
 */
class BadInputTest {

    @TempDir
    static Path dir;

    private Cli cli;
    private List<String> before;

    @BeforeEach
    void recordSomething() {
        cli = new Cli(dir.resolve("home"));
        cli.run("record", "infra.colima.note", "--incident", "existing", "--reason", "earlier evidence");
        before = cli.run("export", "--format", "jsonl").out().lines().toList();
    }

    static Stream<List<String>> badCommandLines() {
        String longId = "a".repeat(300);
        return Stream.of(
                List.of("record", "infra.colima.note", "--incident", "../../etc"),
                List.of("record", "infra.colima.note", "--incident", "a/b"),
                List.of("record", "infra.colima.note", "--incident", ""),
                List.of("record", "infra.colima.note", "--incident", longId),
                List.of("record", "infra.colima.note", "--incident", "incident-\u00e9\u4e2d"),
                List.of("record", "infra.colima.note", "--incident", "bad\nnewline"),
                List.of("record", "infra.colima.snapshots", "--incident", "existing"),
                List.of("record", "rm -rf /", "--incident", "existing"),
                List.of("record", "infra.colima.note", "--incident", "existing", "--meta", "noequals"),
                List.of("record", "infra.colima.note", "--incident", "existing", "--meta", "=value"),
                List.of("record", "infra.colima.note", "--incident", "existing", "--meta", "a=1", "--meta", "a=2"),
                List.of("record", "infra.colima.note", "--incident", "existing", "--attach", "/no/such/file"),
                List.of("record", "infra.colima.note", "--incident", "existing", "--attach", "/"),
                List.of("record", "infra.colima.note", "--incident", "existing", "--level", "loud"),
                List.of("record", "infra.colima.note", "--incident", "existing", "--success", "maybe"),
                List.of("record", "infra.colima.note", "--incident", "existing", "--phase", "../x"),
                List.of("record", "infra.colima.note", "--incident", "existing", "--recovery-mode", "reboot"),
                List.of("record", "infra.colima.note", "--incident", "existing", "--event-id", "not-a-uuid"),
                List.of("record", "infra.colima.note"),
                List.of("record", "--incident", "existing"),
                List.of("record", "infra.colima.note", "--incident", "existing", "--frobnicate"),
                List.of("frobnicate"),
                List.of("timeline", "never-recorded"),
                List.of("timeline", "../../etc/passwd"),
                List.of("incident", "close", "existing", "--outcome", "fixed"),
                List.of("incident", "close", "never-opened", "--outcome", "recovered"),
                List.of("incident", "open", "--reuse-window", "five minutes"),
                List.of("export", "--format", "xml"),
                List.of("export", "--format", "jsonl", "--incident", "a/b"));
    }

    @ParameterizedTest
    @MethodSource("badCommandLines")
    void badInputIsOneLineExitTwoAndChangesNothing(List<String> args) {
        Cli.Result result = cli.run(args.toArray(String[]::new));
        assertEquals(2, result.code(), result.err());
        assertEquals(1, result.errLines().size(), "one line on stderr: " + result.err());
        assertTrue(result.err().startsWith("colima-proof: "), result.err());
        assertFalse(result.err().contains("Exception"), result.err());
        assertEquals("", result.out());
        assertEquals(before, cli.run("export", "--format", "jsonl").out().lines().toList());
    }

    @Test
    void anUnknownConfigKeyIsRefusedWithItsName() throws Exception {
        Path config = dir.resolve("bad.properties");
        Files.writeString(config, "incident.reuse-window=10m\nledger.lock-timout=5s\n");
        Cli.Result result = cli.run("--config", config.toString(), "incident", "open");
        assertEquals(2, result.code());
        assertTrue(result.err().contains("unknown key 'ledger.lock-timout'"), result.err());
        assertEquals(before, cli.run("export", "--format", "jsonl").out().lines().toList());
    }

    @Test
    void allRefusalsLeaveTheLedgerVerifiable() {
        List<String> codes = new ArrayList<>();
        badCommandLines().forEach(args -> codes.add(String.valueOf(cli.run(args.toArray(String[]::new)).code())));
        assertTrue(codes.stream().allMatch("2"::equals), codes.toString());
        assertEquals(0, cli.run("verify").code());
    }
}
