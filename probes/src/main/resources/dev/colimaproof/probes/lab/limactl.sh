#!/usr/bin/env bash
# Fake limactl of a colima-proof lab: list prints Lima's JSON lines (and its stderr warnings) from the lab's real
# state; usernet and hostagent start lab daemons whose argument lists read like Lima's.
LAB='@ROOT@'
. "$LAB/lab/java.env"
export COLIMA_PROOF_LAB_ROOT="$LAB"
inst="$LAB/colima/_lima/colima"
ts() { date -u +%Y-%m-%dT%H:%M:%SZ; }
case "${1:-}" in
  list)
    [ -e "$LAB/lab/hang-limactl-list" ] && exec sleep 3600
    if [ -f "$inst/ha.pid" ] && kill -0 "$(cat "$inst/ha.pid" 2>/dev/null)" 2>/dev/null; then
      sed "s/@PID@/$(cat "$inst/ha.pid")/g" "$LAB/lab/limactl-list-running.json"
    elif [ -f "$inst/ha.pid" ]; then
      cat "$LAB/lab/limactl-list-broken.json"
      echo "time=\"$(ts)\" level=warning msg=\"instance \\\"colima\\\" has errors\" errors=\"[failed to get Info from \\\"$inst/ha.sock\\\": Get \\\"http://lima-hostagent/v1/info\\\": dial unix $inst/ha.sock: connect: connection refused]\"" >&2
    else
      cat "$LAB/lab/limactl-list-stopped.json"
    fi ;;
  usernet|hostagent)
    exec "$JAVA" $LAB_JAVA_OPTS -cp "$LAB_CLASSPATH" dev.colimaproof.probes.lab.LabProcess "$0" "$@" ;;
  stop)
    exec "$JAVA" $LAB_JAVA_OPTS -cp "$LAB_CLASSPATH" dev.colimaproof.probes.lab.LabControl colima "$@" ;;
  --version|version) echo "limactl version 1.2.1" ;;
  *) echo "time=\"$(ts)\" level=fatal msg=\"colima-proof lab: unsupported: $*\"" >&2; exit 1 ;;
esac
