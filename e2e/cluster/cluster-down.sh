#!/usr/bin/env bash
# Stops every process cluster-up.sh started and frees its ports. The binaries stay cached; the
# cluster's data goes (every cluster-up starts clean). Logs stay until the next cluster-up.
source "$(dirname "${BASH_SOURCE[0]}")/common.sh"

stop_component() { # name
  local pidfile="$RUN_DIR/$1.pid" pid
  [[ -f "$pidfile" ]] || return 0
  pid="$(cat "$pidfile")"
  if kill -0 "$pid" 2>/dev/null; then
    kill -TERM -- "-$pid" 2>/dev/null || kill -TERM "$pid" 2>/dev/null || true
    for _ in $(seq 1 50); do kill -0 "$pid" 2>/dev/null || break; sleep 0.2; done
    kill -KILL -- "-$pid" 2>/dev/null || kill -KILL "$pid" 2>/dev/null || true
  fi
  rm -f "$pidfile"
}

# Reverse start order: clients of the API server first, etcd last.
for c in fake-provisioner kwok kube-scheduler kube-controller-manager kube-apiserver etcd; do
  stop_component "$c"
done
for port in "$ETCD_CLIENT_PORT" "$ETCD_PEER_PORT" "$APISERVER_PORT" "$CONTROLLER_MANAGER_PORT" "$SCHEDULER_PORT" "$KWOK_PORT"; do
  for _ in $(seq 1 25); do ss -ltnH "sport = :$port" | grep -q . || break; sleep 0.2; done
  ss -ltnH "sport = :$port" | grep -q . && die "port $port is still held after cluster-down"
done
rm -rf "$CLUSTER_STATE/etcd" "$CLUSTER_STATE/volumes"
log "local control plane stopped"
