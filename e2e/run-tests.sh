#!/usr/bin/env bash
# `make test`: unit tests of every module and the e2e suite on the local control plane. Starts the
# control plane when none is running and stops it afterwards only if it started it here.
source "$(dirname "${BASH_SOURCE[0]}")/cluster/common.sh"
REPO_ROOT="$(cd "${CLUSTER_DIR}/../.." && pwd)"

started_here=false
if [[ -z "${KUBECONFIG:-}" || "${KUBECONFIG}" == "${KUBECONFIG_PATH}" ]]; then
  if ! "${CLUSTER_DIR}/cluster-up.sh" --check >/dev/null 2>&1; then
    "${CLUSTER_DIR}/cluster-up.sh" >/dev/null
    started_here=true
  fi
  export KUBECONFIG="${KUBECONFIG_PATH}"
else
  log "using the cluster of KUBECONFIG=${KUBECONFIG}"
fi
if $started_here && [[ "${SQLMI_KEEP_CLUSTER:-false}" != "true" ]]; then
  trap '"${CLUSTER_DIR}/cluster-down.sh"' EXIT
fi
export KUBE_API_TEST_DIR SQLMI_CACHE_DIR
# The operator runs in the suite as its own user (sqlmi-operator), bound only to the chart's RBAC.
if [[ -f "${CLUSTER_STATE}/operator.kubeconfig" && "${KUBECONFIG}" == "${KUBECONFIG_PATH}" ]]; then
  export SQLMI_OPERATOR_KUBECONFIG="${CLUSTER_STATE}/operator.kubeconfig"
fi

# An operator started by `make up` would reconcile the suite's objects too.
if [[ -f "${RUN_DIR}/operator.pid" ]] && kill -0 "$(cat "${RUN_DIR}/operator.pid")" 2>/dev/null; then
  log "stopping the operator started by 'make up' (the suite runs its own); 'make up' starts it again"
  kill -TERM "$(cat "${RUN_DIR}/operator.pid")"; sleep 3; kill -KILL "$(cat "${RUN_DIR}/operator.pid")" 2>/dev/null || true
  rm -f "${RUN_DIR}/operator.pid"
fi

cd "$REPO_ROOT"
kubectl apply --server-side --force-conflicts -f crds/ >/dev/null
"${CLUSTER_DIR}/operator-rbac.sh" sqlmi-e2e sqlmi-operator-e2e
mvn -B --no-transfer-progress ${MAVEN_ARGS:-} -De2e verify
