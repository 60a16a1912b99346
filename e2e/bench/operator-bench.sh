#!/usr/bin/env bash
# `make bench-operator`: 10 and 100 instances in one virtual cluster on the local control plane, the operator
# running as a process under its own identity. Counts API writes from the API server's audit log.
source "$(dirname "${BASH_SOURCE[0]}")/../cluster/common.sh"
REPO_ROOT="$(cd "${CLUSTER_DIR}/../.." && pwd)"
cd "$REPO_ROOT"

started_here=false
if ! "${CLUSTER_DIR}/cluster-up.sh" --check >/dev/null 2>&1; then
  "${CLUSTER_DIR}/cluster-up.sh" >/dev/null
  started_here=true
  trap '"${CLUSTER_DIR}/cluster-down.sh"' EXIT
fi
export KUBECONFIG="${KUBECONFIG_PATH}" SQLMI_OPERATOR_KUBECONFIG="${CLUSTER_STATE}/operator.kubeconfig"
mvn -B -q --no-transfer-progress -pl operator -am package -DskipTests
kubectl apply --server-side --force-conflicts -f crds/ >/dev/null
"${CLUSTER_DIR}/operator-rbac.sh" sqlmi-e2e sqlmi-operator-e2e
mvn -B -q --no-transfer-progress -pl e2e -De2e verify -Dit.test=OperatorBenchmark -Dsurefire.failIfNoSpecifiedTests=false
cat e2e/target/bench/operator.md
