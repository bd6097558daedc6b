package dev.colimaproof.probes.snapshot;

import dev.colimaproof.probes.Substrate;
import dev.colimaproof.probes.probe.ColimaStatusProbe;
import dev.colimaproof.probes.probe.FilesProbe;
import dev.colimaproof.probes.probe.HealerStateProbe;
import dev.colimaproof.probes.probe.HostProbe;
import dev.colimaproof.probes.probe.LimaListProbe;
import dev.colimaproof.probes.probe.LogsProbe;
import dev.colimaproof.probes.probe.PidFilesProbe;
import dev.colimaproof.probes.probe.PortsProbe;
import dev.colimaproof.probes.probe.Probe;
import dev.colimaproof.probes.probe.ProbeContext;
import dev.colimaproof.probes.probe.ProcessTableProbe;
import dev.colimaproof.probes.probe.SocketsProbe;
import dev.colimaproof.probes.run.CommandRunner;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Takes a snapshot: every probe at once, each within its own timeout and all within one deadline. A probe that is
 * not done at the deadline is recorded as timed out; the snapshot itself always returns in time, because a hang
 * is evidence, never a reason to hang the healer.
 */
public final class Snapshotter {

    public static final Duration DEFAULT_DEADLINE = Duration.ofSeconds(10);
    // kept back from the deadline for gathering results and writing the artifact
    private static final Duration MARGIN = Duration.ofMillis(300);
    private static final Duration PROBE_MARGIN = Duration.ofMillis(250);

    public static List<Probe> defaultProbes() {
        return List.of(new ColimaStatusProbe(), new LimaListProbe(), new ProcessTableProbe(), new PidFilesProbe(),
                new SocketsProbe(), new PortsProbe(), new FilesProbe(), new LogsProbe(), new HealerStateProbe(),
                new HostProbe());
    }

    private final List<Probe> probes;

    public Snapshotter(List<Probe> probes) {
        this.probes = List.copyOf(probes);
    }

    public Snapshot take(Substrate substrate, CommandRunner runner, Duration deadline) {
        long start = System.nanoTime();
        long end = start + Math.max(deadline.minus(MARGIN).toNanos(), Duration.ofMillis(200).toNanos());
        ProbeContext context = new ProbeContext(substrate, runner);
        ExecutorService pool = Executors.newFixedThreadPool(probes.size(), runnable -> {
            Thread thread = new Thread(runnable, "probe");
            thread.setDaemon(true);
            return thread;
        });
        Map<String, ProbeOutcome> outcomes = new LinkedHashMap<>();
        try {
            Map<Probe, Future<ProbeOutcome>> running = new LinkedHashMap<>();
            for (Probe probe : probes) {
                // a probe's own time ends a little before the snapshot's, so it can return what it had
                Duration budget = Duration.ofNanos(Math.min(probe.timeout().toNanos(),
                        end - System.nanoTime() - PROBE_MARGIN.toNanos()));
                running.put(probe, pool.submit(() -> run(probe, context, budget)));
            }
            for (Map.Entry<Probe, Future<ProbeOutcome>> entry : running.entrySet()) {
                try {
                    outcomes.put(entry.getKey().name(),
                            entry.getValue().get(Math.max(0, end - System.nanoTime()), TimeUnit.NANOSECONDS));
                } catch (TimeoutException e) {
                    entry.getValue().cancel(true);
                    outcomes.put(entry.getKey().name(), new ProbeOutcome(ProbeOutcome.TIMED_OUT,
                            TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start), Map.of(),
                            "not done by the snapshot deadline"));
                } catch (ExecutionException e) {
                    outcomes.put(entry.getKey().name(), new ProbeOutcome(ProbeOutcome.ERROR, 0, Map.of(),
                            String.valueOf(e.getCause())));
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    break;
                }
            }
        } finally {
            pool.shutdownNow();
        }
        Map<String, Object> where = new LinkedHashMap<>();
        where.put("colima_home", substrate.colimaHome().toString());
        where.put("lima_home", substrate.limaHome().toString());
        where.put("profile", substrate.profile());
        where.put("instance", substrate.instance());
        return new Snapshot(Snapshot.SCHEMA, Instant.now().truncatedTo(ChronoUnit.MICROS).toString(),
                deadline.toMillis(), TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start), where, outcomes,
                Signals.derive(outcomes, context.maskedCount()), context.maskedCount());
    }

    private static ProbeOutcome run(Probe probe, ProbeContext context, Duration budget) {
        long start = System.nanoTime();
        try {
            Map<String, Object> data = probe.collect(context, budget.isNegative() ? Duration.ZERO : budget);
            long took = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
            boolean timedOut = Boolean.TRUE.equals(data.get("timed_out"));
            return new ProbeOutcome(timedOut ? ProbeOutcome.TIMED_OUT : ProbeOutcome.OK, took, data, null);
        } catch (Exception e) {
            return new ProbeOutcome(ProbeOutcome.ERROR, TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start),
                    Map.of(), e.getClass().getSimpleName() + ": " + e.getMessage());
        }
    }
}
