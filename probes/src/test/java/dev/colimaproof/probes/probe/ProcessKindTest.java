package dev.colimaproof.probes.probe;

import dev.colimaproof.probes.Substrate;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

class ProcessKindTest {

    private static final Substrate ALICE = new Substrate(Path.of("/Users/alice/.colima"),
            Path.of("/Users/alice/.colima/_lima"), "default", null, List.of(), List.of());

    private static List<String> argv(String line) {
        return List.of(line.split(" "));
    }

    @Test
    void lineOfTheRealProcessTableIsClassified() {
        String ps = String.join("\n",
                "  3120     1 Mon Oct 13 22:40:01 2025 /opt/homebrew/bin/limactl usernet -p "
                        + "/Users/alice/.colima/_lima/_networks/user-v2/usernet_user-v2.pid -e "
                        + "/Users/alice/.colima/_lima/_networks/user-v2/user-v2_ep.sock --subnet 192.168.5.0/24",
                "  4811     1 Tue Oct 14 09:12:04 2025 /opt/homebrew/bin/limactl hostagent --pidfile "
                        + "/Users/alice/.colima/_lima/colima/ha.pid --socket /Users/alice/.colima/_lima/colima/ha.sock colima",
                "  3188     1 Mon Oct 13 22:40:05 2025 ssh: /Users/alice/.colima/_lima/colima/ssh.sock [mux]",
                "  9001     1 Tue Oct 14 09:00:00 2025 /opt/homebrew/bin/limactl usernet -p "
                        + "/Users/bob/.lima/_networks/user-v2/usernet_user-v2.pid",
                "  9002   500 Tue Oct 14 09:00:00 2025 grep limactl usernet",
                "  9003   500 Tue Oct 14 09:00:00 2025 vim /notes/limactl usernet -p "
                        + "/Users/alice/.colima/_lima/_networks/user-v2/usernet_user-v2.pid",
                "  PID  PPID STARTED COMMAND",
                "garbage line");
        List<ProcessTableProbe.ProcessEntry> entries = ProcessTableProbe.parse(ps);
        assertEquals(6, entries.size(), "header and garbage are not rows");
        assertEquals("Mon Oct 13 22:40:01 2025", entries.get(0).started());
        assertEquals(ProcessKind.USERNET, ProcessKind.of(entries.get(0).argv(), ALICE));
        assertEquals(ProcessKind.HOSTAGENT, ProcessKind.of(entries.get(1).argv(), ALICE));
        assertEquals(ProcessKind.SSH_MUX, ProcessKind.of(entries.get(2).argv(), ALICE));
        assertNull(ProcessKind.of(entries.get(3).argv(), ALICE), "another LIMA_HOME's daemon is not ours");
        assertNull(ProcessKind.of(entries.get(4).argv(), ALICE), "a grep for the pattern is not a daemon");
        assertNull(ProcessKind.of(entries.get(5).argv(), ALICE), "an editor is not limactl");
        assertEquals(ProcessKind.USERNET, ProcessKind.of(argv("/usr/bin/java -Xmx48m -cp /x.jar lab.Main "
                + "/lab/bin/limactl usernet -p /Users/alice/.colima/_lima/_networks/user-v2/usernet_user-v2.pid"),
                ALICE), "a launcher running limactl, as the lab does");
    }

    @Test
    void profilesNameTheirOwnInstance() {
        Substrate work = new Substrate(Path.of("/h/.colima"), Path.of("/h/.colima/_lima"), "work", null, List.of(),
                List.of());
        assertEquals("colima-work", work.instance());
        assertEquals(ProcessKind.HOSTAGENT, ProcessKind.of(argv("limactl hostagent --pidfile "
                + "/h/.colima/_lima/colima-work/ha.pid colima-work"), work));
        assertNull(ProcessKind.of(argv("limactl hostagent --pidfile /h/.colima/_lima/colima/ha.pid colima"), work));
        assertEquals(Path.of("/h/.colima/work/docker.sock"), work.dockerSocket());
    }
}
