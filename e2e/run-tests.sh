#!/usr/bin/env bash
# `make test`: unit tests of every module and the e2e suite on the local cluster. Starts the cluster when none
# is running (and stops it afterwards, checking that the real node left nothing behind) only if it started it
# here. Installs what the tests need on a fresh machine: the node's Debian packages, the Go-built binaries and
# the test clients.
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
# Stopping the cluster is part of the test: cluster-down fails when the real node left anything behind.
if $started_here && [[ "${SQLMI_KEEP_CLUSTER:-false}" != "true" ]]; then
  trap 'rc=$?; "${CLUSTER_DIR}/cluster-down.sh" || rc=1; exit $rc' EXIT
fi
export KUBE_API_TEST_DIR SQLMI_CACHE_DIR
# The operator runs in the suite as its own user (sqlmi-operator), bound only to the chart's RBAC.
if [[ -f "${CLUSTER_STATE}/operator.kubeconfig" && "${KUBECONFIG}" == "${KUBECONFIG_PATH}" ]]; then
  export SQLMI_OPERATOR_KUBECONFIG="${CLUSTER_STATE}/operator.kubeconfig"
fi

# The operator `make up` installed would reconcile the suite's objects too.
MAKE_UP_RELEASE="app.kubernetes.io/instance=sqlmi-operator,app.kubernetes.io/managed-by=Helm"
if [[ "$(kubectl -n sqlmi-system get deployment sqlmi-operator -o jsonpath='{.spec.replicas}' 2>/dev/null)" -gt 0 ]] 2>/dev/null; then
  log "scaling the operator of 'make up' to 0 (the suite runs its own); 'make up' brings it back"
  kubectl -n sqlmi-system scale deployment/sqlmi-operator --replicas=0 >/dev/null
fi
# Its admission policies would refuse what the suite does as a cluster admin (editing a mandatory NetworkPolicy to
# see the operator restore it, pods in subnet namespaces); the suite installs the policies it tests itself.
if [[ -n "$(kubectl get validatingadmissionpolicybindings -l "${MAKE_UP_RELEASE}" -o name 2>/dev/null)" ]]; then
  log "removing the admission policy bindings of 'make up' while the suite runs; 'make up' brings them back"
  kubectl delete validatingadmissionpolicybindings -l "${MAKE_UP_RELEASE}" >/dev/null
fi
# The suite's operator watches every namespace: left alone, it would manage the samples of 'make up' too, whose
# virtual cluster would claim the pool nodes the capacity suites create. Their objects are held with the
# reconcile-policy annotation while the suite runs, and released afterwards ('make up' releases them as well).
SAMPLE_NAMESPACE=sqlmi-subnet-a
held_samples=()
if kubectl get namespace "$SAMPLE_NAMESPACE" >/dev/null 2>&1; then
  mapfile -t held_samples < <(kubectl get virtualclusters.sqlmi.io,managedinstances.sqlmi.io,endpoints.sqlmi.io \
    -n "$SAMPLE_NAMESPACE" -o name 2>/dev/null)
fi
release_samples() {
  (( ${#held_samples[@]} )) || return 0
  kubectl annotate -n "$SAMPLE_NAMESPACE" "${held_samples[@]}" sqlmi.io/reconcile-policy- >/dev/null 2>&1 || true
}
if (( ${#held_samples[@]} )); then
  log "holding the samples of 'make up' in ${SAMPLE_NAMESPACE} (sqlmi.io/reconcile-policy=skip) while the suite runs"
  kubectl annotate --overwrite -n "$SAMPLE_NAMESPACE" "${held_samples[@]}" sqlmi.io/reconcile-policy=skip >/dev/null
  if $started_here && [[ "${SQLMI_KEEP_CLUSTER:-false}" != "true" ]]; then
    trap 'rc=$?; release_samples; "${CLUSTER_DIR}/cluster-down.sh" || rc=1; exit $rc' EXIT
  else
    trap 'rc=$?; release_samples; exit $rc' EXIT
  fi
fi

cd "$REPO_ROOT"
# The clients the tests use besides the JVM's (python-tds and its TLS), installed when missing.
engine/install-test-clients.sh >/dev/null
kubectl apply --server-side --force-conflicts -f crds/ >/dev/null
"${CLUSTER_DIR}/operator-rbac.sh" sqlmi-e2e sqlmi-operator-e2e
# The product DNS, which serves the records the suite's operator writes (its image runs on the real node only).
if real_node_enabled; then "${CLUSTER_DIR}/product-dns.sh"; fi
mvn -B --no-transfer-progress ${MAVEN_ARGS:-} -De2e verify
