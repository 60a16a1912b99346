#!/usr/bin/env bash
# The product's DNS server for the e2e suite, whose operator runs as a process (not from the chart): the chart's
# DNS objects (templates/090-DNS.yaml) of release sqlmi-operator in sqlmi-system, as `make up` installs them, so
# that the records the suite's operator writes there (SQLMI_OPERATOR_NAMESPACE=sqlmi-system) resolve from every
# pod. They carry Helm's ownership annotations: a later `helm upgrade --install` (make up) adopts them. Also
# applies the cluster DNS again, so that a cluster started before its forward rule existed gets it.
source "$(dirname "${BASH_SOURCE[0]}")/common.sh"
source "${CLUSTER_DIR}/node.sh"
REPO_ROOT="$(cd "${CLUSTER_DIR}/../.." && pwd)"
RELEASE=sqlmi-operator
NAMESPACE=sqlmi-system
export KUBECONFIG="${KUBECONFIG:-$KUBECONFIG_PATH}"
kubectl create namespace "$NAMESPACE" --dry-run=client -o yaml | kubectl apply -f - >/dev/null
helm template "$RELEASE" "${REPO_ROOT}/helm/sqlmi-operator" --namespace "$NAMESPACE" \
  --kube-version "${KUBERNETES_VERSION}" -f "${REPO_ROOT}/e2e/local-values.yaml" \
  --show-only templates/090-DNS.yaml \
  | kubectl apply --server-side --force-conflicts --field-manager=helm -f - -o name \
  | while read -r object; do
      kubectl annotate --overwrite -n "$NAMESPACE" "$object" \
        "meta.helm.sh/release-name=${RELEASE}" "meta.helm.sh/release-namespace=${NAMESPACE}" >/dev/null
    done
kubectl -n "$NAMESPACE" rollout status "deployment/${RELEASE}-dns" --timeout=90s >/dev/null \
  || die "the product DNS did not start; see: kubectl -n ${NAMESPACE} logs deploy/${RELEASE}-dns"
cluster_dns_up
log "product DNS ${PRODUCT_DNS_IP} (${NAMESPACE}/${RELEASE}-dns) serves the records of ${NAMESPACE}"
