package dev.colimaproof.ledger;

import dev.colimaproof.ledger.event.Event;
import dev.colimaproof.ledger.event.IncidentId;
import dev.colimaproof.ledger.event.Origin;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Several real JVMs appending to one home at once, and a writer killed with SIGKILL in the middle of appends. */
class MultiProcessTest {

    private static final Origin ORIGIN = new Origin("test", "checker", "test");
    private static final IncidentId SHARED = IncidentId.of("shared");

    @TempDir
    Path home;

    @Test
    void concurrentWriterProcessesLoseAndDuplicateNothing() throws Exception {
        int workers = 3;
        int perWorker = 1200;
        List<Process> processes = new ArrayList<>();
        for (int w = 0; w < workers; w++) {
            processes.add(ChildJvm.start(AppendWorker.class, Map.of(), home.toString(), "w" + w,
                    String.valueOf(perWorker), SHARED.value()));
        }
        Map<String, List<String>> acknowledged = new HashMap<>();
        for (int w = 0; w < workers; w++) {
            acknowledged.put("w" + w, readLines(processes.get(w)));
        }
        for (Process process : processes) {
            assertTrue(process.waitFor(120, TimeUnit.SECONDS));
            assertEquals(0, process.exitValue());
        }

        try (Ledger ledger = Ledger.open(LedgerOptions.defaults(home, ORIGIN))) {
            Set<String> all = new HashSet<>();
            for (int w = 0; w < workers; w++) {
                List<String> ids = acknowledged.get("w" + w);
                assertEquals(perWorker, ids.size());
                all.addAll(ids);
                List<Event> own = ledger.incidentEvents(IncidentId.of("worker-w" + w));
                assertEquals(perWorker / 2, own.size());
                assertInOrder(own);
                // a worker's own events appear in the order it appended them
                List<Object> numbers = own.stream().map(e -> e.metadata().get("n")).toList();
                for (int i = 1; i < numbers.size(); i++) {
                    assertTrue(((Number) numbers.get(i)).longValue() > ((Number) numbers.get(i - 1)).longValue());
                }
            }
            assertEquals(workers * perWorker, all.size(), "every acknowledged event id is distinct");

            List<Event> shared = ledger.incidentEvents(SHARED);
            assertEquals(workers * perWorker / 2, shared.size());
            assertInOrder(shared);

            Set<String> stored = new HashSet<>();
            int[] entries = {0};
            ledger.forEachEntry((index, bytes) -> {
                entries[0]++;
                stored.add(ledger.codec().decode(bytes).eventId().toString());
                return true;
            });
            assertEquals(workers * perWorker, entries[0], "each event exactly once");
            assertEquals(all, stored);
            VerificationReport report = ledger.verify();
            assertTrue(report.ok(), report.findings().toString());
            assertEquals(workers * perWorker / 10, report.artifacts());
        }
    }

    @Test
    void aWriterKilledMidStreamLosesNoAcknowledgedEvent() throws Exception {
        Set<String> acknowledged = new HashSet<>();
        for (int round = 0; round < 3; round++) {
            Process writer = ChildJvm.start(AppendWorker.class, Map.of(), home.toString(), "k" + round, "0",
                    SHARED.value());
            BufferedReader out = new BufferedReader(new InputStreamReader(writer.getInputStream(),
                    StandardCharsets.UTF_8));
            int target = 300 + round * 150;
            for (int i = 0; i < target; i++) {
                String line = out.readLine();
                if (line == null) {
                    break;
                }
                acknowledged.add(line);
            }
            writer.toHandle().destroyForcibly(); // SIGKILL; unlike Process.destroyForcibly it keeps stdout open
            assertTrue(writer.waitFor(30, TimeUnit.SECONDS));
            assertEquals(137, writer.exitValue(), "killed by SIGKILL");
            String line;
            while ((line = out.readLine()) != null) {
                acknowledged.add(line); // printed before the kill landed
            }

            try (Ledger ledger = Ledger.open(LedgerOptions.defaults(home, ORIGIN))) {
                Set<String> stored = new HashSet<>();
                ledger.forEachEntry((index, bytes) -> {
                    stored.add(ledger.codec().decode(bytes).eventId().toString()); // a torn entry would throw
                    return true;
                });
                assertTrue(stored.containsAll(acknowledged), "round " + round + ": acknowledged events missing");
                VerificationReport report = ledger.verify();
                assertTrue(report.ok(), report.findings().toString());
                Event after = ledger.append(dev.colimaproof.ledger.event.EventDraft
                        .builder(SHARED, dev.colimaproof.ledger.event.Action.NOTE).build()).event();
                assertEquals(ledger.incidentEvents(SHARED).size(), after.seq());
                acknowledged.add(after.eventId().toString());
            }
        }
    }

    private static void assertInOrder(List<Event> events) {
        for (int i = 0; i < events.size(); i++) {
            assertEquals(i + 1, events.get(i).seq());
        }
    }

    private static List<String> readLines(Process process) throws java.io.IOException {
        List<String> lines = new ArrayList<>();
        try (BufferedReader reader = new BufferedReader(new InputStreamReader(process.getInputStream(),
                StandardCharsets.UTF_8))) {
            String line;
            while ((line = reader.readLine()) != null) {
                lines.add(line);
            }
        }
        return lines;
    }
}
