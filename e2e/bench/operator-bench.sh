#!/usr/bin/env bash
# `make bench-operator`: the packaged operator, running as a process under the chart's RBAC identity as the e2e
# suite runs it, on the local control plane. BENCH_SIZES instances (default 10,100; 100 per virtual cluster, each
# in its own namespace) on kwok pool nodes: time to all Ready, API writes per instance from the API server's
# audit log (Events included), resident memory, time to delete all until nothing is left.
# Writes e2e/target/bench/operator.{md,csv,svg}; docs/performance.md says how docs/operator-bench.svg is drawn.
source "$(dirname "${BASH_SOURCE[0]}")/../cluster/common.sh"
REPO_ROOT="$(cd "${CLUSTER_DIR}/../.." && pwd)"
cd "$REPO_ROOT"
BENCH_SIZES="${BENCH_SIZES:-10,100}"
# SQLMI_OPERATOR_JAR=<dir>/operator/target/quarkus-app/quarkus-run.jar measures another build (side-by-side runs).

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
mvn -B -q --no-transfer-progress -pl e2e -am -De2e verify -Dit.test=OperatorBenchmark -Dtest=none \
  -Dsurefire.failIfNoSpecifiedTests=false -Dfailsafe.failIfNoSpecifiedTests=false -Dbench.sizes="${BENCH_SIZES}"
cat e2e/target/bench/operator.md
echo "chart of this run: e2e/target/bench/operator.svg"
