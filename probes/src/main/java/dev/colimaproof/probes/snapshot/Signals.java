package dev.colimaproof.probes.snapshot;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The stable, flat names a snapshot's probe results reduce to (docs/probes.md lists each with its derivation).
 * Hypotheses' rules and comparisons read these, never the raw probe data. A pure function of the outcomes.
 */
public final class Signals {

    private static final String NOT_READY = "not ready to start persistent ssh session";

    private Signals() {
    }

    public static Map<String, Object> derive(Map<String, ProbeOutcome> probes, int masked) {
        Map<String, Object> s = new LinkedHashMap<>();
        Tree colima = Tree.of(probes.get("colima_status"));
        s.put("colima.status.timed_out", timedOut(probes.get("colima_status")));
        s.put("colima.status.ok", Integer.valueOf(0).equals(colima.get("exit_code"))
                && colima.child("status").get("runtime") != null);
        s.put("colima.status.error", firstNonNull(colima.get("fatal"), colima.get("error")));

        Tree lima = Tree.of(probes.get("lima_list"));
        s.put("lima.list.timed_out", timedOut(probes.get("lima_list")));
        List<Object> instances = lima.list("instances");
        s.put("lima.instance.status", instances.isEmpty() ? null : Tree.of(instances.get(0)).get("status"));
        s.put("lima.list.errors", (int) lima.list("warnings").stream()
                .filter(w -> Tree.of(w).get("errors") != null).count());

        Tree processes = Tree.of(probes.get("processes")).child("classified");
        List<Object> hostagents = processes.list("hostagent");
        s.put("hostagent.process_count", hostagents.size());
        s.put("hostagent.pid", hostagents.isEmpty() ? null : Tree.of(hostagents.get(0)).get("pid"));
        s.put("hostagent.started", hostagents.isEmpty() ? null : Tree.of(hostagents.get(0)).get("started"));
        s.put("usernet.process_count", processes.list("usernet").size());
        s.put("ssh.mux.process_count", processes.list("ssh_mux").size());
        s.put("colima.daemon.process_count", processes.list("colima_daemon").size());

        Tree pids = Tree.of(probes.get("pid_files"));
        s.put("hostagent.pidfile_alive", Boolean.TRUE.equals(pids.child("ha").get("alive")));
        s.put("usernet.pidfile_exists", Boolean.TRUE.equals(pids.child("usernet").get("exists")));
        s.put("usernet.pidfile_alive", Boolean.TRUE.equals(pids.child("usernet").get("alive")));
        s.put("usernet.pidfile_matches", Boolean.TRUE.equals(pids.child("usernet").get("matches")));

        Tree sockets = Tree.of(probes.get("sockets"));
        s.put("hostagent.api_ok", Boolean.TRUE.equals(sockets.child("ha").get("answers")));
        s.put("hostagent.api_timed_out", Boolean.TRUE.equals(sockets.child("ha").get("timed_out")));
        s.put("docker.ping_ok", Boolean.TRUE.equals(sockets.child("docker").get("answers")));
        int present = 0;
        int stale = 0;
        for (String name : List.of("usernet_ep", "usernet_fd", "usernet_qemu")) {
            Tree socket = sockets.child(name);
            if (Boolean.TRUE.equals(socket.get("exists"))) {
                present++;
                if (Boolean.FALSE.equals(socket.get("connects"))) {
                    stale++;
                }
            }
        }
        s.put("usernet.sockets.present", present);
        s.put("usernet.sockets.stale", stale);

        Tree logs = Tree.of(probes.get("logs"));
        long notReady = 0;
        String lastNotReady = null;
        for (Object entry : logs.child("ha_stderr").list("entries")) {
            if (String.valueOf(Tree.of(entry).get("msg")).contains(NOT_READY)) {
                notReady++;
                lastNotReady = String.valueOf(Tree.of(entry).get("time"));
            }
        }
        String lastRunning = null;
        for (Object event : logs.child("ha_stdout").list("events")) {
            if (Boolean.TRUE.equals(Tree.of(event).get("running"))) {
                lastRunning = String.valueOf(Tree.of(event).get("time"));
            }
        }
        List<Object> events = logs.child("ha_stdout").list("events");
        s.put("hostagent.running_event", !events.isEmpty()
                && Boolean.TRUE.equals(Tree.of(events.get(events.size() - 1)).get("running")));
        s.put("hostagent.not_ready_lines", notReady);
        // stalled: readiness keeps failing, and no running event came after the latest failure
        s.put("hostagent.readiness_stalled", notReady >= 2
                && (lastRunning == null || !before(lastNotReady, lastRunning)));

        List<Integer> closed = new ArrayList<>();
        Tree.of(probes.get("ports")).entries().forEach((port, result) -> {
            if (Boolean.FALSE.equals(Tree.of(result).get("open"))) {
                closed.add(Integer.parseInt(port));
            }
        });
        s.put("ports.closed", closed);

        Object forceCycleAge = Tree.of(probes.get("healer_state")).child("ages_s").get("LAST_COLIMA_FORCE_CYCLE_EPOCH");
        s.put("healer.last_force_cycle_age_s", forceCycleAge);
        Tree host = Tree.of(probes.get("host"));
        s.put("disk.free_bytes", host.get("disk_free_bytes"));
        s.put("host.boot_epoch", host.get("boot_epoch"));

        List<String> timedOut = new ArrayList<>();
        probes.forEach((name, outcome) -> {
            if (timedOut(outcome)) {
                timedOut.add(name);
            }
        });
        s.put("snapshot.timed_out_probes", timedOut);
        s.put("secrets.masked", masked);
        return s;
    }

    /** Whether RFC 3339 time {@code a} is before {@code b}; unparsable times count as not before. */
    private static boolean before(String a, String b) {
        try {
            return java.time.OffsetDateTime.parse(a).isBefore(java.time.OffsetDateTime.parse(b));
        } catch (java.time.format.DateTimeParseException | NullPointerException e) {
            return false;
        }
    }

    private static boolean timedOut(ProbeOutcome outcome) {
        return outcome != null && ProbeOutcome.TIMED_OUT.equals(outcome.status());
    }

    private static Object firstNonNull(Object a, Object b) {
        return a != null ? a : b;
    }

    /** Null-safe reading of the nested maps and lists probes return. */
    private record Tree(Map<?, ?> map) {
        static Tree of(ProbeOutcome outcome) {
            return new Tree(outcome == null || outcome.data() == null ? Map.of() : outcome.data());
        }

        static Tree of(Object value) {
            return new Tree(value instanceof Map<?, ?> m ? m : Map.of());
        }

        Object get(String key) {
            return map.get(key);
        }

        Tree child(String key) {
            return of(map.get(key));
        }

        List<Object> list(String key) {
            return map.get(key) instanceof List<?> l ? new ArrayList<>(l) : List.of();
        }

        @SuppressWarnings("unchecked")
        Map<String, Object> entries() {
            return (Map<String, Object>) map;
        }
    }
}
