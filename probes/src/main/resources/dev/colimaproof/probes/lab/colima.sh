#!/usr/bin/env bash
# Fake colima of a colima-proof lab: prints what colima prints, from the lab's real state.
LAB='@ROOT@'
. "$LAB/lab/java.env"
export COLIMA_PROOF_LAB_ROOT="$LAB" COLIMA_HOME="$LAB/colima" LIMA_HOME="$LAB/colima/_lima"
inst="$LIMA_HOME/colima"
ts() { date -u +%Y-%m-%dT%H:%M:%SZ; }
alive() { [ -f "$inst/ha.pid" ] && kill -0 "$(cat "$inst/ha.pid" 2>/dev/null)" 2>/dev/null; }
ready() { tail -n 1 "$inst/ha.stdout.log" 2>/dev/null | grep -q '"running":true'; }
case "${1:-}" in
  status)
    [ -e "$LAB/lab/hang-colima-status" ] && exec sleep 3600
    if ! alive; then echo "time=\"$(ts)\" level=fatal msg=\"colima is not running\"" >&2; exit 1; fi
    if ! ready; then echo "time=\"$(ts)\" level=fatal msg=\"error retrieving current runtime: empty value\"" >&2; exit 1; fi
    case " $* " in
      *" --json "*) cat "$LAB/lab/colima-status.json" ;;
      *) echo "time=\"$(ts)\" level=info msg=\"colima is running using macOS Virtualization.Framework\"" >&2
         echo "time=\"$(ts)\" level=info msg=\"runtime: docker\"" >&2
         echo "time=\"$(ts)\" level=info msg=\"socket: unix://$COLIMA_HOME/default/docker.sock\"" >&2 ;;
    esac ;;
  ssh)
    # the lab's guest: restarting its container runtime brings docker back
    case " $* " in
      *" systemctl restart docker "*) [ "$(cat "$LAB/lab/hostagent.mode" 2>/dev/null)" = guest-down ] \
          && echo healthy > "$LAB/lab/hostagent.mode"; exit 0 ;;
      *) echo "time=\"$(ts)\" level=fatal msg=\"colima-proof lab: unsupported in the guest: $*\"" >&2; exit 1 ;;
    esac ;;
  start|stop|restart)
    exec "$JAVA" $LAB_JAVA_OPTS -cp "$LAB_CLASSPATH" dev.colimaproof.probes.lab.LabControl colima "$@" ;;
  version|--version) echo "colima version 0.9.1 (colima-proof lab)" ;;
  *) echo "time=\"$(ts)\" level=fatal msg=\"colima-proof lab: unsupported: $*\"" >&2; exit 1 ;;
esac
