#!/usr/bin/env bash
# Where the time to Ready goes, instance by instance. Run it beside `make bench-operator`: it waits until the
# 100 instances of the benchmark's first 100-instance cluster are Ready, saves them with their pods, and prints
# when each step happened (seconds after the first instance was created; percentiles over the instances) from
# the objects' timestamps and the operator's writes in the API server's audit log:
#   e2e/bench/timeline.sh & make bench-operator
source "$(dirname "${BASH_SOURCE[0]}")/../cluster/common.sh"
export KUBECONFIG="${KUBECONFIG_PATH}"
out="${REPO_ROOT:-$(cd "${CLUSTER_DIR}/../.." && pwd)}/e2e/target/bench"
mkdir -p "$out"
while true; do
  ns="$(kubectl get namespaces -o name 2>/dev/null | grep -o 'bench-100-0-[0-9a-f]*' | head -1 || true)"
  if [[ -n "$ns" ]] && [[ "$(kubectl get managedinstances -n "$ns" \
      -o jsonpath='{range .items[?(@.status.state=="Ready")]}x{end}' 2>/dev/null)" == "$(printf 'x%.0s' {1..100})" ]]; then
    sleep 4 # the last status writes land
    kubectl get managedinstances,virtualclusters,pods,statefulsets -n "$ns" -o json > "$out/timeline-objects.json"
    exec python3 "$(dirname "${BASH_SOURCE[0]}")/timeline.py" "$ns" "$out/timeline-objects.json" "$LOG_DIR"
  fi
  sleep 1
done
