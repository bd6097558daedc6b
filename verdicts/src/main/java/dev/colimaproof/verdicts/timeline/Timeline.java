package dev.colimaproof.verdicts.timeline;

import dev.colimaproof.ledger.artifact.ArtifactStore;
import dev.colimaproof.ledger.event.ArtifactRef;
import dev.colimaproof.ledger.event.Event;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * An incident's events in order, with the time since the previous event and since the first, and what re-hashing
 * each artifact found. A fold over the events; the artifact checks are done by the caller (this module does no
 * I/O).
 */
public record Timeline(List<Entry> entries) {

    public Timeline {
        entries = List.copyOf(entries);
    }

    public record Entry(Event event, Duration sincePrevious, Duration sinceStart, List<ArtifactStore.Check> artifacts) {
        public Entry {
            artifacts = List.copyOf(artifacts);
        }
    }

    /**
     * @param checks what re-hashing found, by artifact path; an artifact absent from the map counts as missing
     */
    public static Timeline of(List<Event> events, Map<String, ArtifactStore.Check> checks) {
        List<Entry> entries = new ArrayList<>(events.size());
        Event first = events.isEmpty() ? null : events.get(0);
        Event previous = null;
        for (Event event : events) {
            Duration sincePrevious = previous == null ? Duration.ZERO
                    : Duration.between(previous.occurredAt(), event.occurredAt());
            List<ArtifactStore.Check> artifactChecks = new ArrayList<>();
            for (ArtifactRef artifact : event.artifacts()) {
                artifactChecks.add(checks.getOrDefault(artifact.path(),
                        new ArtifactStore.Check(artifact, ArtifactStore.Status.MISSING, null)));
            }
            entries.add(new Entry(event, sincePrevious, Duration.between(first.occurredAt(), event.occurredAt()),
                    artifactChecks));
            previous = event;
        }
        return new Timeline(entries);
    }

    /** True when every artifact still has the hash it was recorded with. */
    public boolean artifactsIntact() {
        return entries.stream().flatMap(entry -> entry.artifacts().stream())
                .allMatch(check -> check.status() == ArtifactStore.Status.OK);
    }
}
