#!/usr/bin/env bash
# Binds the operator's own identity on the local control plane (user sqlmi-operator, see pki.sh) to the
# Helm chart's least-privilege RBAC, so that the operator run as a local process has exactly the rights
# it has when installed with the chart. Usage: operator-rbac.sh [release] [lease-name]
source "$(dirname "${BASH_SOURCE[0]}")/common.sh"
REPO_ROOT="$(cd "${CLUSTER_DIR}/../.." && pwd)"
RELEASE="${1:-sqlmi-operator}"
LEASE="${2:-sqlmi-operator-lock}"
NAMESPACE="${SQLMI_OPERATOR_NAMESPACE:-sqlmi-system}"
export KUBECONFIG="${KUBECONFIG:-$KUBECONFIG_PATH}"
kubectl create namespace "$NAMESPACE" --dry-run=client -o yaml | kubectl apply -f - >/dev/null
helm template "$RELEASE" "${REPO_ROOT}/helm/sqlmi-operator" --namespace "$NAMESPACE" \
  --kube-version "${KUBERNETES_VERSION}" --set replicas=0 --set leaderElection.leaseName="$LEASE" \
  --set-json 'rbac.additionalSubjects=[{"kind":"User","name":"sqlmi-operator","apiGroup":"rbac.authorization.k8s.io"}]' \
  --show-only templates/020-ClusterRole-sqlmi-operator.yaml \
  --show-only templates/021-ClusterRoleBinding-sqlmi-operator.yaml \
  --show-only templates/030-Role-leader-election.yaml \
  --show-only templates/031-RoleBinding-leader-election.yaml \
  --show-only templates/032-Role-certificate-authority.yaml \
  --show-only templates/033-RoleBinding-certificate-authority.yaml \
  | kubectl apply --server-side --force-conflicts -f - >/dev/null
