# Shared settings for the local control plane scripts; sourced, never run.
# shellcheck shell=bash
set -euo pipefail

CLUSTER_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
# shellcheck source=versions.env
source "${CLUSTER_DIR}/versions.env"

# Everything built or written at run time lives outside the repository.
SQLMI_CACHE_DIR="${SQLMI_CACHE_DIR:-${HOME}/.cache/sqlmi}"
BIN_ROOT="${SQLMI_CACHE_DIR}/bin"
K8S_BIN="${BIN_ROOT}/kubernetes-${KUBERNETES_VERSION}"
ETCD_BIN="${BIN_ROOT}/etcd-${ETCD_VERSION}"
KWOK_BIN="${BIN_ROOT}/kwok-${KWOK_VERSION}"
HELM_BIN="${BIN_ROOT}/helm-${HELM_VERSION}"
PROVISIONER_BIN="${BIN_ROOT}/fake-provisioner"
# fabric8 kube-api-test looks for <dir>/k8s/<version>-linux-amd64/{etcd,kube-apiserver,kubectl}
KUBE_API_TEST_DIR="${SQLMI_CACHE_DIR}/kubeapitest"
KUBE_API_TEST_BIN="${KUBE_API_TEST_DIR}/k8s/${KUBERNETES_VERSION#v}-linux-amd64"

CLUSTER_STATE="${SQLMI_CACHE_DIR}/cluster"
PKI_DIR="${CLUSTER_STATE}/pki"
LOG_DIR="${CLUSTER_STATE}/logs"
RUN_DIR="${CLUSTER_STATE}/run"
KUBECONFIG_PATH="${SQLMI_CACHE_DIR}/kubeconfig"

# Loopback ports, overridable when something else already holds them.
ETCD_CLIENT_PORT="${SQLMI_ETCD_CLIENT_PORT:-32379}"
ETCD_PEER_PORT="${SQLMI_ETCD_PEER_PORT:-32380}"
APISERVER_PORT="${SQLMI_APISERVER_PORT:-36443}"
CONTROLLER_MANAGER_PORT="${SQLMI_CONTROLLER_MANAGER_PORT:-30257}"
SCHEDULER_PORT="${SQLMI_SCHEDULER_PORT:-30259}"
KWOK_PORT="${SQLMI_KWOK_PORT:-30247}"
SERVICE_CIDR="10.96.0.0/16"
POD_CIDR="10.244.0.0/16"

export PATH="${K8S_BIN}:${ETCD_BIN}:${KWOK_BIN}:${HELM_BIN}:${PROVISIONER_BIN}:${PATH}"

log() { printf '[%s] %s\n' "$(date +%H:%M:%S)" "$*" >&2; }
die() { log "ERROR: $*"; exit 1; }
