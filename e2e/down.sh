#!/usr/bin/env bash
# `make down`: stops the operator started by `make up`, then the local control plane.
source "$(dirname "${BASH_SOURCE[0]}")/cluster/common.sh"
pidfile="${RUN_DIR}/operator.pid"
if [[ -f "$pidfile" ]]; then
  pid="$(cat "$pidfile")"
  if kill -0 "$pid" 2>/dev/null; then
    kill -TERM "$pid" 2>/dev/null || true
    for _ in $(seq 1 50); do kill -0 "$pid" 2>/dev/null || break; sleep 0.2; done
    kill -KILL "$pid" 2>/dev/null || true
  fi
  rm -f "$pidfile"
  log "operator stopped"
fi
"${CLUSTER_DIR}/cluster-down.sh"
