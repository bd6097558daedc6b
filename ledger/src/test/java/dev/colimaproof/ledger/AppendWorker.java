package dev.colimaproof.ledger;

import dev.colimaproof.ledger.event.Action;
import dev.colimaproof.ledger.event.Attachment;
import dev.colimaproof.ledger.event.EventDraft;
import dev.colimaproof.ledger.event.IncidentId;
import dev.colimaproof.ledger.event.Origin;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

/**
 * A writer process for the multi-process tests: appends {@code count} events (0 = until killed), alternating
 * between its own incident and a shared one, and prints each event id once the append returned.
 * Arguments: home, worker name, count, shared incident.
 */
public final class AppendWorker {

    public static void main(String[] args) {
        Path home = Path.of(args[0]);
        String name = args[1];
        long count = Long.parseLong(args[2]);
        IncidentId own = IncidentId.of("worker-" + name);
        IncidentId shared = IncidentId.of(args[3]);
        try (Ledger ledger = Ledger.open(LedgerOptions.defaults(home, new Origin("test", name, "test")))) {
            for (long i = 1; count == 0 || i <= count; i++) {
                EventDraft.Builder draft = EventDraft.builder(i % 2 == 0 ? shared : own, Action.NOTE)
                        .metadata("worker", name)
                        .metadata("n", i);
                if (i % 10 == 0) {
                    draft.attach(new Attachment.Content("attachment", "evidence.txt",
                            (name + " " + i).getBytes(StandardCharsets.UTF_8)));
                }
                Ledger.Recorded recorded = ledger.append(draft.build());
                System.out.println(recorded.event().eventId());
                System.out.flush();
            }
        }
    }
}
