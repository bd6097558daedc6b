package dev.colimaproof.ledger.otel;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.colimaproof.ledger.InvalidInputException;
import dev.colimaproof.ledger.Ledger;
import dev.colimaproof.ledger.StorageException;
import dev.colimaproof.ledger.artifact.Private;
import dev.colimaproof.ledger.event.Event;
import dev.colimaproof.ledger.journal.LockFile;
import io.opentelemetry.exporter.internal.FailedExportException;
import io.opentelemetry.sdk.common.CompletableResultCode;
import io.opentelemetry.sdk.logs.export.LogRecordExporter;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * Store-and-forward delivery of the journal to an OTLP receiver. The journal is the outbox: delivery reads the
 * entries after a persisted cursor, exports them in batches, and moves the cursor only once the receiver accepted
 * a batch. One process delivers at a time (a lock file); a receiver that is down delays events, never loses them.
 * A crash between acceptance and the cursor write re-sends that batch (at least once; backends can deduplicate on
 * the body's {@code event_id}).
 */
public final class Delivery {

    public static final int BATCH = 512;
    private static final String DIR = "otel";

    /** Inline: the command that appended gives up at once if another process delivers or backoff applies. */
    public enum Mode { INLINE, FLUSH }

    /**
     * @param sent    records the receiver accepted in this call
     * @param pending entries still after the cursor
     * @param error   the last failure of this call, or null
     * @param skipped why nothing was tried, or null
     */
    public record Report(int sent, long pending, String error, String skipped) {
    }

    private final Path dir;
    private final ObjectMapper json;
    private final Clock clock;

    public Delivery(Path home, ObjectMapper json, Clock clock) {
        this.dir = home.resolve(DIR);
        this.json = json;
        this.clock = clock;
    }

    public DeliveryState state() {
        try {
            return json.readValue(dir.resolve("state.json").toFile(), DeliveryState.class);
        } catch (NoSuchFileException | java.io.FileNotFoundException e) {
            return DeliveryState.START;
        } catch (IOException e) {
            // derived state: an unreadable file is started over (re-sending rather than losing)
            return DeliveryState.START;
        }
    }

    /** Entries after the cursor. */
    public long pending(Ledger ledger) {
        long[] count = {0};
        ledger.forEachEntryAfter(state().cursor(), (index, bytes) -> {
            count[0]++;
            return true;
        });
        return count[0];
    }

    public Report deliver(Ledger ledger, Telemetry telemetry, Duration budget, Mode mode) {
        LogRecordExporter exporter = telemetry.exporter().orElseThrow(() -> new InvalidInputException(
                "no OTLP endpoint configured (set OTEL_EXPORTER_OTLP_ENDPOINT or otel.exporter.otlp.endpoint)"));
        Private.createDirectories(dir);
        long deadline = System.nanoTime() + budget.toNanos();
        LockFile lock = LockFile.open(dir.resolve("delivery.lock"));
        try {
            Optional<LockFile.Held> held = mode == Mode.INLINE ? lock.tryAcquire() : Optional.of(lock.acquire(budget));
            if (held.isEmpty()) {
                return new Report(0, pending(ledger), null, "another process is delivering");
            }
            try (LockFile.Held ignored = held.get()) {
                return deliverLocked(ledger, telemetry, exporter, deadline, mode);
            }
        } catch (StorageException e) {
            if (mode == Mode.FLUSH && e.getMessage().contains("held by another process")) {
                return new Report(0, pending(ledger), null, "another process is delivering");
            }
            throw e;
        } finally {
            lock.close();
        }
    }

    private Report deliverLocked(Ledger ledger, Telemetry telemetry, LogRecordExporter exporter, long deadline,
                                 Mode mode) {
        DeliveryState state = state();
        if (mode == Mode.INLINE && state.nextAttemptAt() != null && clock.instant().isBefore(state.nextAttemptAt())) {
            return new Report(0, pending(ledger), null, "backing off after: " + state.lastError());
        }
        int sent = 0;
        String error = null;
        while (true) {
            Batch batch = nextBatch(ledger, state.cursor());
            if (batch.lastIndex() < 0) {
                break;
            }
            long remaining = deadline - System.nanoTime();
            if (remaining <= 0) {
                break;
            }
            String failure = batch.events().isEmpty() ? null
                    : export(exporter, telemetry, batch.events(), remaining);
            if (failure == null) {
                state = state.delivered(batch.lastIndex(), batch.events().size(), batch.unreadable(), clock.instant());
                save(state);
                sent += batch.events().size();
                continue;
            }
            error = failure;
            state = state.failed(failure, clock.instant());
            save(state);
            long pause = Math.min(DeliveryState.backoff(state.consecutiveFailures()).toNanos(),
                    deadline - System.nanoTime());
            if (mode == Mode.INLINE || pause <= 0) {
                break;
            }
            sleep(pause);
        }
        return new Report(sent, pending(ledger), error, null);
    }

    /** Exports one batch; null when the receiver accepted it, else why not. */
    private static String export(LogRecordExporter exporter, Telemetry telemetry, List<Event> events,
                                 long remainingNanos) {
        CompletableResultCode result = exporter.export(telemetry.logRecords(events));
        result.join(remainingNanos, TimeUnit.NANOSECONDS);
        if (!result.isDone()) {
            return "no answer within " + TimeUnit.NANOSECONDS.toMillis(remainingNanos) + " ms";
        }
        if (result.isSuccess()) {
            return null;
        }
        return describe(result.getFailureThrowable());
    }

    /** The receiver's answer (HTTP status, gRPC status) or the connection error, in one line. */
    static String describe(Throwable failure) {
        if (failure instanceof FailedExportException.HttpExportException http && http.failedWithResponse()) {
            return "HTTP " + http.getResponse().getStatusCode() + " " + http.getResponse().getStatusMessage();
        }
        if (failure instanceof FailedExportException.GrpcExportException grpc && grpc.failedWithResponse()) {
            return "gRPC " + grpc.getResponse().getStatusCode() + " " + grpc.getResponse().getStatusDescription();
        }
        if (failure instanceof FailedExportException && failure.getCause() != null) {
            return firstLine(failure.getCause());
        }
        return failure == null ? "the receiver refused the batch" : firstLine(failure);
    }

    private record Batch(List<Event> events, long lastIndex, int unreadable) {
    }

    private static Batch nextBatch(Ledger ledger, long cursor) {
        List<Event> events = new ArrayList<>(BATCH);
        long[] last = {-1};
        int[] unreadable = {0};
        ledger.forEachEntryAfter(cursor, (index, bytes) -> {
            try {
                events.add(ledger.codec().decode(bytes));
            } catch (InvalidInputException e) {
                unreadable[0]++; // verify reports it; it cannot be mapped, and must not block what follows
            }
            last[0] = index;
            return events.size() + unreadable[0] < BATCH;
        });
        return new Batch(events, last[0], unreadable[0]);
    }

    private void save(DeliveryState state) {
        Path file = dir.resolve("state.json");
        Path temp = dir.resolve("state.json.tmp");
        try (FileChannel channel = FileChannel.open(temp, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.TRUNCATE_EXISTING)) {
            channel.write(java.nio.ByteBuffer.wrap(json.writeValueAsBytes(state)));
            channel.force(true);
        } catch (IOException e) {
            throw new StorageException("cannot write the delivery state " + temp + ": " + e.getMessage(), e);
        }
        try {
            Files.move(temp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new StorageException("cannot write the delivery state " + file + ": " + e.getMessage(), e);
        }
    }

    private static void sleep(long nanos) {
        try {
            TimeUnit.NANOSECONDS.sleep(nanos);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static String firstLine(Throwable e) {
        String message = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        Throwable cause = e.getCause();
        if (cause != null && cause.getMessage() != null && !message.contains(cause.getMessage())) {
            message = message + ": " + cause.getMessage();
        }
        return message.lines().findFirst().orElse(message);
    }

    /** For tests and status: when the state says the next inline attempt may be made. */
    public Instant nextAttemptAt() {
        return state().nextAttemptAt();
    }
}
